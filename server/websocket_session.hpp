// One member's WebSocket connection: the read loop, the frame handlers of PROTOCOL.md §4 and a
// bounded, coalescing write queue. Every handler holds shared_from_this(); all of it runs on
// the io thread.
#pragma once

#include "floor_machine.hpp"
#include "meeting_epochs.hpp"
#include "net.hpp"
#include "token_bucket.hpp"
#include "transport_stream.hpp"

#include "sirkel/protocol/client_frame.hpp"
#include "sirkel/protocol/error.hpp"
#include "sirkel/protocol/server_frames.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sirkel
{

class group_ledger;
class room;
class server_state;

/// Where a connection stands in PSG1.md §8's admission (a member before v1 is the group's
/// provisional first member).
enum class connection_state
{
    unauthenticated,
    knocked, ///< read an invite's info; may still ask to join
    pending, ///< a joiner whose request is open
    member,
};

class websocket_session : public std::enable_shared_from_this<websocket_session>
{
public:
    /// Close code for a connection replaced by a newer one of the same member (PROTOCOL.md §6).
    static constexpr std::uint16_t close_replaced = 4001;
    /// Close code for a connection whose member a committed roster no longer holds (PSG1 §8.1).
    static constexpr std::uint16_t close_no_longer_member_code = 4002;
    /// Close reason (with 1008) for a connection that went on sending past frame_rate.
    static constexpr std::string_view close_frame_flood = "too many frames";

    /// peer: the client's address as the per-address limits count it (client_address.hpp).
    websocket_session(transport_stream&& stream, server_state& state, net::ip::address peer,
                      protocol::id16 const& group, std::string origin, std::uint64_t connection_id,
                      std::chrono::steady_clock::time_point accepted_at);
    ~websocket_session();
    websocket_session(websocket_session const&) = delete;
    websocket_session& operator=(websocket_session const&) = delete;

    /// Accept the upgrade request that http_session read, then start reading frames.
    void run(http::request<http::string_body> request);

    /** Queue a frame for this connection. It goes out once the io loop has handled what is
        ready now; frames queued meanwhile, or while a write is in flight, go out together as
        one WebSocket message, separated by '\n'. A connection whose queue is still past
        write_queue_bytes after a turn of the loop in which none of its writes completed, or
        would pass twice that at once, is cut off (a slow reader must not grow the server's
        memory); a frame past twice the limit is dropped.
    */
    void send(std::shared_ptr<std::string const> const& frame);
    void send(std::string frame) { send(std::make_shared<std::string const>(std::move(frame))); }

    /// The member (or pending joiner) this connection authenticated as (all zero before).
    [[nodiscard]] protocol::id16 const& member() const noexcept { return member_; }
    [[nodiscard]] connection_state state() const noexcept { return stage_; }

    /// A join request was accepted: this connection is now its pending joiner.
    void become_pending(protocol::id16 const& member);
    /// The roster that admits this pending joiner was committed: join_status admitted, and the
    /// connection is a member's from now on.
    void admit(protocol::member_role role);
    /// The joiner has been told its request's outcome: close normally (1000).
    void close_after_told();
    /// A committed roster no longer holds this member: close 4002.
    void close_no_longer_member();
    /// The organisation deleted the group (`sirkel admin delete-group`) while this connection
    /// was open: nobody is a member any more, so close 4002 as for a removed member.
    /// @return false if the connection was already closing.
    bool close_group_deleted();

    /// Called by the room when the same member joined from another connection.
    void evict_replaced();
    /// Called by the room when it took this connection out of the meeting for reason (an
    /// epoch_timeout): the connection is told and stays authenticated; it may join again.
    void dropped_from_meeting(protocol::error reason);
    /// Called by the room when its chair ended it: the connection had the ending floor and is
    /// out of the meeting; it stays authenticated.
    void meeting_ended();

    /// Server shutdown: close with 1001 (going away).
    void shut_down();

private:
    void on_accept(error_code ec);
    void do_read();
    void on_read(error_code ec, std::size_t bytes);
    void handle_text(std::string_view text);
    /// A frame over frame_rate: refused too_many_frames, and after frame_rate.burst such
    /// refusals in a row the connection is closed (1008).
    void frame_over_rate();
    /// Whether this connection's address may present an invite once more (knock, join_request,
    /// redeem); refuses too_many_attempts (and returns false) when not.
    [[nodiscard]] bool may_present_invite(std::string_view ref);

    void handle(protocol::hello_frame const& frame);
    void handle(protocol::auth_frame const& frame);
    void handle(protocol::redeem_frame const& frame);
    void handle(protocol::join_frame const& frame);
    void handle(protocol::leave_frame const& frame);
    void handle(protocol::msg_frame const& frame, std::string_view text);
    void handle(protocol::ekey_frame const& frame, std::string_view text);
    void handle(protocol::skd_frame const& frame, std::string_view text);
    void handle(protocol::roster_get_frame const& frame);
    void handle(protocol::roster_propose_frame const& frame);
    void handle(protocol::approve_frame const& frame);
    void handle(protocol::object_frame const& frame);
    void handle(protocol::withdraw_frame const& frame);
    void handle(protocol::invite_create_frame const& frame);
    void handle(protocol::invite_revoke_frame const& frame);
    void handle(protocol::invite_keys_frame const& frame);
    void handle(protocol::knock_frame const& frame);
    void handle(protocol::join_request_frame const& frame);
    void handle(protocol::join_withdraw_frame const& frame);
    void handle(protocol::decline_frame const& frame);
    void handle(protocol::floor_frame const& frame);
    void handle(protocol::away_frame const& frame);

    [[nodiscard]] bool authenticated() const noexcept
    {
        return stage_ == connection_state::pending || stage_ == connection_state::member;
    }
    /// Whether a member-only frame may go on: refuses (and returns false) for anyone else, and
    /// before version 1 for every frame but roster_propose and roster_get.
    [[nodiscard]] bool member_gate(std::string_view ref, bool allowed_before_v1 = false);
    /// Run a ledger handler for ref, answering its refusal or internal_error on a store failure.
    template <typename Action>
    void with_ledger(std::string_view ref, Action action);

    /// speaker, when given, is who holds the floor (PROTOCOL.md §8.4).
    void refuse(protocol::error code, std::string_view ref,
                protocol::id16 const* speaker = nullptr);
    /// Refuse with the floor's verdict, naming who holds the floor when the rule is about it.
    void refuse(floor_machine::outcome const& outcome, std::string_view ref);
    /// Take the connection's challenge for one attempt: the error if there is none or it is
    /// too old, else the nonce (and the challenge is gone either way).
    [[nodiscard]] std::optional<protocol::error> take_challenge(protocol::key32& nonce);
    void authenticated(protocol::member_role role);

    /// Post one flush of the queue unless one is posted or a write is in flight (on_write then
    /// writes what queued meanwhile).
    void schedule_flush();
    /// The queue is past write_queue_bytes: cut the connection off after this turn of the loop
    /// unless one of its writes completes meanwhile (then judge again after the next).
    void judge_queue_later();
    /// Close a slow reader (1008) and take it out of its meeting.
    void cut_off();
    void do_write();
    void on_write(error_code ec, std::size_t bytes);

    /** The checks every relayed frame (msg, ekey, skd) of ref shares: authenticated, in the
        meeting, of this meeting (ses) and from this member. Refuses and returns false when one
        fails.
    */
    [[nodiscard]] bool relayable(std::string_view ref, protocol::id16 const& session,
                                 protocol::id16 const& from);
    /// Refuse with verdict's error (true), or go on when it is ok (false).
    [[nodiscard]] bool refused(meeting_epochs::verdict verdict, std::string_view ref);
    /// Relay text to the rest of the meeting, then act on what is due (and close the room if a
    /// timeout emptied it).
    void relay_and_drive(std::string_view text);

    /// Leave the meeting (if in one) and stop tracking; safe to call more than once.
    void leave_meeting();
    void close(std::uint16_t code, std::string_view reason);
    /// Read no more frames, write what is queued, then close with code and reason (a literal).
    void close_when_drained(std::uint16_t code, std::string_view reason);
    [[nodiscard]] net::any_io_executor executor();
    /// Arms the deadline timer, made on first use: a connection only has one until it
    /// authenticates and while it closes.
    void arm_deadline(std::chrono::steady_clock::duration after);
    void on_deadline(error_code ec);
    void force_close();

    any_websocket ws_;
    server_state& state_;
    net::ip::address peer_;
    beast::flat_buffer buffer_;
    std::unique_ptr<net::steady_timer> deadline_;
    protocol::id16 group_;
    std::string origin_;
    std::uint64_t connection_id_;
    std::chrono::steady_clock::time_point accepted_at_;
    token_bucket frames_;
    std::uint32_t frames_refused_in_a_row_ = 0;

    std::optional<protocol::key32> challenge_;
    std::chrono::steady_clock::time_point challenge_expiry_{};
    connection_state stage_ = connection_state::unauthenticated;
    protocol::id16 member_{};
    group_ledger* ledger_ = nullptr; ///< set once the connection is accepted
    room* room_ = nullptr;

    std::vector<std::shared_ptr<std::string const>> queue_;
    std::vector<std::shared_ptr<std::string const>> writing_;
    std::vector<net::const_buffer> write_buffers_;
    std::size_t queued_bytes_ = 0;
    bool flush_scheduled_ = false;
    bool queue_judged_later_ = false;
    std::uint64_t writes_completed_ = 0;
    bool closing_ = false;
    bool close_when_drained_ = false; ///< close once the queued frames are written, with:
    std::uint16_t drained_close_code_ = 1000;
    std::string_view drained_close_reason_;
};

} // namespace sirkel
