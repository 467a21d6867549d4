// One figure of a running server's /metrics, for tests that check what the server counted.
#pragma once

#include "server_process.hpp"

#include <optional>
#include <string_view>

namespace sirkel::test
{

/** The value of one series in server's /metrics, named as it is written there, e.g.
    `sirkel_limit_hits_total{limit="frame_rate"}`; std::nullopt if no line has it.
    @throws std::runtime_error if /metrics does not answer 200.
*/
[[nodiscard]] std::optional<double> metric_value(server_process const& server,
                                                 std::string_view series);

} // namespace sirkel::test
