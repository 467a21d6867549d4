#include "sirkel/protocol/frame_parser.hpp"

#include "sirkel/protocol/base64url.hpp"

#include <boost/json/basic_parser_impl.hpp>

#include <algorithm>
#include <array>
#include <cassert>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <utility>
#include <vector>

namespace sirkel::protocol
{
namespace
{

namespace json = boost::json;

enum class field_type : std::uint8_t
{
    string,  // only "t"
    integer, // a JSON number without fraction or exponent, within [min, max] (or 0 if or_zero)
    boolean, // true or false
    word,    // a string that is one of words
    binary,  // base64url without padding, decoding to min + step·i bytes, at most max
    object,  // an object with the fields in members
    array,   // min..max objects, each with the fields in members
};

struct field_spec
{
    std::string_view name;
    field_type type = field_type::string;
    std::uint64_t min = 0;
    std::uint64_t max = 0;
    std::uint64_t step = 1;
    std::span<field_spec const> members{};
    bool optional = false;
    bool or_zero = false;
    std::span<std::string_view const> words{};
};

constexpr field_spec integer(std::string_view name, std::uint64_t min, std::uint64_t max)
{
    return {name, field_type::integer, min, max};
}

// An integer that is 0 ("none") or within [min, max], as a floor_round's turn_s.
constexpr field_spec integer_or_zero(std::string_view name, std::uint64_t min, std::uint64_t max)
{
    field_spec spec{name, field_type::integer, min, max};
    spec.or_zero = true;
    return spec;
}

constexpr field_spec boolean(std::string_view name)
{
    return {name, field_type::boolean};
}

constexpr field_spec word(std::string_view name, std::span<std::string_view const> words)
{
    field_spec spec{name, field_type::word};
    spec.words = words;
    return spec;
}

constexpr field_spec binary(std::string_view name, std::uint64_t size)
{
    return {name, field_type::binary, size, size};
}

constexpr field_spec binary_range(std::string_view name, std::uint64_t min, std::uint64_t max)
{
    return {name, field_type::binary, min, max};
}

// An AEAD ciphertext of a sodium_pad-ded plaintext: 16 + 256·k bytes.
constexpr field_spec padded_ciphertext(std::string_view name, std::uint64_t min, std::uint64_t max)
{
    return {name, field_type::binary, min, max, 256};
}

constexpr field_spec object_of(std::string_view name, std::span<field_spec const> members)
{
    return {name, field_type::object, 0, 0, 1, members};
}

constexpr field_spec list_of(std::string_view name, std::uint64_t min, std::uint64_t max,
                             std::span<field_spec const> members)
{
    return {name, field_type::array, min, max, 1, members};
}

constexpr field_spec optional_field(field_spec spec)
{
    spec.optional = true;
    return spec;
}

constexpr std::uint64_t u32_max = std::numeric_limits<std::uint32_t>::max();
// PSG1.md §8: u64 fields are integers 1..2^53−1, exact in every JSON implementation.
constexpr std::uint64_t u53_max = (std::uint64_t{1} << 53) - 1;
// A message ciphertext: 16 + 256·k bytes, 1 ≤ k ≤ 64 (PSG1.md §8.1).
constexpr std::uint64_t ct_min_bytes = 16 + 256;
constexpr std::uint64_t ct_max_bytes = 16 + 256 * 64;
// A sealed ground-rules text or invite info: 16 + 256·k bytes, 1 ≤ k ≤ 33 (§8.2, §8.3).
constexpr std::uint64_t sealed_text_min_bytes = 16 + 256;
constexpr std::uint64_t sealed_text_max_bytes = 16 + 256 * 33;
constexpr std::uint64_t max_members = 12;

// Nested objects (PSG1.md §8.2 D, §8.3 info and jks, §5.3 boxes).
constexpr std::array doc_key_fields{binary("to", 16), binary("k", 80)};
constexpr std::array doc_fields{
    binary("n", 24), padded_ciphertext("c", sealed_text_min_bytes, sealed_text_max_bytes),
    list_of("keys", 1, max_members, doc_key_fields)};
constexpr std::array info_fields{
    binary("n", 24), padded_ciphertext("c", sealed_text_min_bytes, sealed_text_max_bytes)};
constexpr std::array join_key_fields{binary("to", 16), binary("k", 160)};
constexpr std::array box_fields{binary("to", 16), binary("n", 24), binary("c", 228)};

// The fields each client frame type has, in PROTOCOL.md's and PSG1.md's order, which is also
// the order in which a frame's per-field errors are reported. "t" is implied.
constexpr std::array hello_fields{integer("v", 0, u32_max)};
constexpr std::array auth_fields{binary("member", 16), binary("sig", 64)};
constexpr std::array redeem_fields{binary("invite", 16), binary("tok", 32),   binary("member", 16),
                                   binary("sig_pk", 32), binary("dh_pk", 32), binary("sig", 64)};
constexpr std::array msg_fields{binary("ses", 16),
                                integer("ep", 0, u32_max),
                                binary("from", 16),
                                integer("ctr", 0, u32_max),
                                integer("k", 1, 3),
                                binary("n", 24),
                                padded_ciphertext("ct", ct_min_bytes, ct_max_bytes),
                                binary("sig", 64)};
constexpr std::array roster_get_fields{optional_field(integer("from", 1, u53_max)),
                                       optional_field(binary("rh", 32))};
constexpr std::array roster_propose_fields{binary_range("tbs", 114, 1086), binary("sig", 64),
                                           optional_field(object_of("doc", doc_fields))};
constexpr std::array approve_fields{binary("rh", 32), binary("sig", 64)};
constexpr std::array rh_fields{binary("rh", 32)};
constexpr std::array invite_create_fields{binary("invite", 16),
                                          binary("th", 32),
                                          integer("rv", 1, u53_max),
                                          integer("ttl_s", 3600, 2592000),
                                          integer("uses", 1, max_members),
                                          object_of("info", info_fields),
                                          list_of("jks", 1, max_members, join_key_fields)};
constexpr std::array invite_fields{binary("invite", 16)};
constexpr std::array invite_keys_fields{binary("invite", 16),
                                        list_of("jks", 1, max_members, join_key_fields)};
constexpr std::array knock_fields{binary("invite", 16), binary("tok", 32)};
constexpr std::array join_request_fields{
    binary("invite", 16), binary("tok", 32), binary("member", 16), binary("sig_pk", 32),
    binary("dh_pk", 32),  binary("ph", 32),  binary("pledge", 64), binary("n", 24),
    binary("c", 321),     binary("sig", 64)};
constexpr std::array decline_fields{binary("member", 16), binary("sig", 64)};
constexpr std::array ekey_fields{
    binary("ses", 16), integer("ep", 0, u32_max), binary("from", 16), integer("rv", 1, u53_max),
    binary("rh", 32),  binary("ek", 32),          binary("sig", 64)};
constexpr std::array skd_fields{binary("ses", 16), integer("ep", 0, u32_max), binary("from", 16),
                                list_of("boxes", 0, max_members - 1, box_fields)};
// PROTOCOL.md §8. The words are in the order of round_kind and after_round.
constexpr std::array<std::string_view, 3> round_kind_words{"opening", "closing", "other"};
constexpr std::array<std::string_view, 2> after_round_words{"open", "break"};
constexpr std::array floor_round_fields{word("kind", round_kind_words),
                                        optional_field(integer_or_zero("turn_s", 30, 3600)),
                                        word("after", after_round_words)};
constexpr std::array speaker_fields{binary("speaker", 16)};
constexpr std::array member_fields{binary("member", 16)};
constexpr std::array to_fields{binary("to", 16)};
constexpr std::array on_fields{boolean("on")};

enum class frame_kind : std::uint8_t
{
    hello,
    auth,
    redeem,
    join,
    leave,
    msg,
    roster_get,
    roster_propose,
    approve,
    object,
    withdraw,
    invite_create,
    invite_revoke,
    invite_keys,
    knock,
    join_request,
    join_withdraw,
    decline,
    ekey,
    skd,
    floor,
    away,
};

struct frame_type
{
    std::string_view name;
    frame_kind kind;
    std::span<field_spec const> fields;
    /// Exactly one of the optional fields must be present (roster_get's two forms).
    bool one_of = false;
    /// What a frame of kind floor asks for.
    floor_action action = floor_action::open_floor;
};

constexpr frame_type floor_type(std::string_view name, floor_action action,
                                std::span<field_spec const> fields = {})
{
    return {name, frame_kind::floor, fields, false, action};
}

constexpr std::array<frame_type, 36> frame_types = {{
    {"hello", frame_kind::hello, hello_fields},
    {"auth", frame_kind::auth, auth_fields},
    {"redeem", frame_kind::redeem, redeem_fields},
    {"join", frame_kind::join, {}},
    {"leave", frame_kind::leave, {}},
    {"msg", frame_kind::msg, msg_fields},
    {"roster_get", frame_kind::roster_get, roster_get_fields, true},
    {"roster_propose", frame_kind::roster_propose, roster_propose_fields},
    {"approve", frame_kind::approve, approve_fields},
    {"object", frame_kind::object, rh_fields},
    {"withdraw", frame_kind::withdraw, rh_fields},
    {"invite_create", frame_kind::invite_create, invite_create_fields},
    {"invite_revoke", frame_kind::invite_revoke, invite_fields},
    {"invite_keys", frame_kind::invite_keys, invite_keys_fields},
    {"knock", frame_kind::knock, knock_fields},
    {"join_request", frame_kind::join_request, join_request_fields},
    {"join_withdraw", frame_kind::join_withdraw, {}},
    {"decline", frame_kind::decline, decline_fields},
    {"ekey", frame_kind::ekey, ekey_fields},
    {"skd", frame_kind::skd, skd_fields},
    floor_type("floor_round", floor_action::start_round, floor_round_fields),
    floor_type("floor_next", floor_action::next_speaker, speaker_fields),
    floor_type("floor_open", floor_action::open_floor),
    floor_type("floor_hands", floor_action::set_hands, on_fields),
    floor_type("floor_grant", floor_action::grant, member_fields),
    floor_type("floor_break", floor_action::start_break),
    floor_type("floor_remove", floor_action::remove, member_fields),
    floor_type("floor_hand_over", floor_action::hand_over, to_fields),
    floor_type("floor_take_chair", floor_action::take_chair),
    floor_type("meeting_end", floor_action::end_meeting),
    floor_type("floor_raise", floor_action::raise_hand),
    floor_type("floor_lower", floor_action::lower_hand),
    floor_type("floor_done", floor_action::done),
    floor_type("floor_pass", floor_action::pass),
    floor_type("floor_yield", floor_action::yield),
    {"away", frame_kind::away, on_fields},
}};

frame_type const* find_frame_type(std::string_view name) noexcept
{
    for (auto const& type : frame_types)
        if (type.name == name)
            return &type;
    return nullptr;
}

std::string_view to_std(json::string_view s) noexcept
{
    return {s.data(), s.size()};
}

// The JSON type of a value, as far as the checks need to tell them apart.
enum class value_kind : std::uint8_t
{
    string,
    integer, // no fraction or exponent; fits_u64 says whether the value is in 0..2^64-1
    object,
    array,
    boolean, // integer holds 1 for true, 0 for false
    other,   // a number with a fraction or an exponent (even 3.0 or 1e2), null
};

constexpr std::size_t no_node = std::numeric_limits<std::size_t>::max();

// A slice of the handler's text buffer.
struct text_ref
{
    std::size_t offset = 0;
    std::size_t size = 0;
};

// One JSON value of the frame, linked to its container and siblings in document order.
struct value_node
{
    std::size_t parent = no_node;
    std::size_t first_child = no_node;
    std::size_t last_child = no_node;
    std::size_t next_sibling = no_node;
    std::size_t children = 0;
    value_kind kind = value_kind::other;
    bool fits_u64 = false;
    std::uint64_t integer = 0;
    text_ref key;  // its key in the enclosing object
    text_ref text; // a string's unescaped value
};

/* The basic_parser handler: records the frame as a flat tree of values (node 0 is the top-level
 * value) in the same pass that checks the structure (depth, duplicate keys). It never stops on
 * a fault, so that a frame which is also not valid JSON is reported as not_json, as PROTOCOL.md
 * §2's order requires. Nested objects (a doc, an invite's jks) are judged after the pass, when
 * the frame's type is known: "t" may come last. Every buffer keeps its capacity between frames. */
class frame_handler
{
public:
    // A frame is capped at max_frame_bytes before parsing, so these never bind.
    static constexpr std::size_t max_array_size = std::numeric_limits<std::size_t>::max();
    static constexpr std::size_t max_object_size = std::numeric_limits<std::size_t>::max();
    static constexpr std::size_t max_string_size = std::numeric_limits<std::size_t>::max();
    static constexpr std::size_t max_key_size = std::numeric_limits<std::size_t>::max();

