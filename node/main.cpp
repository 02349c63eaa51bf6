// slae-node: one worker of the cluster. Connects a DEALER to the coordinator, says hello, then
// answers each message through NodeSession until told to shut down.
//
// Exit codes: 0 shut down by the coordinator; 1 internal error; 2 bad command line;
// 5 the coordinator went silent (no message for --idle-timeout seconds) or vanished.
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

#include <CLI/CLI.hpp>
#include <zmq.hpp>

#include "node/node_session.hpp"
#include "protocol/curve_keys.hpp"
#include "protocol/transport.hpp"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitInternal = 1;
constexpr int kExitCoordinatorGone = 5;
constexpr auto kPollInterval = std::chrono::milliseconds(250);

// SIGTERM (the coordinator stopping us, or the kernel when it died: PR_SET_PDEATHSIG) and SIGINT
// end the node at once, even in the middle of unpacking a large block: there is nothing to save
// here, and a node that lingers keeps its coordinator waiting.
extern "C" void on_signal(int) {
  ::_exit(kExitCoordinatorGone);
}

// Sends the session's replies on the DEALER.
class DealerSink final : public slae::node::ReplySink {
 public:
  explicit DealerSink(zmq::socket_t& dealer) : dealer_(dealer) {}
  void send(const slae::protocol::Message& reply) override {
    slae::protocol::send(dealer_, reply, scratch_);
  }
  void send(const slae::protocol::Message& reply, slae::protocol::PayloadBuffer& payload) override {
    slae::protocol::send(dealer_, reply, payload, scratch_);
  }

 private:
  zmq::socket_t& dealer_;
  slae::protocol::FrameBuffer scratch_;
};

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

int run(const std::string& endpoint, double idle_timeout_s, slae::node::NodeOptions options,
        const std::optional<slae::protocol::NodeKeys>& keys) {
  namespace proto = slae::protocol;
  // The session (and the buffers it lends to ZeroMQ) is declared before the context, so it is
  // destroyed after it: by then ZeroMQ has let go of every frame.
  slae::node::NodeSession session(options);
  zmq::context_t context(1);
  zmq::socket_t dealer(context, zmq::socket_type::dealer);
  proto::configure_common(dealer);
  if (keys) proto::configure_curve_client(dealer, *keys);
  dealer.connect(endpoint);

  DealerSink sink(dealer);
  sink.send(proto::Message{{}, proto::Hello{static_cast<std::int64_t>(::getpid())}});

  proto::Decoder decoder;
  auto last_heard = std::chrono::steady_clock::now();
  const auto idle_timeout = std::chrono::duration<double>(idle_timeout_s);
  std::size_t dropped = 0;
  while (!session.shutdown_requested()) {
    zmq::pollitem_t item{dealer.handle(), 0, ZMQ_POLLIN, 0};
    try {
      zmq::poll(&item, 1, kPollInterval);
    } catch (const zmq::error_t& e) {
      if (e.num() == EINTR) continue;
      throw;
    }
    if (!(item.revents & ZMQ_POLLIN)) {
      if (std::chrono::steady_clock::now() - last_heard > idle_timeout) {
        std::fprintf(stderr, "slae-node: no word from the coordinator at %s for %.1f s; exiting\n",
                     endpoint.c_str(), idle_timeout_s);
        return kExitCoordinatorGone;
      }
      continue;
    }
    while (auto received = proto::receive_from_dealer(dealer)) {
      last_heard = std::chrono::steady_clock::now();
      proto::Message message;
      try {
        message = decoder.decode(received->bytes());
      } catch (const proto::ProtocolError& e) {
        // Untrusted input: say so, count it, carry on.
        std::fprintf(stderr, "slae-node: dropped malformed message #%zu: %s\n", ++dropped,
                     e.what());
        continue;
      }
      session.handle(std::move(message), sink);
      if (session.shutdown_requested()) break;
    }
  }
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "slae-node: a worker of the slae-cluster Jacobi solver. Usually started by the "
      "coordinator, which passes --connect."};
  std::string endpoint;
  double idle_timeout = 5.0;
  long parent_pid = 0;
  int reply_delay_ms = 0;
  bool refuse_shared_memory = false;
  app.add_option("--connect", endpoint,
                 "the coordinator's ZeroMQ endpoint, e.g. ipc:///tmp/slae-x/c")
      ->required();
  app.add_option("--idle-timeout", idle_timeout,
                 "exit when the coordinator has said nothing for this many seconds")
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
      ->capture_default_str();
  int key_fd = -1;
  app.add_option("--key-fd", key_fd,
                 "read CURVE keys from this inherited descriptor (the coordinator passes them "
                 "when it listens on tcp)")
      ->check(CLI::Range(0, 1 << 20));
  app.add_option("--parent-pid", parent_pid,
                 "exit at once when this process (the coordinator that started us) ends");
  app.add_option("--test-reply-delay-ms", reply_delay_ms,
                 "TEST ONLY: sleep this long before every reply")
      ->check(CLI::NonNegativeNumber)
      ->group("");  // hidden from --help
  bool shrink_shared_memory = false;
  app.add_flag("--test-shrink-shared-memory", shrink_shared_memory,
               "TEST ONLY: try to truncate the coordinator's shared memory, as a hostile node")
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
    return run(endpoint, idle_timeout, options, keys);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "slae-node: %s\n", e.what());
    return kExitInternal;
  }
}
