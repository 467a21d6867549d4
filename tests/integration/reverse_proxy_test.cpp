// deploy/nginx/sirkel.conf in front of the real server: real nginx on loopback, TLS at nginx,
// `sirkel serve --insecure-plain` behind it, as deploy/README.md sets a server up. Members
// authenticate, meet and talk through it; without the example's WebSocket headers they cannot.
// With trusted-proxy the server counts each client by the X-Forwarded-For nginx sets.
#include "meeting_members.hpp"
#include "nginx_process.hpp"

#include <doctest/doctest.h>

#include <sstream>
#include <stdexcept>
#include <string>

using namespace sirkel;
using namespace sirkel::test;

namespace
{

/// The example without the lines that contain text.
std::string without_lines_containing(std::string const& site, std::string const& text)
{
    std::ostringstream out;
    std::istringstream lines(site);
    for (std::string line; std::getline(lines, line);)
        if (line.find(text) == std::string::npos)
            out << line << '\n';
    return out.str();
}

} // namespace

TEST_CASE("reverse proxy: two members meet and talk through nginx with the deploy example")
{
    server_process server(server_process::transport::insecure_plain);
    meeting_members g(server, 2);
    nginx_process nginx(nginx_process::deploy_example(), {{8080, server.port()}},
                        server.certs_dir() / "server.pem", server.certs_dir() / "server.key");
    INFO("nginx -t: " << nginx.config_test_output());
    CHECK(nginx.config_test_output().find("test is successful") != std::string::npos);

    // Over TLS to nginx, verified against the harness's CA for "localhost"; plain to Sirkel.
    server_address const proxy{nginx.tls_port(), false, server.ca_path()};
    g.reconnect(proxy);
    g.join_all();
    g.await_ready();

    auto const sent = g[0].send_text("hello through the proxy");
    auto const received = g[1].next_text();
    INFO("sent: " << sent);
    INFO("nginx error log: " << nginx.error_log());
    REQUIRE(received.has_value());
    CHECK(received->from == g.id(0));
    CHECK(received->text == "hello through the proxy");
    CHECK(received->code == protocol::psg1_error::ok);
}

TEST_CASE("reverse proxy: without the Upgrade and Connection headers no WebSocket opens")
{
    server_process server(server_process::transport::insecure_plain);
    auto const group = start_with_group(server);
    auto const site = without_lines_containing(
        without_lines_containing(nginx_process::deploy_example(), "proxy_set_header Upgrade"),
        "proxy_set_header Connection");
    nginx_process nginx(site, {{8080, server.port()}}, server.certs_dir() / "server.pem",
                        server.certs_dir() / "server.key");
    server_address const proxy{nginx.tls_port(), false, server.ca_path()};

    // The same connection straight to the server opens, so only the proxy's headers differ.
    CHECK_NOTHROW(test_client(server, group));
    CHECK_THROWS(test_client(proxy, group));
}

TEST_CASE("reverse proxy: with trusted-proxy the per-address cap counts nginx's clients, not nginx")
{
    server_process server(server_process::transport::insecure_plain);
    auto const group = start_with_group(
        server, {"--trusted-proxy", "127.0.0.1", "--max-connections-per-address", "1"});
    nginx_process nginx(nginx_process::deploy_example(), {{8080, server.port()}},
                        server.certs_dir() / "server.pem", server.certs_dir() / "server.key");
    server_address const proxy{nginx.tls_port(), false, server.ca_path()};

    test_client first(proxy, group);
    first.hello();
    // nginx sets X-Forwarded-For to the address it sees, whatever the client sent, so a client
    // cannot count as another address.
    client_options spoofing;
    spoofing.headers = {{"X-Forwarded-For", "203.0.113.7"}};
    INFO("nginx error log: " << nginx.error_log());
    CHECK_THROWS_WITH_AS(test_client(proxy, group, spoofing),
                         "the server answered the WebSocket upgrade with HTTP 429",
                         std::runtime_error);
    // Every connection reaches Sirkel from 127.0.0.1, yet another client address gets in.
    client_options elsewhere;
    elsewhere.source_address = "127.0.0.2";
    test_client other(proxy, group, elsewhere);
    other.hello();
}
