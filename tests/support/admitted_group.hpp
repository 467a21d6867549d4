// The group-admission frames of PSG1.md §8 as a client builds them (roster versions and
// approvals with protocol/roster.hpp, the join request's signatures with
// protocol/join_request.hpp), and a group of members admitted the way a real group is:
// the first redeems and publishes version 1, every other asks and is approved.
#pragma once

#include "server_process.hpp"
#include "test_client.hpp"

#include "sirkel/protocol/client_frame.hpp"
#include "sirkel/protocol/psg1_crypto.hpp"
#include "sirkel/protocol/roster.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sirkel::test
{

/// The ground-rules text every test group pledges to, and its hash.
[[nodiscard]] protocol::key32 test_pledge_hash();

/// Version 1: identity alone, role 1, the given size cap, admission 0 (all approve).
[[nodiscard]] protocol::roster first_version(protocol::id16 const& group,
                                             device_identity const& identity, int size_cap);
/// current plus joiner with role 0.
[[nodiscard]] protocol::roster with_member(protocol::roster const& current,
                                           device_identity const& joiner);
/// A CHANGE of current (PSG1.md §3.4): the same members under frame, each with the role roles
/// gives it, the others keeping theirs.
[[nodiscard]] protocol::roster
with_change(protocol::roster const& current, protocol::roster_frame const& frame,
            std::map<protocol::id16, std::uint8_t> const& roles = {});

/// current without member (a REMOVE: leaving when member signs it, else removal).
[[nodiscard]] protocol::roster without_member(protocol::roster const& current,
                                              protocol::id16 const& member);

[[nodiscard]] std::string make_roster_propose_frame(protocol::roster const& next,
                                                    device_identity const& proposer);
[[nodiscard]] std::string make_approve_frame(protocol::roster const& next,
                                             device_identity const& approver);

/// A member invite as its creator's client makes it (random info and sealed join keys: the
/// server never opens them).
struct member_invite
{
    protocol::id16 id = protocol::random_array<protocol::id16>();
    protocol::key32 secret = protocol::random_array<protocol::key32>();
    [[nodiscard]] protocol::key32 token() const;
};

[[nodiscard]] std::string make_invite_create_frame(member_invite const& invite,
                                                   protocol::roster const& current, int uses = 1);
[[nodiscard]] std::string make_knock_frame(member_invite const& invite);
/// A join request of joiner for this connection's challenge nonce.
[[nodiscard]] std::string
make_join_request_frame(protocol::id16 const& group, member_invite const& invite,
                        device_identity const& joiner, protocol::key32 const& pledge_hash,
                        std::string_view origin, protocol::key32 const& nonce);
[[nodiscard]] std::string make_decline_frame(protocol::id16 const& group,
                                             member_invite const& invite,
                                             device_identity const& joiner,
                                             device_identity const& decliner);

/// A joiner that knocked and asked with invite on a new connection, now a pending joiner's.
/// @throws std::runtime_error unless answered with invite_info and join_status pending.
[[nodiscard]] std::unique_ptr<test_client> ask_to_join(server_process const& server,
                                                       protocol::id16 const& group,
                                                       member_invite const& invite,
                                                       device_identity const& joiner);

/// The code of an error frame. @throws std::runtime_error if frame is not one.
[[nodiscard]] std::string error_code_of(boost::json::object const& frame);
/// Read until the server closes client (dropping what comes first); the close code, or 0 if it
/// is still open after default_timeout of silence.
[[nodiscard]] std::uint16_t await_close(test_client& client);

/// The next frame of type, skipping others. @throws std::runtime_error if none comes.
boost::json::object expect_skipping(test_client& client, std::string_view type);
/// Read and drop whatever arrives within quiet_period.
void drain(test_client& client);

/** Redeem a fresh facilitator invite as identity and publish version 1 with the group's size cap.
    @throws std::runtime_error unless both are answered as they should be.
*/
[[nodiscard]] std::unique_ptr<test_client> founding_member(server_process const& server,
                                                           protocol::id16 const& group,
                                                           device_identity const& identity,
                                                           protocol::roster& v1, int size_cap = 8,
                                                           client_options options = {});

/// A group whose members were admitted one by one, each approved by all before it.
class admitted_group
{
public:
    struct member
    {
        device_identity identity = device_identity::generate();
        std::unique_ptr<test_client> client;
    };

    /// The founding member; size_cap must be the group's, as the admin created it.
    admitted_group(server_process const& server, protocol::id16 const& group,
                   client_options options = {}, int size_cap = 8);

    /// Invite, knock, ask and approve one more; its connection is then an authenticated
    /// member's. Every member's connection is drained afterwards.
    member& admit(client_options options = {});

    [[nodiscard]] protocol::roster const& roster() const noexcept { return roster_; }
    [[nodiscard]] std::vector<member>& members() noexcept { return members_; }
    [[nodiscard]] protocol::id16 const& group() const noexcept { return group_; }

private:
    server_process const& server_;
    protocol::id16 group_;
    protocol::roster roster_;
    std::vector<member> members_;
};

} // namespace sirkel::test
