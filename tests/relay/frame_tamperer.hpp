// Changes server-to-client frames the way a lying server would (PSG1.md §11), one mode per run.
// The relay is single-threaded, so one tamperer serves every connection and its one-shot modes
// act on the first matching frame of the whole run.
#pragma once

#include "client_view.hpp"
#include "tamper_mode.hpp"

#include <boost/json/object.hpp>

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace sirkel::relay
{

class frame_tamperer
{
public:
    /// log receives one line "tampered <mode> <frame type>" each time a frame is changed.
    frame_tamperer(tamper_mode mode, std::ostream& log);

    [[nodiscard]] tamper_mode mode() const noexcept { return mode_; }

    /** The frames to deliver in place of one server frame: none (dropped), the frame (byte for
        byte unless changed), or two (replayed). A frame that is not a JSON object with a string
        "t" passes unchanged.
    */
    [[nodiscard]] std::vector<std::string> to_client(std::string const& frame, client_view& view);

    /// Note a client frame on its way to the server (hide-removal counts roster_get requests).
    void from_client(std::string_view frame, client_view& view);

private:
    /// One-shot modes: true the first time only.
    bool take_first();
    void report(std::string_view frame_type);

    bool change_msg(boost::json::object& msg);
    bool inject_participant(boost::json::object& epoch);
    bool drop_approval(boost::json::object& frame, std::string_view type);
    /// hide-removal on a roster frame: false if nothing was hidden.
    bool hide_in_roster(boost::json::object& roster_frame, client_view& view, bool& drop);
    bool keep_epoch_old(boost::json::object& epoch, client_view const& view);

    tamper_mode mode_;
    std::ostream& log_;
    bool acted_ = false;
    /// hide-removal lies to one member only, as §11.2 describes: "hide a commit from some".
    std::optional<std::uint64_t> hide_victim_;
};

} // namespace sirkel::relay
