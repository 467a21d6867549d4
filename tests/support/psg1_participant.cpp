#include "psg1_participant.hpp"

#include "sirkel/protocol/base64url.hpp"
#include "sirkel/protocol/psg1_crypto.hpp"
#include "sirkel/protocol/psg1_ekey.hpp"
#include "sirkel/protocol/psg1_message.hpp"
#include "sirkel/protocol/sender_key_distribution.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <sodium.h>

#include <algorithm>
#include <stdexcept>

namespace sirkel::test
{
namespace
{

template <std::size_t N>
std::array<protocol::byte, N> field_array(boost::json::object const& frame, std::string_view key)
{
    auto const decoded = protocol::base64url_decode_array<N>(field_string(frame, key));
    if (!decoded)
        throw std::runtime_error("psg1_participant: bad field " + std::string(key));
    return *decoded;
}

std::uint64_t field_u64(boost::json::object const& frame, std::string_view key)
{
    auto const* v = frame.if_contains(key);
    if (v == nullptr || !v->is_number())
        throw std::runtime_error("psg1_participant: bad field " + std::string(key));
    return v->to_number<std::uint64_t>();
}

/** The versions of a roster frame above version above, or std::nullopt if the frame does not
    carry them as §3.5 says ({"v","tbs","approvals":[{"m","sig"}]}).
*/
std::optional<std::vector<protocol::roster_version>>
versions_above(boost::json::object const& frame, std::uint64_t above)
{
    std::vector<protocol::roster_version> out;
    auto const* versions = frame.if_contains("versions");
    if (versions == nullptr || !versions->is_array())
        return std::nullopt;
    for (auto const& value : versions->as_array())
    {
        if (!value.is_object())
            return std::nullopt;
        auto const& version = value.as_object();
        auto const* approvals = version.if_contains("approvals");
        auto const tbs = protocol::base64url_decode(field_string(version, "tbs"),
                                                    protocol::roster::header_bytes +
                                                        protocol::roster::max_members *
                                                            protocol::roster::entry_bytes);
        auto const* number = version.if_contains("v");
        if (approvals == nullptr || !approvals->is_array() || !tbs || number == nullptr ||
            !number->is_int64() || number->as_int64() < 1)
            return std::nullopt;
        protocol::roster_version v{static_cast<std::uint64_t>(number->as_int64()), *tbs, {}};
        if (v.v <= above)
            continue;
        for (auto const& approval : approvals->as_array())
        {
            if (!approval.is_object())
                return std::nullopt;
            auto const m =
                protocol::base64url_decode_array<16>(field_string(approval.as_object(), "m"));
            auto const sig =
                protocol::base64url_decode_array<64>(field_string(approval.as_object(), "sig"));
            if (!m || !sig)
                return std::nullopt;
            v.approvals.push_back({*m, *sig});
        }
        out.push_back(std::move(v));
    }
    return out;
}

} // namespace

psg1_participant::psg1_participant(protocol::id16 const& group, device_identity const& identity,
                                   protocol::roster roster, test_client& client, std::string name)
    : group_(group), identity_(identity), roster_(std::move(roster)), client_(client),
      name_(std::move(name))
{
}

psg1_participant::~psg1_participant()
{
    protocol::sodium_memzero(ek_sk_);
    protocol::sodium_memzero(chain_key_);
    protocol::sodium_memzero(sk_msg_sk_);
}

protocol::id16 psg1_participant::join()
{
    client_.send_text(R"({"t":"join"})");
    auto const is_answer = [](boost::json::object const& frame)
    {
        auto const type = field_string(frame, "t");
        return type == "joined" || (type == "error" && field_string(frame, "ref") == "join");
    };
    auto const answer = [&] { return std::find_if(others_.begin(), others_.end(), is_answer); };
    if (!pump_until([&] { return answer() != others_.end(); }))
        throw std::runtime_error("psg1_participant: join was not answered");
    auto const found = answer();
    auto const frame = std::move(*found);
    others_.erase(found);
    if (field_string(frame, "t") != "joined")
        throw std::runtime_error("psg1_participant: join was answered " +
                                 boost::json::serialize(frame));
    session_ = session_of(frame);
    // The floor follows joined at once (PROTOCOL.md §4): wait for it, so that whatever the test
    // reads next comes after it; it stays among other_frames().
    auto const floors = [&]
    {
        return std::count_if(others_.begin(), others_.end(),
                             [](boost::json::object const& f)
                             { return field_string(f, "t") == "floor"; });
    };
    auto const before = floors();
    if (!pump_until([&] { return floors() > before; }))
        throw std::runtime_error("psg1_participant: joined was not followed by floor");
    return session_;
}

bool psg1_participant::pump_until(std::function<bool()> const& done,
                                  std::chrono::milliseconds timeout)
{
    auto const until = std::chrono::steady_clock::now() + timeout;
    while (!done())
    {
        auto const left = std::chrono::duration_cast<std::chrono::milliseconds>(
            until - std::chrono::steady_clock::now());
        if (left.count() <= 0)
            return false;
        if (auto const text = client_.receive_raw(left))
            handle(*text);
        else if (client_.is_closed())
            return done();
    }
    return true;
}

void psg1_participant::pump_for(std::chrono::milliseconds period)
{
    (void)pump_until([] { return false; }, period);
}

void psg1_participant::await_ready(std::uint32_t ep, std::chrono::milliseconds timeout)
{
    if (!pump_until([&] { return ep_ == ep && ready(); }, timeout))
    {
        // Say why, so a failing test names the refusal instead of a timeout.
        std::string why = "psg1_participant: not ready in epoch " + std::to_string(ep) +
                          " (current " + std::to_string(ep_) + ", epoch check " +
                          std::string(protocol::code_name(epoch_check_)) + ")";
        for (auto const& [from, code] : key_refusals_)
            why += ", refused a key frame: " + std::string(protocol::code_name(code));
        for (auto const& frame : others_)
            why += ", got " + boost::json::serialize(frame);
        throw std::runtime_error(why);
    }
}

void psg1_participant::await_all_ready(std::vector<psg1_participant*> const& participants,
                                       std::uint32_t ep, std::chrono::milliseconds timeout)
{
    constexpr std::chrono::milliseconds slice{20};
    auto const until = std::chrono::steady_clock::now() + timeout;
    auto const all_ready = [&]
    {
        return std::all_of(participants.begin(), participants.end(),
                           [&](psg1_participant const* p)
                           { return p->current_ep() == ep && p->ready(); });
    };
    while (!all_ready() && std::chrono::steady_clock::now() < until)
        for (auto* p : participants)
            (void)p->pump_until([&] { return p->current_ep() == ep && p->ready(); }, slice);
    for (auto* p : participants)
        p->await_ready(ep, std::chrono::milliseconds{0});
}

bool psg1_participant::ready() const
{
    return skd_sent_ && std::all_of(peers_.begin(), peers_.end(),
                                    [](auto const& p) { return p.second.sender_key_installed; });
}

void psg1_participant::handle(std::string const& text)
{
    auto frame = boost::json::parse(text).as_object();
    auto const type = field_string(frame, "t");
    if (type == "epoch" || type == "ekey" || type == "skd" || type == "msg")
        relayed_.push_back(text);
    if (type == "epoch")
        on_epoch(frame);
    else if (type == "ekey")
        on_ekey(frame);
    else if (type == "skd")
        on_skd(frame);
    else if (type == "msg")
        on_msg(text);
    else
    {
        if (type == "roster")
            on_roster(frame);
        others_.push_back(std::move(frame));
    }
}

protocol::psg1_error psg1_participant::check_roster(boost::json::object const& frame)
{
    on_roster(frame);
    return roster_checks_.back();
}

void psg1_participant::fetch_roster()
{
    client_.send_text(R"({"t":"roster_get","from":)" + std::to_string(roster_.version() + 1) + "}");
}

void psg1_participant::on_roster(boost::json::object const& frame)
{
    auto const versions = versions_above(frame, roster_.version());
    protocol::roster newest;
    auto const code = versions ? protocol::verify_chain(group_, &roster_, *versions, newest)
                               : protocol::psg1_error::roster_invalid;
    roster_checks_.push_back(code);
    if (code == protocol::psg1_error::ok)
        roster_ = std::move(newest);
    settle_held_ekeys(code);
}

void psg1_participant::settle_held_ekeys(protocol::psg1_error chain)
{
    for (auto const& [from, rv, rh] : held_ekeys_)
    {
        if (chain != protocol::psg1_error::ok)
            key_refusals_.emplace_back(from, chain);
        else if (rv != roster_.version() || rh != roster_.hash())
            key_refusals_.emplace_back(from, protocol::psg1_error::roster_invalid);
        // Otherwise this participant was behind: the sender keyed a roster newer than the epoch
        // this participant accepted, and the commit's own epoch follows (§5.4). No alert, and
        // still nothing sent in this epoch.
    }
    held_ekeys_.clear();
}

void psg1_participant::on_epoch(boost::json::object const& frame)
{
    std::vector<protocol::id16> parts;
    for (auto const& p : frame.at("parts").as_array())
        parts.push_back(*protocol::base64url_decode_array<16>(p.as_string()));
    auto const rv = field_u64(frame, "rv");
    auto const rh = field_array<32>(frame, "rh");
    // The epoch must name the roster this participant verified (§5.1 check 3).
    if (rv != roster_.version() || rh != roster_.hash())
        epoch_check_ = protocol::psg1_error::roster_invalid;
    else
        epoch_check_ = protocol::check_epoch_parts(parts, roster_, identity_.member);
    if (epoch_check_ != protocol::psg1_error::ok)
        return;

    session_ = field_array<16>(frame, "ses");
    ep_ = static_cast<std::uint32_t>(field_u64(frame, "ep"));
    parts_ = std::move(parts);
    peers_.clear();
    held_ekeys_.clear();
    for (auto const& id : parts_)
        if (id != identity_.member)
            peers_[id];
    skd_sent_ = false;
    sender_.reset();
    crypto_box_keypair(ek_pk_.data(), ek_sk_.data());
    crypto_sign_keypair(sk_msg_pk_.data(), sk_msg_sk_.data());
    chain_key_ = protocol::random_array<protocol::key32>();

    protocol::psg1_ekey ekey{session_, ep_, identity_.member, rv, rh, ek_pk_, {}};
    ekey.sig = protocol::sign_ekey(group_, ekey, protocol::parts_hash(parts_), identity_.sig_sk);
    boost::json::object out;
    out["t"] = "ekey";
    out["ses"] = protocol::base64url_encode(session_);
    out["ep"] = ep_;
    out["from"] = protocol::base64url_encode(identity_.member);
    out["rv"] = rv;
    out["rh"] = protocol::base64url_encode(rh);
    out["ek"] = protocol::base64url_encode(ek_pk_);
    out["sig"] = protocol::base64url_encode(ekey.sig);
    sent_keys_.push_back(boost::json::serialize(out));
    client_.send_text(sent_keys_.back());
    send_skd_when_ready();
}

void psg1_participant::on_ekey(boost::json::object const& frame)
{
    auto const from = field_array<16>(frame, "from");
    protocol::psg1_ekey const ekey{field_array<16>(frame, "ses"),
                                   static_cast<std::uint32_t>(field_u64(frame, "ep")),
                                   from,
                                   field_u64(frame, "rv"),
                                   field_array<32>(frame, "rh"),
                                   field_array<32>(frame, "ek"),
                                   field_array<64>(frame, "sig")};
    auto const found = peers_.find(from);
    auto const* entry = roster_.find(from);
    if (ekey.ep != ep_ || ekey.session_id != session_)
        return key_refusals_.emplace_back(from, protocol::psg1_error::wrong_epoch), void();
    if (found == peers_.end() || entry == nullptr)
        return key_refusals_.emplace_back(from, protocol::psg1_error::not_a_participant), void();
    // Another roster than this participant's (§5.2): fetch the chain, and alert only if it still
    // differs once the answer is checked. No key goes to anyone meanwhile.
    if (ekey.rv != roster_.version() || ekey.rh != roster_.hash())
    {
        if (held_ekeys_.empty())
            fetch_roster();
        held_ekeys_.emplace_back(from, ekey.rv, ekey.rh);
        return;
    }
    // Checked over this participant's own view of the epoch: a server that shows others a
    // different participant list breaks the signature.
    if (!protocol::verify_ekey(group_, ekey, protocol::parts_hash(parts_), entry->sig_pk))
        return key_refusals_.emplace_back(from, protocol::psg1_error::sig_invalid), void();
    found->second.ek_pk = ekey.ek;
    send_skd_when_ready();
}

void psg1_participant::send_skd_when_ready()
{
    if (skd_sent_ || std::any_of(peers_.begin(), peers_.end(),
                                 [](auto const& p) { return !p.second.ek_pk.has_value(); }))
        return;
    boost::json::array boxes;
    for (auto const& [to, p] : peers_)
    {
        auto const n = protocol::random_array<protocol::nonce24>();
        protocol::bytes c;
        if (protocol::seal_sender_key({group_, session_, ep_, identity_.member, to},
                                      {chain_key_, sk_msg_pk_, name_}, n, *p.ek_pk, ek_sk_,
                                      c) != protocol::psg1_error::ok)
            throw std::runtime_error("psg1_participant: seal_sender_key failed");
        boxes.push_back(boost::json::object{{"to", protocol::base64url_encode(to)},
                                            {"n", protocol::base64url_encode(n)},
                                            {"c", protocol::base64url_encode(c)}});
    }
    boost::json::object out;
    out["t"] = "skd";
    out["ses"] = protocol::base64url_encode(session_);
    out["ep"] = ep_;
    out["from"] = protocol::base64url_encode(identity_.member);
    out["boxes"] = std::move(boxes);
    sent_keys_.push_back(boost::json::serialize(out));
    client_.send_text(sent_keys_.back());
    skd_sent_ = true;
    sender_ = std::make_unique<protocol::message_sender>(group_, session_, ep_, identity_.member,
                                                         chain_key_, sk_msg_sk_);
}

void psg1_participant::on_skd(boost::json::object const& frame)
{
    auto const from = field_array<16>(frame, "from");
    auto const ep = static_cast<std::uint32_t>(field_u64(frame, "ep"));
    auto const found = peers_.find(from);
    if (ep != ep_ || field_array<16>(frame, "ses") != session_)
        return key_refusals_.emplace_back(from, protocol::psg1_error::wrong_epoch), void();
    if (found == peers_.end() || !found->second.ek_pk)
        return key_refusals_.emplace_back(from, protocol::psg1_error::not_a_participant), void();
    for (auto const& box : frame.at("boxes").as_array())
    {
        auto const& b = box.as_object();
        if (field_array<16>(b, "to") != identity_.member)
            continue;
        auto const c = protocol::base64url_decode(field_string(b, "c"), 4096);
        protocol::sender_key key;
        auto const opened = protocol::open_sender_key(
            {group_, session_, ep_, from, identity_.member}, c ? *c : protocol::bytes{},
            field_array<24>(b, "n"), *found->second.ek_pk, ek_sk_, key);
        if (opened != protocol::psg1_error::ok)
            return key_refusals_.emplace_back(from, opened), void();
        receivers_[{ep_, from}] = std::make_unique<protocol::message_receiver>(
            group_, session_, ep_, from, key.chain_key, key.sk_msg_pk);
        protocol::sodium_memzero(key.chain_key);
        names_[from] = std::move(key.name);
        found->second.sender_key_installed = true;
        return;
    }
    key_refusals_.emplace_back(from, protocol::psg1_error::skd_invalid);
}

std::string psg1_participant::name_of(protocol::id16 const& member) const
{
    auto const found = names_.find(member);
    return found == names_.end() ? std::string() : found->second;
}

void psg1_participant::on_msg(std::string const& text)
{
    texts_.push_back(open(text));
}

psg1_participant::received_text psg1_participant::open(std::string const& msg_frame)
{
    auto const frame = boost::json::parse(msg_frame).as_object();
    received_text out;
    out.frame = msg_frame;
    out.from = field_array<16>(frame, "from");
    out.ep = static_cast<std::uint32_t>(field_u64(frame, "ep"));
    protocol::psg1_message m;
    m.session_id = field_array<16>(frame, "ses");
    m.ep = out.ep;
    m.from = out.from;
    m.ctr = static_cast<std::uint32_t>(field_u64(frame, "ctr"));
    m.kind = static_cast<std::uint8_t>(field_u64(frame, "k"));
    m.n = field_array<24>(frame, "n");
    m.ct =
        protocol::base64url_decode(field_string(frame, "ct"), 1u << 16).value_or(protocol::bytes{});
    m.sig = field_array<64>(frame, "sig");

    auto const receiver = receivers_.find({m.ep, m.from});
    if (receiver == receivers_.end())
    {
        // No receive state: an epoch this participant had no keys of (§6.3 step 2), or a
        // sender that was not one of its participants.
        bool const known_epoch =
            m.ep == ep_ || std::any_of(receivers_.begin(), receivers_.end(),
                                       [&](auto const& r) { return r.first.first == m.ep; });
        out.code = known_epoch ? protocol::psg1_error::not_a_participant
                               : protocol::psg1_error::wrong_epoch;
        return out;
    }
    out.kind = m.kind;
    protocol::bytes pt;
    out.code = receiver->second->open(m, pt);
    if (out.code != protocol::psg1_error::ok)
        return out;
    // open() checked the plaintext against the schema of its kind (§6.4).
    auto const json =
        boost::json::parse(std::string_view(reinterpret_cast<char const*>(pt.data()), pt.size()))
            .as_object();
    if (m.kind == 1)
        out.text = std::string(json.at("text").as_string());
    else if (m.kind == 2)
        out.reaction = std::string(json.at("r").as_string());
    else
        out.typing = json.at("typing").as_bool();
    return out;
}

std::string psg1_participant::send_text(std::string_view text)
{
    boost::json::object plaintext;
    plaintext["text"] = text;
    return seal_and_send(1, boost::json::serialize(plaintext));
}

std::string psg1_participant::send_reaction(std::string_view reaction)
{
    boost::json::object plaintext;
    plaintext["r"] = reaction;
    return seal_and_send(2, boost::json::serialize(plaintext));
}

std::string psg1_participant::send_typing(bool typing)
{
    return seal_and_send(3, typing ? R"({"typing":true})" : R"({"typing":false})");
}

std::string psg1_participant::seal_and_send(std::uint8_t kind, std::string_view pt)
{
    if (!sender_)
        throw std::runtime_error("psg1_participant: no sender key sent in this epoch yet");
    protocol::psg1_message m;
    if (sender_->seal(
            kind,
            protocol::byte_view(reinterpret_cast<protocol::byte const*>(pt.data()), pt.size()),
            m) != protocol::psg1_error::ok)
        throw std::runtime_error("psg1_participant: seal failed");
    boost::json::object out;
    out["t"] = "msg";
    out["ses"] = protocol::base64url_encode(m.session_id);
    out["ep"] = m.ep;
    out["from"] = protocol::base64url_encode(m.from);
    out["ctr"] = m.ctr;
    out["k"] = m.kind;
    out["n"] = protocol::base64url_encode(m.n);
    out["ct"] = protocol::base64url_encode(m.ct);
    out["sig"] = protocol::base64url_encode(m.sig);
    auto frame = boost::json::serialize(out);
    client_.send_text(frame);
    return frame;
}

std::optional<psg1_participant::received_text>
psg1_participant::next_text(std::chrono::milliseconds timeout)
{
    if (!pump_until([&] { return !texts_.empty(); }, timeout))
        return std::nullopt;
    auto next = std::move(texts_.front());
    texts_.pop_front();
    return next;
}

std::optional<boost::json::object> psg1_participant::next_frame(std::string_view type,
                                                                std::chrono::milliseconds timeout)
{
    auto const first = [&]
    {
        return std::find_if(others_.begin(), others_.end(),
                            [&](boost::json::object const& frame)
                            { return field_string(frame, "t") == type; });
    };
    if (!pump_until([&] { return first() != others_.end(); }, timeout))
        return std::nullopt;
    auto const found = first();
    auto frame = std::move(*found);
    others_.erase(found);
    return frame;
}

} // namespace sirkel::test
