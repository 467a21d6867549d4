// PROTOCOL.md §5 write_queue_bytes: a member who stops reading is disconnected once the bytes
// queued for them pass the limit, and the others' relay goes on, complete and in order.
#include "admitted_group.hpp"
#include "psg1_participant.hpp"
#include "test_client.hpp"

#include "sirkel/protocol/base64url.hpp"

#include <boost/json/parse.hpp>
#include <doctest/doctest.h>

#include <optional>
#include <sstream>

using namespace sirkel;
using namespace sirkel::test;

namespace
{

/// The sum of every series of metric in Prometheus text (0 if there is none).
double metric_value(std::string const& text, std::string_view metric)
{
    double sum = 0;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);)
    {
        if (!line.starts_with(metric) || line.size() == metric.size())
            continue;
        char const next = line[metric.size()];
        if (next != ' ' && next != '{')
            continue;
        // name{labels} value [timestamp]; label values may hold spaces, so skip past the '}'.
        auto const labels_end = line.find('}');
        std::istringstream rest(
            line.substr(labels_end == std::string::npos ? metric.size() : labels_end + 1));
        double value = 0;
        rest >> value;
        sum += value;
    }
    return sum;
}

/// Whether frame is {"t":"presence","member":<member>,"present":<present>}.
bool is_presence(std::optional<boost::json::object> const& frame, device_identity const& member,
                 bool present)
{
    if (!frame || field_string(*frame, "t") != "presence" ||
        field_string(*frame, "member") != protocol::base64url_encode(member.member))
        return false;
    auto const* value = frame->if_contains("present");
    return value != nullptr && value->is_bool() && value->as_bool() == present;
}

double write_queue_overflows(server_process const& server)
{
    auto const response = http_get(server, "/metrics");
    REQUIRE(response.result_int() == 200);
    REQUIRE(response.body().find("sirkel_write_queue_overflows_total") != std::string::npos);
    return metric_value(response.body(), "sirkel_write_queue_overflows_total");
}

} // namespace

TEST_CASE("slow reader: a member who stops reading is cut off, the others get everything")
{
    server_process server;
    // The server wants a queue to hold two of the largest frames; ours are ~11 KB. Alice sends
    // far faster than a person types, so her frame rate limit is lifted out of the way.
    auto const group =
        start_with_group(server, {"--write-queue-bytes", "65536", "--max-frame-bytes", "32768",
                                  "--frame-burst", "100000"});
    admitted_group members(server, group);
    members.admit();
    // A small receive buffer, so carol's kernel stops taking data soon after carol stops reading.
    client_options small_buffer;
    small_buffer.receive_buffer_bytes = 4096;
    members.admit(small_buffer);
    auto const alice = members.members()[0].identity;
    auto const carol = members.members()[2].identity;
    auto const& a = members.members()[0].client;
    auto const& b = members.members()[1].client;
    auto const& c = members.members()[2].client;
    std::vector<std::unique_ptr<psg1_participant>> participants;
    for (auto& m : members.members())
        participants.push_back(
            std::make_unique<psg1_participant>(group, m.identity, members.roster(), *m.client));
    auto const ses = participants[0]->join();
    participants[1]->join();
    participants[2]->join();
    // Everyone sets up the one epoch of the three joins, carol included.
    participants[0]->pump_until([&] { return participants[0]->parts().size() == 3; });
    auto const ep = participants[0]->current_ep();
    psg1_participant::await_all_ready(
        {participants[0].get(), participants[1].get(), participants[2].get()}, ep);
    participants[0]->pump_for();
    // From here on carol never reads until the end of the test.
    REQUIRE(write_queue_overflows(server) == 0);

    // Alice sends ~8 KiB ciphertexts; bob reads each before the next, so his own queue stays
    // short. The server's socket buffers towards carol absorb a few MB before her queue grows,
    // so send until the server reports the overflow (bounded), not a fixed count.
    constexpr std::uint32_t max_frames = 2000;
    constexpr std::uint32_t check_every = 50;
    std::uint32_t sent = 0;
    std::uint32_t bob_received = 0;
    bool bob_saw_carol_leave = false;
    double overflows = 0;
    while (sent < max_frames && overflows < 1)
    {
        auto const frame = make_msg_frame(ses, ep, alice.member, sent, random_bytes(16 + 8192));
        a->send_text(frame);
        ++sent;
        for (;;)
        {
            auto const raw = b->receive_raw(default_timeout);
            REQUIRE_MESSAGE(raw, "bob received nothing after msg " << sent);
            if (*raw == frame)
            {
                ++bob_received;
                break;
            }
            // The only other frames bob may see are carol leaving when she is cut off and the
            // epoch that follows.
            INFO("bob got " << *raw << " instead of msg " << sent);
            auto const other = boost::json::parse(*raw).as_object();
            if (field_string(other, "t") == "epoch")
                continue;
            REQUIRE(is_presence(other, carol, false));
            bob_saw_carol_leave = true;
        }
        if (sent % check_every == 0)
            overflows = write_queue_overflows(server);
    }
    INFO("sent " << sent << " frames of about 11 KB");
    CHECK(bob_received == sent);
    CHECK(overflows >= 1);
    CHECK_FALSE(b->is_closed());

    // Being cut off leaves the meeting like closing the connection does.
    CHECK((bob_saw_carol_leave || is_presence(expect_skipping(*b, "presence"), carol, false)));
    CHECK(is_presence(expect_skipping(*a, "presence"), carol, false));

    // Carol finally reads: what the kernel held for her, then the end of the connection.
    std::uint32_t carol_received = 0;
    auto const deadline = std::chrono::steady_clock::now() + std::chrono::seconds{20};
    while (!c->is_closed() && std::chrono::steady_clock::now() < deadline)
        if (c->receive_raw(default_timeout))
            ++carol_received;
        else
            break;
    INFO("carol received " << carol_received << " frames, close code " << c->close_code());
    CHECK(c->is_closed());
    CHECK(c->close_code() == 1008); // policy violation (PROTOCOL.md §5)
    CHECK(carol_received < sent);
}
