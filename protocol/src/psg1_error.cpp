#include "sirkel/protocol/psg1_error.hpp"

namespace sirkel::protocol
{

std::string_view code_name(psg1_error e) noexcept
{
    switch (e)
    {
    case psg1_error::ok:
        return "ok";
    case psg1_error::roster_invalid:
        return "roster_invalid";
    case psg1_error::version_gap:
        return "version_gap";
    case psg1_error::prev_hash_mismatch:
        return "prev_hash_mismatch";
    case psg1_error::size_cap_reached:
        return "size_cap_reached";
    case psg1_error::approval_invalid:
        return "approval_invalid";
    case psg1_error::approvals_missing:
        return "approvals_missing";
    case psg1_error::no_roster:
        return "no_roster";
    case psg1_error::pin_mismatch:
        return "pin_mismatch";
    case psg1_error::wrong_epoch:
        return "wrong_epoch";
    case psg1_error::not_a_participant:
        return "not_a_participant";
    case psg1_error::out_of_range:
        return "out_of_range";
    case psg1_error::bad_encoding:
        return "bad_encoding";
    case psg1_error::sig_invalid:
        return "sig_invalid";
    case psg1_error::replay:
        return "replay";
    case psg1_error::jump_too_far:
        return "jump_too_far";
    case psg1_error::aead_failed:
        return "aead_failed";
    case psg1_error::bad_padding:
        return "bad_padding";
    case psg1_error::bad_plaintext:
        return "bad_plaintext";
    case psg1_error::bad_name:
        return "bad_name";
    case psg1_error::pledge_invalid:
        return "pledge_invalid";
    case psg1_error::doc_invalid:
        return "doc_invalid";
    case psg1_error::request_mismatch:
        return "request_mismatch";
    case psg1_error::skd_invalid:
        return "skd_invalid";
    }
    return "unknown";
}

} // namespace sirkel::protocol
