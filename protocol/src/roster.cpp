#include "sirkel/protocol/roster.hpp"

#include "sirkel/protocol/psg1_crypto.hpp"

#include <algorithm>
#include <set>
#include <string_view>

namespace sirkel::protocol
{
namespace
{

constexpr std::string_view roster_label = "PSG1-roster";
constexpr std::string_view approve_label = "PSG1-approve";
constexpr std::uint8_t min_size_cap = 2;
constexpr std::uint16_t min_turn_s = 30;
constexpr std::uint16_t max_turn_s = 3600;
constexpr key32 zero32{};

// Reads fixed fields from the front of a span; the caller checked the total length first.
class reader
{
public:
    explicit reader(byte_view data) noexcept : data_(data) {}

    [[nodiscard]] std::uint64_t be(std::size_t width) noexcept
    {
        std::uint64_t v = 0;
        for (std::size_t i = 0; i < width; ++i)
            v = (v << 8) | data_[pos_ + i];
        pos_ += width;
        return v;
    }

    template <typename Array>
    [[nodiscard]] Array array() noexcept
    {
        Array a{};
        std::copy_n(data_.begin() + static_cast<std::ptrdiff_t>(pos_), a.size(), a.begin());
        pos_ += a.size();
        return a;
    }

    [[nodiscard]] byte_view take(std::size_t n) noexcept
    {
        auto out = data_.subspan(pos_, n);
        pos_ += n;
        return out;
    }

private:
    byte_view data_;
    std::size_t pos_ = 0;
};

bool frame_in_range(roster_frame const& f) noexcept
{
    return f.size_cap >= min_size_cap && f.size_cap <= roster::max_members && f.admission <= 1 &&
           f.opening <= 1 && (f.turn_s == 0 || (f.turn_s >= min_turn_s && f.turn_s <= max_turn_s));
}

// q(E) of §3.4 under the old version's admission policy.
std::size_t quorum(std::uint8_t admission, std::size_t eligible) noexcept
{
    return admission == 0 ? eligible : eligible / 2 + 1;
}

enum class change_kind
{
    first,
    add,
    remove,
    change,
};

struct shape
{
    change_kind kind = change_kind::first;
    id16 removed{};         // REMOVE: r
    bool step_down = false; // CHANGE: frame equal, exactly one role 1 -> 0
    id16 stepping_down{};   // CHANGE with step_down: m
};

// Check 5 of §3.5: exactly one shape of §3.4, or nullopt (roster_invalid).
std::optional<shape> classify(roster const* prev, roster const& next)
{
    if (prev == nullptr)
    {
        if (next.entries().size() != 1 || next.entries().front().role != 1)
            return std::nullopt;
        return shape{change_kind::first};
    }
    // A version with n = 0 ends the group: nothing may follow it.
    if (prev->entries().empty())
        return std::nullopt;

    std::vector<roster_entry const*> added;
    std::vector<roster_entry const*> removed;
    std::vector<std::pair<roster_entry const*, roster_entry const*>> kept; // (old, new)
    for (auto const& e : next.entries())
    {
        if (auto const* old = prev->find(e.member_id))
            kept.emplace_back(old, &e);
        else
            added.push_back(&e);
    }
    for (auto const& e : prev->entries())
        if (next.find(e.member_id) == nullptr)
            removed.push_back(&e);

    bool const frame_equal = prev->frame() == next.frame();
    bool const kept_identical =
        std::all_of(kept.begin(), kept.end(), [](auto const& p) { return *p.first == *p.second; });

    if (added.size() == 1 && removed.empty())
    {
        if (added.front()->role != 0 || !kept_identical || !frame_equal)
            return std::nullopt;
        return shape{change_kind::add};
    }
    if (removed.size() == 1 && added.empty())
    {
        if (!kept_identical || !frame_equal)
            return std::nullopt;
        shape s{change_kind::remove};
        s.removed = removed.front()->member_id;
        return s;
    }
    if (!added.empty() || !removed.empty())
        return std::nullopt;

    // CHANGE: keys must stay, only roles and the frame may differ, and something must.
    std::size_t role_changes = 0;
    roster_entry const* changed = nullptr;
    for (auto const& [old, now] : kept)
    {
        if (old->sig_pk != now->sig_pk || old->dh_pk != now->dh_pk)
            return std::nullopt;
        if (old->role != now->role)
        {
            ++role_changes;
            changed = old;
        }
    }
    if (role_changes == 0 && frame_equal)
        return std::nullopt;
    shape s{change_kind::change};
    if (frame_equal && role_changes == 1 && changed->role == 1)
    {
        s.step_down = true;
        s.stepping_down = changed->member_id;
    }
    return s;
}

} // namespace

roster roster::build(id16 const& room_id, std::uint64_t v, key32 const& prev_hash,
                     roster_frame const& frame, std::vector<roster_entry> entries)
{
    roster r;
    r.room_id_ = room_id;
    r.version_ = v;
    r.prev_hash_ = prev_hash;
    r.frame_ = frame;
    std::sort(entries.begin(), entries.end(),
              [](auto const& a, auto const& b) { return a.member_id < b.member_id; });
    r.entries_ = std::move(entries);
    r.serialise();
    return r;
}

void roster::serialise()
{
    tbs_.clear();
    tbs_.reserve(header_bytes + entry_bytes * entries_.size());
    append_lp(tbs_, roster_label);
    append(tbs_, room_id_);
    append_be(tbs_, version_, 8);
    append(tbs_, prev_hash_);
    tbs_.push_back(frame_.size_cap);
    tbs_.push_back(frame_.admission);
    tbs_.push_back(frame_.opening);
    append_be(tbs_, frame_.fac_term, 2);
    append_be(tbs_, frame_.turn_s, 2);
    append(tbs_, frame_.pledge_hash);
    append_be(tbs_, entries_.size(), 4);
    for (auto const& e : entries_)
    {
        append(tbs_, e.member_id);
        tbs_.push_back(e.role);
        append(tbs_, e.sig_pk);
        append(tbs_, e.dh_pk);
    }
    hash_ = generichash32(tbs_);
}

psg1_error roster::parse(id16 const& room_id, byte_view tbs, roster& out)
{
    if (tbs.size() < header_bytes || (tbs.size() - header_bytes) % entry_bytes != 0)
        return psg1_error::roster_invalid;
    std::size_t const n = (tbs.size() - header_bytes) / entry_bytes;
    if (n > max_members)
        return psg1_error::roster_invalid;

    bytes label;
    append_lp(label, roster_label);
    reader in(tbs);
    auto const label_in = in.take(label.size());
    if (!std::equal(label_in.begin(), label_in.end(), label.begin(), label.end()))
        return psg1_error::roster_invalid;

    roster r;
    r.room_id_ = in.array<id16>();
    if (r.room_id_ != room_id)
        return psg1_error::roster_invalid;
    r.version_ = in.be(8);
    r.prev_hash_ = in.array<key32>();
    r.frame_.size_cap = static_cast<std::uint8_t>(in.be(1));
    r.frame_.admission = static_cast<std::uint8_t>(in.be(1));
    r.frame_.opening = static_cast<std::uint8_t>(in.be(1));
    r.frame_.fac_term = static_cast<std::uint16_t>(in.be(2));
    r.frame_.turn_s = static_cast<std::uint16_t>(in.be(2));
    r.frame_.pledge_hash = in.array<key32>();
    if (!frame_in_range(r.frame_))
        return psg1_error::roster_invalid;
    if (in.be(4) != n)
        return psg1_error::roster_invalid;

    std::set<key32> keys_seen;
    for (std::size_t i = 0; i < n; ++i)
    {
        roster_entry e;
        e.member_id = in.array<id16>();
        e.role = static_cast<std::uint8_t>(in.be(1));
        e.sig_pk = in.array<key32>();
        e.dh_pk = in.array<key32>();
        if (e.role > 1)
            return psg1_error::roster_invalid;
        if (!r.entries_.empty() && !(r.entries_.back().member_id < e.member_id))
            return psg1_error::roster_invalid;
        // "No IK_sig.pk and no IK_dh.pk appears twice": one set catches a repeat within either
        // column and, stricter, a key used as both (never legitimate: they come from different
        // keypair generators).
        if (!keys_seen.insert(e.sig_pk).second || !keys_seen.insert(e.dh_pk).second)
            return psg1_error::roster_invalid;
        r.entries_.push_back(e);
    }
    r.tbs_.assign(tbs.begin(), tbs.end());
    r.hash_ = generichash32(tbs);
    out = std::move(r);
    return psg1_error::ok;
}

roster_entry const* roster::find(id16 const& member_id) const noexcept
{
    auto it = std::lower_bound(entries_.begin(), entries_.end(), member_id,
                               [](auto const& e, id16 const& id) { return e.member_id < id; });
    if (it == entries_.end() || it->member_id != member_id)
        return nullptr;
    return &*it;
}

bytes approval_message(id16 const& room_id, std::uint64_t v, key32 const& roster_hash)
{
    bytes out;
    append_lp(out, approve_label);
    append(out, room_id);
    append_be(out, v, 8);
    append(out, roster_hash);
    return out;
}

roster_approval sign_approval(roster const& next, id16 const& member_id,
                              std::span<byte const, 64> sig_sk) noexcept
{
    auto const m = approval_message(next.room_id(), next.version(), next.hash());
    return {member_id, sign_detached(m, sig_sk)};
}

psg1_error verify_step(id16 const& room_id, roster const* prev, byte_view tbs,
                       std::span<roster_approval const> approvals, bool final, roster& out)
{
    // 1. Parse.
    roster next;
    if (auto const e = roster::parse(room_id, tbs, next); e != psg1_error::ok)
        return e;
    // 2. Contiguous versions. The u64 cannot wrap in practice; refuse it anyway.
    std::uint64_t const expected_v = prev == nullptr ? 1 : prev->version() + 1;
    if (expected_v == 0 || next.version() != expected_v)
        return psg1_error::version_gap;
    // 3. The hash chain.
    if (next.prev_hash() != (prev == nullptr ? zero32 : generichash32(prev->tbs())))
        return psg1_error::prev_hash_mismatch;
    // 4. The size cap of the new frame.
    if (next.entries().size() > next.frame().size_cap)
        return psg1_error::size_cap_reached;
    // 5. Exactly one change kind.
    auto const s = classify(prev, next);
    if (!s)
        return psg1_error::roster_invalid;
    // 6. Each approval: an eligible approver, once, with a valid signature. The eligible set is
    // v's members; for FIRST, the new version's one member.
    roster const& eligible = prev == nullptr ? next : *prev;
    auto const message = approval_message(room_id, next.version(), next.hash());
    std::set<id16> approvers;
    for (auto const& a : approvals)
    {
        auto const* entry = eligible.find(a.member_id);
        if (entry == nullptr || !approvers.insert(a.member_id).second ||
            !sign_verify_detached(a.sig, message, entry->sig_pk))
            return psg1_error::approval_invalid;
    }
    // 7. The "valid when" rule of §3.4, under v's admission policy.
    if (final)
    {
        bool valid = false;
        switch (s->kind)
        {
        case change_kind::first:
            valid = approvers.contains(next.entries().front().member_id);
            break;
        case change_kind::add:
            valid = approvers.size() >= quorum(prev->frame().admission, prev->entries().size());
            break;
        case change_kind::remove:
        {
            // The one removed may always leave; otherwise count the others against the others.
            std::size_t const others = prev->entries().size() - 1;
            std::size_t const others_approving = approvers.size() - approvers.count(s->removed);
            valid = approvers.contains(s->removed) ||
                    (others > 0 && others_approving >= quorum(prev->frame().admission, others));
            break;
        }
        case change_kind::change:
            valid = approvers.size() >= quorum(prev->frame().admission, prev->entries().size()) ||
                    (s->step_down && approvers.contains(s->stepping_down));
            break;
        }
        if (!valid)
            return psg1_error::approvals_missing;
    }
    out = std::move(next);
    return psg1_error::ok;
}

psg1_error verify_chain(id16 const& room_id, roster const* anchor,
                        std::span<roster_version const> versions, roster& newest)
{
    if (versions.empty())
    {
        if (anchor == nullptr)
            return psg1_error::no_roster;
        newest = *anchor;
        return psg1_error::ok;
    }
    std::optional<roster> current;
    if (anchor != nullptr)
        current = *anchor;
    for (auto const& v : versions)
    {
        roster next;
        auto const e =
            verify_step(room_id, current ? &*current : nullptr, v.tbs, v.approvals, true, next);
        if (e != psg1_error::ok)
            return e;
        // The wire repeats v outside the tbs (§3.5); a disagreement is a malformed version.
        if (next.version() != v.v)
            return psg1_error::roster_invalid;
        current = std::move(next);
    }
    newest = std::move(*current);
    return psg1_error::ok;
}

psg1_error verify_chain_from_pin(id16 const& room_id, key32 const& pin,
                                 std::span<roster_version const> versions, roster& newest)
{
    if (pin == zero32)
        return verify_chain(room_id, nullptr, versions, newest);
    if (versions.empty())
        return psg1_error::pin_mismatch;
    roster anchor;
    if (auto const e = roster::parse(room_id, versions.front().tbs, anchor); e != psg1_error::ok)
        return e;
    if (!equal_constant_time(anchor.hash(), pin))
        return psg1_error::pin_mismatch;
    if (anchor.version() != versions.front().v)
        return psg1_error::roster_invalid;
    return verify_chain(room_id, &anchor, versions.subspan(1), newest);
}

} // namespace sirkel::protocol
