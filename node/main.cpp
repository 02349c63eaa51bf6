// slae-node: one worker of the cluster. Connects a DEALER to the broker (the coordinator), says
// ready, then answers each message through NodeSession until told to shut down. Heartbeats keep
// the connection; when the broker falls silent a standing worker reconnects with a growing
// backoff, and a worker started for one run (--parent-pid) exits.
//
// A standing worker says in one line each when it joins, loses its broker and rejoins
// (node/link_news.hpp; --quiet: not at all).
//
// Exit codes (kExitCodes below, in --help): 0 shut down by the coordinator; 1 internal error;
// 2 bad command line or key file; 5 the coordinator went silent (started with --parent-pid or
// --idle-timeout) or vanished, or a signal stopped the worker.
#include <sys/prctl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <exception>
#include <optional>
#include <string>
#include <thread>

#include <CLI/CLI.hpp>
#include <zmq.hpp>

#include "node/broker_link.hpp"
#include "node/corrupting_sink.hpp"
#include "node/link_news.hpp"
#include "node/node_session.hpp"
#include "node/test_death.hpp"
#include "protocol/curve_keys.hpp"
#include "protocol/key_files.hpp"
#include "protocol/liveness.hpp"
#include "protocol/transport.hpp"
#include "solver/input_error.hpp"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitInternal = 1;
constexpr int kExitUsage = 2;
constexpr int kExitCoordinatorGone = 5;
constexpr auto kPollInterval = std::chrono::milliseconds(250);
// A node started for one run (--parent-pid) dies with its coordinator (PR_SET_PDEATHSIG); this
// wait for a connection is only a backstop, as lenient as it always was.
constexpr auto kLocalIdleTimeout = std::chrono::seconds(5);

constexpr const char* kFooter = R"(Examples:
  slae-node --connect tcp://lab1:5555                      (a standing broker: coordinator --serve)
  slae-node --connect tcp://lab1:5555 --key lab2.key --broker-key broker.pub
A standing worker says when it joins ("slae-node: joined tcp://lab1:5555 as worker 3", the id
customer --status shows), loses its broker and rejoins, one line each (--quiet: none); it
reconnects with a growing backoff (0.25 s to 8 s) until the broker is back.

Exit codes: 0 shut down by the coordinator; 1 internal error; 2 bad command line or key file;
5 the coordinator went silent (with --parent-pid or --idle-timeout) or vanished, or SIGINT or
SIGTERM stopped the worker.)";

// SIGTERM (the coordinator stopping us, or the kernel when it died: PR_SET_PDEATHSIG) and SIGINT
// end the node at once, even in the middle of unpacking a large block: there is nothing to save
// here, and a node that lingers keeps its coordinator waiting.
extern "C" void on_signal(int) {
  ::_exit(kExitCoordinatorGone);
}

// The keys a coordinator handed us on a pipe (protocol/curve_keys.hpp): read to the end, then
// closed, so that nothing this process starts could inherit them.
slae::protocol::NodeKeys read_keys(int fd) {
  std::string text;
  char buffer[512];
  for (;;) {
    const ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0)
      throw std::runtime_error(std::string("cannot read the keys: ") + std::strerror(errno));
    if (got == 0) break;
    text.append(buffer, static_cast<std::size_t>(got));
    if (text.size() > 4096) throw std::runtime_error("the key descriptor holds too much");
  }
  ::close(fd);
  return slae::protocol::parse_node_keys(text);
}

// What to do when the broker is lost: the connection dropped, or none for the limit below
// (protocol/liveness.hpp).
enum class OnSilence {
  exit,       ///< started for one run (--parent-pid), or --idle-timeout given: exit 5
  reconnect,  ///< a standing worker: a fresh connection, after a backoff that grows
};

