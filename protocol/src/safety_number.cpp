#include "sirkel/protocol/safety_number.hpp"

#include "sirkel/protocol/psg1_crypto.hpp"

#include <algorithm>
#include <string_view>

namespace sirkel::protocol
{
namespace
{

constexpr std::string_view fp_label = "PSG1-fp";
constexpr std::size_t groups = 6;
constexpr std::size_t group_bytes = 5;
constexpr std::uint64_t group_modulus = 100000;
constexpr std::size_t group_digits = 5;

} // namespace

key32 safety_fingerprint(key32 const& sig_pk, key32 const& dh_pk)
{
    bytes in;
    append_lp(in, fp_label);
    in.insert(in.end(), sig_pk.begin(), sig_pk.end());
    in.insert(in.end(), dh_pk.begin(), dh_pk.end());
    return generichash32(in);
}

std::string safety_digits(key32 const& fingerprint)
{
    std::string out;
    out.reserve(groups * group_digits);
    for (std::size_t k = 0; k < groups; ++k)
    {
        std::uint64_t v = 0;
        for (std::size_t i = 0; i < group_bytes; ++i)
            v = (v << 8) | fingerprint[group_bytes * k + i];
        v %= group_modulus;
        std::string group(group_digits, '0');
        for (std::size_t i = group_digits; i-- > 0; v /= 10)
            group[i] = static_cast<char>('0' + v % 10);
        out += group;
    }
    return out;
}

std::string safety_number(key32 const& sig_pk_a, key32 const& dh_pk_a, key32 const& sig_pk_b,
                          key32 const& dh_pk_b)
{
    auto a = safety_digits(safety_fingerprint(sig_pk_a, dh_pk_a));
    auto b = safety_digits(safety_fingerprint(sig_pk_b, dh_pk_b));
    if (b < a)
        std::swap(a, b);
    return a + b;
}

} // namespace sirkel::protocol
