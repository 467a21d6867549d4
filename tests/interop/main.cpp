// sirkel_interop_peer: a C++ PSG1 member for the browser interop tests (tests only, never
// installed). See README.md beside it.
#include "interop_peer.hpp"
#include "peer_options.hpp"

#include "sirkel/protocol/psg1_crypto.hpp"

#include <boost/json/serialize.hpp>

#include <exception>
#include <iostream>

int main(int argc, char** argv)
{
    using namespace sirkel;
    interop::peer_options options;
    try
    {
        options = interop::peer_options::parse(argc, argv);
    }
    catch (std::invalid_argument const& e)
    {
        std::cerr << e.what() << "\n\n" << interop::peer_options::usage();
        return 2;
    }
    if (options.help)
    {
        std::cout << interop::peer_options::usage();
        return 0;
    }
    try
    {
        protocol::sodium_init_or_throw();
        return interop::interop_peer(std::move(options)).run();
    }
    catch (std::exception const& e)
    {
        // On stdout, the test's channel: a failure may quote a frame, which stays off stderr.
        std::cout << boost::json::serialize(
                         boost::json::object{{"event", "failed"}, {"what", e.what()}})
                  << std::endl;
        return 1;
    }
}
