// The key epochs of one live meeting (PSG1.md §5, §8.4): who takes part in which epoch, whose
// ekey and skd arrived, each sender's last ctr, and when the next epoch is due. A pure state
// machine: no I/O and no timers; every call that depends on time is given `now`, and
// next_deadline() tells the room when to call again. Owned by the room, on the io thread.
#pragma once

#include "sirkel/protocol/bytes.hpp"
#include "sirkel/protocol/psg1_ekey.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace sirkel
{

/// What the room sends, with the meeting's ses, as an "epoch" frame (PSG1.md §5.1).
struct epoch_announcement
{
    std::uint32_t ep = 0;
    std::vector<protocol::id16> parts; // sorted, unique
    std::uint64_t rv = 0;
    protocol::key32 rh{};
};

class meeting_epochs
{
public:
    using clock = std::chrono::steady_clock;

    /// Why a key frame or message is refused. Each name is the wire code of PSG1.md §8.1/§8.4;
    /// the room answers with the protocol error of the same name.
    enum class verdict
    {
        ok,
        wrong_epoch,
        not_a_participant,
        roster_stale,
        ekey_invalid,
        duplicate,
        skd_incomplete,
        no_sender_key,
        ctr_not_increasing,
    };

    /// Triggers this close to the first unannounced one make one epoch (§5.4 coalescing).
    static constexpr std::chrono::seconds coalescing_window{2};
    /// How long messages of the previous epoch are still relayed after a new one (§5.4 grace).
    static constexpr std::chrono::seconds previous_epoch_grace{10};
    /// An epoch this old is replaced (§5.4, SHOULD).
    static constexpr std::chrono::minutes epoch_max_age{15};
    /// A sender's ctr this high asks for a new epoch (§5.4, SHOULD).
    static constexpr std::uint32_t rekey_ctr = 1000;

    /**
     * A meeting of room_id with id session_id, opened under roster version rv (hash rh) whose
     * members are members. Nobody is present yet: the first participant_joined asks for epoch 1.
     * epoch_setup is epoch_setup_ms, the time each participant has to send its ekey and skd.
     */
    meeting_epochs(protocol::id16 const& room_id, protocol::id16 const& session_id,
                   std::uint64_t rv, protocol::key32 const& rh, std::vector<protocol::id16> members,
                   std::chrono::milliseconds epoch_setup);

    [[nodiscard]] protocol::id16 const& session_id() const noexcept { return session_id_; }
    /// The last announced epoch; 0 before the first.
    [[nodiscard]] std::uint32_t current_ep() const noexcept;

    /// A member entered the meeting, or replaced its own connection (the new connection has no
    /// keys of the current epoch): a new epoch is due, at once if every member of the roster is
    /// now present, else after the coalescing window. The room has checked membership.
    void participant_joined(protocol::id16 const& member, clock::time_point now);

    /// A member left the meeting (leave, drop, close): a new epoch is due. Nothing happens if it
    /// was not present, so the room may call it for a participant dropped by expire_setup.
    void participant_left(protocol::id16 const& member, clock::time_point now);

    /// The chair removed a member from the meeting (PROTOCOL.md §8.6): like a roster commit
    /// that removes one, the next epoch is due at once, not after the coalescing window.
    void participant_removed(protocol::id16 const& member, clock::time_point now);

    /**
     * Roster version rv (hash rh) was committed with these members. Present non-members stop
     * being participants (the room closes their connections with 4002). The next epoch carries
     * rv; it is due at once if the commit removed a member, else after the coalescing window.
     */
    void roster_committed(std::uint64_t rv, protocol::key32 const& rh,
                          std::vector<protocol::id16> members, clock::time_point now);

    /**
     * An ekey of §5.2 from a connection already checked for ses and from (wrong_meeting,
     * wrong_sender). sender_sig_pk is from's IK_sig.pk in the current roster. The signature is
     * checked over this meeting's own session id and parts_hash. On ok the room relays it.
     */
    [[nodiscard]] verdict on_ekey(protocol::psg1_ekey const& ekey,
                                  protocol::key32 const& sender_sig_pk);

    /// An skd of §5.3 with the "to" of each box, in the frame's order. On ok the room relays it.
    [[nodiscard]] verdict on_skd(protocol::id16 const& from, std::uint32_t ep,
                                 std::span<protocol::id16 const> recipients);

    /// A msg of epoch ep from its sender with counter ctr. On ok the room relays it.
    [[nodiscard]] verdict on_msg(protocol::id16 const& from, std::uint32_t ep, std::uint32_t ctr,
                                 clock::time_point now);

    /**
     * Once epoch_setup has passed since the current epoch began: the participants still present
     * that have not sent their ekey, and, if every present participant's ekey came, those that
     * have not sent their skd (which needs the others' ekeys). They stop being participants now
     * and a new epoch is due; the room drops each from the meeting with epoch_timeout. Reported
     * once per epoch; an epoch superseded before its deadline reports nobody.
     */
    [[nodiscard]] std::vector<protocol::id16> expire_setup(clock::time_point now);

    /// The next epoch if it is due at now: it becomes the current one, the current one becomes
    /// the previous (relayed for previous_epoch_grace), and an unfinished one is superseded.
    [[nodiscard]] std::optional<epoch_announcement> announce_due(clock::time_point now);

    /// When expire_setup or announce_due next has something to do; none while nothing will.
    [[nodiscard]] std::optional<clock::time_point> next_deadline() const;

private:
    struct participant
    {
        protocol::id16 member{};
        bool ekey_sent = false;
        bool skd_sent = false;
        std::optional<std::uint32_t> last_ctr;
    };

    struct epoch
    {
        std::uint32_t ep = 0;
        std::uint64_t rv = 0;
        protocol::key32 rh{};
        protocol::key32 parts_hash{};
        clock::time_point started{};
        std::vector<participant> participants; // the epoch's parts, sorted
        bool setup_expired = false;
    };

    [[nodiscard]] static participant* find(epoch& e, protocol::id16 const& member) noexcept;
    [[nodiscard]] bool is_present(protocol::id16 const& member) const noexcept;
    [[nodiscard]] bool setup_pending() const noexcept;
    /// A trigger at `at`: the epoch is due coalescing_window after the first unannounced one.
    void trigger(clock::time_point at);

    protocol::id16 room_id_;
    protocol::id16 session_id_;
    std::uint64_t rv_;
    protocol::key32 rh_;
    std::vector<protocol::id16> members_; // of roster rv_, sorted
    std::chrono::milliseconds epoch_setup_;

    std::vector<protocol::id16> present_; // the next epoch's parts, sorted
    std::optional<epoch> current_;
    std::optional<epoch> previous_;
    std::optional<clock::time_point> announce_at_;
};

} // namespace sirkel
