// SIGHUP reloads the certificate (issue 8): a renewal must not end the meetings in progress.
// Connections already open keep the certificate they began with; new handshakes get the files'
// new one; a file the server cannot serve is refused with its rule, and the old one is kept.
#include "meeting_of_two.hpp"
#include "metric_value.hpp"
#include "server_process.hpp"
#include "test_client.hpp"

#include <doctest/doctest.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <signal.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

using namespace sirkel;
using namespace sirkel::test;

namespace
{

using x509_ptr = std::unique_ptr<X509, decltype(&X509_free)>;
using key_ptr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;

std::string sha256_hex(X509 const* certificate)
{
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int size = 0;
    REQUIRE(X509_digest(certificate, EVP_sha256(), digest.data(), &size) == 1);
    std::string text;
    for (unsigned int i = 0; i < size; ++i)
    {
        text += "0123456789abcdef"[digest[i] >> 4];
        text += "0123456789abcdef"[digest[i] & 0xf];
    }
    return text;
}

/// The SHA-256 fingerprint of the first certificate of a PEM file.
std::string file_fingerprint(std::filesystem::path const& pem)
{
    std::unique_ptr<FILE, decltype(&std::fclose)> file(std::fopen(pem.c_str(), "r"), &std::fclose);
    REQUIRE(file);
    x509_ptr const certificate(PEM_read_X509(file.get(), nullptr, nullptr, nullptr), &X509_free);
    REQUIRE(certificate);
    return sha256_hex(certificate.get());
}

/// When the first certificate of a PEM file expires, in unix seconds.
double file_not_after(std::filesystem::path const& pem)
{
    std::unique_ptr<FILE, decltype(&std::fclose)> file(std::fopen(pem.c_str(), "r"), &std::fclose);
    REQUIRE(file);
    x509_ptr const certificate(PEM_read_X509(file.get(), nullptr, nullptr, nullptr), &X509_free);
    REQUIRE(certificate);
    std::tm tm{};
    REQUIRE(ASN1_TIME_to_tm(X509_get0_notAfter(certificate.get()), &tm) == 1);
    return static_cast<double>(timegm(&tm));
}

/// The SHA-256 fingerprint of the certificate a new TLS handshake with server is given.
std::string served_fingerprint(server_process const& server)
{
    net::io_context io;
    ssl::context tls(ssl::context::tls_client);
    ssl::stream<tcp::socket> stream(io, tls);
    stream.next_layer().connect({net::ip::make_address("127.0.0.1"), server.port()});
    stream.handshake(ssl::stream_base::client);
    x509_ptr const certificate(SSL_get1_peer_certificate(stream.native_handle()), &X509_free);
    REQUIRE(certificate);
    return sha256_hex(certificate.get());
}

/// How many lines of event the server's log holds.
std::size_t event_count(server_process const& server, std::string_view event)
{
    auto const log = server.log_text();
    auto const needle = R"("event":")" + std::string(event) + '"';
    std::size_t count = 0;
    for (auto at = log.find(needle); at != std::string::npos; at = log.find(needle, at + 1))
        ++count;
    return count;
}

/// SIGHUP the server and wait until its log has one more line of event (reloaded or failed).
void reload(server_process const& server, std::string_view event)
{
    auto const before = event_count(server, event);
    REQUIRE(::kill(server.pid(), SIGHUP) == 0);
    auto const deadline = std::chrono::steady_clock::now() + default_timeout;
    while (event_count(server, event) == before)
    {
        if (std::chrono::steady_clock::now() > deadline)
            FAIL("no " << event << " after SIGHUP; log:\n" << server.log_text());
        std::this_thread::sleep_for(std::chrono::milliseconds{20});
    }
}

/// A renewal as certbot does one: a new key and certificate from the same CA, so clients that
/// verify against the CA accept it.
void renew_certificate(server_process const& server)
{
    std::filesystem::remove(server.certs_dir() / "server.pem");
    std::filesystem::remove(server.certs_dir() / "server.key");
    auto const made = run_program(
        "/bin/bash",
        {(std::filesystem::path(SIRKEL_SOURCE_DIR) / "certs" / "make-dev-cert.sh").string(),
         server.certs_dir().string()},
        {}, server.temp_dir(), std::chrono::seconds{30});
    REQUIRE(made.exit_code == 0);
}

/// A self-signed certificate for localhost and its key, valid from two days ago until
/// yesterday.
void write_expired_certificate(std::filesystem::path const& certificate_file,
                               std::filesystem::path const& key_file)
{
    key_ptr const key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"), &EVP_PKEY_free);
    REQUIRE(key);
    x509_ptr const certificate(X509_new(), &X509_free);
    REQUIRE(certificate);
    REQUIRE(X509_set_version(certificate.get(), 2) == 1);
    REQUIRE(ASN1_INTEGER_set(X509_get_serialNumber(certificate.get()), 1) == 1);
    constexpr long day = 24 * 3600;
    REQUIRE(X509_gmtime_adj(X509_getm_notBefore(certificate.get()), -2 * day) != nullptr);
    REQUIRE(X509_gmtime_adj(X509_getm_notAfter(certificate.get()), -day) != nullptr);
    auto* name = X509_get_subject_name(certificate.get());
    REQUIRE(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                       reinterpret_cast<unsigned char const*>("localhost"), -1, -1,
                                       0) == 1);
    REQUIRE(X509_set_issuer_name(certificate.get(), name) == 1);
    REQUIRE(X509_set_pubkey(certificate.get(), key.get()) == 1);
    REQUIRE(X509_sign(certificate.get(), key.get(), EVP_sha256()) > 0);
    std::unique_ptr<FILE, decltype(&std::fclose)> out(std::fopen(certificate_file.c_str(), "w"),
                                                      &std::fclose);
    REQUIRE(PEM_write_X509(out.get(), certificate.get()) == 1);
    std::unique_ptr<FILE, decltype(&std::fclose)> key_out(std::fopen(key_file.c_str(), "w"),
                                                          &std::fclose);
    REQUIRE(PEM_write_PrivateKey(key_out.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) ==
            1);
}

