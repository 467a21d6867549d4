#include "interop_peer.hpp"

#include "sirkel/protocol/base64url.hpp"
#include "sirkel/protocol/ground_rules_doc.hpp"
#include "sirkel/protocol/invite_info.hpp"
#include "sirkel/protocol/invite_link.hpp"
#include "sirkel/protocol/join_key_seal.hpp"
#include "sirkel/protocol/join_request.hpp"
#include "sirkel/protocol/psg1_crypto.hpp"
#include "sirkel/protocol/safety_number.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <iostream>
#include <stdexcept>
#include <utility>

namespace sirkel::interop
{
namespace
{

using steady_clock = std::chrono::steady_clock;

/// How long one turn of the loop listens to the server before it looks at stdin again.
constexpr std::chrono::milliseconds turn{40};

std::string b64(protocol::byte_view x)
{
    return protocol::base64url_encode(x);
}

template <std::size_t N>
std::array<protocol::byte, N> field_array(boost::json::object const& frame, std::string_view key)
{
    auto const decoded = protocol::base64url_decode_array<N>(test::field_string(frame, key));
    if (!decoded)
        throw std::runtime_error("interop_peer: bad field " + std::string(key));
    return *decoded;
}

} // namespace

interop_peer::interop_peer(peer_options options) : options_(std::move(options)) {}

int interop_peer::run()
{
    found_group();
    emit({{"event", "link"}, {"link", create_invite(invite_)}});
    auto const deadline = steady_clock::now() + options_.max_seconds;
    while (steady_clock::now() < deadline)
    {
        participant_->pump_for(turn);
        auto& others = participant_->other_frames();
        while (!others.empty())
        {
            auto const frame = std::move(others.front());
            others.pop_front();
            on_frame(frame);
        }
        report_meeting();
        if (client_->is_closed())
        {
            emit({{"event", "closed"}, {"code", client_->close_code()}});
            return 1;
        }
        for (auto const& line : commands_.take_lines())
            if (!on_command(line))
                return 0;
        if (commands_.ended())
            return 0;
    }
    emit({{"event", "max_seconds"}});
    return 3;
}

void interop_peer::found_group()
{
    auto const link = protocol::invite_link::parse(options_.facilitator_link);
    if (!link)
        throw std::runtime_error("--link is not an invite link");
    group_ = link->group;
    test::server_address const address{options_.port, options_.plain, options_.ca};
    test::client_options client;
    client.origin = options_.origin;
    client_ = std::make_unique<test::test_client>(address, group_, client);
    auto const authed = client_->redeem(identity_, *link);
    if (test::field_string(authed, "t") != "authed")
        throw std::runtime_error("redeem was answered with " + boost::json::serialize(authed));

    protocol::roster_frame frame;
    frame.size_cap = static_cast<std::uint8_t>(options_.size_cap);
    frame.pledge_hash = protocol::pledge_hash_of(options_.ground_rules);
    roster_ = protocol::roster::build(group_, 1, protocol::key32{}, frame,
                                      {{identity_.member, 1, identity_.sig_pk, identity_.dh_pk}});
    client_->send_text(test::make_roster_propose_frame(roster_, identity_));
    auto const answer = test::expect_skipping(*client_, "roster");
    (void)answer;
    participant_ = std::make_unique<test::psg1_participant>(group_, identity_, roster_, *client_,
                                                            options_.name);
    emit({{"event", "ready"}, {"member", b64(identity_.member)}, {"group", b64(group_)}});
}

std::string interop_peer::create_invite(test::member_invite const& invite)
{
    auto const jk = protocol::kdf_invite_join_key(invite.secret);
    auto const ik = protocol::kdf_invite_info_key(invite.secret);
    auto const n = protocol::random_array<protocol::nonce24>();
    protocol::bytes info;
    if (auto const sealed =
            protocol::seal_invite_info({options_.group_name, options_.name, options_.ground_rules},
                                       group_, invite_.id, n, ik, info);
        sealed != protocol::psg1_error::ok)
        throw std::runtime_error("the invite info cannot be sealed: " +
                                 std::string(protocol::code_name(sealed)));

    boost::json::array jks;
    for (auto const& e : roster_.entries())
        jks.push_back(boost::json::object{
            {"to", b64(e.member_id)},
            {"k", b64(protocol::seal_join_key(group_, invite.id, identity_.member, identity_.sig_sk,
                                              e.member_id, e.dh_pk, jk))}});
    boost::json::object frame;
    frame["t"] = "invite_create";
    frame["invite"] = b64(invite.id);
    frame["th"] = b64(protocol::generichash32(invite.token()));
    frame["rv"] = roster_.version();
    frame["ttl_s"] = 86400;
    frame["uses"] = 1;
    frame["info"] = {{"n", b64(n)}, {"c", b64(info)}};
    frame["jks"] = std::move(jks);
    client_->send_text(boost::json::serialize(frame));
    // Through the participant once it exists, so that no meeting frame is lost meanwhile.
    auto const id = b64(invite.id);
    auto const created = [&](boost::json::object const& f)
    { return test::field_string(f, "t") == "invite" && test::field_string(f, "invite") == id; };
    if (!participant_)
        (void)test::expect_skipping(*client_, "invite");
    else if (!participant_->pump_until(
                 [&]
                 {
                     auto const& others = participant_->other_frames();
                     return std::any_of(others.begin(), others.end(), created);
                 }))
        throw std::runtime_error("invite_create was not answered with invite");
    return protocol::invite_link{group_, invite.id, invite.secret, roster_.hash()}.to_url(
        options_.origin);
}

void interop_peer::ask_as_newcomer(std::string const& name)
{
    test::member_invite const invite;
    (void)create_invite(invite);
    auto const newcomer = test::device_identity::generate();
    test::client_options client;
    client.origin = options_.origin;
    newcomer_ = std::make_unique<test::test_client>(
        test::server_address{options_.port, options_.plain, options_.ca}, group_, client);
    newcomer_->send_text(test::make_knock_frame(invite));
    (void)newcomer_->expect("invite_info");
    protocol::join_request_input input;
    input.room_id = group_;
    input.invite_id = invite.id;
    input.member_id = newcomer.member;
    input.sig_pk = newcomer.sig_pk;
    input.dh_pk = newcomer.dh_pk;
    input.pledge_hash = roster_.frame().pledge_hash;
    input.name = name;
    input.n = protocol::random_array<protocol::nonce24>();
    input.origin = options_.origin;
    input.challenge = newcomer_->hello();
    protocol::join_request request;
    if (protocol::build_join_request(input, newcomer.sig_sk,
                                     protocol::kdf_invite_join_key(invite.secret),
                                     request) != protocol::psg1_error::ok)
        throw std::runtime_error("the newcomer's join request cannot be built");
    boost::json::object frame;
    frame["t"] = "join_request";
    frame["invite"] = b64(invite.id);
    frame["tok"] = b64(invite.token());
    frame["member"] = b64(request.member_id);
    frame["sig_pk"] = b64(request.sig_pk);
    frame["dh_pk"] = b64(request.dh_pk);
    frame["ph"] = b64(request.pledge_hash);
    frame["pledge"] = b64(request.pledge_sig);
    frame["n"] = b64(request.n);
    frame["c"] = b64(request.c);
    frame["sig"] = b64(request.possession);
    newcomer_->send_text(boost::json::serialize(frame));
    auto const status = newcomer_->expect("join_status");
    emit({{"event", "newcomer"},
          {"member", b64(newcomer.member)},
          {"state", test::field_string(status, "state")}});
}

void interop_peer::on_frame(boost::json::object const& frame)
{
    auto const type = test::field_string(frame, "t");
    if (type == "request")
        on_request(frame);
    else if (type == "roster")
        on_roster(frame);
    else if (type == "joined")
        emit({{"event", "joined"}, {"ses", test::field_string(frame, "ses")}});
    else if (type == "error")
        emit({{"event", "server_error"},
              {"code", test::field_string(frame, "code")},
              {"for", test::field_string(frame, "for")}});
}

void interop_peer::on_request(boost::json::object const& frame)
{
    protocol::join_request request;
    request.member_id = field_array<16>(frame, "member");
    request.sig_pk = field_array<32>(frame, "sig_pk");
    request.dh_pk = field_array<32>(frame, "dh_pk");
    request.pledge_hash = field_array<32>(frame, "ph");
    request.pledge_sig = field_array<64>(frame, "pledge");
    request.n = field_array<24>(frame, "n");
    request.c = protocol::base64url_decode(test::field_string(frame, "c"), 4096)
                    .value_or(protocol::bytes{});
    auto const invite_id = field_array<16>(frame, "invite");
    auto const sealed = protocol::base64url_decode(test::field_string(frame, "jk"), 4096)
                            .value_or(protocol::bytes{});

    // The member's checks of §4.5, with this peer's own sealed copy of jk as the server relayed it.
    protocol::key32 jk{};
    auto code = protocol::open_join_key(sealed, group_, invite_id, identity_.member,
                                        identity_.dh_pk, identity_.dh_sk, roster_, jk);
    joiner found;
    if (code == protocol::psg1_error::ok)
        code = protocol::open_join_request(request, group_, invite_id, jk,
                                           roster_.frame().pledge_hash, found.name);
    protocol::sodium_memzero(jk);
    found.keys.member = request.member_id;
    found.keys.sig_pk = request.sig_pk;
    found.keys.dh_pk = request.dh_pk;
    found.readable = code == protocol::psg1_error::ok;
    emit({{"event", "request"},
          {"member", b64(request.member_id)},
          {"name", found.name},
          {"check", protocol::code_name(code)},
          {"safety", protocol::safety_number(identity_.sig_pk, identity_.dh_pk, request.sig_pk,
                                             request.dh_pk)}});
    joiner_ = std::move(found);
}

void interop_peer::on_roster(boost::json::object const& frame)
{
    if (!proposed_)
        return;
    auto const tbs = b64(proposed_->tbs());
    for (auto const& version : frame.at("versions").as_array())
    {
        if (test::field_string(version.as_object(), "tbs") != tbs)
            continue;
        roster_ = std::move(*proposed_);
        proposed_.reset();
        participant_->set_roster(roster_);
        emit({{"event", "admitted"},
              {"member", joiner_ ? b64(joiner_->keys.member) : ""},
              {"v", roster_.version()}});
        return;
    }
}

bool interop_peer::on_command(std::string const& line)
{
    boost::system::error_code ec;
    auto const parsed = boost::json::parse(line, ec);
    if (ec || !parsed.is_object())
    {
        emit_error("a command is one JSON object per line");
        return true;
    }
    auto const& command = parsed.as_object();
    auto const cmd = test::field_string(command, "cmd");
    if (cmd == "approve")
        approve();
    else if (cmd == "join")
        client_->send_text(R"({"t":"join"})");
    else if (cmd == "leave")
        client_->send_text(R"({"t":"leave"})");
    else if (cmd == "say")
        say(test::field_string(command, "text"));
    else if (cmd == "newcomer")
        ask_as_newcomer(test::field_string(command, "name"));
    else if (cmd == "quit")
        return false;
    else
        emit_error("unknown command: " + cmd);
    return true;
}

void interop_peer::approve()
{
    if (!joiner_ || !joiner_->readable)
        return emit_error("approve: no readable join request");
    // A client MUST NOT approve an ADD whose request it could not open and check (§4.2).
    auto next = test::with_member(roster_, joiner_->keys);
    client_->send_text(test::make_roster_propose_frame(next, identity_));
    proposed_ = std::move(next);
}

void interop_peer::say(std::string const& text)
{
    if (!participant_->ready())
        return emit_error("say: the keys of the current epoch are not set up");
    auto const frame = boost::json::parse(participant_->send_text(text)).as_object();
    emit({{"event", "said"}, {"ep", frame.at("ep")}, {"ctr", frame.at("ctr")}});
}

void interop_peer::report_meeting()
{
    auto const& p = *participant_;
    if (p.epoch_check() != reported_epoch_check_)
    {
        reported_epoch_check_ = p.epoch_check();
        emit({{"event", "epoch_check"}, {"check", protocol::code_name(reported_epoch_check_)}});
    }
    auto const& refusals = p.key_refusals();
    for (; reported_refusals_ < refusals.size(); ++reported_refusals_)
        emit({{"event", "key_refused"},
              {"from", b64(refusals[reported_refusals_].first)},
              {"check", protocol::code_name(refusals[reported_refusals_].second)}});
    if (p.current_ep() != reported_ep_ && p.ready())
    {
        reported_ep_ = p.current_ep();
        boost::json::object names;
        for (auto const& id : p.parts())
            if (id != identity_.member)
                names[b64(id)] = p.name_of(id);
        emit({{"event", "keys"}, {"ep", reported_ep_}, {"names", std::move(names)}});
    }
    while (auto const heard = participant_->next_text(std::chrono::milliseconds{0}))
    {
        boost::json::object event{{"from", b64(heard->from)}, {"ep", heard->ep}};
        if (heard->text)
        {
            event["event"] = "heard";
            event["name"] = participant_->name_of(heard->from);
            event["text"] = *heard->text;
        }
        else if (heard->reaction)
        {
            event["event"] = "reacted";
            event["reaction"] = *heard->reaction;
        }
        else if (heard->typing)
        {
            event["event"] = "typing";
            event["on"] = *heard->typing;
        }
        else
        {
            event["event"] = "refused";
            event["check"] = protocol::code_name(heard->code);
        }
        emit(std::move(event));
    }
}

void interop_peer::emit(boost::json::object event)
{
    // stdout is the test's channel; flushed per line, so the test sees each event at once.
    std::cout << boost::json::serialize(event) << std::endl;
}

void interop_peer::emit_error(std::string const& what)
{
    emit({{"event", "error"}, {"what", what}});
}

} // namespace sirkel::interop
