#include "sirkel/protocol/frame_parser.hpp"

#include "sirkel/protocol/base64url.hpp"

#include <boost/json/basic_parser_impl.hpp>

#include <algorithm>
#include <array>
#include <cassert>
#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

namespace sirkel::protocol
{
namespace
{

namespace json = boost::json;

// Every field name a v1 client frame uses, in one table so a key is classified once, at the top
// level, whatever the frame's type turns out to be ("t" may come last).
enum class field : std::uint8_t
{
    t,
    v,
    member,
    sig,
    invite,
    tok,
    sig_pk,
    dh_pk,
    ses,
    ep,
    from,
    ctr,
    k,
    n,
    ct,
};
constexpr std::size_t field_count = 15;

enum class field_type : std::uint8_t
{
    string,  // only "t"
    integer, // a JSON number without fraction or exponent, within [min, max]
    binary,  // base64url without padding, decoding to [min, max] bytes
};

struct field_spec
{
    std::string_view name;
    field_type type;
    std::uint64_t min;
    std::uint64_t max;
};

constexpr std::uint64_t u32_max = std::numeric_limits<std::uint32_t>::max();
// A padded PSG1 ciphertext: at most 16 KiB of padded plaintext plus the 16-byte tag, and never
// less than one byte of plaintext plus the tag (PROTOCOL.md §4 msg).
constexpr std::uint64_t ct_min_bytes = 17;
constexpr std::uint64_t ct_max_bytes = 16400;

// Indexed by field; the ranges are PROTOCOL.md §4's.
constexpr std::array<field_spec, field_count> field_specs = {{
    {"t", field_type::string, 0, 0},
    {"v", field_type::integer, 0, u32_max},
    {"member", field_type::binary, 16, 16},
    {"sig", field_type::binary, 64, 64},
    {"invite", field_type::binary, 16, 16},
    {"tok", field_type::binary, 32, 32},
    {"sig_pk", field_type::binary, 32, 32},
    {"dh_pk", field_type::binary, 32, 32},
    {"ses", field_type::binary, 16, 16},
    {"ep", field_type::integer, 0, u32_max},
    {"from", field_type::binary, 16, 16},
    {"ctr", field_type::integer, 0, u32_max},
    {"k", field_type::integer, 1, 3},
    {"n", field_type::binary, 24, 24},
    {"ct", field_type::binary, ct_min_bytes, ct_max_bytes},
}};

constexpr field_spec const& spec(field f) noexcept
{
    return field_specs[static_cast<std::size_t>(f)];
}

// The fields each client frame type requires, in PROTOCOL.md's order, which is also the order
// in which a frame's per-field errors are reported. No v1 field is optional, and "t" is implied.
constexpr std::array<field, 1> hello_fields = {field::v};
constexpr std::array<field, 2> auth_fields = {field::member, field::sig};
constexpr std::array<field, 6> redeem_fields = {field::invite, field::tok,   field::member,
                                                field::sig_pk, field::dh_pk, field::sig};
constexpr std::array<field, 8> msg_fields = {field::ses, field::ep, field::from, field::ctr,
                                             field::k,   field::n,  field::ct,   field::sig};

enum class frame_kind : std::uint8_t
{
    hello,
    auth,
    redeem,
    join,
    leave,
    msg,
};

struct frame_type
{
    std::string_view name;
    frame_kind kind;
    std::span<field const> fields;
};

constexpr std::array<frame_type, 6> frame_types = {{
    {"hello", frame_kind::hello, hello_fields},
    {"auth", frame_kind::auth, auth_fields},
    {"redeem", frame_kind::redeem, redeem_fields},
    {"join", frame_kind::join, {}},
    {"leave", frame_kind::leave, {}},
    {"msg", frame_kind::msg, msg_fields},
}};

std::optional<field> find_field(std::string_view name) noexcept
{
    for (std::size_t i = 0; i < field_count; ++i)
        if (field_specs[i].name == name)
            return static_cast<field>(i);
    return std::nullopt;
}

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

// The JSON type of a top-level value, as far as the checks need to tell them apart.
enum class value_kind : std::uint8_t
{
    string,
    integer, // no fraction or exponent; fits_u64 says whether the value is in 0..2^64-1
    other,   // a number with a fraction or an exponent (even 3.0 or 1e2), true, false, null,
             // an object or an array
};

// One top-level member whose key is a known field name, as the SAX events delivered it.
struct captured_value
{
    bool present = false;
    std::size_t position = 0; // index among the top-level members, for unknown_field order
    value_kind kind = value_kind::other;
    bool fits_u64 = false;
    std::uint64_t integer = 0;
    std::string text; // reused between frames, so its capacity survives
};

/* The basic_parser handler: collects the top-level members of one frame and records the
 * structural faults (depth, duplicate keys) without stopping, so that a frame which is also not
 * valid JSON is reported as not_json, as PROTOCOL.md §2's order requires. */
class frame_handler
{
public:
    // A frame is capped at max_frame_bytes before parsing, so these never bind.
    static constexpr std::size_t max_array_size = std::numeric_limits<std::size_t>::max();
    static constexpr std::size_t max_object_size = std::numeric_limits<std::size_t>::max();
    static constexpr std::size_t max_string_size = std::numeric_limits<std::size_t>::max();
    static constexpr std::size_t max_key_size = std::numeric_limits<std::size_t>::max();

