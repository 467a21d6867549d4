// sirkel: `sirkel serve` runs the server; `sirkel admin ...` does what an organisation does on
// its server's shell. Startup failures (bad settings, certificates, database, bind) are logged
// with their reason and end the process with status 1.
#include "admin_commands.hpp"
#include "certificate_reloader.hpp"
#include "deleted_group_watch.hpp"
#include "expiry_timer.hpp"
#include "listener.hpp"
#include "logger.hpp"
#include "server_config.hpp"
#include "server_state.hpp"
#include "store.hpp"
#include "tls_context.hpp"

#include "sirkel/protocol/psg1_crypto.hpp"

#include <boost/program_options.hpp>

#include <chrono>
#include <csignal>
#include <functional>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

namespace po = boost::program_options;
using namespace sirkel;

namespace
{

constexpr char const* usage_text = R"(usage:
  sirkel serve [--config FILE] [options]     run the server (sirkel serve --help)
  sirkel admin init                          create or migrate the database
  sirkel admin create-group LABEL [--size-cap N] [--instance I --instances N]
                                             I of N instances behind nginx (deploy/SCALING.md)
  sirkel admin invite-facilitator GROUP [--ttl-hours N] [--public-origin URL]
  sirkel admin list-groups                   ids, caps and counts; never keys
  sirkel admin revoke-invites GROUP          the group's open facilitator invites
  sirkel admin delete-group GROUP            members and invites too; its meeting ends
  sirkel admin backup FILE                   online copy of the database
  admin commands take --db FILE (default var/sirkel.db)
  sirkel --version
)";

/// How long a shutdown waits for WebSockets to finish their closing handshakes.
constexpr auto shutdown_grace = std::chrono::seconds(2);

int serve(std::vector<std::string> const& args)
{
    server_config config;
    std::filesystem::path config_file;
    auto options = serve_options(config);
    options.add_options()("config", po::value(&config_file),
                          "read settings from this file")("help", "show the options");
    po::variables_map values;
    po::store(po::command_line_parser(args).options(options).run(), values);
    if (values.count("help"))
    {
        std::cout << options << "\n";
        return 0;
    }
    if (values.count("config"))
        po::store(
            po::parse_config_file(values["config"].as<std::filesystem::path>().c_str(), options),
            values);
    po::notify(values);
    validate(config);

    logger log;
    // A write past the file-size limit (RLIMIT_FSIZE) would otherwise end the process with
    // SIGXFSZ; ignored, it fails with EFBIG like a full disk, and SQLite refuses that one write.
    std::signal(SIGXFSZ, SIG_IGN);
    // OpenSSL writes a TLS connection's socket with write(2), not send(MSG_NOSIGNAL) as Asio
    // does: a peer gone mid-write must fail that write with EPIPE, not end the server.
    std::signal(SIGPIPE, SIG_IGN);
    protocol::sodium_init_or_throw();
    store db(config.database);
    auto tls = config.insecure_plain ? nullptr : make_tls_context(config.tls_cert, config.tls_key);

    // The state outlives the io_context: destroying the io_context destroys the handlers still
    // queued, and with them sessions whose destructors leave their room and group in the state.
    server_state state(config, db, log, tls);
    // Before listening: the first meetings of the evening then find their groups verified.
    state.load_ledgers();
    net::io_context ioc{1};
    expiry_timer expiry(ioc.get_executor(), state);
    deleted_group_watch deletions(ioc.get_executor(), state);
    auto const endpoint = tcp::endpoint(net::ip::make_address(config.listen_address), config.port);
    auto server = std::make_shared<listener>(ioc, endpoint, state, tls);
    server->run();
    if (tls)
    {
        state.stats().tls_certificate_not_after = certificate_not_after_unix(*tls);
        log.log(log_level::info, "tls_loaded",
                {{"certificate_sha256", certificate_sha256(*tls)},
                 {"not_after", certificate_not_after(*tls)}});
    }
    // SIGHUP: new connections get the certificate files' current contents.
    certificate_reloader reloader(ioc, server, log, state.stats(),
                                  config.insecure_plain ? std::filesystem::path{} : config.tls_cert,
                                  config.insecure_plain ? std::filesystem::path{} : config.tls_key);
    log.log(log_level::info, "listening",
            {{"address", config.listen_address},
             {"port", static_cast<std::int64_t>(server->port())},
             {"tls", !config.insecure_plain},
             {"static_files", static_cast<std::int64_t>(state.files().size())}});

    // SIGTERM/SIGINT: stop accepting, tell every WebSocket, give the closes a moment, stop.
    net::signal_set signals(ioc, SIGINT, SIGTERM);
    net::steady_timer drain(ioc);
    auto const deadline_at = std::make_shared<std::chrono::steady_clock::time_point>();
    std::function<void()> wait_for_drain = [&]
    {
        if (state.stats().websockets_open == 0 || std::chrono::steady_clock::now() >= *deadline_at)
            return ioc.stop();
        drain.expires_after(std::chrono::milliseconds(20));
        drain.async_wait([&](error_code) { wait_for_drain(); });
    };
    signals.async_wait(
        [&](error_code ec, int signal_number)
        {
            if (ec)
                return;
            log.log(log_level::info, "shutting_down",
                    {{"signal", static_cast<std::int64_t>(signal_number)},
                     {"websockets", state.stats().websockets_open}});
            server->stop();
            state.shut_down_sessions();
            *deadline_at = std::chrono::steady_clock::now() + shutdown_grace;
            wait_for_drain();
        });
    ioc.run();
    log.log(log_level::info, "stopped");
    return 0;
}

