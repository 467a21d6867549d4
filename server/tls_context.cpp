#include "tls_context.hpp"

#include <openssl/asn1.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <array>
#include <ctime>
#include <stdexcept>
#include <string>

namespace sirkel
{

namespace
{

// TLS 1.2 suites of Mozilla's intermediate profile: ECDHE only (forward secrecy), AEAD only.
// TLS 1.3 suites are all AEAD and forward-secret, so OpenSSL's defaults stay.
constexpr char const* tls12_ciphers = "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
                                      "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
                                      "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

/// "2026-03-01 12:00:00 UTC" for a certificate time, as an operator compares it to the clock.
std::string utc_text(ASN1_TIME const* time)
{
    std::tm tm{};
    if (ASN1_TIME_to_tm(time, &tm) != 1)
        return "an unreadable time";
    std::array<char, 32> text{};
    auto const size = std::strftime(text.data(), text.size(), "%Y-%m-%d %H:%M:%S UTC", &tm);
    return {text.data(), size};
}

X509* leaf_certificate(ssl::context& context)
{
    X509* leaf = SSL_CTX_get0_certificate(context.native_handle());
    if (leaf == nullptr)
        throw std::runtime_error("TLS: the context holds no certificate");
    return leaf;
}

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

    // The key first: loaded after the certificate, a key of another certificate fails as an
    // unreadable key ("key values mismatch"); this way the check below names the rule.
    boost::system::error_code ec;
    context->use_private_key_file(private_key.string(), ssl::context::pem, ec);
    if (ec)
        throw std::runtime_error("TLS: cannot load private key " + private_key.string() + ": " +
                                 ec.message());
    context->use_certificate_chain_file(certificate_chain.string(), ec);
    if (ec)
        throw std::runtime_error("TLS: cannot load certificate chain " +
                                 certificate_chain.string() + ": " + ec.message());
    if (SSL_CTX_check_private_key(native) != 1)
        throw std::runtime_error("TLS: the private key " + private_key.string() +
                                 " does not match the certificate " + certificate_chain.string());
    // Every browser refuses a certificate outside its validity; serving one would end every
    // meeting's reconnects, so it is refused here, where the operator reads why.
    X509 const* leaf = leaf_certificate(*context);
    if (X509_cmp_current_time(X509_get0_notAfter(leaf)) <= 0)
        throw std::runtime_error("TLS: the certificate " + certificate_chain.string() +
                                 " expired on " + utc_text(X509_get0_notAfter(leaf)) +
                                 "; a certificate must be valid now");
    if (X509_cmp_current_time(X509_get0_notBefore(leaf)) >= 0)
        throw std::runtime_error("TLS: the certificate " + certificate_chain.string() +
                                 " is valid only from " + utc_text(X509_get0_notBefore(leaf)) +
                                 "; a certificate must be valid now");
    return context;
}

std::string certificate_sha256(ssl::context& context)
{
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int size = 0;
    if (X509_digest(leaf_certificate(context), EVP_sha256(), digest.data(), &size) != 1)
        throw std::runtime_error("TLS: the certificate's SHA-256 fingerprint failed");
    constexpr char const* hex = "0123456789abcdef";
    std::string text;
    for (unsigned int i = 0; i < size; ++i)
    {
        text += hex[digest[i] >> 4];
        text += hex[digest[i] & 0xf];
    }
    return text;
}

std::string certificate_not_after(ssl::context& context)
{
    return utc_text(X509_get0_notAfter(leaf_certificate(context)));
}

std::int64_t certificate_not_after_unix(ssl::context& context)
{
    std::tm tm{};
    if (ASN1_TIME_to_tm(X509_get0_notAfter(leaf_certificate(context)), &tm) != 1)
        throw std::runtime_error("TLS: the certificate's expiry time is unreadable");
    return static_cast<std::int64_t>(timegm(&tm));
}

} // namespace sirkel