    /* Forget the previous frame. A frame of tens of thousands of tiny values would otherwise
     * pin their nodes' memory for the life of the server. */
    void reset() noexcept
    {
        static constexpr std::size_t retained_nodes = 4096;
        depth_ = 0;
        too_deep_ = false;
        duplicate_key_ = false;
        key_text_.clear();
        keys_.clear();
        open_objects_.clear();
        open_containers_.clear();
        if (nodes_.capacity() > retained_nodes)
            nodes_ = {};
        nodes_.clear();
        text_.clear();
        pending_key_ = {};
        open_string_ = no_node;
        number_has_fraction_ = false;
    }

    [[nodiscard]] bool too_deep() const noexcept { return too_deep_; }
    [[nodiscard]] bool duplicate_key() const noexcept { return duplicate_key_; }
    [[nodiscard]] bool empty() const noexcept { return nodes_.empty(); }
    [[nodiscard]] value_node const& node(std::size_t index) const noexcept { return nodes_[index]; }
    [[nodiscard]] std::string_view text(text_ref ref) const noexcept
    {
        return std::string_view(text_).substr(ref.offset, ref.size);
    }

    /// The first member of object called name, or no_node.
    [[nodiscard]] std::size_t find(std::size_t object, std::string_view name) const noexcept
    {
        for (auto child = nodes_[object].first_child; child != no_node;
             child = nodes_[child].next_sibling)
            if (text(nodes_[child].key) == name)
                return child;
        return no_node;
    }

