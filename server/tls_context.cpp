#include "tls_context.hpp"

#include <openssl/ssl.h>

#include <stdexcept>

namespace sirkel
{

namespace
{

// TLS 1.2 suites of Mozilla's intermediate profile: ECDHE only (forward secrecy), AEAD only.
// TLS 1.3 suites are all AEAD and forward-secret, so OpenSSL's defaults stay.
constexpr char const* tls12_ciphers = "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
                                      "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
                                      "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

} // namespace

std::shared_ptr<ssl::context> make_tls_context(std::filesystem::path const& certificate_chain,
                                               std::filesystem::path const& private_key)
{
    auto context = std::make_shared<ssl::context>(ssl::context::tls_server);
    context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                         ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                         ssl::context::no_tlsv1_1 | ssl::context::no_compression |
                         ssl::context::single_dh_use);
    auto* native = context->native_handle();
    SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);
    if (SSL_CTX_set_cipher_list(native, tls12_ciphers) != 1)
        throw std::runtime_error("TLS: the cipher list was refused by OpenSSL");
    if (SSL_CTX_set1_groups_list(native, "X25519:P-256:P-384") != 1)
        throw std::runtime_error("TLS: the key exchange groups were refused by OpenSSL");
    // Free the 34 KiB of read/write buffers of every idle connection; meetings are mostly idle.
    SSL_CTX_set_mode(native, SSL_MODE_RELEASE_BUFFERS);
    // One TLS 1.3 session ticket per connection, not OpenSSL's two: a browser resumes with one,
    // and each ticket is a record to encrypt and a write when 8,000 members arrive at 19:00.
    if (SSL_CTX_set_num_tickets(native, 1) != 1)
        throw std::runtime_error("TLS: the number of session tickets was refused by OpenSSL");

    boost::system::error_code ec;
    context->use_certificate_chain_file(certificate_chain.string(), ec);
    if (ec)
        throw std::runtime_error("TLS: cannot load certificate chain " +
                                 certificate_chain.string() + ": " + ec.message());
    context->use_private_key_file(private_key.string(), ssl::context::pem, ec);
    if (ec)
        throw std::runtime_error("TLS: cannot load private key " + private_key.string() + ": " +
                                 ec.message());
    if (SSL_CTX_check_private_key(native) != 1)
        throw std::runtime_error("TLS: the private key " + private_key.string() +
                                 " does not match the certificate " + certificate_chain.string());
    return context;
}

} // namespace sirkel
