// A member's PSG1 client in a live meeting, for the integration tests (PSG1.md §3.8, §5, §6): over
// one test_client connection it verifies and adopts the roster versions the server sends, checks
// each epoch against its roster, sends its ekey, verifies the others' ekeys (fetching the chain
// when one names another roster), sends its skd once it has them all, opens the others' skd
// boxes, and seals and opens messages of every kind (PSG1.md §6.4: text, reactions, "I'm still
// writing"). Tests drive it step by step: pump() until a condition, send_text(), next_text(),
// next_frame(); every wait is bounded.
#pragma once

#include "test_client.hpp"

#include "sirkel/protocol/bytes.hpp"
#include "sirkel/protocol/message_receiver.hpp"
#include "sirkel/protocol/message_sender.hpp"
#include "sirkel/protocol/psg1_error.hpp"
#include "sirkel/protocol/roster.hpp"

#include <boost/json/object.hpp>

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace sirkel::test
{

class psg1_participant
{
public:
    /// A received msg: its sender, its kind and either what it says or the PSG1 error that
    /// refused it.
    struct received_text
    {
        protocol::id16 from{};
        std::uint32_t ep = 0;
        std::uint8_t kind = 0;               ///< 1 text, 2 reaction, 3 control (PSG1.md §6.4)
        std::optional<std::string> text;     ///< of kind 1
        std::optional<std::string> reaction; ///< of kind 2: recognise, thanks or heart
        std::optional<bool> typing;          ///< of kind 3
        protocol::psg1_error code = protocol::psg1_error::ok;
        std::string frame; ///< the frame's exact text, as the server relayed it
    };

    /** identity's participant in group's meetings over client (already authenticated), whose
        roster (its last verified version) the epochs are checked against. name is what the
        others show for it (inside its skd boxes).
    */
    psg1_participant(protocol::id16 const& group, device_identity const& identity,
                     protocol::roster roster, test_client& client, std::string name = "member");
    ~psg1_participant();
    psg1_participant(psg1_participant const&) = delete;
    psg1_participant& operator=(psg1_participant const&) = delete;

    /** join; the meeting id, once joined and the floor that follows it have come. Frames that
        come before are handled as pump() does (a meeting_state, say, when this join opens the
        meeting); the floor stays among other_frames().
        @throws std::runtime_error unless answered with joined (the message quotes an error)
        and then floor.
    */
    protocol::id16 join();

    /** Handle incoming frames until done() holds or timeout passes; whether done() held.
        Frames that are none of epoch/ekey/skd/msg go to other_frames() (roster frames too,
        after they are checked).
    */
    bool pump_until(std::function<bool()> const& done,
                    std::chrono::milliseconds timeout = default_timeout);
    /// Handle whatever arrives within period.
    void pump_for(std::chrono::milliseconds period = quiet_period);
    /// Pump until ep is the current epoch and this participant can send and read everyone's
    /// messages of it. @throws std::runtime_error if it is not within timeout.
    void await_ready(std::uint32_t ep, std::chrono::milliseconds timeout = default_timeout);

    /** Pump each of participants in turn until all are ready in epoch ep: one alone would wait
        for keys the others only send while they are pumped. @throws std::runtime_error (with
        the first unready one's reason) if they are not within timeout.
    */
    static void await_all_ready(std::vector<psg1_participant*> const& participants,
                                std::uint32_t ep,
                                std::chrono::milliseconds timeout = default_timeout);

    /// Seal text as a kind 1 message of the current epoch and send it; the frame sent.
    /// @throws std::runtime_error if this participant's skd is not sent yet.
    std::string send_text(std::string_view text);
    /// The same for a quiet reaction (kind 2): "recognise", "thanks" or "heart" (or anything
    /// else, for a test of what a receiver refuses).
    std::string send_reaction(std::string_view reaction);
    /// The same for "I'm still writing" (kind 3), on when typing starts and off when it stops.
    std::string send_typing(bool typing);
    /// The next received msg of any kind, pumping up to timeout; std::nullopt if none comes.
    std::optional<received_text> next_text(std::chrono::milliseconds timeout = default_timeout);
    /** The first frame of type t among other_frames(), taken out of them, pumping up to timeout
        for one; std::nullopt if none comes. Frames of other types stay where they are.
    */
    std::optional<boost::json::object>
    next_frame(std::string_view type, std::chrono::milliseconds timeout = default_timeout);
    /// Check and open a msg frame as if it had come now (e.g. one sent before this participant
    /// came): what it says (text, reaction or writing signal) or the PSG1 error code.
    received_text open(std::string const& msg_frame);

    /// Adopt a newer verified roster version (after a commit this participant saw).
    void set_roster(protocol::roster roster) { roster_ = std::move(roster); }
    /// Check a roster frame as if it had come now (e.g. one a test altered): its versions above
    /// the held one are verified with verify_chain and adopted if they hold; the code.
    protocol::psg1_error check_roster(boost::json::object const& frame);
    /// Ask the server for the chain above this participant's version (roster_get); the answer
    /// is checked like any roster frame.
    void fetch_roster();
    /// The roster version this participant holds: its last verified one.
    [[nodiscard]] protocol::roster const& roster() const noexcept { return roster_; }
    /// How each roster frame received checked, in order: ok (its versions above the held one
    /// were verified with verify_chain and adopted) or the code that refused it.
    [[nodiscard]] std::vector<protocol::psg1_error> const& roster_checks() const noexcept
    {
        return roster_checks_;
    }

    [[nodiscard]] std::uint32_t current_ep() const noexcept { return ep_; }
    [[nodiscard]] std::vector<protocol::id16> const& parts() const noexcept { return parts_; }
    /// Own skd sent and every other participant's sender key of the current epoch installed.
    [[nodiscard]] bool ready() const;
    /// How the last epoch frame checked (ok, or the code it was refused with).
    [[nodiscard]] protocol::psg1_error epoch_check() const noexcept { return epoch_check_; }
    /** Refusals of others' ekeys and skds, in order: (sender, code). An ekey over a roster
        other than this participant's is held while the chain is fetched (§5.2), then refused
        with roster_invalid if it still differs, or with the chain's own code if that fails.
    */
    [[nodiscard]] std::vector<std::pair<protocol::id16, protocol::psg1_error>> const&
    key_refusals() const noexcept
    {
        return key_refusals_;
    }
    /// Every frame this participant did not act on (error, presence, roster, …), in order.
    [[nodiscard]] std::deque<boost::json::object>& other_frames() noexcept { return others_; }
    /// Every epoch/ekey/skd/msg frame text received, in order (for what the server relayed).
    [[nodiscard]] std::vector<std::string> const& relayed_frames() const noexcept
    {
        return relayed_;
    }
    /// Every ekey and skd frame this participant sent, in order, as sent.
    [[nodiscard]] std::vector<std::string> const& sent_key_frames() const noexcept
    {
        return sent_keys_;
    }
    /// The name another participant sent inside its skd box to this one (empty if none yet).
    [[nodiscard]] std::string name_of(protocol::id16 const& member) const;
    [[nodiscard]] device_identity const& identity() const noexcept { return identity_; }
    [[nodiscard]] test_client& client() noexcept { return client_; }
    [[nodiscard]] protocol::id16 const& session() const noexcept { return session_; }

private:
    struct peer
    {
        std::optional<protocol::key32> ek_pk;
        bool sender_key_installed = false;
    };

    void handle(std::string const& text);
    void on_epoch(boost::json::object const& frame);
    void on_ekey(boost::json::object const& frame);
    void on_skd(boost::json::object const& frame);
    void on_roster(boost::json::object const& frame);
    /// Settle the ekeys held for a chain fetch against the roster now held; chain is how the
    /// fetched chain checked.
    void settle_held_ekeys(protocol::psg1_error chain);
    void on_msg(std::string const& text);
    void send_skd_when_ready();
    /// Seal the canonical plaintext pt (PSG1.md §6.4) as a message of kind and send it.
    std::string seal_and_send(std::uint8_t kind, std::string_view pt);

    protocol::id16 group_;
    device_identity identity_;
    protocol::roster roster_;
    test_client& client_;
    std::string name_;

    protocol::id16 session_{};
    std::uint32_t ep_ = 0;
    std::vector<protocol::id16> parts_;
    protocol::psg1_error epoch_check_ = protocol::psg1_error::ok;
    protocol::key32 ek_pk_{};
    protocol::key32 ek_sk_{};
    protocol::key32 chain_key_{};
    protocol::key32 sk_msg_pk_{};
    std::array<protocol::byte, 64> sk_msg_sk_{};
    bool skd_sent_ = false;
    std::map<protocol::id16, peer> peers_;        ///< the other participants of ep_
    std::map<protocol::id16, std::string> names_; ///< from the skd boxes opened
    std::unique_ptr<protocol::message_sender> sender_;
    /// Receive state by (epoch, sender), kept across epochs for the grace period's messages.
    std::map<std::pair<std::uint32_t, protocol::id16>, std::unique_ptr<protocol::message_receiver>>
        receivers_;

    /// Others' ekeys of ep_ that named another roster: (sender, rv, rh), until a roster frame.
    std::vector<std::tuple<protocol::id16, std::uint64_t, protocol::key32>> held_ekeys_;
    std::vector<protocol::psg1_error> roster_checks_;
    std::vector<std::pair<protocol::id16, protocol::psg1_error>> key_refusals_;
    std::deque<received_text> texts_;
    std::deque<boost::json::object> others_;
    std::vector<std::string> relayed_;
    std::vector<std::string> sent_keys_;
};

} // namespace sirkel::test