    bool on_document_begin(json::error_code&) { return true; }
    bool on_document_end(json::error_code&) { return true; }

    bool on_object_begin(json::error_code&)
    {
        open_containers_.push_back(add(value_kind::object));
        enter();
        open_objects_.push_back({keys_.size(), key_text_.size()});
        return true;
    }

    bool on_object_end(std::size_t, json::error_code&)
    {
        auto const open = open_objects_.back();
        open_objects_.pop_back();
        check_duplicates(open);
        // The object's keys are done with: drop them so the enclosing object's stay contiguous.
        keys_.resize(open.first_key);
        key_text_.resize(open.text_offset);
        open_containers_.pop_back();
        --depth_;
        return true;
    }

    bool on_array_begin(json::error_code&)
    {
        open_containers_.push_back(add(value_kind::array));
        enter();
        return true;
    }

    bool on_array_end(std::size_t, json::error_code&)
    {
        open_containers_.pop_back();
        --depth_;
        return true;
    }

    bool on_key_part(json::string_view s, std::size_t, json::error_code&)
    {
        key_text_.append(s.data(), s.size());
        return true;
    }

    bool on_key(json::string_view s, std::size_t n, json::error_code&)
    {
        // Boost.JSON hands over keys unescaped, so "\u0074" arrives here as "t".
        key_text_.append(s.data(), s.size());
        keys_.push_back({key_text_.size() - n, n});
        pending_key_ = {text_.size(), n};
        text_.append(key_text_, key_text_.size() - n, n);
        return true;
    }

