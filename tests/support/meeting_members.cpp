#include "meeting_members.hpp"

#include "admitted_group.hpp"

#include <boost/json/serialize.hpp>

#include <chrono>
#include <stdexcept>
#include <thread>

namespace sirkel::test
{

meeting_members::meeting_members(server_process& server, std::size_t count,
                                 std::vector<std::string> const& serve_args)
    : meeting_members(static_cast<server_process const&>(server),
                      start_with_group(server, serve_args), count)
{
}

meeting_members::meeting_members(server_process const& server, protocol::id16 const& founded,
                                 std::size_t count)
    : group(founded)
{
    {
        admitted_group admitted(server, group);
        for (std::size_t i = 1; i < count; ++i)
            admitted.admit();
        roster = admitted.roster();
        for (auto& m : admitted.members())
            members.push_back({m.identity, nullptr, nullptr, {}});
    }
    // Fresh connections: nothing of the admission is left to read on them, and each shows
    // what a member's connection hears first.
    reconnect(server);
}

namespace
{

/// How long a client whose server is gone waits before it tries again.
constexpr std::chrono::milliseconds retry_period{50};

/// members[i] of group connects anew to address and authenticates; its new participant holds
/// the roster its last one held, or roster if it had none.
void connect_member(meeting_members::member& m, std::size_t i, protocol::id16 const& group,
                    protocol::roster const& roster, server_address const& address)
{
    auto const held = m.participant ? m.participant->roster() : roster;
    auto client = std::make_unique<test_client>(address, group);
    auto const answer = client->auth(m.identity);
    if (field_string(answer, "t") != "authed")
        throw std::runtime_error("meeting_members: auth was answered with " +
                                 boost::json::serialize(answer));
    m.participant.reset();
    m.client = std::move(client);
    m.after_authed = m.client->meeting_state();
    m.participant = std::make_unique<psg1_participant>(group, m.identity, held, *m.client,
                                                       "member " + std::to_string(i));
}

} // namespace

void meeting_members::reconnect(server_process const& server)
{
    reconnect(server_address::of(server));
}

void meeting_members::reconnect(server_address const& address)
{
    for (std::size_t i = 0; i < members.size(); ++i)
        connect_member(members[i], i, group, roster, address);
}

void meeting_members::reconnect_when_back(server_address const& address,
                                          std::chrono::milliseconds timeout)
{
    auto const deadline = std::chrono::steady_clock::now() + timeout;
    for (std::size_t i = 0; i < members.size(); ++i)
    {
        auto& m = members[i];
        if (!m.participant->pump_until([&] { return m.client->is_closed(); }, timeout))
            throw std::runtime_error("meeting_members: member " + std::to_string(i) +
                                     "'s connection did not end");
        for (;;)
        {
            try
            {
                connect_member(m, i, group, roster, address);
                break;
            }
            catch (std::exception const& e)
            {
                if (std::chrono::steady_clock::now() >= deadline)
                    throw std::runtime_error("meeting_members: member " + std::to_string(i) +
                                             " could not reconnect: " + e.what());
                std::this_thread::sleep_for(retry_period);
            }
        }
    }
}

protocol::id16 meeting_members::join_all()
{
    for (auto& m : members)
        ses = m.participant->join();
    return ses;
}

void meeting_members::await_ready()
{
    auto& first = *members.front().participant;
    // The joins came within the coalescing window of PSG1.md §5.4, so one epoch holds all of
    // them; should one have missed it, the next epoch does.
    if (!first.pump_until([&] { return first.parts().size() == members.size(); }))
        throw std::runtime_error("meeting_members: no epoch of all " +
                                 std::to_string(members.size()) + " members");
    ep = first.current_ep();
    psg1_participant::await_all_ready(participants(), ep);
}

std::vector<psg1_participant*> meeting_members::participants()
{
    std::vector<psg1_participant*> out;
    for (auto& m : members)
        out.push_back(m.participant.get());
    return out;
}

} // namespace sirkel::test