/// Alice's text reaches Bob through the running meeting.
void meeting_goes_on(meeting_of_two& meeting, std::string const& text)
{
    auto const sent = meeting.pa->send_text(text);
    auto const received = meeting.pb->next_text();
    REQUIRE(received);
    CHECK(received->frame == sent);
    CHECK(received->text == text);
}

} // namespace

TEST_CASE("certificate reload: SIGHUP serves the renewed certificate to new connections while a "
          "meeting goes on")
{
    server_process server;
    meeting_of_two meeting(server);
    auto const first = file_fingerprint(server.certs_dir() / "server.pem");
    REQUIRE(served_fingerprint(server) == first);
    CHECK(metric_value(server, "sirkel_tls_certificate_expiry_timestamp_seconds") ==
          file_not_after(server.certs_dir() / "server.pem"));

    renew_certificate(server);
    auto const renewed = file_fingerprint(server.certs_dir() / "server.pem");
    REQUIRE(renewed != first);
    // The files alone change nothing: the server reads them on SIGHUP only.
    CHECK(served_fingerprint(server) == first);

    reload(server, "tls_reloaded");
    CHECK(server.log_text().find(R"("certificate_sha256":")" + renewed + '"') != std::string::npos);
    CHECK(served_fingerprint(server) == renewed);
    auto const renewed_not_after = file_not_after(server.certs_dir() / "server.pem");
    CHECK(metric_value(server, "sirkel_tls_reloads_total") == 1);
    CHECK(metric_value(server, "sirkel_tls_certificate_expiry_timestamp_seconds") ==
          renewed_not_after);
    // The members' connections began with the first certificate and are still open.
    meeting_goes_on(meeting, "after the reload");
    CHECK_FALSE(meeting.a->is_closed());
    CHECK_FALSE(meeting.b->is_closed());
    // A client that verifies the chain against the CA gets through with the new one.
    test_client newcomer(server, meeting.group);
    CHECK_FALSE(newcomer.is_closed());

    SUBCASE("a certificate file that is not PEM: refused, and the renewed one kept")
    {
        std::ofstream(server.certs_dir() / "server.pem") << "not a certificate\n";
        reload(server, "tls_reload_failed");
        CHECK(server.log_text().find("cannot load certificate chain") != std::string::npos);
    }
    SUBCASE("a key that does not match the certificate: refused, and the renewed one kept")
    {
        auto const kept_key = server.temp_dir() / "renewed.key";
        std::filesystem::copy_file(server.certs_dir() / "server.key", kept_key);
        renew_certificate(server);
        std::filesystem::copy_file(kept_key, server.certs_dir() / "server.key",
                                   std::filesystem::copy_options::overwrite_existing);
        reload(server, "tls_reload_failed");
        CHECK(server.log_text().find("does not match the certificate") != std::string::npos);
    }
    SUBCASE("an expired certificate: refused, and the renewed one kept")
    {
        write_expired_certificate(server.certs_dir() / "server.pem",
                                  server.certs_dir() / "server.key");
        reload(server, "tls_reload_failed");
        CHECK(server.log_text().find("expired on") != std::string::npos);
        CHECK(server.log_text().find("a certificate must be valid now") != std::string::npos);
    }
    CHECK(served_fingerprint(server) == renewed);
    CHECK(metric_value(server, "sirkel_tls_reload_failures_total") == 1);
    CHECK(metric_value(server, "sirkel_tls_reloads_total") == 1);
    CHECK(metric_value(server, "sirkel_tls_certificate_expiry_timestamp_seconds") ==
          renewed_not_after);
    meeting_goes_on(meeting, "after the refused reload");
    CHECK(server.stop() == 0);
}

TEST_CASE("certificate reload: an expired certificate stops the start with its rule")
{
    server_process server;
    server.init_database();
    write_expired_certificate(server.certs_dir() / "server.pem", server.certs_dir() / "server.key");
    CHECK_THROWS_AS(server.start(), std::runtime_error);
    auto const log = server.log_text();
    CHECK(log.find(R"("event":"startup_failed")") != std::string::npos);
    CHECK(log.find("expired on") != std::string::npos);
    CHECK(server.stop() == 1);
}

TEST_CASE("certificate reload: behind a reverse proxy SIGHUP changes nothing and ends nothing")
{
    server_process server(server_process::transport::insecure_plain);
    meeting_of_two meeting(server);
    reload(server, "tls_reload_ignored");
    CHECK(server.running());
    // No certificate of its own: no expiry to alert on, and nothing reloaded or refused.
    CHECK_FALSE(metric_value(server, "sirkel_tls_certificate_expiry_timestamp_seconds"));
    CHECK(metric_value(server, "sirkel_tls_reloads_total") == 0);
    CHECK(metric_value(server, "sirkel_tls_reload_failures_total") == 0);
    meeting_goes_on(meeting, "after the ignored reload");
    CHECK(server.stop() == 0);
}