    bool on_string_part(json::string_view s, std::size_t, json::error_code&)
    {
        append_string(s);
        return true;
    }

    bool on_string(json::string_view s, std::size_t, json::error_code&)
    {
        append_string(s);
        open_string_ = no_node;
        return true;
    }

    bool on_number_part(json::string_view s, json::error_code&)
    {
        note_number_text(s);
        return true;
    }

    bool on_int64(std::int64_t i, json::string_view s, json::error_code&)
    {
        note_number_text(s);
        add_integer(i >= 0, i >= 0 ? static_cast<std::uint64_t>(i) : 0);
        return true;
    }

    bool on_uint64(std::uint64_t u, json::string_view s, json::error_code&)
    {
        note_number_text(s);
        add_integer(true, u);
        return true;
    }

    bool on_double(double d, json::string_view s, json::error_code&)
    {
        note_number_text(s);
        if (number_has_fraction_)
            add(value_kind::other);
        else
            // An integer literal outside int64 and uint64: out of every range here. A zero
            // ("-0") is the one such literal whose value is in range.
            add_integer(d == 0.0, 0);
        number_has_fraction_ = false;
        return true;
    }

    bool on_bool(bool b, json::error_code&)
    {
        nodes_[add(value_kind::boolean)].integer = b ? 1 : 0;
        return true;
    }

    bool on_null(json::error_code&)
    {
        add(value_kind::other);
        return true;
    }

    // Comments are refused by the parse options; these exist because the handler concept
    // requires them.
    bool on_comment_part(json::string_view, json::error_code&) { return true; }
    bool on_comment(json::string_view, json::error_code&) { return true; }

private:
    struct key_ref
    {
        std::size_t offset;
        std::size_t size;
    };

    struct open_object
    {
        std::size_t first_key;   // index into keys_
        std::size_t text_offset; // into key_text_
    };

    void enter() noexcept
    {
        ++depth_;
        if (depth_ > frame_parser::max_depth)
            too_deep_ = true;
    }

    std::string_view key(key_ref ref) const noexcept
    {
        return std::string_view(key_text_).substr(ref.offset, ref.size);
    }

    /* Sort the keys of the object that just closed and look for two equal neighbours: n log n,
     * so an object of thousands of distinct keys in one 64 KiB frame stays cheap. */
    void check_duplicates(open_object open)
    {
        if (duplicate_key_)
            return;
        auto const first = keys_.begin() + static_cast<std::ptrdiff_t>(open.first_key);
        std::sort(first, keys_.end(), [this](key_ref a, key_ref b) { return key(a) < key(b); });
        duplicate_key_ = std::adjacent_find(first, keys_.end(),
                                            [this](key_ref a, key_ref b)
                                            { return key(a) == key(b); }) != keys_.end();
    }

    /* A value begins: a new node, the last child of the innermost open container. */
    std::size_t add(value_kind kind)
    {
        auto const index = nodes_.size();
        auto& n = nodes_.emplace_back();
        n.kind = kind;
        if (open_containers_.empty())
            return index;
        n.parent = open_containers_.back();
        auto& parent = nodes_[n.parent];
        if (parent.kind == value_kind::object)
            n.key = pending_key_;
        if (parent.last_child == no_node)
            parent.first_child = index;
        else
            nodes_[parent.last_child].next_sibling = index;
        parent.last_child = index;
        ++parent.children;
        return index;
    }

