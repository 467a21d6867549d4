// DESIGN.md principle 2, "no history, anywhere": a canary sent through the server, as the text of
// a PSG1 message and in refused frames, must not be findable in anything the server wrote (the
// database and its WAL and shared-memory files, the log, any other file in its directory) nor
// in any frame it relayed.
#include "meeting_of_two.hpp"
#include "test_client.hpp"

#include "sirkel/protocol/base64url.hpp"

#include <boost/json/serialize.hpp>
#include <doctest/doctest.h>

#include <fstream>
#include <iterator>

using namespace sirkel;
using namespace sirkel::test;

namespace
{

protocol::bytes bytes_of(std::string_view text)
{
    return {text.begin(), text.end()};
}

/// Check that no file under the server's directory (its own certificates aside) contains any of
/// forms, reading each file as raw bytes. Returns how many files were read.
int check_no_file_contains(server_process const& server, std::vector<std::string> const& forms)
{
    int files = 0;
    for (auto it = std::filesystem::recursive_directory_iterator(server.temp_dir());
         it != std::filesystem::recursive_directory_iterator(); ++it)
    {
        if (it->path() == server.certs_dir())
        {
            it.disable_recursion_pending();
            continue;
        }
        if (!it->is_regular_file())
            continue;
        std::ifstream in(it->path(), std::ios::binary);
        std::string const content{std::istreambuf_iterator<char>(in),
                                  std::istreambuf_iterator<char>()};
        ++files;
        for (auto const& form : forms)
        {
            INFO("file: " << it->path().string() << ", form: " << form);
            CHECK(content.find(form) == std::string::npos);
        }
    }
    return files;
}

} // namespace

TEST_CASE("confidentiality: nothing of a message reaches the disk")
{
    server_process server;
    meeting_of_two meeting(server);

    // The canary is what alice types: plaintext inside PSG1 ciphertext (PSG1.md §6).
    auto const canary = "CANARY-" + to_hex(random_bytes(16));
    auto const message = meeting.pa->send_text(canary);
    // The canary did travel through the server, so finding none of it on disk means something.
    auto const received = meeting.pb->next_text();
    REQUIRE(received);
    CHECK(received->frame == message);
    REQUIRE(received->text == canary);
    // Frames a buggy server might log while refusing them.
    auto const ses_text = protocol::base64url_encode(meeting.ses);
    for (auto const& refused : {R"({"t":"msg","note":")" + canary + R"("})",
                                R"({"t":")" + canary + R"("})", "not json " + canary,
                                R"({"t":"msg","ses":")" + canary + R"(","ep":0,"from":")" +
                                    protocol::base64url_encode(meeting.alice.member) +
                                    R"(","ctr":1,"k":1,"n":"x","ct":"x","sig":"x"})",
                                boost::json::serialize(boost::json::object{
                                    {"t", "msg"}, {"ses", ses_text}, {"x", canary}})})
    {
        INFO("frame: " << refused);
        meeting.a->send_text(refused);
        meeting.a->expect("error");
    }
    meeting.pb->pump_for();
    CHECK_FALSE(meeting.pb->next_text(quiet_period));

    std::vector<std::string> const forms = {canary, protocol::base64url_encode(bytes_of(canary)),
                                            to_hex(bytes_of(canary))};
    // Nor in any frame the server relayed: the only copy of the text is inside the ciphertext.
    for (auto const* p : {meeting.pa.get(), meeting.pb.get()})
        for (auto const& frame : p->relayed_frames())
            for (auto const& form : forms)
            {
                INFO("relayed: " << frame);
                CHECK(frame.find(form) == std::string::npos);
            }
    // While running (the WAL holds recent writes), and after a clean shutdown.
    CHECK(check_no_file_contains(server, forms) >= 3);
    CHECK(server.stop() == 0);
    CHECK(std::filesystem::exists(server.db_path()));
    CHECK(std::filesystem::file_size(server.log_path()) > 0);
    CHECK(check_no_file_contains(server, forms) >= 3);
}
