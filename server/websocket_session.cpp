#include "websocket_session.hpp"

#include "floor_wire.hpp"
#include "group_ledger.hpp"
#include "room.hpp"
#include "server_state.hpp"
#include "store.hpp"

#include "sirkel/protocol/base64url.hpp"
#include "sirkel/protocol/join_request.hpp"
#include "sirkel/protocol/psg1_crypto.hpp"
#include "sirkel/protocol/server_frames.hpp"

#include <span>
#include <type_traits>

namespace sirkel
{

namespace
{

/// How long a closing handshake may take before the socket is simply closed.
constexpr auto close_grace = std::chrono::seconds(2);

/// The read buffer a connection keeps between messages: what Beast's read prepares at a time
/// (websocket::stream's read size hint for a new message, tcp_frame_size).
constexpr std::size_t read_buffer_kept_bytes = 1536;

any_websocket make_websocket(transport_stream&& stream)
{
    return std::visit(
        [](auto&& next_layer) -> any_websocket
        {
            using next_layer_type = std::decay_t<decltype(next_layer)>;
            // A plain connection keeps only its socket: the WebSocket stream has timeouts of its
            // own, and tcp_stream's three timers and its layer in every pending read would cost
            // each idle connection some 600 bytes (issue 6, S1).
            if constexpr (std::is_same_v<next_layer_type, plain_stream>)
                return any_websocket(std::in_place_type<plain_websocket>,
                                     next_layer.release_socket());
            else
                return any_websocket(std::in_place_type<websocket::stream<next_layer_type>>,
                                     std::move(next_layer));
        },
        std::move(stream));
}

bool is_normal_close(error_code const& ec)
{
    return ec == websocket::error::closed || ec == net::error::operation_aborted ||
           ec == net::error::eof || ec == ssl::error::stream_truncated;
}

/// The close code Beast sent when it failed the connection for ec (its read operation follows
/// RFC 6455 §7.4.1), or none when ec is no breach of the protocol by the peer.
std::optional<websocket::close_code> failure_close_code(error_code const& ec)
{
    if (ec == websocket::error::message_too_big)
        return websocket::close_code::too_big;
    if (ec == websocket::error::bad_frame_payload)
        return websocket::close_code::bad_payload;
    if (ec == websocket::condition::protocol_violation)
        return websocket::close_code::protocol_error;
    return std::nullopt;
}

/// What auth checks a member's signature with, and the role it is answered with.
struct member_identity
{
    protocol::key32 sig_pk{};
    protocol::member_role role = protocol::member_role::member;
};

std::int64_t unix_now()
{
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

} // namespace

websocket_session::websocket_session(transport_stream&& stream, server_state& state,
                                     net::ip::address peer, protocol::id16 const& group,
                                     std::string origin, std::uint64_t connection_id,
                                     std::chrono::steady_clock::time_point accepted_at)
    : ws_(make_websocket(std::move(stream))), state_(state), peer_(peer), group_(group),
      origin_(std::move(origin)), connection_id_(connection_id), accepted_at_(accepted_at),
      frames_(state.config().frame_rate)
{
    ++state_.stats().connections_open;
    ++state_.stats().websockets_open;
    state_.connections_by_address().add(peer_);
    state_.add(this);
}

websocket_session::~websocket_session()
{
    leave_meeting();
    if (ledger_ != nullptr)
        ledger_->detach(*this);
    state_.remove(this);
    state_.connections_by_address().remove(peer_);
    --state_.stats().websockets_open;
    --state_.stats().connections_open;
}

void websocket_session::run(http::request<http::string_body> request)
{
    auto const& config = state_.config();
    // The time to authenticate counts from the TCP accept, TLS and upgrade included.
    arm_deadline(accepted_at_ + config.handshake_timeout - std::chrono::steady_clock::now());
    std::visit(
        [&](auto& ws)
        {
            // The websocket stream keeps its own timers from here on (a plain connection has
            // no tcp_stream left to time out).
            if constexpr (requires { beast::get_lowest_layer(ws).expires_never(); })
                beast::get_lowest_layer(ws).expires_never();
            // With keep-alive pings Beast pings a peer silent for half the idle timeout and drops
            // one silent for all of it: the timer restarts on every byte received, pong or not.
            ws.set_option(websocket::stream_base::timeout{config.handshake_timeout,
                                                          config.idle_timeout, true});
            // Beast refuses (close 1009) only what is far past the limit; a frame just over
            // max_frame_bytes gets the protocol's own frame_too_large error instead.
            ws.read_message_max(2 * config.max_frame_bytes);
            ws.set_option(websocket::stream_base::decorator(
                [](websocket::response_type& response)
                { response.set(http::field::server, "sirkel"); }));
            ws.async_accept(request, beast::bind_front_handler(&websocket_session::on_accept,
                                                               shared_from_this()));
        },
        ws_);
}

void websocket_session::on_accept(error_code ec)
{
    if (ec)
    {
        if (ec == beast::error::timeout)
        {
            ++state_.stats().handshake_timeouts;
            state_.stats().count_limit(limit::handshake_timeout);
        }
        else if (ec == websocket::condition::handshake_failed)
            state_.stats().count_refusal(refusal::bad_websocket_handshake);
        state_.log().log(log_level::debug, "websocket_accept_failed",
                         {{"conn", connection_id_}, {"reason", ec.message()}});
        // Beast has written its refusal (426 for a wrong version); nothing more can come of the
        // connection, so it must not wait for the authentication deadline.
        deadline_.reset();
        force_close();
        return;
    }
    ++state_.stats().websocket_upgrades;
    try
    {
        ledger_ = &state_.ledger(group_);
        ledger_->attach(*this);
    }
    catch (store_error const& e)
    {
        state_.log().log(log_level::error, "store_failed",
                         {{"conn", connection_id_}, {"during", "ledger"}, {"reason", e.what()}});
        closing_ = true;
        close(websocket::close_code::internal_error, "");
        return;
    }
    do_read();
}

void websocket_session::do_read()
{
    std::visit(
        [&](auto& ws)
        {
            ws.async_read(buffer_, beast::bind_front_handler(&websocket_session::on_read,
                                                             shared_from_this()));
        },
        ws_);
}

void websocket_session::on_read(error_code ec, std::size_t /*bytes*/)
{
    if (ec)
    {
        if (ec == websocket::error::message_too_big)
            state_.stats().count_limit(limit::max_frame_bytes);
        deadline_.reset();
        leave_meeting();
        // Once the server itself is closing, a failure or timeout is the end of its own close.
        if (!closing_)
        {
            if (auto const code = failure_close_code(ec))
                state_.stats().count_close(static_cast<std::uint16_t>(*code));
            else if (ec == beast::error::timeout)
                ++state_.stats().ping_timeouts;
        }
        state_.log().log(is_normal_close(ec) ? log_level::debug : log_level::info,
                         "websocket_closed", {{"conn", connection_id_}, {"reason", ec.message()}});
        return;
    }
    ++state_.stats().frames_received;
    bool const is_text = std::visit([](auto& ws) { return ws.got_text(); }, ws_);
    // A connection on its way out is read only for the peer's close frame.
    if (!closing_ && !close_when_drained_)
    {
        if (!frames_.take(std::chrono::steady_clock::now()))
            frame_over_rate();
        else
        {
            frames_refused_in_a_row_ = 0;
            if (!is_text)
                refuse(protocol::error::binary_not_allowed, "");
            else
                try
                {
                    handle_text({static_cast<char const*>(buffer_.data().data()), buffer_.size()});
                }
                catch (store_error const& e)
                {
                    // A handler that meets a failing database (a full disk, say) refuses its
                    // frame; the error must not unwind out of the io loop and end the server
                    // for everyone.
                    state_.log().log(
                        log_level::error, "store_failed",
                        {{"conn", connection_id_}, {"during", "frame"}, {"reason", e.what()}});
                    refuse(protocol::error::internal_error, "");
                }
        }
    }
    buffer_.clear();
    // Kept for the next message up to the size Beast reads into at a time: freeing and
    // allocating it again for every message costs more than the 1.5 KiB an idle connection
    // holds with it (issue 6, S1 and S3); a buffer a large message grew is freed.
    if (buffer_.capacity() > read_buffer_kept_bytes)
        buffer_.shrink_to_fit();
    do_read();
}

void websocket_session::frame_over_rate()
{
    // Refused before parsing: a flood costs the server a token check per frame.
    state_.stats().count_limit(limit::frame_rate);
    refuse(protocol::error::too_many_frames, "");
    if (++frames_refused_in_a_row_ < state_.config().frame_rate.burst)
        return;
    // As many frames again as the burst allows, each refused: a client that does not stop.
    state_.stats().count_limit(limit::frame_flood);
    state_.log().log(log_level::info, "frame_flood", {{"conn", connection_id_}});
    leave_meeting();
    // Every refusal queued so far goes out first: each refused frame has its answer.
    close_when_drained(websocket::close_code::policy_error, close_frame_flood);
}

bool websocket_session::may_present_invite(std::string_view ref)
{
    if (state_.invite_attempts().take(peer_, std::chrono::steady_clock::now()))
        return true;
    state_.stats().count_limit(limit::invite_attempts);
    state_.log().log(log_level::info, "invite_attempts_limited", {{"conn", connection_id_}});
    refuse(protocol::error::too_many_attempts, ref);
    return false;
}

void websocket_session::handle_text(std::string_view text)
{
    auto result = state_.parser().parse(text);
    if (!result.ok)
    {
        if (result.failure == protocol::error::frame_too_large)
            state_.stats().count_limit(limit::max_frame_bytes);
        refuse(result.failure, result.ref);
        return;
    }
    std::visit(
        [&](auto const& frame)
        {
            using frame_type = std::decay_t<decltype(frame)>;
            if constexpr (protocol::is_relayed_frame<frame_type>)
                handle(frame, text);
            else
                handle(frame);
        },
        result.frame);
}

void websocket_session::refuse(protocol::error code, std::string_view ref,
                               protocol::id16 const* speaker)
{
    state_.stats().count_error(code);
    state_.log().log(log_level::debug, "frame_refused",
                     {{"conn", connection_id_}, {"code", protocol::code_name(code)}});
    send(protocol::make_error_frame(code, ref, speaker));
}

void websocket_session::refuse(floor_machine::outcome const& outcome, std::string_view ref)
{
    refuse(error_of(outcome.result), ref, outcome.speaker ? &*outcome.speaker : nullptr);
}

void websocket_session::handle(protocol::hello_frame const& frame)
{
    if (authenticated())
        return refuse(protocol::error::already_authenticated, "hello");
    if (frame.version != 1)
        return refuse(protocol::error::unsupported_version, "hello");
    auto const ttl = state_.config().challenge_ttl;
    challenge_ = protocol::random_array<protocol::key32>();
    challenge_expiry_ = std::chrono::steady_clock::now() + ttl;
    send(protocol::make_challenge_frame(group_, *challenge_,
                                        static_cast<std::uint32_t>(ttl.count())));
}

std::optional<protocol::error> websocket_session::take_challenge(protocol::key32& nonce)
{
    if (!challenge_)
        return protocol::error::no_challenge;
    nonce = *challenge_;
    challenge_.reset();
    if (std::chrono::steady_clock::now() > challenge_expiry_)
        return protocol::error::challenge_expired;
    return std::nullopt;
}

void websocket_session::handle(protocol::auth_frame const& frame)
{
    if (authenticated())
        return refuse(protocol::error::already_authenticated, "auth");
    protocol::key32 nonce{};
    if (auto const failure = take_challenge(nonce))
        return refuse(*failure, "auth");
    try
    {
        auto const signed_by = [&](protocol::key32 const& pk)
        {
            return protocol::sign_verify_detached(
                frame.sig, protocol::auth_message(origin_, nonce, group_, frame.member), pk);
        };
        // The stored members are exactly the verified roster's (store::commit_roster_version),
        // so a group with a roster answers from memory: no database read per auth in a storm
        // of them. Before version 1 the redeemed first member is in the store only.
        std::optional<member_identity> member;
        if (auto const* roster = ledger_->current())
        {
            if (auto const* entry = roster->find(frame.member))
                member = member_identity{entry->sig_pk, protocol::member_role{entry->role}};
        }
        else if (auto const stored = state_.db().find_member(group_, frame.member))
            member = member_identity{stored->sig_pk, stored->role};
        if (member && signed_by(member->sig_pk))
        {
            member_ = frame.member;
            authenticated(member->role);
            ledger_->send_open_items(*this);
            return;
        }
        // A pending joiner comes back with the key of its request (PSG1.md §8.1).
        if (auto const pk = ledger_->pending_key(frame.member); pk && signed_by(*pk))
        {
            become_pending(frame.member);
            send(protocol::make_authed_pending_frame(member_));
            send(protocol::make_join_status_frame(protocol::join_state::pending,
                                                  ledger_->request_expiry(member_)));
            return;
        }
        // A joiner whose request ended while away learns the outcome once.
        // Only its joiner's key may learn the outcome, and use up the tombstone.
        if (auto const* t = ledger_->find_tombstone(frame.member); t && signed_by(t->sig_pk))
        {
            send(protocol::make_join_status_frame(t->state, 0, t->declines));
            ledger_->forget_tombstone(frame.member);
            close_after_told();
            return;
        }
        // Unknown member and wrong signature answer alike, so a stranger learns nothing.
        state_.log().log(log_level::info, "auth_failed", {{"conn", connection_id_}});
        refuse(protocol::error::auth_failed, "auth");
    }
    catch (store_error const& e)
    {
        state_.log().log(log_level::error, "store_failed",
                         {{"conn", connection_id_}, {"during", "auth"}, {"reason", e.what()}});
        refuse(protocol::error::internal_error, "auth");
    }
}

void websocket_session::handle(protocol::redeem_frame const& frame)
{
    if (authenticated())
        return refuse(protocol::error::already_authenticated, "redeem");
    // Before the challenge is spent: a limited attempt is no attempt.
    if (!may_present_invite("redeem"))
        return;
    protocol::key32 nonce{};
    if (auto const failure = take_challenge(nonce))
        return refuse(*failure, "redeem");
    // Possession of the new key first: it costs no database work.
    if (!protocol::sign_verify_detached(frame.sig,
                                        protocol::redeem_message(origin_, nonce, group_,
                                                                 frame.invite, frame.member,
                                                                 frame.sig_pk, frame.dh_pk),
                                        frame.sig_pk))
    {
        state_.log().log(log_level::info, "auth_failed", {{"conn", connection_id_}});
        return refuse(protocol::error::auth_failed, "redeem");
    }
    try
    {
        // The shell's invite makes only the first member (PSG1.md §4.7).
        if (ledger_->current() != nullptr || state_.db().count_members(group_) > 0)
            return refuse(protocol::error::group_started, "redeem");
        member_record newcomer{
            frame.member, group_, frame.sig_pk, frame.dh_pk, protocol::member_role::member,
            unix_now()};
        switch (state_.db().redeem_invite(frame.invite, protocol::generichash32(frame.token),
                                          newcomer, newcomer.joined_at))
        {
        case redeem_outcome::redeemed:
            break;
        case redeem_outcome::invite_invalid:
            state_.log().log(log_level::info, "invite_refused", {{"conn", connection_id_}});
            return refuse(protocol::error::invite_invalid, "redeem");
        case redeem_outcome::group_full:
            return refuse(protocol::error::group_full, "redeem");
        case redeem_outcome::member_exists:
            return refuse(protocol::error::member_exists, "redeem");
        }
        // The role comes from the invite, as stored by the redemption.
        auto const stored = state_.db().find_member(group_, frame.member);
        if (!stored)
            return refuse(protocol::error::internal_error, "redeem");
        ++state_.stats().invites_redeemed;
        state_.log().log(log_level::info, "invite_redeemed",
                         {{"conn", connection_id_}, {"group", protocol::base64url_encode(group_)}});
        member_ = frame.member;
        authenticated(stored->role);
    }
    catch (store_error const& e)
    {
        state_.log().log(log_level::error, "store_failed",
                         {{"conn", connection_id_}, {"during", "redeem"}, {"reason", e.what()}});
        refuse(protocol::error::internal_error, "redeem");
    }
}

void websocket_session::authenticated(protocol::member_role role)
{
    stage_ = connection_state::member;
    // An authenticated connection has no deadline of its own (Beast's idle timeout takes over):
    // the timer is freed, not kept for the hours a member may idle.
    deadline_.reset();
    ++state_.stats().auth_successes;
    // Debug, not info: at 19:00 every member logs meeting_joined (or meeting_opened) a moment
    // later with the same conn, and /metrics counts authentications; a line per member less is
    // a write per member less in the storm.
    state_.log().log(log_level::debug, "authenticated",
                     {{"conn", connection_id_}, {"role", protocol::role_name(role)}});
    send(protocol::make_authed_frame(member_, role));
    ledger_->send_meeting_state(*this);
}

void websocket_session::handle(protocol::join_frame const&)
{
    if (!member_gate("join"))
        return;
    if (!ledger_->is_member(member_))
        return refuse(protocol::error::not_a_member, "join");
    if (room_)
        return refuse(protocol::error::already_in_meeting, "join");
    auto* meeting = state_.rooms().find(group_);
    bool const opening = meeting == nullptr;
    if (opening)
    {
        // PROTOCOL.md §8.1: only someone who may chair opens a meeting, and chairs it.
        if (!ledger_->chair_policy().allows_to_chair(member_))
            return refuse(protocol::error::no_meeting, "join");
        // Counted before the room opens, so an opening the database cannot count (a full disk)
        // opens nothing.
        try
        {
            ledger_->count_opening();
        }
        catch (store_error const& e)
        {
            state_.log().log(log_level::error, "store_failed",
                             {{"conn", connection_id_}, {"during", "join"}, {"reason", e.what()}});
            return refuse(protocol::error::internal_error, "join");
        }
        // The opening may end the opener's term: it keeps the chair, but hands it on and takes
        // it back only as the policy after this count allows.
        meeting = &state_.rooms().open(group_, *ledger_->current(), ledger_->chair_policy(),
                                       member_, executor());
        ledger_->meeting_opened(member_);
    }
    room_ = meeting;
    if (auto const refusal = meeting->join(*this))
    {
        room_ = nullptr;
        return refuse(*refusal, "join");
    }
    if (!opening)
        ledger_->came_to_meeting(member_);
    state_.log().log(log_level::info, opening ? "meeting_opened" : "meeting_joined",
                     {{"conn", connection_id_}, {"present", meeting->size()}});
}

void websocket_session::handle(protocol::floor_frame const& frame)
{
    auto const ref = protocol::frame_type_name(frame.action);
    if (!authenticated())
        return refuse(protocol::error::not_authenticated, ref);
    if (!room_)
        return refuse(protocol::error::not_in_meeting, ref);
    auto* meeting = room_;
    auto const outcome = meeting->control(*this, frame);
    if (!outcome)
        return refuse(outcome, ref);
    if (meeting->ended())
    {
        state_.log().log(log_level::info, "meeting_ended", {{"conn", connection_id_}});
        state_.rooms().end(group_);
    }
}

void websocket_session::handle(protocol::away_frame const& frame)
{
    if (!member_gate("away"))
        return;
    if (!ledger_->is_member(member_))
        return refuse(protocol::error::not_a_member, "away");
    ledger_->set_away(member_, frame.on);
}

void websocket_session::handle(protocol::leave_frame const&)
{
    if (!room_)
        return refuse(protocol::error::not_in_meeting, "leave");
    leave_meeting();
}

bool websocket_session::relayable(std::string_view ref, protocol::id16 const& session,
                                  protocol::id16 const& from)
{
    if (!authenticated())
        refuse(protocol::error::not_authenticated, ref);
    else if (!room_)
        refuse(protocol::error::not_in_meeting, ref);
    else if (from != member_)
        refuse(protocol::error::wrong_sender, ref);
    else if (session != room_->session())
        refuse(protocol::error::wrong_meeting, ref);
    else
        return true;
    return false;
}

bool websocket_session::refused(meeting_epochs::verdict verdict, std::string_view ref)
{
    using v = meeting_epochs::verdict;
    switch (verdict)
    {
    case v::ok:
        return false;
    case v::wrong_epoch:
        refuse(protocol::error::wrong_epoch, ref);
        break;
    case v::not_a_participant:
        refuse(protocol::error::not_a_participant, ref);
        break;
    case v::roster_stale:
        refuse(protocol::error::roster_stale, ref);
        break;
    case v::ekey_invalid:
        refuse(protocol::error::ekey_invalid, ref);
        break;
    case v::duplicate:
        refuse(protocol::error::duplicate, ref);
        break;
    case v::skd_incomplete:
        refuse(protocol::error::skd_incomplete, ref);
        break;
    case v::no_sender_key:
        refuse(protocol::error::no_sender_key, ref);
        break;
    case v::ctr_not_increasing:
        refuse(protocol::error::ctr_not_increasing, ref);
        break;
    }
    return true;
}

void websocket_session::relay_and_drive(std::string_view text)
{
    // One copy of the frame, shared by every recipient's queue.
    room_->relay(*this, std::make_shared<std::string const>(text));
    room_->drive();
    if (room_ == nullptr)
        state_.rooms().close_if_empty(group_);
}

void websocket_session::handle(protocol::msg_frame const& frame, std::string_view text)
{
    if (!relayable("msg", frame.session, frame.from))
        return;
    if (refused(room_->epochs().on_msg(frame.from, frame.epoch, frame.counter,
                                       meeting_epochs::clock::now()),
                "msg"))
        return;
    // After the key checks (PROTOCOL.md §8.4): the counter is spent either way.
    if (auto const floor = room_->rule_on_msg(frame.from, frame.kind); !floor)
    {
        // Kind 2 is a reaction (PSG1.md §6.4); writing signals have their own fixed limit.
        if (floor.result == floor_machine::verdict::rate_limited && frame.kind == 2)
            state_.stats().count_limit(limit::reaction_rate);
        return refuse(floor, "msg");
    }
    ++state_.stats().messages_relayed;
    relay_and_drive(text);
}

void websocket_session::handle(protocol::ekey_frame const& frame, std::string_view text)
{
    if (!relayable("ekey", frame.session, frame.from))
        return;
    auto const* sender = ledger_->current()->find(frame.from);
    if (sender == nullptr)
        return refuse(protocol::error::not_a_participant, "ekey");
    protocol::psg1_ekey const ekey{frame.session,     frame.epoch, frame.from, frame.roster_version,
                                   frame.roster_hash, frame.ek,    frame.sig};
    if (refused(room_->epochs().on_ekey(ekey, sender->sig_pk), "ekey"))
        return;
    ++state_.stats().ekeys_relayed;
    relay_and_drive(text);
}

void websocket_session::handle(protocol::skd_frame const& frame, std::string_view text)
{
    if (!relayable("skd", frame.session, frame.from))
        return;
    if (refused(room_->epochs().on_skd(frame.from, frame.epoch, frame.recipients), "skd"))
        return;
    ++state_.stats().skds_relayed;
    relay_and_drive(text);
}

bool websocket_session::member_gate(std::string_view ref, bool allowed_before_v1)
{
    if (stage_ == connection_state::pending)
    {
        refuse(protocol::error::not_a_member, ref);
        return false;
    }
    if (stage_ != connection_state::member)
    {
        refuse(protocol::error::not_authenticated, ref);
        return false;
    }
    if (!allowed_before_v1 && ledger_->current() == nullptr)
    {
        refuse(protocol::error::no_roster, ref);
        return false;
    }
    return true;
}

template <typename Action>
void websocket_session::with_ledger(std::string_view ref, Action action)
{
    try
    {
        if (auto const failure = action(*ledger_))
            refuse(*failure, ref);
    }
    catch (store_error const& e)
    {
        state_.log().log(log_level::error, "store_failed",
                         {{"conn", connection_id_}, {"during", ref}, {"reason", e.what()}});
        refuse(protocol::error::internal_error, ref);
    }
}

void websocket_session::handle(protocol::roster_get_frame const& frame)
{
    // A knocked connection fetches the chain from its link's pin only (PSG1.md §3.8).
    bool const may =
        authenticated() || (stage_ == connection_state::knocked && frame.from_hash.has_value());
    if (!may)
        return refuse(protocol::error::not_authenticated, "roster_get");
    with_ledger("roster_get", [&](group_ledger& l) { return l.roster_get(*this, frame); });
}

void websocket_session::handle(protocol::roster_propose_frame const& frame)
{
    if (member_gate("roster_propose", true))
        with_ledger("roster_propose", [&](group_ledger& l) { return l.propose(*this, frame); });
}

void websocket_session::handle(protocol::approve_frame const& frame)
{
    if (member_gate("approve"))
        with_ledger("approve", [&](group_ledger& l) { return l.approve(*this, frame); });
}

void websocket_session::handle(protocol::object_frame const& frame)
{
    if (member_gate("object"))
        with_ledger("object", [&](group_ledger& l) { return l.object(*this, frame); });
}

void websocket_session::handle(protocol::withdraw_frame const& frame)
{
    if (member_gate("withdraw"))
        with_ledger("withdraw", [&](group_ledger& l) { return l.withdraw(*this, frame); });
}

void websocket_session::handle(protocol::invite_create_frame const& frame)
{
    if (member_gate("invite_create"))
        with_ledger("invite_create",
                    [&](group_ledger& l) { return l.create_invite(*this, frame); });
}

void websocket_session::handle(protocol::invite_revoke_frame const& frame)
{
    if (member_gate("invite_revoke"))
        with_ledger("invite_revoke",
                    [&](group_ledger& l) { return l.revoke_invite(*this, frame); });
}

void websocket_session::handle(protocol::invite_keys_frame const& frame)
{
    if (member_gate("invite_keys"))
        with_ledger("invite_keys",
                    [&](group_ledger& l) { return l.add_invite_keys(*this, frame); });
}

void websocket_session::handle(protocol::decline_frame const& frame)
{
    if (member_gate("decline"))
        with_ledger("decline", [&](group_ledger& l) { return l.decline(*this, frame); });
}

void websocket_session::handle(protocol::knock_frame const& frame)
{
    if (authenticated())
        return refuse(protocol::error::already_authenticated, "knock");
    if (!may_present_invite("knock"))
        return;
    with_ledger("knock",
                [&](group_ledger& l)
                {
                    auto failure = l.knock(*this, frame);
                    if (!failure)
                    {
                        // Time to read the ground rules before asking (PSG1.md §4.3).
                        stage_ = connection_state::knocked;
                        arm_deadline(state_.config().knock_ttl);
                    }
                    return failure;
                });
}

void websocket_session::handle(protocol::join_request_frame const& frame)
{
    if (authenticated())
        return refuse(protocol::error::already_authenticated, "join_request");
    // Before the challenge is spent: a limited attempt is no attempt.
    if (!may_present_invite("join_request"))
        return;
    protocol::key32 nonce{};
    if (auto const failure = take_challenge(nonce))
        return refuse(*failure, "join_request");
    if (!protocol::sign_verify_detached(frame.sig,
                                        protocol::possession_message(origin_, nonce, group_,
                                                                     frame.invite, frame.member,
                                                                     frame.sig_pk, frame.dh_pk),
                                        frame.sig_pk))
    {
        state_.log().log(log_level::info, "auth_failed", {{"conn", connection_id_}});
        return refuse(protocol::error::auth_failed, "join_request");
    }
    with_ledger("join_request", [&](group_ledger& l) { return l.request_join(*this, frame); });
}

void websocket_session::handle(protocol::join_withdraw_frame const&)
{
    with_ledger("join_withdraw", [&](group_ledger& l) { return l.withdraw_request(*this); });
}

void websocket_session::become_pending(protocol::id16 const& member)
{
    stage_ = connection_state::pending;
    member_ = member;
    deadline_.reset();
    state_.log().log(log_level::info, "join_pending", {{"conn", connection_id_}});
}

void websocket_session::admit(protocol::member_role role)
{
    stage_ = connection_state::member;
    send(protocol::make_join_status_frame(protocol::join_state::admitted));
    ledger_->send_meeting_state(*this);
    state_.log().log(log_level::info, "admitted",
                     {{"conn", connection_id_}, {"role", protocol::role_name(role)}});
}

void websocket_session::close_after_told()
{
    // The outcome is queued: it goes out before the close frame.
    close_when_drained(websocket::close_code::normal, "");
}

void websocket_session::close_when_drained(std::uint16_t code, std::string_view reason)
{
    if (closing_ || close_when_drained_)
        return;
    close_when_drained_ = true;
    drained_close_code_ = code;
    drained_close_reason_ = reason;
    if (writing_.empty() && queue_.empty())
    {
        closing_ = true;
        close(code, reason);
    }
}

void websocket_session::close_no_longer_member()
{
    if (closing_)
        return;
    closing_ = true;
    leave_meeting();
    close(close_no_longer_member_code, "no longer a member");
}

bool websocket_session::close_group_deleted()
{
    if (closing_)
        return false;
    closing_ = true;
    leave_meeting();
    close(close_no_longer_member_code, "group deleted");
    return true;
}

void websocket_session::leave_meeting()
{
    if (!room_)
        return;
    auto* meeting = std::exchange(room_, nullptr);
    meeting->leave(*this);
    state_.rooms().close_if_empty(group_);
}

void websocket_session::send(std::shared_ptr<std::string const> const& frame)
{
    if (closing_)
        return;
    auto const cost = frame->size() + 1; // the '\n' that separates it from the next frame
    auto const limit = state_.config().write_queue_bytes;
    // Past twice the limit at once, whatever the socket does: the hard bound on memory.
    if (queued_bytes_ + cost > 2 * limit)
        return cut_off();
    queued_bytes_ += cost;
    queue_.push_back(frame);
    if (queued_bytes_ > limit)
        judge_queue_later();
    schedule_flush();
}

void websocket_session::judge_queue_later()
{
    // A queue past the limit in the middle of a turn of the io loop says nothing yet: a burst of
    // reads handled in one turn queues everything before any of it is written, and the write
    // that is in flight may have gone out already with its completion waiting in line. The
    // reader is slow if the queue is still past the limit after a turn in which no write of
    // this connection completed.
    if (queue_judged_later_)
        return;
    queue_judged_later_ = true;
    net::post(executor(),
              [self = shared_from_this(), writes = writes_completed_]
              {
                  self->queue_judged_later_ = false;
                  if (self->closing_ ||
                      self->queued_bytes_ <= self->state_.config().write_queue_bytes)
                      return;
                  if (self->writes_completed_ != writes)
                      return self->judge_queue_later();
                  self->cut_off();
              });
}

void websocket_session::cut_off()
{
    ++state_.stats().write_queue_overflows;
    state_.stats().count_limit(limit::write_queue_bytes);
    state_.log().log(log_level::warn, "write_queue_overflow",
                     {{"conn", connection_id_}, {"queued_bytes", queued_bytes_}});
    closing_ = true;
    // Leaving the room now would change the participant list a fan-out may be walking.
    net::post(executor(),
              [self = shared_from_this()]
              {
                  self->leave_meeting();
                  self->close(websocket::close_code::policy_error, "write queue over limit");
              });
}

void websocket_session::schedule_flush()
{
    // Not written at once: a frame queued while the io loop works through a batch of completed
    // reads waits for the end of that batch, so everything the batch queued to this connection
    // goes out in one write (one syscall) instead of one write per frame. The posted flush runs
    // once the handlers already queued have run, without waiting for new events.
    if (flush_scheduled_ || !writing_.empty() || closing_)
        return;
    flush_scheduled_ = true;
    net::post(executor(),
              [self = shared_from_this()]
              {
                  self->flush_scheduled_ = false;
                  self->do_write();
              });
}

void websocket_session::do_write()
{
    // One write in flight at a time; whatever queues meanwhile goes out together next.
    if (!writing_.empty() || queue_.empty() || closing_)
        return;
    std::swap(writing_, queue_);
    write_buffers_.clear();
    static constexpr char separator = '\n';
    for (auto const& frame : writing_)
    {
        if (!write_buffers_.empty())
            write_buffers_.emplace_back(&separator, 1);
        write_buffers_.emplace_back(frame->data(), frame->size());
    }
    std::visit(
        [&](auto& ws)
        {
            ws.text(true);
            // A span, not the vector: Beast copies the buffer sequence into its operation, and a
            // vector's copy is an allocation per write.
            ws.async_write(
                std::span<net::const_buffer const>(write_buffers_),
                beast::bind_front_handler(&websocket_session::on_write, shared_from_this()));
        },
        ws_);
}

void websocket_session::on_write(error_code ec, std::size_t /*bytes*/)
{
    ++writes_completed_;
    for (auto const& frame : writing_)
        queued_bytes_ -= frame->size() + 1;
    writing_.clear();
    // A failed write fails the stream; the read loop sees it and cleans up.
    if (ec)
        return;
    if (close_when_drained_ && queue_.empty() && !closing_)
    {
        closing_ = true;
        close(drained_close_code_, drained_close_reason_);
        return;
    }
    do_write();
}

void websocket_session::evict_replaced()
{
    // The room has already put the new connection in this one's place.
    room_ = nullptr;
    state_.log().log(log_level::info, "connection_replaced", {{"conn", connection_id_}});
    if (!closing_)
    {
        closing_ = true;
        close(close_replaced, "replaced by a newer connection");
    }
}

void websocket_session::dropped_from_meeting(protocol::error reason)
{
    room_ = nullptr;
    state_.log().log(log_level::info, "meeting_dropped",
                     {{"conn", connection_id_}, {"code", protocol::code_name(reason)}});
    refuse(reason, "");
}

void websocket_session::meeting_ended()
{
    room_ = nullptr;
}

void websocket_session::shut_down()
{
    if (closing_)
        return;
    closing_ = true;
    leave_meeting();
    close(websocket::close_code::going_away, "server shutting down");
}

void websocket_session::close(std::uint16_t code, std::string_view reason)
{
    state_.stats().count_close(code);
    arm_deadline(close_grace);
    std::visit(
        [&](auto& ws)
        {
            ws.async_close(
                websocket::close_reason(static_cast<websocket::close_code>(code), reason),
                [self = shared_from_this()](error_code) {});
        },
        ws_);
}

net::any_io_executor websocket_session::executor()
{
    return std::visit([](auto& ws) -> net::any_io_executor { return ws.get_executor(); }, ws_);
}

void websocket_session::arm_deadline(std::chrono::steady_clock::duration after)
{
    if (!deadline_)
        deadline_ = std::make_unique<net::steady_timer>(executor());
    deadline_->expires_after(after);
    deadline_->async_wait(
        beast::bind_front_handler(&websocket_session::on_deadline, shared_from_this()));
}

void websocket_session::on_deadline(error_code ec)
{
    if (ec == net::error::operation_aborted)
        return;
    if (closing_)
        return force_close();
    if (!authenticated())
    {
        ++state_.stats().handshake_timeouts;
        state_.stats().count_limit(limit::handshake_timeout);
        state_.log().log(log_level::info, "handshake_timeout", {{"conn", connection_id_}});
        closing_ = true;
        close(websocket::close_code::policy_error, "authentication timeout");
    }
}

void websocket_session::force_close()
{
    std::visit([](auto& ws) { beast::close_socket(beast::get_lowest_layer(ws)); }, ws_);
}

} // namespace sirkel