    void append_string(json::string_view s)
    {
        if (open_string_ == no_node)
        {
            open_string_ = add(value_kind::string);
            nodes_[open_string_].text.offset = text_.size();
        }
        text_.append(s.data(), s.size());
        nodes_[open_string_].text.size += s.size();
    }

    void note_number_text(json::string_view s) noexcept
    {
        if (to_std(s).find_first_of(".eE") != std::string_view::npos)
            number_has_fraction_ = true;
    }

    void add_integer(bool fits_u64, std::uint64_t value)
    {
        auto& n = nodes_[add(value_kind::integer)];
        n.fits_u64 = fits_u64;
        n.integer = value;
        number_has_fraction_ = false;
    }

    std::size_t depth_ = 0;
    bool too_deep_ = false;
    bool duplicate_key_ = false;

    // The keys of every object still open, innermost last, unescaped, back to back.
    std::string key_text_;
    std::vector<key_ref> keys_;
    std::vector<open_object> open_objects_;

    std::vector<std::size_t> open_containers_; // node indices, innermost last
    std::vector<value_node> nodes_;
    std::string text_; // every key and string value of the frame, unescaped, back to back
    text_ref pending_key_;
    std::size_t open_string_ = no_node;
    bool number_has_fraction_ = false;
};

json::parse_options make_parse_options() noexcept
{
    json::parse_options options; // strict RFC 8259: no comments, no trailing commas, UTF-8
    // Boost.JSON recurses once per level, so it needs a hard stop of its own. Above 8 levels
    // the handler records too_deep and lets parsing go on, so that a deep frame which is also
    // broken JSON answers not_json; only beyond this cap does parsing stop at too_deep.
    options.max_depth = 64;
    return options;
}

struct field_failure
{
    error code;
    std::string field; // dotted for a nested field: "doc.keys.to"
};

bool has_json_type(frame_handler const& h, value_node const& value, field_type type) noexcept
{
    switch (type)
    {
    case field_type::string:
    case field_type::binary:
    case field_type::word:
        return value.kind == value_kind::string;
    case field_type::boolean:
        return value.kind == value_kind::boolean;
    case field_type::integer:
        return value.kind == value_kind::integer;
    case field_type::object:
        return value.kind == value_kind::object;
    case field_type::array:
        if (value.kind != value_kind::array)
            return false;
        for (auto child = value.first_child; child != no_node; child = h.node(child).next_sibling)
            if (h.node(child).kind != value_kind::object)
                return false;
        return true;
    }
    return false;
}

field_spec const* find_spec(std::span<field_spec const> fields, std::string_view name) noexcept
{
    for (auto const& spec : fields)
        if (spec.name == name)
            return &spec;
    return nullptr;
}

std::string path_of(std::string_view prefix, std::string_view name)
{
    std::string path(prefix);
    if (!path.empty())
        path += '.';
    path += name;
    return path;
}

/* Check the members of one object against fields, each check over all fields before the next:
 * missing_field, wrong_type, out_of_range (of integers and of array sizes), unknown_field (the
 * first member in document order the object lacks, other than extra), then bad_encoding in the
 * fields' order, where an object or an array of objects is checked whole, by the same rules,
 * when its turn comes. Binary fields are validated without being decoded. */
std::optional<field_failure> check_object(frame_handler const& h, std::size_t object,
                                          std::span<field_spec const> fields, bool one_of,
                                          std::string_view extra, std::string_view prefix)
{
    auto fail = [&](error code, std::string_view name) {
        return std::optional<field_failure>(field_failure{code, path_of(prefix, name)});
    };

    std::size_t optional_present = 0;
    for (auto const& spec : fields)
    {
        bool const present = h.find(object, spec.name) != no_node;
        if (!present && !spec.optional)
            return fail(error::missing_field, spec.name);
        if (present && spec.optional)
            ++optional_present;
    }
    if (one_of && optional_present == 0)
        for (auto const& spec : fields)
            if (spec.optional)
                return fail(error::missing_field, spec.name);

    for (auto const& spec : fields)
        if (auto const at = h.find(object, spec.name);
            at != no_node && !has_json_type(h, h.node(at), spec.type))
            return fail(error::wrong_type, spec.name);

    for (auto const& spec : fields)
    {
        auto const at = h.find(object, spec.name);
        if (at == no_node)
            continue;
        auto const& value = h.node(at);
        if (spec.type == field_type::integer &&
            (!value.fits_u64 || ((value.integer < spec.min || value.integer > spec.max) &&
                                 !(spec.or_zero && value.integer == 0))))
            return fail(error::out_of_range, spec.name);
        if (spec.type == field_type::word &&
            std::find(spec.words.begin(), spec.words.end(), h.text(value.text)) == spec.words.end())
            return fail(error::out_of_range, spec.name);
        if (spec.type == field_type::array &&
            (value.children < spec.min || value.children > spec.max))
            return fail(error::out_of_range, spec.name);
    }

    // The second form's field of a one_of type is as foreign to the first form as any other.
    bool optional_seen = false;
    for (auto child = h.node(object).first_child; child != no_node;
         child = h.node(child).next_sibling)
    {
        auto const name = h.text(h.node(child).key);
        if (!extra.empty() && name == extra)
            continue;
        auto const* spec = find_spec(fields, name);
        if (spec == nullptr)
            return fail(error::unknown_field, name);
        if (one_of && spec->optional && std::exchange(optional_seen, true))
            return fail(error::unknown_field, name);
    }

    for (auto const& spec : fields)
    {
        auto const at = h.find(object, spec.name);
        if (at == no_node)
            continue;
        auto const& value = h.node(at);
        if (spec.type == field_type::binary)
        {
            // Four characters carry three bytes, so the text's length gives the decoded size
            // (a length that rounds down is not canonical, and the check refuses it).
            auto const encoded = h.text(value.text);
            auto const size = encoded.size() * 3 / 4;
            if (size < spec.min || size > spec.max || (size - spec.min) % spec.step != 0 ||
                !base64url_is_canonical(encoded))
                return fail(error::bad_encoding, spec.name);
        }
        else if (spec.type == field_type::object)
        {
            if (auto failure =
                    check_object(h, at, spec.members, false, {}, path_of(prefix, spec.name)))
                return failure;
        }
        else if (spec.type == field_type::array)
        {
            for (auto element = value.first_child; element != no_node;
                 element = h.node(element).next_sibling)
                if (auto failure = check_object(h, element, spec.members, false, {},
                                                path_of(prefix, spec.name)))
                    return failure;
        }
    }
    return std::nullopt;
}

// Readers of values check_object has validated, so they cannot fail.
class frame_reader
{
public:
    explicit frame_reader(frame_handler const& h) noexcept : h_(h) {}

