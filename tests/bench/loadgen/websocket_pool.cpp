#include "websocket_pool.hpp"

#include "net.hpp"

#include <netinet/in.h>
#include <openssl/ssl.h>
#include <sys/socket.h>

#include <deque>
#include <type_traits>
#include <utility>

namespace sirkel::bench
{

struct websocket_pool::io
{
    net::io_context context{1};
    ssl::context tls{ssl::context::tls_client};
    net::steady_timer timer{context};
    tcp::endpoint server;
};

class websocket_pool::connection
{
public:
    virtual ~connection() = default;
    virtual void start(std::string target, std::string const& source_address) = 0;
    virtual void send(std::string frame) = 0;
    virtual void stop_reading() = 0;
};

template <class Websocket>
class websocket_pool::typed_connection final : public websocket_pool::connection
{
public:
    template <class... Args>
    typed_connection(websocket_pool& pool, std::size_t index, Args&&... args)
        : pool_(pool), index_(index), ws_(std::forward<Args>(args)...)
    {
    }

    void start(std::string target, std::string const& source_address) override
    {
        target_ = std::move(target);
        auto& socket = beast::get_lowest_layer(ws_);
        error_code ec;
        socket.open(tcp::v4(), ec);
        if (!ec && !source_address.empty())
        {
            // The port is chosen at connect, per destination, not at bind: otherwise each source
            // address would give fewer ports than connecting without bind does.
            int const defer = 1;
            ::setsockopt(socket.native_handle(), IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &defer,
                         sizeof defer);
            socket.bind(tcp::endpoint(net::ip::make_address_v4(source_address, ec), 0), ec);
        }
        if (!ec)
            socket.set_option(tcp::no_delay(true), ec);
        if (ec)
            return fail("socket: " + ec.message());
        socket.async_connect(pool_.io_->server, [this](error_code e) { on_connect(e); });
    }

    void send(std::string frame) override
    {
        if (failed_)
            return;
        queue_.push_back(std::move(frame));
        if (!writing_ && open_)
            write();
    }

    void stop_reading() override { stopped_reading_ = true; }

private:
    static constexpr bool is_tls = !std::is_same_v<Websocket, websocket::stream<tcp::socket>>;

    void on_connect(error_code ec)
    {
        if (ec)
            return fail("connect: " + ec.message());
        if constexpr (is_tls)
        {
            // SSL_set_tlsext_host_name is a macro with a C cast; this is what it expands to.
            char host[] = "localhost"; // copied by OpenSSL
            SSL_ctrl(ws_.next_layer().native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME,
                     TLSEXT_NAMETYPE_host_name, host);
            ws_.next_layer().async_handshake(ssl::stream_base::client,
                                             [this](error_code e)
                                             {
                                                 if (e)
                                                     return fail("tls: " + e.message());
                                                 upgrade();
                                             });
        }
        else
            upgrade();
    }

    void upgrade()
    {
        ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
        ws_.set_option(websocket::stream_base::decorator(
            [origin = pool_.settings_.origin](websocket::request_type& request)
            { request.set(http::field::origin, origin); }));
        ws_.auto_fragment(false);
        ws_.text(true);
        ws_.async_handshake("localhost", target_,
                            [this](error_code ec)
                            {
                                if (ec)
                                    return fail("upgrade: " + ec.message());
                                open_ = true;
                                pool_.events_.on_open(index_);
                                if (!queue_.empty() && !writing_)
                                    write();
                                read();
                            });
    }

    void read()
    {
        if (stopped_reading_ || failed_)
            return;
        ws_.async_read(buffer_, [this](error_code ec, std::size_t) { on_read(ec); });
    }

