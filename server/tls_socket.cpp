#include "tls_socket.hpp"

#include <openssl/err.h>

#include <cerrno>
#include <new>

namespace sirkel
{

tls_socket::tls_socket(tcp::socket&& socket, ssl::context& context,
                       std::shared_ptr<heap_trimmer> trimmer)
    : socket_(std::move(socket)), ssl_(SSL_new(context.native_handle())),
      handshake_trimmer_(std::move(trimmer))
{
    if (ssl_ == nullptr)
        throw std::bad_alloc();
    // OpenSSL reads and writes the descriptor itself and must get EAGAIN, never block.
    socket_.non_blocking(true);
    SSL_set_fd(ssl_, socket_.native_handle());
    SSL_set_accept_state(ssl_);
    // A write returns after each record (async_write_some's contract), may be retried from a
    // moved buffer, and an idle connection gives its record buffers back.
    SSL_set_mode(ssl_, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER |
                           SSL_MODE_RELEASE_BUFFERS);
    // Read whatever the socket holds, not a record header and then its body: half the read
    // calls; the buffer still goes back once it is empty.
    SSL_set_read_ahead(ssl_, 1);
    handshake_trimmer_->handshake_started();
}

tls_socket::tls_socket(tls_socket&& other) noexcept
    : socket_(std::move(other.socket_)), ssl_(std::exchange(other.ssl_, nullptr)),
      deadline_(std::move(other.deadline_)),
      handshake_trimmer_(std::move(other.handshake_trimmer_)), timed_out_(other.timed_out_)
{
    if (deadline_)
        deadline_->owner = this;
}

tls_socket::~tls_socket()
{
    end_handshake();
    // The socket BIO does not own the descriptor: socket_ closes it after this.
    SSL_free(ssl_);
}

void tls_socket::expires_after(std::chrono::steady_clock::duration after)
{
    // A fresh timer each time: a wait that already fired but has not run yet belongs to the
    // old one, whose handler then finds it gone.
    deadline_ = std::make_shared<deadline>(socket_.get_executor());
    deadline_->owner = this;
    deadline_->timer.expires_after(after);
    deadline_->timer.async_wait(
        [watched = std::weak_ptr<deadline>(deadline_)](error_code ec)
        {
            auto const state = watched.lock();
            if (!ec && state && state->owner != nullptr)
                state->owner->time_out();
        });
}

void tls_socket::expires_never()
{
    deadline_.reset();
}

void tls_socket::close()
{
    error_code ignored;
    socket_.close(ignored);
}

void tls_socket::time_out()
{
    deadline_.reset();
    timed_out_ = true;
    close();
}

error_code tls_socket::unusable() const
{
    if (timed_out_)
        return beast::error::timeout;
    if (!socket_.is_open())
        return net::error::bad_descriptor;
    return {};
}

error_code tls_socket::interrupted(error_code waited) const
{
    return timed_out_ ? error_code(beast::error::timeout) : waited;
}

tls_socket::outcome tls_socket::try_handshake()
{
    ERR_clear_error();
    errno = 0;
    int const result = SSL_do_handshake(ssl_);
    auto handshake = classify(result, errno);
    if (!handshake.wait)
        end_handshake();
    return handshake;
}

void tls_socket::end_handshake()
{
    if (auto const trimmer = std::exchange(handshake_trimmer_, nullptr))
        trimmer->handshake_ended();
}

tls_socket::outcome tls_socket::try_shutdown()
{
    ERR_clear_error();
    errno = 0;
    // 0: our close_notify is out; the second call waits for the peer's (1 once it came).
    int result = SSL_shutdown(ssl_);
    if (result == 0)
        result = SSL_shutdown(ssl_);
    return classify(result, errno);
}

tls_socket::outcome tls_socket::try_read(net::mutable_buffer target)
{
    if (target.size() == 0)
        return {};
    ERR_clear_error();
    errno = 0;
    std::size_t bytes = 0;
    int const result = SSL_read_ex(ssl_, target.data(), target.size(), &bytes);
    auto read = classify(result, errno);
    read.bytes = bytes;
    return read;
}

tls_socket::outcome tls_socket::try_write(net::const_buffer data)
{
    if (data.size() == 0)
        return {};
    ERR_clear_error();
    errno = 0;
    std::size_t bytes = 0;
    int const result = SSL_write_ex(ssl_, data.data(), data.size(), &bytes);
    auto written = classify(result, errno);
    written.bytes = bytes;
    return written;
}

tls_socket::outcome tls_socket::classify(int result, int saved_errno)
{
    if (result > 0)
        return {};
    switch (SSL_get_error(ssl_, result))
    {
    case SSL_ERROR_WANT_READ:
        return {.wait = net::socket_base::wait_read};
    case SSL_ERROR_WANT_WRITE:
        return {.wait = net::socket_base::wait_write};
    case SSL_ERROR_ZERO_RETURN:
        // The peer's close_notify: the orderly end of the stream.
        return {.error = net::error::eof};
    case SSL_ERROR_SYSCALL:
        if (auto const code = ERR_get_error(); code != 0)
            return {.error = error_code(static_cast<int>(code), net::error::get_ssl_category())};
        if (saved_errno != 0)
            return {.error = error_code(saved_errno, boost::system::system_category())};
        // End of file without close_notify (OpenSSL before 3.0 reports it so).
        return {.error = ssl::error::stream_truncated};
    default:
    {
        auto const code = ERR_get_error();
        // The peer closed TCP without close_notify: the same error ssl::stream gave, which
        // the sessions take as the end of the stream.
        if (ERR_GET_REASON(code) == SSL_R_UNEXPECTED_EOF_WHILE_READING)
            return {.error = ssl::error::stream_truncated};
        return {.error = error_code(static_cast<int>(code), net::error::get_ssl_category())};
    }
    }
}

void teardown(beast::role_type role, tls_socket& stream, error_code& ec)
{
    // Blocking, for websocket::stream's synchronous close: wait on the socket as OpenSSL asks.
    for (;;)
    {
        auto const unusable = stream.unusable();
        auto const step = unusable ? tls_socket::outcome{.error = unusable} : stream.try_shutdown();
        if (!step.wait)
        {
            ec = step.error;
            break;
        }
        error_code waited;
        stream.socket_.wait(*step.wait, waited);
        if (waited)
        {
            ec = waited;
            break;
        }
    }
    error_code tcp_error;
    websocket::teardown(role, stream.socket_, tcp_error);
    if (!ec)
        ec = tcp_error;
}

} // namespace sirkel