    [[nodiscard]] std::size_t at(std::size_t object, std::string_view name) const noexcept
    {
        return h_.find(object, name);
    }

    template <std::size_t N>
    void decode(std::size_t object, std::string_view name, std::array<byte, N>& out) const noexcept
    {
        [[maybe_unused]] bool const ok =
            base64url_decode_exact(h_.text(h_.node(at(object, name)).text), out);
        assert(ok);
    }

    [[nodiscard]] bytes decode_bytes(std::size_t object, std::string_view name) const
    {
        auto const encoded = h_.text(h_.node(at(object, name)).text);
        bytes out(encoded.size() * 3 / 4);
        [[maybe_unused]] bool const ok = base64url_decode_exact(encoded, out);
        assert(ok);
        return out;
    }

    [[nodiscard]] std::uint64_t integer(std::size_t object, std::string_view name) const noexcept
    {
        return h_.node(at(object, name)).integer;
    }

    [[nodiscard]] bool boolean(std::size_t object, std::string_view name) const noexcept
    {
        return h_.node(at(object, name)).integer != 0;
    }

    /// The index of object[name] in the words it was checked against.
    [[nodiscard]] std::size_t word_index(std::size_t object, std::string_view name,
                                         std::span<std::string_view const> words) const noexcept
    {
        auto const found =
            std::find(words.begin(), words.end(), h_.text(h_.node(at(object, name)).text));
        return static_cast<std::size_t>(found - words.begin());
    }

    [[nodiscard]] std::uint32_t u32(std::size_t object, std::string_view name) const noexcept
    {
        // Range-checked against u32_max before any frame is built.
        return static_cast<std::uint32_t>(integer(object, name));
    }

    /// The elements of the array object[name], in order.
    [[nodiscard]] std::vector<std::size_t> elements(std::size_t object, std::string_view name) const
    {
        std::vector<std::size_t> out;
        for (auto e = h_.node(at(object, name)).first_child; e != no_node;
             e = h_.node(e).next_sibling)
            out.push_back(e);
        return out;
    }

    [[nodiscard]] std::vector<join_key_copy> join_keys(std::size_t object) const
    {
        std::vector<join_key_copy> out;
        for (auto e : elements(object, "jks"))
        {
            auto& copy = out.emplace_back();
            decode(e, "to", copy.to);
            decode(e, "k", copy.k);
        }
        return out;
    }