    void on_read(error_code ec)
    {
        if (ec)
        {
            if (ec == websocket::error::closed)
                return fail("closed " + std::to_string(ws_.reason().code) + " " +
                            std::string(ws_.reason().reason.data(), ws_.reason().reason.size()));
            return fail("read: " + ec.message());
        }
        auto const data = buffer_.cdata();
        std::string_view text(static_cast<char const*>(data.data()), data.size());
        while (!text.empty() && !failed_)
        {
            auto const end = text.find('\n');
            pool_.events_.on_frame(index_, text.substr(0, end));
            if (end == std::string_view::npos)
                break;
            text.remove_prefix(end + 1);
        }
        buffer_.consume(buffer_.size());
        read();
    }

    void write()
    {
        writing_ = true;
        ws_.async_write(net::buffer(queue_.front()),
                        [this](error_code ec, std::size_t)
                        {
                            writing_ = false;
                            if (ec)
                                return fail("write: " + ec.message());
                            queue_.pop_front();
                            if (!queue_.empty())
                                write();
                        });
    }

    void fail(std::string const& reason)
    {
        if (failed_)
            return;
        failed_ = true;
        queue_.clear();
        error_code ignored;
        beast::get_lowest_layer(ws_).close(ignored);
        pool_.events_.on_closed(index_, reason);
    }

    websocket_pool& pool_;
    std::size_t index_;
    Websocket ws_;
    std::string target_;
    beast::flat_buffer buffer_;
    std::deque<std::string> queue_;
    bool open_ = false;
    bool writing_ = false;
    bool failed_ = false;
    bool stopped_reading_ = false;
};

websocket_pool::websocket_pool(settings const& pool_settings, events& pool_events)
    : settings_(pool_settings), events_(pool_events), io_(std::make_unique<io>())
{
    io_->server = tcp::endpoint(net::ip::make_address_v4("127.0.0.1"), settings_.port);
    // Loopback only, and the benchmark measures the server, not certificate checks.
    io_->tls.set_verify_mode(ssl::verify_none);
    // With verify_none OpenSSL still builds and checks the chain, and then ignores the verdict:
    // 1 % of a client handshake's instructions (callgrind), on the cores the server needs. A
    // browser caches its verdict on a certificate it saw before; what stays per connection is
    // the handshake's own work, CertificateVerify's signature included.
    SSL_CTX_set_cert_verify_callback(
        io_->tls.native_handle(), [](X509_STORE_CTX*, void*) { return 1; }, nullptr);
    // An idle connection gives its TLS buffers back, as the server's do: 19,000 of them must
    // fit in one process.
    SSL_CTX_set_mode(io_->tls.native_handle(), SSL_MODE_RELEASE_BUFFERS);
}

websocket_pool::~websocket_pool() = default;

void websocket_pool::open(std::size_t index, std::string const& target,
                          std::string const& source_address)
{
    if (index >= connections_.size())
        connections_.resize(index + 1);
    auto& slot = connections_[index];
    if (settings_.plain)
        slot = std::make_unique<typed_connection<websocket::stream<tcp::socket>>>(*this, index,
                                                                                  io_->context);
    else
        slot = std::make_unique<typed_connection<websocket::stream<ssl::stream<tcp::socket>>>>(
            *this, index, io_->context, io_->tls);
    slot->start(target, source_address);
}

void websocket_pool::send(std::size_t index, std::string frame)
{
    if (index < connections_.size() && connections_[index])
        connections_[index]->send(std::move(frame));
}

void websocket_pool::stop_reading(std::size_t index)
{
    if (index < connections_.size() && connections_[index])
        connections_[index]->stop_reading();
}

void websocket_pool::arm(clock::time_point when)
{
    armed_for_ = when;
    // Moving the expiry cancels the wait before it, whose handler then does nothing.
    io_->timer.expires_at(when);
    io_->timer.async_wait(
        [this](error_code ec)
        {
            if (ec)
                return;
            armed_for_ = clock::time_point::max();
            arm(events_.on_wake());
        });
}

void websocket_pool::wake_at(clock::time_point when)
{
    if (when < armed_for_)
        arm(when);
}

void websocket_pool::run(clock::time_point first)
{
    arm(first);
    io_->context.run();
}

void websocket_pool::stop()
{
    io_->context.stop();
}

} // namespace sirkel::bench
