// The lies the tampering relay can tell, one per run (tests/relay/README.md).
#pragma once

#include <optional>
#include <string_view>

namespace sirkel::relay
{

enum class tamper_mode
{
    none,               ///< relay unchanged: the control case
    msg_kind,           ///< the first relayed msg gets another k
    msg_epoch,          ///< the first relayed msg gets ep + 1
    msg_counter,        ///< the first relayed msg gets ctr + 1
    replay,             ///< the first relayed msg is delivered twice
    inject_participant, ///< the first epoch gets an extra random id in parts
    hide_removal,       ///< one member is kept on the roster version before a removal
    drop_approval,      ///< the first roster or proposal with 2+ approvals loses the last one
};

/// The mode named on the command line ("msg-kind", ...), or std::nullopt for an unknown name.
[[nodiscard]] std::optional<tamper_mode> parse_tamper_mode(std::string_view name);

/// The command-line name of mode, as it appears in the "tampered <mode> <type>" log line.
[[nodiscard]] std::string_view tamper_mode_name(tamper_mode mode);

/// Every mode name, comma-separated, for the usage text.
[[nodiscard]] std::string_view tamper_mode_names();

} // namespace sirkel::relay