// How long the broker may be away. With --idle-timeout, the broker's silence counts (what it
// says, not its connection) and may last that long. Else what counts is the connection, kept by
// ZeroMQ's heartbeats whatever either side is busy with: lost when it drops, and when none is
// made for as long as five heartbeats (for a node started for one run never less than
// kLocalIdleTimeout).
struct SilenceLimit {
  std::optional<std::chrono::duration<double>> fixed;
  bool local = false;
  std::chrono::duration<double> of(const slae::node::BrokerLink& link) const {
    if (fixed) return *fixed;
    const std::chrono::duration<double> beats = slae::protocol::peer_expiry(link.interval());
    return local ? std::max<std::chrono::duration<double>>(beats, kLocalIdleTimeout) : beats;
  }
};

int run(const std::string& endpoint, std::chrono::milliseconds interval, OnSilence on_silence,
        SilenceLimit limit, slae::node::NodeOptions options,
        const std::optional<slae::protocol::NodeKeys>& keys, slae::node::Corruption corruption,
        slae::node::TestDeath death, slae::node::LinkNews& news) {
  namespace proto = slae::protocol;
  using namespace std::chrono;
  // The session (and the buffers it lends to ZeroMQ) is declared before the link and its
  // context, so it is destroyed after them: by then ZeroMQ has let go of every frame.
  std::optional<slae::node::NodeSession> session(std::in_place, options);
  death.at(slae::node::TestDeath::When::start_up);
  slae::node::BrokerLink link(endpoint, keys, interval);
  if (death.when() == slae::node::TestDeath::When::ready) {
    std::this_thread::sleep_for(milliseconds(100));  // the ready is on its way by then
    death.at(slae::node::TestDeath::When::ready);
  }
  proto::Decoder decoder;
  std::size_t dropped = 0;
  auto backoff = proto::kReconnectInitial;
  std::string told;                        // the last handshake failure said, to say each only once
  steady_clock::time_point last_chance{};  // of a silent connection; the epoch: none yet
  while (!session->shutdown_requested()) {
    auto received = link.poll(kPollInterval);
    if (const auto why = link.handshake_failure(); why && *why != told) {
      std::fprintf(stderr, "slae-node: %s: %s; still trying\n", endpoint.c_str(), why->c_str());
      told = *why;
    }
    if (!received) {
      // what the old connection brought has been read: a dropped one is given up at once
      const bool cut = !limit.fixed && link.dropped();
      const std::chrono::duration<double> idle = limit.of(link);
      if (!cut) {
        const auto away = limit.fixed ? link.silence() : link.unconnected();
        if (away < idle) {
          last_chance = {};
          continue;
        }
        // A process that was stopped (SIGSTOP) sees all of its silence at once when it goes
        // on: one more heartbeat interval to read what waits in its socket and to be heard (the
        // broker then tells it to drop the job it was taken off), before it gives up.
        if (last_chance == steady_clock::time_point{})
          last_chance = steady_clock::now() + link.interval();
        if (steady_clock::now() < last_chance) continue;
        last_chance = {};
      }
      if (on_silence == OnSilence::exit) {
        if (cut) {
          std::fprintf(stderr, "slae-node: lost the connection to the coordinator at %s; exiting\n",
                       endpoint.c_str());
        } else {
          std::fprintf(stderr,
                       "slae-node: no word from the coordinator at %s for %.1f s; exiting\n",
                       endpoint.c_str(), duration<double>(idle).count());
        }
        return kExitCoordinatorGone;
      }
      if (cut)
        news.reconnecting_after_drop();
      else
        news.reconnecting(duration<double>(link.silence()).count());
      std::this_thread::sleep_for(backoff);
      backoff = std::min(backoff * 2, proto::kReconnectMax);
      link.reconnect();          // lets go of every frame of the old connection first,
      session.emplace(options);  // then the job we had, gone with that connection, goes too
      continue;
    }
    backoff = proto::kReconnectInitial;
    proto::Message message;
    try {
      message = decoder.decode(received->bytes());
    } catch (const proto::ProtocolError& e) {
      // Untrusted input: say so, count it, carry on.
      std::fprintf(stderr, "slae-node: dropped malformed message #%zu: %s\n", ++dropped, e.what());
      continue;
    }
    if (const auto* beat = std::get_if<proto::Heartbeat>(&message.body)) link.adopt(*beat);
    death.on_message(message);
    if (const auto* welcome = std::get_if<proto::Welcome>(&message.body)) {
      news.welcomed(welcome->worker);
      continue;
    }
    if (corruption == slae::node::Corruption::none) {
      session->handle(std::move(message), link);
    } else {
      slae::node::CorruptingSink liar(link, corruption);
      session->handle(std::move(message), liar);
    }
  }
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "slae-node: a worker of slae-cluster: it runs its share of Jacobi, Gauss-Seidel, SOR and\n"
      "CG solves (and of the --double smoke test). The one-shot coordinator starts its own;\n"
      "start one by hand to join a standing broker (coordinator --serve) with --connect."};
  app.get_formatter()->column_width(30);
  app.footer(kFooter);
  std::string endpoint;
  double idle_timeout = 0.0;
  long parent_pid = 0;
  int reply_delay_ms = 0;
  bool refuse_shared_memory = false;
  app.add_option("--connect", endpoint,
                 "the broker's address, e.g. tcp://lab1:5555 or ipc:///path (required)")
      ->type_name("ENDPOINT");
  app.add_option("--idle-timeout", idle_timeout,
                 "exit (status 5) when the broker has said nothing for this many seconds, instead "
                 "of reconnecting (the default; with --parent-pid: exit after 5 s)")
      ->check(CLI::Validator(
          [](std::string& text) -> std::string {
            // CLI::PositiveNumber lets NaN through; a week at most keeps the clock arithmetic sane
            double v = 0.0;
            const bool number = CLI::detail::lexical_cast(text, v);
            return number && v > 0.0 && v <= 7 * 24 * 3600.0
                       ? std::string()
                       : "'" + text.substr(0, 40) + "' is not a number of seconds in (0, 604800]";
          },
          "", "seconds"))
      ->type_name("S");
  int heartbeat_ms = static_cast<int>(slae::protocol::kHeartbeatInterval.count());
  app.add_option("--heartbeat-ms", heartbeat_ms,
                 "the heartbeat interval to keep until the broker tells its own (the one-shot "
                 "coordinator passes its --heartbeat-ms); the broker drops us when frozen for "
                 "five of them")
      ->check(CLI::Range(static_cast<int>(slae::protocol::kMinHeartbeatInterval.count()),
                         static_cast<int>(slae::protocol::kMaxHeartbeatInterval.count()))
                  .description(""))
      ->type_name("MS");
  int key_fd = -1;
  auto* key_fd_option =
      app.add_option("--key-fd", key_fd,
                     "read CURVE keys from this inherited descriptor (the one-shot coordinator "
                     "passes them when it listens on tcp)")
          ->type_name("FD")
          ->check(CLI::Range(0, 1 << 20).description(""));
  std::string key_path, broker_key_path;
  auto* key = app.add_option("--key", key_path,
                             "our key pair (a NAME.key file from coordinator --keygen), for a "
                             "broker that checks keys")
                  ->type_name("FILE");
  auto* broker_key = app.add_option("--broker-key", broker_key_path,
                                    "the broker's public key (its .pub file), with --key")
                         ->type_name("FILE");
  // --key needs --broker-key and excludes --key-fd: checked below, not with CLI11's needs()
  // and excludes(), whose "Needs:" and "Excludes:" would show in --help
  app.add_option("--parent-pid", parent_pid,
                 "exit at once when this process (the coordinator that started us) ends")
      ->type_name("PID");
  bool quiet = false;
  app.add_flag("--quiet", quiet, "say nothing of joining, losing and rejoining the broker");
  app.add_option("--test-reply-delay-ms", reply_delay_ms,
                 "TEST ONLY: sleep this long before every reply")
      ->check(CLI::NonNegativeNumber)
      ->group("");  // hidden from --help
  bool shrink_shared_memory = false;
  app.add_flag("--test-shrink-shared-memory", shrink_shared_memory,
               "TEST ONLY: try to truncate the coordinator's shared memory, as a hostile node")
      ->group("");
  std::string corrupt = "none";
  app.add_option("--test-corrupt", corrupt,
                 "TEST ONLY: lie in Jacobi's block results from the sixth iteration on: short "
                 "(a residual sum too few) or nan (NaN in the block of x)")
      ->check(CLI::IsMember({"none", "short", "nan"}))
      ->group("");
  std::string die_on;
  app.add_option("--test-die-on", die_on,
                 "TEST ONLY: SIGKILL ourselves at start-up, just after saying ready, or on "
                 "receiving a message type's n-th message (setup, collect:2)")
      ->group("");
  app.add_flag("--test-refuse-shared-memory", refuse_shared_memory,
               "TEST ONLY: never map the coordinator's shared memory")
      ->group("");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "slae-node: %s (see --help)\n", e.what());
    return 2;
  }
  const auto usage = [](const char* message) {
    std::fprintf(stderr, "slae-node: %s (see --help)\n", message);
    return kExitUsage;
  };
  if (endpoint.empty()) return usage("give the broker's address: --connect tcp://HOST:PORT");
  if (key->count() != broker_key->count())
    return usage(key->count() > 0 ? "--key needs --broker-key (the broker's .pub file)"
                                  : "--broker-key needs --key (our NAME.key)");
  if (key->count() > 0 && key_fd_option->count() > 0)
    return usage("--key and --key-fd cannot go together");

  if (parent_pid > 0) {
    // Die with the coordinator even if it is killed with SIGKILL; the getppid() check closes the
    // race where it died before prctl ran.
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (::getppid() != static_cast<pid_t>(parent_pid)) return kExitCoordinatorGone;
  }
  std::signal(SIGTERM, on_signal);
  std::signal(SIGINT, on_signal);

  try {
    slae::node::NodeOptions options;
    options.reply_delay = std::chrono::milliseconds(reply_delay_ms);
    options.refuse_shared_memory = refuse_shared_memory;
    options.shrink_shared_memory = shrink_shared_memory;
    std::optional<slae::protocol::NodeKeys> keys;
    if (key_fd >= 0) keys = read_keys(key_fd);
    if (!key_path.empty()) {
      keys = slae::protocol::NodeKeys{slae::protocol::read_public_key(broker_key_path),
                                      slae::protocol::read_key_pair(key_path)};
    }
    const bool exits = parent_pid > 0 || idle_timeout > 0.0;
    SilenceLimit limit;
    if (idle_timeout > 0.0) limit.fixed = std::chrono::duration<double>(idle_timeout);
    limit.local = parent_pid > 0;
    const auto corruption = corrupt == "short" ? slae::node::Corruption::short_sums
                            : corrupt == "nan" ? slae::node::Corruption::nan_values
                                               : slae::node::Corruption::none;
    const slae::node::TestDeath death =
        die_on.empty() ? slae::node::TestDeath{} : slae::node::TestDeath::parse(die_on);
    // a node of a one-shot run says nothing of its link: its coordinator says what matters
    slae::node::LinkNews news(endpoint, quiet || parent_pid > 0);
    return run(endpoint, std::chrono::milliseconds(heartbeat_ms),
               exits ? OnSilence::exit : OnSilence::reconnect, limit, options, keys, corruption,
               death, news);
  } catch (const slae::InputError& e) {
    std::fprintf(stderr, "slae-node: %s\n", e.what());
    return kExitUsage;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "slae-node: %s\n", e.what());
    return kExitInternal;
  }
}