    /* Forget the previous frame. Buffers keep their capacity. */
    void reset() noexcept
    {
        depth_ = 0;
        top_is_object_ = false;
        too_deep_ = false;
        duplicate_key_ = false;
        key_text_.clear();
        keys_.clear();
        open_objects_.clear();
        member_count_ = 0;
        target_ = nullptr;
        number_has_fraction_ = false;
        for (auto& value : values_)
        {
            value.present = false;
            value.text.clear();
        }
        first_unknown_.clear();
        first_unknown_position_.reset();
    }

    [[nodiscard]] bool top_is_object() const noexcept { return top_is_object_; }
    [[nodiscard]] bool too_deep() const noexcept { return too_deep_; }
    [[nodiscard]] bool duplicate_key() const noexcept { return duplicate_key_; }
    [[nodiscard]] captured_value const& value(field f) const noexcept
    {
        return values_[static_cast<std::size_t>(f)];
    }
    /// The first top-level key that no v1 frame has, with its position, if there was one.
    [[nodiscard]] std::string const& first_unknown() const noexcept { return first_unknown_; }
    [[nodiscard]] std::optional<std::size_t> first_unknown_position() const noexcept
    {
        return first_unknown_position_;
    }

    bool on_document_begin(json::error_code&) { return true; }
    bool on_document_end(json::error_code&) { return true; }

    bool on_object_begin(json::error_code&)
    {
        if (depth_ == 0)
            top_is_object_ = true;
        take_target(value_kind::other);
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
        --depth_;
        return true;
    }

    bool on_array_begin(json::error_code&)
    {
        take_target(value_kind::other);
        enter();
        return true;
    }

    bool on_array_end(std::size_t, json::error_code&)
    {
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
        if (depth_ == 1)
            on_top_level_key(std::string_view(key_text_).substr(key_text_.size() - n));
        return true;
    }

    bool on_string_part(json::string_view s, std::size_t, json::error_code&)
    {
        if (target_ != nullptr)
            target_->text.append(s.data(), s.size());
        return true;
    }

    bool on_string(json::string_view s, std::size_t, json::error_code&)
    {
        if (target_ != nullptr)
            target_->text.append(s.data(), s.size());
        take_target(value_kind::string);
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
        take_integer(i >= 0, i >= 0 ? static_cast<std::uint64_t>(i) : 0);
        return true;
    }

    bool on_uint64(std::uint64_t u, json::string_view s, json::error_code&)
    {
        note_number_text(s);
        take_integer(true, u);
        return true;
    }

    bool on_double(double d, json::string_view s, json::error_code&)
    {
        note_number_text(s);
        if (number_has_fraction_)
            take_target(value_kind::other);
        else
            // An integer literal outside int64 and uint64: out of every range here. A zero
            // ("-0") is the one such literal whose value is in range.
            take_integer(d == 0.0, 0);
        number_has_fraction_ = false;
        return true;
    }

