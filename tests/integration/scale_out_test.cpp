// deploy/nginx/sirkel-two-instances.conf in front of two real servers (deploy/SCALING.md): two
// `sirkel serve --insecure-plain` instances on loopback, each with its own database, and real
// nginx hashing the group id of /ws/<group> as the example does. Groups made with `sirkel admin
// create-group --instance I --instances 2` reach their own instance through nginx; a group made
// on the wrong instance does not, and a group whose instance is down is never sent to the other.
// With a hash unlike nginx's, about half the groups would land on the instance without them.
#include "meeting_members.hpp"
#include "metric_value.hpp"
#include "nginx_process.hpp"

#include <doctest/doctest.h>

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <vector>

using namespace sirkel;
using namespace sirkel::test;

namespace
{

/// Groups each instance is given: a wrong hash sends all of them right only by a 1 in 2^12 luck.
constexpr int groups_per_instance = 6;

/// The value of one series, e.g. `sirkel_refusals_total{reason="unknown_group"}`, in the
/// instance's own /metrics (asked directly, not through nginx, which may ask either).
double metric(server_process const& instance, std::string_view series)
{
    auto const value = metric_value(instance, series);
    REQUIRE_MESSAGE(value, "no series " << series << " in /metrics");
    return *value;
}

double unknown_group_refusals(server_process const& instance)
{
    return metric(instance, "sirkel_refusals_total{reason=\"unknown_group\"}");
}

/// Two instances, the first for the example's 127.0.0.1:8081 and the second for :8082, each
/// with groups_per_instance groups made for it, and nginx in front of both.
struct two_instances
{
    std::array<server_process, 2> instances{
        server_process(server_process::transport::insecure_plain),
        server_process(server_process::transport::insecure_plain)};
    std::array<std::vector<protocol::id16>, 2> groups;
    std::optional<nginx_process> nginx;

    two_instances()
    {
        for (std::size_t i = 0; i < 2; ++i)
        {
            auto& instance = instances[i];
            instance.init_database();
            for (int g = 0; g < groups_per_instance; ++g)
                groups[i].push_back(instance.create_group(
                    "circle " + std::to_string(g), std::nullopt,
                    {"--instance", std::to_string(i + 1), "--instances", "2"}));
            instance.start();
        }
        nginx.emplace(
            nginx_process::deploy_example("sirkel-two-instances.conf"),
            nginx_process::upstream_ports{{8081, instances[0].port()}, {8082, instances[1].port()}},
            instances[0].certs_dir() / "server.pem", instances[0].certs_dir() / "server.key");
    }

    /// Over TLS to nginx, verified against the first instance's CA, whose certificate it holds.
    [[nodiscard]] server_address proxy() const
    {
        return {nginx->tls_port(), false, instances[0].ca_path()};
    }
};

/** Two members of group, admitted on instance itself, meet through proxy, and the first's
    message reaches the second. The meeting stays open while the result lives.
*/
std::unique_ptr<meeting_members> meet_through(server_process const& instance,
                                              protocol::id16 const& group,
                                              server_address const& proxy)
{
    auto g = std::make_unique<meeting_members>(instance, group, 2);
    g->reconnect(proxy);
    g->join_all();
    g->await_ready();
    (void)(*g)[0].send_text("hello through nginx");
    auto const received = (*g)[1].next_text();
    REQUIRE(received.has_value());
    CHECK(received->from == g->id(0));
    CHECK(received->text == "hello through nginx");
    return g;
}

} // namespace

TEST_CASE("scale-out: nginx sends every group's WebSocket to the instance that holds it")
{
    two_instances setup;
    INFO("nginx -t: " << setup.nginx->config_test_output());
    auto const proxy = setup.proxy();

    std::vector<std::unique_ptr<test_client>> open;
    for (std::size_t i = 0; i < 2; ++i)
        for (auto const& group : setup.groups[i])
        {
            INFO("instance " << i + 1 << ", nginx error log: " << setup.nginx->error_log());
            REQUIRE_NOTHROW(open.push_back(std::make_unique<test_client>(proxy, group)));
        }

    // The client's files and /healthz come through nginx from either instance.
    CHECK(http_get(proxy, "/healthz").result_int() == 200);
    CHECK(http_get(proxy, "/").result_int() == 200);

    // Each instance upgraded its own groups' connections and was never asked for another's.
    for (auto const& instance : setup.instances)
    {
        CHECK(metric(instance, "sirkel_websocket_upgrades_total") == groups_per_instance);
        CHECK(metric(instance, "sirkel_websockets") == groups_per_instance);
        CHECK(unknown_group_refusals(instance) == 0);
    }
}

TEST_CASE("scale-out: a meeting on each instance, through nginx, counted on its own instance")
{
    two_instances setup;
    auto const proxy = setup.proxy();
    auto& [first, second] = setup.instances;

    auto const meeting_a = meet_through(first, setup.groups[0].front(), proxy);
    INFO("nginx error log: " << setup.nginx->error_log());
    CHECK(metric(first, "sirkel_participants") == 2);
    CHECK(metric(first, "sirkel_messages_relayed_total") == 1);
    CHECK(metric(second, "sirkel_participants") == 0);
    CHECK(metric(second, "sirkel_messages_relayed_total") == 0);

    auto const meeting_b = meet_through(second, setup.groups[1].front(), proxy);
    CHECK(metric(second, "sirkel_participants") == 2);
    CHECK(metric(second, "sirkel_messages_relayed_total") == 1);
    CHECK(metric(first, "sirkel_participants") == 2);
    CHECK(metric(first, "sirkel_messages_relayed_total") == 1);
}

TEST_CASE("scale-out: a group made for the other instance is unknown where nginx sends it")
{
    two_instances setup;
    // Made in the second instance's database, but with an id nginx sends to the first.
    auto const misplaced = setup.instances[1].create_group("misplaced", std::nullopt,
                                                           {"--instance", "1", "--instances", "2"});
    CHECK_THROWS(test_client(setup.proxy(), misplaced));
    CHECK(unknown_group_refusals(setup.instances[0]) == 1);
    CHECK(unknown_group_refusals(setup.instances[1]) == 0);
    // Straight to the instance that holds it, it opens.
    CHECK_NOTHROW(test_client(setup.instances[1], misplaced));
}

TEST_CASE("scale-out: while an instance is down its groups do not connect; the other's still do")
{
    two_instances setup;
    setup.instances[1].stop();
    auto const proxy = setup.proxy();

    // nginx does not hash the group on to the first instance, which would refuse it as unknown:
    // it answers 502 itself, as often as asked.
    for (int attempt = 0; attempt < 3; ++attempt)
        CHECK_THROWS(test_client(proxy, setup.groups[1].front()));
    CHECK(unknown_group_refusals(setup.instances[0]) == 0);
    CHECK_NOTHROW(test_client(proxy, setup.groups[0].front()));
    // Anything but a group's WebSocket comes from whichever instance is up, again and again.
    for (int attempt = 0; attempt < 3; ++attempt)
    {
        CHECK(http_get(proxy, "/healthz").result_int() == 200);
        CHECK(http_get(proxy, "/").result_int() == 200);
    }
}