    [[nodiscard]] sealed_doc doc(std::size_t object) const
    {
        sealed_doc d;
        decode(object, "n", d.n);
        d.c = decode_bytes(object, "c");
        for (auto e : elements(object, "keys"))
        {
            auto& key = d.keys.emplace_back();
            decode(e, "to", key.to);
            decode(e, "k", key.k);
        }
        return d;
    }

private:
    frame_handler const& h_;
};

floor_frame build_floor_frame(frame_reader const& r, floor_action action)
{
    constexpr std::size_t root = 0;
    floor_frame frame;
    frame.action = action;
    switch (action)
    {
    case floor_action::start_round:
        frame.kind = static_cast<round_kind>(r.word_index(root, "kind", round_kind_words));
        frame.after = static_cast<after_round>(r.word_index(root, "after", after_round_words));
        if (r.at(root, "turn_s") != no_node)
            frame.turn_s = static_cast<std::uint16_t>(r.integer(root, "turn_s"));
        break;
    case floor_action::next_speaker:
        r.decode(root, "speaker", frame.member);
        break;
    case floor_action::grant:
    case floor_action::remove:
        r.decode(root, "member", frame.member);
        break;
    case floor_action::hand_over:
        r.decode(root, "to", frame.member);
        break;
    case floor_action::set_hands:
        frame.on = r.boolean(root, "on");
        break;
    default:
        break;
    }
    return frame;
}

client_frame build_frame(frame_handler const& h, frame_type const& type)
{
    constexpr std::size_t root = 0;
    frame_reader const r(h);
    switch (type.kind)
    {
    case frame_kind::hello:
        return hello_frame{r.u32(root, "v")};
    case frame_kind::auth:
    {
        auth_frame frame;
        r.decode(root, "member", frame.member);
        r.decode(root, "sig", frame.sig);
        return frame;
    }
    case frame_kind::redeem:
    {
        redeem_frame frame;
        r.decode(root, "invite", frame.invite);
        r.decode(root, "tok", frame.token);
        r.decode(root, "member", frame.member);
        r.decode(root, "sig_pk", frame.sig_pk);
        r.decode(root, "dh_pk", frame.dh_pk);
        r.decode(root, "sig", frame.sig);
        return frame;
    }
    case frame_kind::join:
        return join_frame{};
    case frame_kind::leave:
        return leave_frame{};
    case frame_kind::msg:
    {
        // A msg keeps only what the server routes on.
        msg_frame frame;
        r.decode(root, "ses", frame.session);
        frame.epoch = r.u32(root, "ep");
        r.decode(root, "from", frame.from);
        frame.counter = r.u32(root, "ctr");
        frame.kind = static_cast<std::uint8_t>(r.integer(root, "k"));
        frame.ciphertext_bytes =
            static_cast<std::uint32_t>(h.text(h.node(r.at(root, "ct")).text).size() * 3 / 4);
        return frame;
    }
    case frame_kind::roster_get:
    {
        roster_get_frame frame;
        if (r.at(root, "from") != no_node)
            frame.from_version = r.integer(root, "from");
        else
            r.decode(root, "rh", frame.from_hash.emplace());
        return frame;
    }
    case frame_kind::roster_propose:
    {
        roster_propose_frame frame;
        frame.tbs = r.decode_bytes(root, "tbs");
        r.decode(root, "sig", frame.sig);
        if (auto const doc = r.at(root, "doc"); doc != no_node)
            frame.doc = r.doc(doc);
        return frame;
    }
    case frame_kind::approve:
    {
        approve_frame frame;
        r.decode(root, "rh", frame.roster_hash);
        r.decode(root, "sig", frame.sig);
        return frame;
    }
    case frame_kind::object:
    {
        object_frame frame;
        r.decode(root, "rh", frame.roster_hash);
        return frame;
    }
    case frame_kind::withdraw:
    {
        withdraw_frame frame;
        r.decode(root, "rh", frame.roster_hash);
        return frame;
    }
    case frame_kind::invite_create:
    {
        invite_create_frame frame;
        r.decode(root, "invite", frame.invite);
        r.decode(root, "th", frame.token_hash);
        frame.roster_version = r.integer(root, "rv");
        frame.ttl_s = r.u32(root, "ttl_s");
        frame.uses = static_cast<std::uint8_t>(r.integer(root, "uses"));
        auto const info = r.at(root, "info");
        r.decode(info, "n", frame.info.n);
        frame.info.c = r.decode_bytes(info, "c");
        frame.jks = r.join_keys(root);
        return frame;
    }
    case frame_kind::invite_revoke:
    {
        invite_revoke_frame frame;
        r.decode(root, "invite", frame.invite);
        return frame;
    }
    case frame_kind::invite_keys:
    {
        invite_keys_frame frame;
        r.decode(root, "invite", frame.invite);
        frame.jks = r.join_keys(root);
        return frame;
    }
    case frame_kind::knock:
    {
        knock_frame frame;
        r.decode(root, "invite", frame.invite);
        r.decode(root, "tok", frame.token);
        return frame;
    }
    case frame_kind::join_request:
    {
        join_request_frame frame;
        r.decode(root, "invite", frame.invite);
        r.decode(root, "tok", frame.token);
        r.decode(root, "member", frame.member);
        r.decode(root, "sig_pk", frame.sig_pk);
        r.decode(root, "dh_pk", frame.dh_pk);
        r.decode(root, "ph", frame.pledge_hash);
        r.decode(root, "pledge", frame.pledge);
        r.decode(root, "n", frame.n);
        r.decode(root, "c", frame.c);
        r.decode(root, "sig", frame.sig);
        return frame;
    }
    case frame_kind::join_withdraw:
        return join_withdraw_frame{};
    case frame_kind::decline:
    {
        decline_frame frame;
        r.decode(root, "member", frame.member);
        r.decode(root, "sig", frame.sig);
        return frame;
    }
    case frame_kind::ekey:
    {
        ekey_frame frame;
        r.decode(root, "ses", frame.session);
        frame.epoch = r.u32(root, "ep");
        r.decode(root, "from", frame.from);
        frame.roster_version = r.integer(root, "rv");
        r.decode(root, "rh", frame.roster_hash);
        r.decode(root, "ek", frame.ek);
        r.decode(root, "sig", frame.sig);
        return frame;
    }
    case frame_kind::skd:
    {
        skd_frame frame;
        r.decode(root, "ses", frame.session);
        frame.epoch = r.u32(root, "ep");
        r.decode(root, "from", frame.from);
        for (auto box : r.elements(root, "boxes"))
            r.decode(box, "to", frame.recipients.emplace_back());
        return frame;
    }
    case frame_kind::floor:
        return build_floor_frame(r, type.action);
    case frame_kind::away:
        return away_frame{r.boolean(root, "on")};
    }
    return join_frame{}; // unreachable: every kind is handled above
}

} // namespace

struct frame_parser::impl
{
    explicit impl(std::size_t max_bytes) : max_frame_bytes(max_bytes) {}

