// A server-side TLS stream that runs OpenSSL straight on the non-blocking TCP socket. Asio's
// ssl::stream keeps two 17 KiB transfer buffers and a BIO pair of 2 × 17 KiB per connection, some
// 70 KiB that an idle meeting member does not need; here OpenSSL reads and writes the socket
// itself, and with SSL_MODE_RELEASE_BUFFERS an idle connection holds no record buffer at all.
//
// It is a Beast AsyncStream (HTTP and websocket::stream run on it unchanged) with what the
// sessions used of beast::tcp_stream: expires_after / expires_never (an operation pending when
// the time runs out fails with beast::error::timeout, and the socket is closed) and close(). A
// read and a write may be pending at once, as websocket::stream needs: each waits on the socket
// for whatever direction OpenSSL asks for and then calls OpenSSL again.
#pragma once

#include "heap_trimmer.hpp"
#include "net.hpp"

#include <openssl/ssl.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <utility>

namespace sirkel
{

class tls_socket
{
public:
    using executor_type = tcp::socket::executor_type;

    /// The largest plaintext of one TLS record (RFC 8446 §5.1): what one write sends at most.
    static constexpr std::size_t max_record_bytes = 16384;

    /// Take over an accepted socket; async_handshake comes next. The handshake counts as in
    /// flight for trimmer from now until it is over, failed or abandoned.
    tls_socket(tcp::socket&& socket, ssl::context& context, std::shared_ptr<heap_trimmer> trimmer);
    tls_socket(tls_socket&& other) noexcept;
    tls_socket& operator=(tls_socket&&) = delete;
    tls_socket(tls_socket const&) = delete;
    tls_socket& operator=(tls_socket const&) = delete;
    ~tls_socket();

    [[nodiscard]] executor_type get_executor() noexcept { return socket_.get_executor(); }

    /// Operations pending or started from now until after passes fail with beast::error::timeout,
    /// and the socket is closed when it passes (as beast::tcp_stream does).
    void expires_after(std::chrono::steady_clock::duration after);
    /// No time limit from now on (a websocket::stream keeps its own).
    void expires_never();
    /// Close the TCP socket at once: pending operations end with operation_aborted.
    void close();

    /// The server side of the TLS handshake; completes with void(error_code).
    template <typename Token>
    auto async_handshake(Token&& token)
    {
        return net::async_compose<Token, void(error_code)>(
            io_op<false, handshake_step>(*this, handshake_step{}), token, socket_);
    }

    /// Send close_notify and wait for the peer's (or its end of the connection); void(error_code).
    template <typename Token>
    auto async_shutdown(Token&& token)
    {
        return net::async_compose<Token, void(error_code)>(
            io_op<false, shutdown_step>(*this, shutdown_step{}), token, socket_);
    }

    /// At most one TLS record's plaintext into the first non-empty buffer.
    template <typename MutableBuffers, typename Token>
    auto async_read_some(MutableBuffers const& buffers, Token&& token)
    {
        net::mutable_buffer target;
        for (auto it = net::buffer_sequence_begin(buffers); it != net::buffer_sequence_end(buffers);
             ++it)
            if (net::mutable_buffer const buffer(*it); buffer.size() != 0)
            {
                target = buffer;
                break;
            }
        return net::async_compose<Token, void(error_code, std::size_t)>(
            io_op<true, read_step>(*this, read_step{target}), token, socket_);
    }

    /** One TLS record of at most max_record_bytes from the front of buffers. A WebSocket frame
        comes as its header and a payload in several buffers; writing them one by one would
        make a record (and a sendmsg) of each, so what spans several buffers is copied into
        one (as beast::flat_stream did for ssl::stream).
    */
    template <typename ConstBuffers, typename Token>
    auto async_write_some(ConstBuffers const& buffers, Token&& token)
    {
        write_step step;
        std::size_t const wanted = std::min(net::buffer_size(buffers), max_record_bytes);
        for (auto it = net::buffer_sequence_begin(buffers); it != net::buffer_sequence_end(buffers);
             ++it)
            if (net::const_buffer const buffer(*it); buffer.size() != 0)
            {
                if (buffer.size() >= wanted)
                    step.data = net::const_buffer(buffer.data(), wanted);
                break;
            }
        if (step.data.size() != wanted)
        {
            step.flat = std::make_unique<char[]>(wanted);
            step.data = net::const_buffer(step.flat.get(), wanted);
            net::buffer_copy(net::mutable_buffer(step.flat.get(), wanted), buffers);
        }
        return net::async_compose<Token, void(error_code, std::size_t)>(
            io_op<true, write_step>(*this, std::move(step)), token, socket_);
    }

    /// Closes the socket when a websocket::stream times out (beast::close_socket).
    friend void beast_close_socket(tls_socket& stream) { stream.close(); }

