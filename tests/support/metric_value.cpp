#include "metric_value.hpp"

#include "test_client.hpp"

#include <sstream>
#include <stdexcept>
#include <string>

namespace sirkel::test
{

std::optional<double> metric_value(server_process const& server, std::string_view series)
{
    auto const response = http_get(server, "/metrics");
    if (response.result_int() != 200)
        throw std::runtime_error("/metrics answered " + std::to_string(response.result_int()));
    std::istringstream lines(response.body());
    for (std::string line; std::getline(lines, line);)
        if (line.starts_with(series) && line.size() > series.size() && line[series.size()] == ' ')
            return std::stod(line.substr(series.size() + 1));
    return std::nullopt;
}

} // namespace sirkel::test
