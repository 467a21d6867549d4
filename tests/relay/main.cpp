// sirkel_tampering_relay: a man in the middle for tests only, playing a server that lies
// (PSG1.md §11). It listens on 127.0.0.1, relays HTTP and WebSocket to a real
// `sirkel serve --insecure-plain` on 127.0.0.1 and changes server frames as --mode says.
// See tests/relay/README.md.
#include "frame_tamperer.hpp"
#include "relay_context.hpp"
#include "relay_listener.hpp"
#include "relay_options.hpp"

#include "sirkel/protocol/psg1_crypto.hpp"

#include <csignal>
#include <exception>
#include <iostream>

int main(int argc, char** argv)
{
    using namespace sirkel;
    relay::relay_options options;
    try
    {
        options = relay::relay_options::parse(argc, argv);
    }
    catch (std::invalid_argument const& e)
    {
        std::cerr << e.what() << "\n\n" << relay::relay_options::usage();
        return 2;
    }
    if (options.help)
    {
        std::cout << relay::relay_options::usage();
        return 0;
    }

    try
    {
        protocol::sodium_init_or_throw();
        net::io_context io{1};
        relay::frame_tamperer tamperer(options.mode, std::cerr);
        relay::relay_context context{options.upstream_port, tamperer};
        auto const listener = std::make_shared<relay::relay_listener>(io, options.port, context);
        listener->run();

        // Bounded: a test that forgets the relay, or crashes, leaves no process running for long.
        net::signal_set signals(io, SIGINT, SIGTERM);
        signals.async_wait(
            [&](error_code ec, int signal)
            {
                if (ec)
                    return;
                std::cerr << "stopping signal " << signal << std::endl;
                io.stop();
            });
        net::steady_timer limit(io, options.max_seconds);
        limit.async_wait(
            [&](error_code ec)
            {
                if (ec)
                    return;
                std::cerr << "stopping max-seconds " << options.max_seconds.count() << std::endl;
                io.stop();
            });

        std::cout << "listening " << listener->port() << std::endl;
        io.run();
        return 0;
    }
    catch (std::exception const& e)
    {
        std::cerr << "relay_failed " << e.what() << std::endl;
        return 1;
    }
}
