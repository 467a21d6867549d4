// Every WebSocket connection of the load generator on one io_context (one thread): plain or
// TLS (certificate not verified: loopback only), each connection an asynchronous Beast stream
// with a write queue, and one timer for the whole process that wakes whoever schedules the
// sends. Asio and Beast are confined to this class's translation unit, so the rest of the load
// generator compiles as plain C++. Nothing here knows the protocol: frames in, frames out.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sirkel::bench
{

class websocket_pool
{
public:
    using clock = std::chrono::steady_clock;

    /// What the pool reports, on the io thread. connection is the index given to open().
    class events
    {
    public:
        virtual ~events() = default;
        /// The WebSocket handshake completed.
        virtual void on_open(std::size_t connection) = 0;
        /// One frame of a server message (split on '\n'); valid during the call only.
        virtual void on_frame(std::size_t connection, std::string_view frame) = 0;
        /// The connection failed or ended; reason says how (an error, or the close code).
        virtual void on_closed(std::size_t connection, std::string const& reason) = 0;
        /// The pool's timer fired; the next time it should fire.
        virtual clock::time_point on_wake() = 0;
    };

    struct settings
    {
        std::uint16_t port = 0;
        bool plain = false;
        std::string origin; ///< the upgrade request's Origin header
    };

    websocket_pool(settings const& pool_settings, events& pool_events);
    ~websocket_pool();
    websocket_pool(websocket_pool const&) = delete;
    websocket_pool& operator=(websocket_pool const&) = delete;

    /** Connect connection index from source_address (an IPv4 loopback address; empty: the kernel's
       choice) to 127.0.0.1:port and open the WebSocket on target. Ends in on_open or on_closed.
    */
    void open(std::size_t index, std::string const& target, std::string const& source_address);
    /// Queue one text message (one client frame); written in order.
    void send(std::size_t index, std::string frame);
    /// Stop reading the connection (a member whose tab froze): the server's writes back up.
    void stop_reading(std::size_t index);
    /// Run until stop(), calling on_wake at time first and then whenever it asks.
    void run(clock::time_point first);
    /// Call on_wake at when, if that is before the time it was going to be called.
    void wake_at(clock::time_point when);
    void stop();

private:
    class connection;
    template <class Websocket>
    class typed_connection;
    struct io;

    void arm(clock::time_point when);

    settings settings_;
    events& events_;
    clock::time_point armed_for_ = clock::time_point::max();
    std::unique_ptr<io> io_;
    std::vector<std::unique_ptr<connection>> connections_;
};

} // namespace sirkel::bench
