#include "bench_identity.hpp"

#include "sirkel/protocol/psg1_crypto.hpp"

#include <sodium.h>

#include <algorithm>
#include <string>

namespace sirkel::bench
{
namespace
{

protocol::key32 material(std::string_view run_seed, std::uint32_t meeting, std::uint32_t index,
                         std::string_view label)
{
    std::string const text = "sirkel-bench|" + std::string(run_seed) + '|' +
                             std::to_string(meeting) + '|' + std::to_string(index) + '|' +
                             std::string(label);
    return protocol::generichash32(protocol::as_byte_view(text));
}

} // namespace

test::device_identity derive_bench_identity(std::string_view run_seed, std::uint32_t meeting,
                                            std::uint32_t index)
{
    protocol::sodium_init_or_throw();
    test::device_identity identity;
    auto const id = material(run_seed, meeting, index, "id");
    std::copy_n(id.begin(), identity.member.size(), identity.member.begin());
    auto const sig_seed = material(run_seed, meeting, index, "sig");
    crypto_sign_seed_keypair(identity.sig_pk.data(), identity.sig_sk.data(), sig_seed.data());
    auto const dh_seed = material(run_seed, meeting, index, "dh");
    crypto_box_seed_keypair(identity.dh_pk.data(), identity.dh_sk.data(), dh_seed.data());
    return identity;
}

} // namespace sirkel::bench
