// The HTTP side of the server: health and Prometheus metrics, the static client with its
// security headers, and the Origin check on the WebSocket upgrade (PROTOCOL.md §1).
#include "metric_value.hpp"
#include "test_client.hpp"

#include "sirkel/protocol/base64url.hpp"

#include <doctest/doctest.h>

#include <ctime>

using namespace sirkel;
using namespace sirkel::test;

namespace
{

std::string header(http::response<http::string_body> const& response, std::string_view name)
{
    return std::string(response[name]);
}

client_options with_origin(std::optional<std::string> origin)
{
    client_options options;
    options.origin = std::move(origin);
    return options;
}

} // namespace

TEST_CASE("http: /healthz answers 200")
{
    server_process server;
    (void)start_with_group(server);
    CHECK(http_get(server, "/healthz").result_int() == 200);
}

TEST_CASE("http: /metrics is valid Prometheus text")
{
    auto const promtool = find_program("promtool");
    REQUIRE_MESSAGE(promtool, "promtool is not on PATH: install the Debian package prometheus");
    server_process server;
    (void)start_with_group(server);

    auto const response = http_get(server, "/metrics");
    CHECK(response.result_int() == 200);
    CHECK(header(response, "Content-Type").starts_with("text/plain; version=0.0.4"));
    CHECK(response.body().find("sirkel_connections") != std::string::npos);
    // The process's own figures, read from /proc at the scrape.
    auto const resident = metric_value(server, "process_resident_memory_bytes");
    REQUIRE(resident);
    CHECK(*resident > 1024 * 1024);
    auto const open_fds = metric_value(server, "process_open_fds");
    auto const max_fds = metric_value(server, "process_max_fds");
    REQUIRE(open_fds);
    REQUIRE(max_fds);
    CHECK(*open_fds >= 3); // at least the listening socket, the database and this connection
    CHECK(*open_fds < *max_fds);
    auto const started = metric_value(server, "process_start_time_seconds");
    REQUIRE(started);
    auto const now = static_cast<double>(std::time(nullptr));
    CHECK(*started <= now + 1);
    CHECK(*started > now - 600);
    CHECK(metric_value(server, "process_cpu_seconds_total").value_or(-1) >= 0);
    auto const check = run_program(*promtool, {"check", "metrics"}, response.body());
    INFO("promtool stdout: " << check.out);
    INFO("promtool stderr: " << check.err);
    INFO("metrics:\n" << response.body());
    CHECK(check.exit_code == 0);
}

TEST_CASE("http: the static client is served with its security headers")
{
    server_process server;
    (void)start_with_group(server);

    auto const page = http_get(server, "/");
    CHECK(page.result_int() == 200);
    CHECK(page.body().find("sirkel-test-index") != std::string::npos);
    CHECK(header(page, "Content-Type").starts_with("text/html"));
    auto const csp = header(page, "Content-Security-Policy");
    INFO("Content-Security-Policy: " << csp);
    CHECK(csp.find("'wasm-unsafe-eval'") != std::string::npos);
    CHECK(header(page, "Strict-Transport-Security").find("max-age=") != std::string::npos);
    CHECK(header(page, "Cache-Control").find("no-store") != std::string::npos);

    CHECK(http_get(server, "/no/such/page").result_int() == 404);
}

TEST_CASE("http: a WebSocket upgrade needs an allowed Origin")
{
    server_process server;
    auto const target = "/ws/" + protocol::base64url_encode(start_with_group(server));

    CHECK(test_client::upgrade_status(server, target) == 101);
    CHECK(test_client::upgrade_status(server, target, with_origin("https://evil.test")) == 403);
    CHECK(test_client::upgrade_status(server, target, with_origin(std::nullopt)) == 403);
    // An origin differing only in scheme or port is another origin.
    CHECK(test_client::upgrade_status(server, target, with_origin("http://sirkel.test")) == 403);
    CHECK(test_client::upgrade_status(server, target, with_origin("https://sirkel.test:8443")) ==
          403);
}

TEST_CASE("http: --allowed-origin sets which origins may open a WebSocket")
{
    server_process server;
    auto const target = "/ws/" + protocol::base64url_encode(start_with_group(
                                     server, {"--allowed-origin", "https://other.test"}));

    CHECK(test_client::upgrade_status(server, target, with_origin("https://other.test")) == 101);
    CHECK(test_client::upgrade_status(server, target, with_origin("https://evil.test")) == 403);
}