    /// websocket::stream's end of a connection: close_notify both ways, then the TCP teardown.
    friend void teardown(beast::role_type role, tls_socket& stream, error_code& ec);

    template <typename Handler>
    friend void async_teardown(beast::role_type role, tls_socket& stream, Handler&& handler)
    {
        net::async_compose<Handler, void(error_code)>(teardown_op{stream, role}, handler,
                                                      stream.socket_);
    }

private:
    /// What one call into OpenSSL came to: done (with bytes), failed, or wait for the socket.
    struct outcome
    {
        error_code error{};
        std::size_t bytes = 0;
        std::optional<net::socket_base::wait_type> wait{};
    };

    struct handshake_step
    {
        outcome operator()(tls_socket& stream) const { return stream.try_handshake(); }
    };
    struct shutdown_step
    {
        outcome operator()(tls_socket& stream) const { return stream.try_shutdown(); }
    };
    struct read_step
    {
        net::mutable_buffer target;
        outcome operator()(tls_socket& stream) const { return stream.try_read(target); }
    };
    struct write_step
    {
        /// The copy of several buffers; OpenSSL must be called again with the same bytes.
        std::unique_ptr<char[]> flat;
        net::const_buffer data;
        outcome operator()(tls_socket& stream) const { return stream.try_write(data); }
    };

    /// Call step until it is done or fails, waiting on the socket whenever OpenSSL asks.
    template <bool with_bytes, typename Step>
    class io_op
    {
    public:
        io_op(tls_socket& stream, Step step) : stream_(stream), step_(std::move(step)) {}

        template <typename Self>
        void operator()(Self& self, error_code waited = {})
        {
            if (!result_)
            {
                if (waited)
                    result_ = outcome{.error = stream_.interrupted(waited)};
                else if (auto const unusable = stream_.unusable())
                    result_ = outcome{.error = unusable};
                else
                {
                    auto next = step_(stream_);
                    if (next.wait)
                    {
                        started_ = true;
                        stream_.socket_.async_wait(*next.wait, std::move(self));
                        return;
                    }
                    result_ = std::move(next);
                }
                // Never complete inside the initiating call: Beast's operations rely on that.
                if (!started_)
                {
                    started_ = true;
                    net::post(stream_.get_executor(), std::move(self));
                    return;
                }
            }
            if constexpr (with_bytes)
                self.complete(result_->error, result_->bytes);
            else
                self.complete(result_->error);
        }

    private:
        tls_socket& stream_;
        Step step_;
        std::optional<outcome> result_;
        bool started_ = false;
    };

    class teardown_op
    {
    public:
        teardown_op(tls_socket& stream, beast::role_type role) : stream_(stream), role_(role) {}

        template <typename Self>
        void operator()(Self& self, error_code ec = {})
        {
            switch (stage_++)
            {
            case 0:
                return stream_.async_shutdown(std::move(self));
            case 1:
                shutdown_error_ = ec;
                return websocket::async_teardown(role_, stream_.socket_, std::move(self));
            default:
                self.complete(shutdown_error_ ? shutdown_error_ : ec);
            }
        }

    private:
        tls_socket& stream_;
        beast::role_type role_;
        int stage_ = 0;
        error_code shutdown_error_;
    };

    /// The timer of expires_after, apart from the socket so that a handler that outlives a
    /// move or the stream itself finds out instead of touching freed memory.
    struct deadline
    {
        explicit deadline(executor_type const& executor) : timer(executor) {}
        net::steady_timer timer;
        tls_socket* owner = nullptr;
    };

    [[nodiscard]] outcome try_handshake();
    [[nodiscard]] outcome try_shutdown();
    [[nodiscard]] outcome try_read(net::mutable_buffer target);
    [[nodiscard]] outcome try_write(net::const_buffer data);
    /// Map OpenSSL's verdict on result (errno as the call left it) as Asio's ssl engine does.
    [[nodiscard]] outcome classify(int result, int saved_errno);
    /// Why no further call into OpenSSL may be made: timed out, or closed (its descriptor may
    /// already belong to another connection). Empty when it may.
    [[nodiscard]] error_code unusable() const;
    /// The error an operation reports when its wait on the socket ended with waited.
    [[nodiscard]] error_code interrupted(error_code waited) const;
    void time_out();
    /// This connection's handshake is over (done, failed or abandoned).
    void end_handshake();

    tcp::socket socket_;
    SSL* ssl_;
    std::shared_ptr<deadline> deadline_;
    /// Held while the handshake is in flight only; shared, since a connection destroyed with
    /// the io_context may end its handshake after the listener is gone.
    std::shared_ptr<heap_trimmer> handshake_trimmer_;
    bool timed_out_ = false;
};

} // namespace sirkel
