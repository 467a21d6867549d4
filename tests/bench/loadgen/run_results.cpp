#include "run_results.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <iomanip>

namespace sirkel::bench
{
namespace
{

boost::json::value optional_value(std::optional<double> value)
{
    return value ? boost::json::value(*value) : boost::json::value(nullptr);
}

boost::json::value optional_value(std::optional<std::uint64_t> value)
{
    return value ? boost::json::value(*value) : boost::json::value(nullptr);
}

boost::json::object sockets_json(socket_snapshot const& s)
{
    return {{"sockets_used", s.sockets_used},
            {"tcp_inuse", s.tcp_inuse},
            {"tcp_alloc", s.tcp_alloc},
            {"tcp_mem_bytes", s.tcp_mem_bytes}};
}

boost::json::object counts_json(std::map<std::string, std::uint64_t> const& counts)
{
    boost::json::object out;
    for (auto const& [key, count] : counts)
        out[key] = count;
    return out;
}

} // namespace

double run_results::delivered_ratio() const noexcept
{
    return expected == 0 ? 1.0 : static_cast<double>(delivered) / static_cast<double>(expected);
}

std::string run_results::to_json() const
{
    boost::json::object out;
    out["transport"] = transport;
    out["meetings"] = meetings;
    out["members"] = members;
    out["rate"] = rate;
    out["busy_rate"] = busy_rate;
    out["message_bytes"] = message_bytes;
    out["ciphertext_bytes"] = ciphertext_bytes;
    out["warmup_s"] = warmup_s;
    out["duration_s"] = duration_s;
    out["connect_rate"] = connect_rate;
    out["source_addresses"] = source_addresses;
    out["slow_member"] = slow_member;
    out["connected"] = connected;
    out["authed"] = authed;
    out["talking"] = talking;
    out["all_talking"] = all_talking;
    out["time_to_all_talking_s"] = time_to_all_talking_s;
    out["handshakes_per_s"] = handshakes_per_s;
    out["epochs"] = epochs;
    out["sent"] = sent;
    out["expected"] = expected;
    out["delivered"] = delivered;
    out["delivered_ratio"] = delivered_ratio();
    out["duplicates"] = duplicates;
    out["gaps"] = gaps;
    out["reorders"] = reorders;
    out["latency_ms"] = {
        {"p50", p50_ms}, {"p90", p90_ms}, {"p99", p99_ms}, {"p99_9", p999_ms}, {"max", max_ms}};
    out["deliveries_per_s"] = deliveries_per_s;
    out["mates"] = {
        {"delivered", mates_delivered},
        {"latency_ms", {{"p50", mates_p50_ms}, {"p99", mates_p99_ms}, {"max", mates_max_ms}}}};
    out["errors"] = counts_json(errors);
    out["closes"] = counts_json(closes);
    out["failure"] = failure ? boost::json::value(*failure) : boost::json::value(nullptr);
    out["ok"] = !failure.has_value();
    out["server"] = {{"cpu_s", optional_value(server_cpu_s)},
                     {"cpu_us_per_delivery", optional_value(server_cpu_us_per_delivery)},
                     {"setup_cpu_s", optional_value(server_setup_cpu_s)},
                     {"rss_before_kib", optional_value(server_rss_before_kib)},
                     {"rss_after_kib", optional_value(server_rss_after_kib)}};
    out["sockstat_before"] = sockets_json(sockets_before);
    out["sockstat_after"] = sockets_json(sockets_after);
    out["loadgen"] = {{"cpu_s", loadgen_cpu_s},
                      {"setup_cpu_s", optional_value(loadgen_setup_cpu_s)},
                      {"max_rss_kib", loadgen_max_rss_kib}};
    return boost::json::serialize(out);
}

void run_results::print_table(std::ostream& out) const
{
    auto const row = [&out](std::string const& name) -> std::ostream&
    { return out << "  " << std::left << std::setw(34) << name << std::right; };
    out << std::fixed << std::setprecision(2);
    out << "sirkel_loadgen: " << meetings << " meetings, " << members << " members, " << transport
        << ", " << rate << " msg/s per member, " << message_bytes << " B\n";
    row("connected / authed / talking") << connected << " / " << authed << " / " << talking << '\n';
    row("time until all talking (s)")
        << time_to_all_talking_s << (all_talking ? "" : " (not all)") << '\n';
    row("handshakes/s") << handshakes_per_s << '\n';
    row("sent / expected / delivered") << sent << " / " << expected << " / " << delivered << " ("
                                       << delivered_ratio() * 100 << " %)\n";
    row("gaps / reorders / duplicates") << gaps << " / " << reorders << " / " << duplicates << '\n';
    row("latency ms p50/p90/p99/p99.9/max") << p50_ms << " / " << p90_ms << " / " << p99_ms << " / "
                                            << p999_ms << " / " << max_ms << '\n';
    row("deliveries/s") << deliveries_per_s << '\n';
    row("meeting 0 mates: delivered, p50/p99/max")
        << mates_delivered << ", " << mates_p50_ms << " / " << mates_p99_ms << " / " << mates_max_ms
        << '\n';
    if (server_cpu_s)
        row("server CPU s (window)") << *server_cpu_s << '\n';
    if (server_setup_cpu_s)
        row("server CPU s (setup)") << *server_setup_cpu_s << '\n';
    if (server_cpu_us_per_delivery)
        row("server CPU us/delivery") << *server_cpu_us_per_delivery << '\n';
    if (server_rss_before_kib && server_rss_after_kib)
        row("server RSS KiB before/after")
            << *server_rss_before_kib << " / " << *server_rss_after_kib << '\n';
    row("TCP mem bytes before/after")
        << sockets_before.tcp_mem_bytes << " / " << sockets_after.tcp_mem_bytes << '\n';
    row("loadgen CPU s / max RSS KiB") << loadgen_cpu_s << " / " << loadgen_max_rss_kib << '\n';
    if (loadgen_setup_cpu_s)
        row("loadgen CPU s (setup)") << *loadgen_setup_cpu_s << '\n';
    for (auto const& [code, count] : errors)
        row("error " + code) << count << '\n';
    for (auto const& [reason, count] : closes)
        row("closed: " + reason) << count << '\n';
    if (failure)
        out << "FAILED: " << *failure << '\n';
}

} // namespace sirkel::bench
