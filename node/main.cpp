// slae-node: one worker of the cluster, as a process. It reads its command line and keys and
// runs the worker's loop (node/worker_loop.hpp): a DEALER to the broker (the coordinator),
// ready, then each message through NodeSession until told to shut down. When the broker falls
// silent a standing worker reconnects with a growing backoff, and a worker started for one run
// (--parent-pid) exits.
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
#include <string>

#include <CLI/CLI.hpp>
#include <zmq.hpp>

#include "node/link_news.hpp"
#include "node/test_faults.hpp"
#include "node/worker_loop.hpp"
#include "protocol/curve_keys.hpp"
#include "protocol/key_files.hpp"
#include "protocol/liveness.hpp"
#include "solver/input_error.hpp"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitInternal = 1;
constexpr int kExitUsage = 2;
constexpr int kExitCoordinatorGone = 5;

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
    slae::node::WorkerSettings settings;
    settings.endpoint = endpoint;
    settings.interval = std::chrono::milliseconds(heartbeat_ms);
    settings.session.reply_delay = std::chrono::milliseconds(reply_delay_ms);
    settings.session.refuse_shared_memory = refuse_shared_memory;
    settings.session.shrink_shared_memory = shrink_shared_memory;
    if (key_fd >= 0) settings.keys = read_keys(key_fd);
    if (!key_path.empty()) {
      settings.keys = slae::protocol::NodeKeys{slae::protocol::read_public_key(broker_key_path),
                                               slae::protocol::read_key_pair(key_path)};
    }
    const bool exits = parent_pid > 0 || idle_timeout > 0.0;
    settings.on_silence = exits ? slae::node::OnSilence::exit : slae::node::OnSilence::reconnect;
    if (idle_timeout > 0.0) settings.limit.fixed = std::chrono::duration<double>(idle_timeout);
    settings.limit.local = parent_pid > 0;
    slae::node::TestFaults faults;
    faults.corrupt(corrupt == "short" ? slae::node::Corruption::short_sums
                   : corrupt == "nan" ? slae::node::Corruption::nan_values
                                      : slae::node::Corruption::none);
    if (!die_on.empty()) faults.die_on(die_on);
    // a node of a one-shot run says nothing of its link: its coordinator says what matters
    slae::node::LinkNews news(endpoint, quiet || parent_pid > 0);
    zmq::context_t context(1);
    const slae::node::WorkerEnd end = slae::node::run_worker(context, settings, news, faults);
    return end == slae::node::WorkerEnd::broker_lost ? kExitCoordinatorGone : kExitOk;
  } catch (const slae::InputError& e) {
    std::fprintf(stderr, "slae-node: %s\n", e.what());
    return kExitUsage;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "slae-node: %s\n", e.what());
    return kExitInternal;
  }
}
