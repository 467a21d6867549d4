#include "admitted_group.hpp"

#include "sirkel/protocol/base64url.hpp"
#include "sirkel/protocol/join_request.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <stdexcept>

namespace sirkel::test
{

namespace
{

std::string b64(protocol::byte_view x)
{
    return protocol::base64url_encode(x);
}

std::string_view const ground_rules = "We keep what is said here to ourselves.";

} // namespace

protocol::key32 test_pledge_hash()
{
    return protocol::generichash32(protocol::byte_view(
        reinterpret_cast<protocol::byte const*>(ground_rules.data()), ground_rules.size()));
}

protocol::roster first_version(protocol::id16 const& group, device_identity const& identity,
                               int size_cap)
{
    protocol::roster_frame frame;
    frame.size_cap = static_cast<std::uint8_t>(size_cap);
    frame.pledge_hash = test_pledge_hash();
    return protocol::roster::build(group, 1, protocol::key32{}, frame,
                                   {{identity.member, 1, identity.sig_pk, identity.dh_pk}});
}

protocol::roster with_member(protocol::roster const& current, device_identity const& joiner)
{
    auto entries = current.entries();
    entries.push_back({joiner.member, 0, joiner.sig_pk, joiner.dh_pk});
    return protocol::roster::build(current.room_id(), current.version() + 1, current.hash(),
                                   current.frame(), std::move(entries));
}

protocol::roster without_member(protocol::roster const& current, protocol::id16 const& member)
{
    auto entries = current.entries();
    std::erase_if(entries, [&](auto const& e) { return e.member_id == member; });
    return protocol::roster::build(current.room_id(), current.version() + 1, current.hash(),
                                   current.frame(), std::move(entries));
}

protocol::roster with_change(protocol::roster const& current, protocol::roster_frame const& frame,
                             std::map<protocol::id16, std::uint8_t> const& roles)
{
    auto entries = current.entries();
    for (auto& e : entries)
        if (auto const role = roles.find(e.member_id); role != roles.end())
            e.role = role->second;
    return protocol::roster::build(current.room_id(), current.version() + 1, current.hash(), frame,
                                   std::move(entries));
}

std::string make_roster_propose_frame(protocol::roster const& next, device_identity const& proposer)
{
    auto const approval = protocol::sign_approval(next, proposer.member, proposer.sig_sk);
    boost::json::object frame;
    frame["t"] = "roster_propose";
    frame["tbs"] = b64(next.tbs());
    frame["sig"] = b64(approval.sig);
    return boost::json::serialize(frame);
}

std::string make_approve_frame(protocol::roster const& next, device_identity const& approver)
{
    auto const approval = protocol::sign_approval(next, approver.member, approver.sig_sk);
    boost::json::object frame;
    frame["t"] = "approve";
    frame["rh"] = b64(next.hash());
    frame["sig"] = b64(approval.sig);
    return boost::json::serialize(frame);
}

protocol::key32 member_invite::token() const
{
    return protocol::kdf_invite_token(secret);
}

std::string make_invite_create_frame(member_invite const& invite, protocol::roster const& current,
                                     int uses)
{
    boost::json::object frame;
    frame["t"] = "invite_create";
    frame["invite"] = b64(invite.id);
    frame["th"] = b64(protocol::generichash32(invite.token()));
    frame["rv"] = current.version();
    frame["ttl_s"] = 86400;
    frame["uses"] = uses;
    frame["info"] = {{"n", b64(random_bytes(24))}, {"c", b64(random_bytes(16 + 512))}};
    boost::json::array jks;
    for (auto const& e : current.entries())
        jks.push_back(boost::json::object{{"to", b64(e.member_id)}, {"k", b64(random_bytes(160))}});
    frame["jks"] = std::move(jks);
    return boost::json::serialize(frame);
}

std::string make_knock_frame(member_invite const& invite)
{
    boost::json::object frame;
    frame["t"] = "knock";
    frame["invite"] = b64(invite.id);
    frame["tok"] = b64(invite.token());
    return boost::json::serialize(frame);
}

std::string make_join_request_frame(protocol::id16 const& group, member_invite const& invite,
                                    device_identity const& joiner,
                                    protocol::key32 const& pledge_hash, std::string_view origin,
                                    protocol::key32 const& nonce)
{
    auto const pledge =
        protocol::sign_detached(protocol::pledge_message(group, pledge_hash, 1), joiner.sig_sk);
    auto const possession = protocol::sign_detached(
        protocol::possession_message(origin, nonce, group, invite.id, joiner.member, joiner.sig_pk,
                                     joiner.dh_pk),
        joiner.sig_sk);
    boost::json::object frame;
    frame["t"] = "join_request";
    frame["invite"] = b64(invite.id);
    frame["tok"] = b64(invite.token());
    frame["member"] = b64(joiner.member);
    frame["sig_pk"] = b64(joiner.sig_pk);
    frame["dh_pk"] = b64(joiner.dh_pk);
    frame["ph"] = b64(pledge_hash);
    frame["pledge"] = b64(pledge);
    frame["n"] = b64(random_bytes(24));
    // The members' business: the server relays it unread.
    frame["c"] = b64(random_bytes(321));
    frame["sig"] = b64(possession);
    return boost::json::serialize(frame);
}

std::string make_decline_frame(protocol::id16 const& group, member_invite const& invite,
                               device_identity const& joiner, device_identity const& decliner)
{
    auto const sig = protocol::sign_detached(
        protocol::decline_message(group, invite.id, joiner.member, joiner.sig_pk), decliner.sig_sk);
    boost::json::object frame;
    frame["t"] = "decline";
    frame["member"] = b64(joiner.member);
    frame["sig"] = b64(sig);
    return boost::json::serialize(frame);
}

std::unique_ptr<test_client> ask_to_join(server_process const& server, protocol::id16 const& group,
                                         member_invite const& invite, device_identity const& joiner)
{
    auto client = std::make_unique<test_client>(server, group);
    client->send_text(make_knock_frame(invite));
    client->expect("invite_info");
    auto const nonce = client->hello();
    client->send_text(make_join_request_frame(group, invite, joiner, test_pledge_hash(),
                                              client->origin(), nonce));
    auto const status = client->expect("join_status");
    if (field_string(status, "state") != "pending")
        throw std::runtime_error("join_request answered " + boost::json::serialize(status));
    return client;
}

std::string error_code_of(boost::json::object const& frame)
{
    if (field_string(frame, "t") != "error")
        throw std::runtime_error("expected an error, got " + boost::json::serialize(frame));
    return field_string(frame, "code");
}

std::uint16_t await_close(test_client& client)
{
    while (!client.is_closed() && client.receive_raw(default_timeout))
    {
    }
    return client.is_closed() ? client.close_code() : 0;
}

boost::json::object expect_skipping(test_client& client, std::string_view type)
{
    for (;;)
    {
        auto frame = client.receive_frame(default_timeout);
        if (!frame)
            throw std::runtime_error("expected a '" + std::string(type) + "' frame, got none");
        if (field_string(*frame, "t") == type)
            return std::move(*frame);
    }
}

void drain(test_client& client)
{
    while (client.receive_raw(quiet_period))
    {
    }
}

std::unique_ptr<test_client> founding_member(server_process const& server,
                                             protocol::id16 const& group,
                                             device_identity const& identity, protocol::roster& v1,
                                             int size_cap, client_options options)
{
    auto client = redeemed_facilitator(server, group, identity, std::move(options));
    v1 = first_version(group, identity, size_cap);
    client->send_text(make_roster_propose_frame(v1, identity));
    auto const answer = client->receive_frame(default_timeout);
    if (!answer || field_string(*answer, "t") != "roster")
        throw std::runtime_error("publishing version 1 was answered with " +
                                 (answer ? boost::json::serialize(*answer) : "nothing"));
    return client;
}

admitted_group::admitted_group(server_process const& server, protocol::id16 const& group,
                               client_options options, int size_cap)
    : server_(server), group_(group)
{
    auto& first = members_.emplace_back();
    first.client =
        founding_member(server_, group_, first.identity, roster_, size_cap, std::move(options));
}

admitted_group::member& admitted_group::admit(client_options options)
{
    member joiner;
    auto& inviter = *members_.front().client;
    member_invite const invite;
    inviter.send_text(make_invite_create_frame(invite, roster_));
    expect_skipping(inviter, "invite");

    joiner.client = std::make_unique<test_client>(server_, group_, std::move(options));
    joiner.client->send_text(make_knock_frame(invite));
    joiner.client->expect("invite_info");
    auto const nonce = joiner.client->hello();
    joiner.client->send_text(make_join_request_frame(
        group_, invite, joiner.identity, test_pledge_hash(), joiner.client->origin(), nonce));
    auto const status = joiner.client->expect("join_status");
    if (field_string(status, "state") != "pending")
        throw std::runtime_error("join_request answered " + boost::json::serialize(status));

    auto const next = with_member(roster_, joiner.identity);
    inviter.send_text(make_roster_propose_frame(next, members_.front().identity));
    for (std::size_t i = 1; i < members_.size(); ++i)
    {
        expect_skipping(*members_[i].client, "proposal");
        members_[i].client->send_text(make_approve_frame(next, members_[i].identity));
    }
    expect_skipping(*joiner.client, "roster");
    auto const admitted = joiner.client->expect("join_status");
    if (field_string(admitted, "state") != "admitted")
        throw std::runtime_error("the joiner was told " + boost::json::serialize(admitted));
    roster_ = next;
    for (auto& m : members_)
        drain(*m.client);
    members_.push_back(std::move(joiner));
    return members_.back();
}

} // namespace sirkel::test