    std::size_t max_frame_bytes;
    json::basic_parser<frame_handler> parser{make_parse_options()};
};

namespace
{

parse_result refuse(parse_result& result, error e, std::string_view field_name = {})
{
    result.ok = false;
    result.failure = e;
    result.field.assign(field_name);
    return std::move(result);
}

} // namespace

std::string_view frame_type_name(floor_action action) noexcept
{
    for (auto const& type : frame_types)
        if (type.kind == frame_kind::floor && type.action == action)
            return type.name;
    return {};
}

frame_parser::frame_parser(std::size_t max_frame_bytes)
    : impl_(std::make_unique<impl>(max_frame_bytes))
{
}

frame_parser::~frame_parser() = default;

/* Error precedence within one frame, first match wins:
 *   1. frame_too_large, then not_single_line, both before any parsing;
 *   2. not_json (including text after the value), not_an_object, too_deep, duplicate_key, in
 *      PROTOCOL.md §2's order whatever their position in the text (except that a frame nested
 *      over 64 levels stops the parser and answers too_deep);
 *   3. "t": missing_field, wrong_type, then unknown_type;
 *   4. per field, each check run over the type's fields in PROTOCOL.md's order before the next
 *      check: missing_field, then wrong_type, then out_of_range; then unknown_field for the
 *      first top-level member, in document order, that the type does not have; then
 *      bad_encoding in the type's field order, where a nested object (doc, info) or array of
 *      objects (jks, boxes) is checked whole, in the same order, when its turn comes.
 * ref is set whenever the frame was JSON and its "t" names a client frame type. */
parse_result frame_parser::parse(std::string_view text)
{
    parse_result result;
    if (text.size() > impl_->max_frame_bytes)
        return refuse(result, error::frame_too_large);
    // Two memchr scans: find_first_of would call memchr once per character of text.
    if (text.find('\n') != std::string_view::npos || text.find('\r') != std::string_view::npos)
        return refuse(result, error::not_single_line);

    auto& parser = impl_->parser;
    auto& h = parser.handler();
    parser.reset();
    h.reset();
    json::error_code ec;
    auto const consumed = parser.write_some(false, text.data(), text.size(), ec);
    if (ec == json::error::too_deep)
        return refuse(result, error::too_deep);
    if (ec || consumed != text.size())
        return refuse(result, error::not_json);
    constexpr std::size_t root = 0;
    if (h.empty() || h.node(root).kind != value_kind::object)
        return refuse(result, error::not_an_object);

    // With a repeated "t", the first names the frame (the duplicate is refused just below).
    auto const t = h.find(root, "t");
    frame_type const* type = nullptr;
    if (t != no_node && h.node(t).kind == value_kind::string)
        type = find_frame_type(h.text(h.node(t).text));
    if (type != nullptr)
        result.ref.assign(type->name);

    if (h.too_deep())
        return refuse(result, error::too_deep);
    if (h.duplicate_key())
        return refuse(result, error::duplicate_key);

    if (t == no_node)
        return refuse(result, error::missing_field, "t");
    if (h.node(t).kind != value_kind::string)
        return refuse(result, error::wrong_type, "t");
    if (type == nullptr)
        return refuse(result, error::unknown_type, "t");

    if (auto const failure = check_object(h, root, type->fields, type->one_of, "t", {}))
        return refuse(result, failure->code, failure->field);

    result.frame = build_frame(h, *type);
    result.ok = true;
    return result;
}

} // namespace sirkel::protocol