int admin(std::vector<std::string> const& args)
{
    std::filesystem::path database = "var/sirkel.db";
    std::string command;
    std::vector<std::string> operands;
    int size_cap = store::default_size_cap;
    int instance = 1;
    int instances = 1;
    long ttl_hours = 72;
    std::string public_origin = "https://localhost:8443";

    po::options_description options("sirkel admin options");
    options.add_options()("db", po::value(&database), "SQLite database file")(
        "size-cap", po::value(&size_cap), "create-group: members at most (2..12)")(
        "instance", po::value(&instance), "create-group: for this instance behind nginx, from 1")(
        "instances", po::value(&instances), "create-group: of this many instances")(
        "ttl-hours", po::value(&ttl_hours), "invite-facilitator: hours the link stays valid")(
        "public-origin", po::value(&public_origin), "invite-facilitator: origin of the links")(
        "command", po::value(&command))("operands", po::value(&operands));
    po::positional_options_description positional;
    positional.add("command", 1).add("operands", -1);
    po::variables_map values;
    // A base64url group id may begin with '-'; with no short options, such a word is an operand.
    auto const style = po::command_line_style::unix_style ^ po::command_line_style::allow_short;
    // One id in 4,096 begins with "--": a word that names no option is an operand too, not an
    // unknown option.
    auto const operand_not_option = [&options](std::string const& word)
    {
        if (word.size() > 2 && word.starts_with("--") &&
            options.find_nothrow(word.substr(2, word.find('=') - 2), true) == nullptr)
            return std::make_pair(std::string("operands"), word);
        return std::pair<std::string, std::string>{};
    };
    po::store(po::command_line_parser(args)
                  .options(options)
                  .positional(positional)
                  .style(style)
                  .extra_parser(operand_not_option)
                  .run(),
              values);
    po::notify(values);

    auto operand = [&](std::size_t expected) -> std::optional<std::string>
    {
        if (operands.size() != expected)
            return std::nullopt;
        return expected ? operands.front() : std::string{};
    };

    protocol::sodium_init_or_throw();
    store db(database);
    admin_commands commands(db, std::cout, std::cerr);
    if (command == "init" && operand(0))
        return commands.init();
    if (command == "create-group" && operand(1))
    {
        // One without the other would make a group that nginx may send anywhere.
        if (values.count("instance") != values.count("instances"))
        {
            std::cerr << "error: --instance and --instances go together\n";
            return 1;
        }
        return commands.create_group(*operand(1), size_cap, instance, instances);
    }
    if (command == "invite-facilitator" && operand(1))
        return commands.invite_facilitator(*operand(1), std::chrono::hours(ttl_hours),
                                           public_origin);
    if (command == "list-groups" && operand(0))
        return commands.list_groups();
    if (command == "revoke-invites" && operand(1))
        return commands.revoke_invites(*operand(1));
    if (command == "delete-group" && operand(1))
        return commands.delete_group(*operand(1));
    if (command == "backup" && operand(1))
        return commands.backup(*operand(1));
    std::cerr << usage_text;
    return 2;
}

} // namespace

int main(int argc, char** argv)
{
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args.front() == "--help" || args.front() == "-h")
    {
        std::cerr << usage_text;
        return args.empty() ? 2 : 0;
    }
    if (args.front() == "--version")
    {
        std::cout << "sirkel " << SIRKEL_VERSION << " (protocol 1)\n";
        return 0;
    }
    auto const command = args.front();
    args.erase(args.begin());
    try
    {
        if (command == "serve")
            return serve(args);
        if (command == "admin")
            return admin(args);
    }
    catch (std::exception const& e)
    {
        // Startup failures go to the log like everything else, so an operator finds them.
        logger{}.log(log_level::error, "startup_failed",
                     {{"command", command}, {"reason", e.what()}});
        return 1;
    }
    std::cerr << usage_text;
    return 2;
}