    bool on_bool(bool, json::error_code&)
    {
        take_target(value_kind::other);
        return true;
    }

    bool on_null(json::error_code&)
    {
        take_target(value_kind::other);
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

    /* Point target_ at the value slot for this top-level key, or at nothing when the key is
     * unknown or repeated (a repeated key is refused as duplicate_key; the first value stays so
     * the error can still name the frame's type). */
    void on_top_level_key(std::string_view name)
    {
        auto const position = member_count_++;
        auto const f = find_field(name);
        if (!f)
        {
            if (!first_unknown_position_)
            {
                first_unknown_.assign(name);
                first_unknown_position_ = position;
            }
            target_ = nullptr;
            return;
        }
        auto& slot = values_[static_cast<std::size_t>(*f)];
        if (slot.present)
        {
            target_ = nullptr;
            return;
        }
        slot.present = true;
        slot.position = position;
        slot.kind = value_kind::other;
        slot.fits_u64 = false;
        slot.integer = 0;
        target_ = &slot;
    }

    void note_number_text(json::string_view s) noexcept
    {
        if (to_std(s).find_first_of(".eE") != std::string_view::npos)
            number_has_fraction_ = true;
    }

    /* The value of the pending top-level member, if any, has begun or ended: record its kind.
     * Whatever value comes next belongs to a nested container or to the next key. */
    void take_target(value_kind kind) noexcept
    {
        if (target_ != nullptr)
            target_->kind = kind;
        target_ = nullptr;
    }

    void take_integer(bool fits_u64, std::uint64_t value) noexcept
    {
        if (target_ != nullptr)
        {
            target_->fits_u64 = fits_u64;
            target_->integer = value;
        }
        take_target(value_kind::integer);
        number_has_fraction_ = false;
    }

    std::size_t depth_ = 0;
    bool top_is_object_ = false;
    bool too_deep_ = false;
    bool duplicate_key_ = false;

    // The keys of every object still open, innermost last, unescaped, back to back.
    std::string key_text_;
    std::vector<key_ref> keys_;
    std::vector<open_object> open_objects_;

    std::size_t member_count_ = 0;
    captured_value* target_ = nullptr;
    bool number_has_fraction_ = false;
    std::array<captured_value, field_count> values_;
    std::string first_unknown_;
    std::optional<std::size_t> first_unknown_position_;
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

} // namespace

struct frame_parser::impl
{
    explicit impl(std::size_t max_bytes) : max_frame_bytes(max_bytes) {}

