#include "protocol/handshake_watch.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <functional>
#include <string>
#include <thread>

#include <zmq.hpp>

#include "protocol/transport.hpp"

namespace proto = slae::protocol;
using namespace std::chrono_literals;

namespace {

bool within(std::chrono::milliseconds limit, const std::function<bool()>& done) {
  const auto until = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < until) {
    if (done()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return done();
}

std::string ipc_endpoint(const char* tag) {
  return "ipc:///tmp/slae-test-watch-" + std::to_string(::getpid()) + "-" + tag;
}

// A broker's ROUTER in a child process, with ZMTP heartbeats at 100 ms: a peer that can be
// frozen (SIGSTOP) as a whole process, its ZeroMQ I/O thread with it. Killed on every path.
class ChildRouter {
 public:
  explicit ChildRouter(const std::string& endpoint) {
    pid_ = ::fork();
    if (pid_ == 0) {
      zmq::context_t context(1);
      zmq::socket_t router(context, zmq::socket_type::router);
      proto::configure_router(router);
      proto::configure_heartbeats(router, 100ms, 500ms);
      router.bind(endpoint);
      for (;;)
        ::pause();
    }
  }
  ~ChildRouter() {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
};

}  // namespace

TEST_CASE("a connection made is seen up, and dropped when its peer ends", "[watch]") {
  const std::string endpoint = ipc_endpoint("ends");
  zmq::context_t context(1);
  auto router = std::make_unique<zmq::socket_t>(context, zmq::socket_type::router);
  proto::configure_router(*router);
  router->bind(endpoint);
  zmq::socket_t dealer(context, zmq::socket_type::dealer);
  proto::configure_common(dealer);
  proto::HandshakeWatch watch(context, dealer);
  CHECK_FALSE(watch.connected());
  dealer.connect(endpoint);
  REQUIRE(within(5000ms, [&] { return watch.connected(); }));
  CHECK_FALSE(watch.dropped());
  router.reset();  // its process ending looks the same to us: the connection closes
  REQUIRE(within(5000ms, [&] { return watch.dropped(); }));
  CHECK_FALSE(watch.connected());
  CHECK_FALSE(watch.failure());  // a drop is not a handshake failure
}

TEST_CASE(
    "ZeroMQ's heartbeats keep a connection whose threads are busy, and drop one whose peer "
    "process is frozen",
    "[watch]") {
  const std::string endpoint = ipc_endpoint("frozen");
  ChildRouter broker(endpoint);
  zmq::context_t context(1);
  zmq::socket_t dealer(context, zmq::socket_type::dealer);
  proto::configure_common(dealer);
  proto::configure_heartbeats(dealer, 100ms, 500ms);  // dropped after 0.5 s unanswered
  proto::HandshakeWatch watch(context, dealer);
  dealer.connect(endpoint);
  REQUIRE(within(5000ms, [&] { return watch.connected(); }));
  // neither side's own thread touches its socket for six times the limit: the I/O threads
  // ping and answer
  std::this_thread::sleep_for(3000ms);
  CHECK(watch.connected());
  CHECK_FALSE(watch.dropped());
  ::kill(broker.pid(), SIGSTOP);
  CHECK(within(3000ms, [&] { return watch.dropped(); }));
  ::kill(broker.pid(), SIGCONT);
}
