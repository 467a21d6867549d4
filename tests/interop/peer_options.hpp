// The command line of sirkel_interop_peer (tests only, README.md beside it).
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>

namespace sirkel::interop
{

struct peer_options
{
    std::uint16_t port = 0;        ///< the server (or the relay) on 127.0.0.1
    bool plain = false;            ///< --plain: no TLS, as behind the tampering relay
    std::filesystem::path ca;      ///< the CA the server's certificate chains to (TLS only)
    std::string origin;            ///< the server's public origin: sent as Origin and signed
    std::string facilitator_link;  ///< the first-member invite from `sirkel admin`
    std::string name = "Cpp Peer"; ///< this member's name (inside the invite and skd boxes)
    std::string group_name = "Interop group";
    std::string ground_rules = "We keep what is said here to ourselves.";
    int size_cap = 8; ///< the organisation's cap, which version 1 must carry
    std::chrono::seconds max_seconds{120};
    bool help = false;

    /** Parse argv. @throws std::invalid_argument naming the rule a value breaks; its message is
        meant for stderr, followed by usage().
    */
    [[nodiscard]] static peer_options parse(int argc, char const* const* argv);
    [[nodiscard]] static std::string usage();
};

} // namespace sirkel::interop