    std::size_t max_frame_bytes;
    json::basic_parser<frame_handler> parser{make_parse_options()};
    // Binary fields are decoded here to validate them; the ciphertext, the largest, is never
    // used beyond that. One buffer serves every frame.
    std::array<byte, ct_max_bytes> scratch{};
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

bool has_json_type(captured_value const& value, field_type type) noexcept
{
    switch (type)
    {
    case field_type::string:
    case field_type::binary:
        return value.kind == value_kind::string;
    case field_type::integer:
        return value.kind == value_kind::integer;
    }
    return false;
}

bool allowed_in(frame_type const& type, field f) noexcept
{
    return f == field::t ||
           std::find(type.fields.begin(), type.fields.end(), f) != type.fields.end();
}

/* Decode a binary field that the bad_encoding pass has already validated, so it cannot fail. */
template <std::size_t N>
void assign_decoded(std::array<byte, N>& out, captured_value const& value) noexcept
{
    [[maybe_unused]] bool const ok = base64url_decode_exact(value.text, out);
    assert(ok);
}

std::uint32_t as_u32(captured_value const& value) noexcept
{
    // Range-checked against u32_max before any frame is built.
    return static_cast<std::uint32_t>(value.integer);
}

} // namespace

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
 *      bad_encoding in the type's field order.
 * ref is set whenever the frame was JSON and its "t" names a client frame type. */
parse_result frame_parser::parse(std::string_view text)
{
    parse_result result;
    if (text.size() > impl_->max_frame_bytes)
        return refuse(result, error::frame_too_large);
    if (text.find_first_of("\n\r") != std::string_view::npos)
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
    if (!h.top_is_object())
        return refuse(result, error::not_an_object);

    auto const& t = h.value(field::t);
    frame_type const* type = nullptr;
    if (t.present && t.kind == value_kind::string)
        type = find_frame_type(t.text);
    if (type != nullptr)
        result.ref.assign(type->name);

    if (h.too_deep())
        return refuse(result, error::too_deep);
    if (h.duplicate_key())
        return refuse(result, error::duplicate_key);

    auto const t_name = spec(field::t).name;
    if (!t.present)
        return refuse(result, error::missing_field, t_name);
    if (t.kind != value_kind::string)
        return refuse(result, error::wrong_type, t_name);
    if (type == nullptr)
        return refuse(result, error::unknown_type, t_name);

    for (auto f : type->fields)
        if (!h.value(f).present)
            return refuse(result, error::missing_field, spec(f).name);
    for (auto f : type->fields)
        if (!has_json_type(h.value(f), spec(f).type))
            return refuse(result, error::wrong_type, spec(f).name);
    for (auto f : type->fields)
    {
        auto const& value = h.value(f);
        if (spec(f).type == field_type::integer &&
            (!value.fits_u64 || value.integer < spec(f).min || value.integer > spec(f).max))
            return refuse(result, error::out_of_range, spec(f).name);
    }

    // The first member in document order that this type does not have.
    std::optional<std::size_t> unknown_position = h.first_unknown_position();
    std::string_view unknown_name = h.first_unknown();
    for (std::size_t i = 0; i < field_count; ++i)
    {
        auto const f = static_cast<field>(i);
        auto const& value = h.value(f);
        if (value.present && !allowed_in(*type, f) &&
            (!unknown_position || value.position < *unknown_position))
        {
            unknown_position = value.position;
            unknown_name = spec(f).name;
        }
    }
    if (unknown_position)
        return refuse(result, error::unknown_field, unknown_name);

    // bad_encoding, in the type's field order. Four characters carry three bytes, so the text's
    // length gives the decoded size before decoding (a length that rounds down is not canonical,
    // and the exact decode refuses it).
    for (auto f : type->fields)
    {
        if (spec(f).type != field_type::binary)
            continue;
        auto const& encoded = h.value(f).text;
        auto const size = encoded.size() * 3 / 4;
        if (size < spec(f).min || size > spec(f).max ||
            !base64url_decode_exact(encoded, std::span(impl_->scratch).first(size)))
            return refuse(result, error::bad_encoding, spec(f).name);
    }

    // Every field is valid: build the frame. A msg keeps only what the server routes on.
    switch (type->kind)
    {
    case frame_kind::hello:
        result.frame = hello_frame{as_u32(h.value(field::v))};
        break;
    case frame_kind::auth:
    {
        auth_frame frame;
        assign_decoded(frame.member, h.value(field::member));
        assign_decoded(frame.sig, h.value(field::sig));
        result.frame = frame;
        break;
    }
    case frame_kind::redeem:
    {
        redeem_frame frame;
        assign_decoded(frame.invite, h.value(field::invite));
        assign_decoded(frame.token, h.value(field::tok));
        assign_decoded(frame.member, h.value(field::member));
        assign_decoded(frame.sig_pk, h.value(field::sig_pk));
        assign_decoded(frame.dh_pk, h.value(field::dh_pk));
        assign_decoded(frame.sig, h.value(field::sig));
        result.frame = frame;
        break;
    }
    case frame_kind::join:
        result.frame = join_frame{};
        break;
    case frame_kind::leave:
        result.frame = leave_frame{};
        break;
    case frame_kind::msg:
    {
        msg_frame frame;
        assign_decoded(frame.session, h.value(field::ses));
        frame.epoch = as_u32(h.value(field::ep));
        assign_decoded(frame.from, h.value(field::from));
        frame.counter = as_u32(h.value(field::ctr));
        frame.kind = static_cast<std::uint8_t>(h.value(field::k).integer);
        frame.ciphertext_bytes = static_cast<std::uint32_t>(h.value(field::ct).text.size() * 3 / 4);
        result.frame = frame;
        break;
    }
    }
    result.ok = true;
    return result;
}

} // namespace sirkel::protocol
