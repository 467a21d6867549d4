// Reading a PSG1 participant's next frame in the integration tests that drive meetings and
// decisions, where a frame that does not come is a failure of the case, not a value.
#pragma once

#include "psg1_participant.hpp"
#include "test_client.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <doctest/doctest.h>

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace sirkel::test
{

/// The next frame of type at p. @throws std::runtime_error if none comes within default_timeout.
inline boost::json::object next_of(psg1_participant& p, std::string_view type)
{
    auto frame = p.next_frame(type);
    if (!frame)
        throw std::runtime_error("no '" + std::string(type) + "' frame came");
    return std::move(*frame);
}

/// The code of the next error at p, which must refer to a frame of type ref.
inline std::string refusal_code(psg1_participant& p, std::string_view ref)
{
    auto const error = next_of(p, "error");
    INFO(boost::json::serialize(error));
    CHECK(field_string(error, "ref") == ref);
    return field_string(error, "code");
}

} // namespace sirkel::test
