#include "tamper_mode.hpp"

#include <array>
#include <utility>

namespace sirkel::relay
{
namespace
{

constexpr std::array<std::pair<tamper_mode, std::string_view>, 8> names = {{
    {tamper_mode::none, "none"},
    {tamper_mode::msg_kind, "msg-kind"},
    {tamper_mode::msg_epoch, "msg-epoch"},
    {tamper_mode::msg_counter, "msg-counter"},
    {tamper_mode::replay, "replay"},
    {tamper_mode::inject_participant, "inject-participant"},
    {tamper_mode::hide_removal, "hide-removal"},
    {tamper_mode::drop_approval, "drop-approval"},
}};

} // namespace

std::optional<tamper_mode> parse_tamper_mode(std::string_view name)
{
    for (auto const& [mode, text] : names)
        if (text == name)
            return mode;
    return std::nullopt;
}

std::string_view tamper_mode_name(tamper_mode mode)
{
    for (auto const& [known, text] : names)
        if (known == mode)
            return text;
    return "unknown";
}

std::string_view tamper_mode_names()
{
    return "none, msg-kind, msg-epoch, msg-counter, replay, inject-participant, hide-removal, "
           "drop-approval";
}

} // namespace sirkel::relay
