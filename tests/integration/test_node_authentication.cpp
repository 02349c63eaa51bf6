// Strangers on the coordinator's socket, played for real: a local user who finds the tcp port
// (as anyone can, in /proc/net/tcp) and races the nodes with forged readies, one who declares
// huge frames to pin memory, one who floods malformed frames. None may get a node's place, see
// a byte of the system, change x, hold memory, or fill stderr.
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstring>
#include <thread>
#include <zmq.hpp>

#include "process_runner.hpp"
#include "protocol/codec.hpp"
#include "protocol/transport.hpp"

using namespace slae::test;
namespace proto = slae::protocol;

namespace {

// "coordinator: listening on tcp://127.0.0.1:40123" -> the endpoint
std::string endpoint_of(const Process& coordinator) {
  const std::string line = coordinator.wait_for_stderr_line("listening on ", 20);
  REQUIRE_FALSE(line.empty());
  return line.substr(line.find("listening on ") + 13);
}

// A node program that starts a second late, so that a forger has all the time it needs to
// claim the nodes' places first (the race the old pid check lost every time).
std::string slow_node_program(const TempDir& dir) {
  const std::string path =
      dir.file("slow-node", "#!/bin/sh\nsleep 1\nexec " + binary("slae-node") + " \"$@\"\n");
  REQUIRE(::chmod(path.c_str(), 0755) == 0);
  return path;
}

std::vector<pid_t> wait_for_children(pid_t pid, std::size_t count) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  std::vector<pid_t> children;
  while ((children = children_of(pid)).size() < count &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return children;
}

// The ZMTP 3.0 greeting of a client offering `mechanism` (RFC 23): 64 bytes.
std::string greeting(const std::string& mechanism) {
  std::string g(64, '\0');
  g[0] = '\xff';
  g[9] = '\x7f';
  g[10] = 3;  // version 3.0
  std::memcpy(&g[12], mechanism.data(), mechanism.size());
  return g;
}

// A frame header declaring `size` bytes (long form); command frames have bit 2 set.
std::string long_frame_header(std::uint64_t size, bool command) {
  std::string h(9, '\0');
  h[0] = static_cast<char>(command ? 0x06 : 0x02);
  for (int i = 0; i < 8; ++i)
    h[1 + i] = static_cast<char>((size >> (56 - 8 * i)) & 0xff);
  return h;
}

// Speaks raw ZMTP to tcp://127.0.0.1:port: the greeting, for NULL its READY command, then a
// frame declared as 1 GiB whose bytes it pushes until the peer stops taking them or `limit`
// bytes are sent. Returns the bytes of the frame sent.
std::size_t push_huge_frame(int port, const std::string& mechanism, std::size_t limit) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  timeval timeout{2, 0};  // a peer that stops reading leaves our send blocked: bound it
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  std::string start = greeting(mechanism);
  if (mechanism == "NULL") {
    // the READY command: its name, then the property Socket-Type = DEALER (RFC 23)
    std::string ready = "\x05READY";
    ready.append(1, '\x0b').append("Socket-Type").append("\0\0\0\x06", 4).append("DEALER");
    start.append(1, '\x04').append(1, static_cast<char>(ready.size())).append(ready);
  }
  start += long_frame_header(std::uint64_t{1} << 30, mechanism != "NULL");
  std::size_t sent = 0;
  if (::send(fd, start.data(), start.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(start.size())) {
    const std::string chunk(1 << 20, 'x');
    while (sent < limit) {
      const ssize_t n = ::send(fd, chunk.data(), chunk.size(), MSG_NOSIGNAL);
      if (n <= 0) break;
      sent += static_cast<std::size_t>(n);
    }
  }
  ::close(fd);
  return sent;
}

}  // namespace

TEST_CASE("a forger racing the nodes on tcp gets no setup and changes nothing",
          "[integration][security]") {
  TempDir dir;
  const RunResult undisturbed =
      run({binary("coordinator"), "--matrix", matrix("gr_30_30.mtx"), "--nodes", "2", "--transport",
           "tcp", "--quiet", "--output", "-"});
  REQUIRE(undisturbed.exit_code == 0);

  Process coordinator({binary("coordinator"), "--matrix", matrix("gr_30_30.mtx"), "--nodes", "2",
                       "--transport", "tcp", "--quiet", "--verbose", "--output", "-",
                       "--node-program", slow_node_program(dir)});
  const std::string endpoint = endpoint_of(coordinator);
  const std::vector<pid_t> nodes = wait_for_children(coordinator.pid(), 2);
  REQUIRE(nodes.size() == 2);

  // The forger: another process that knows the port and the nodes' pids, and says ready as
  // each, repeatedly, while the real nodes are still asleep.
  zmq::context_t context;
  zmq::socket_t forger(context, zmq::socket_type::dealer);
  proto::configure_common(forger);
  forger.connect(endpoint);
  proto::FrameBuffer buffer;
  for (int round = 0; round < 20; ++round) {
    for (const pid_t pid : nodes) {
      proto::encode(proto::Message{{}, proto::Ready{pid, 2, "localhost", {}}}, buffer);
      (void)forger.send(zmq::buffer(buffer.bytes), zmq::send_flags::dontwait);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  // Whatever the coordinator would send a node (setup: the block of A and b) the forger counts.
  std::size_t received = 0;
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  while (std::chrono::steady_clock::now() < until) {
    zmq::pollitem_t item{forger.handle(), 0, ZMQ_POLLIN, 0};
    zmq::poll(&item, 1, std::chrono::milliseconds(50));
    zmq::message_t m;
    while (forger.recv(m, zmq::recv_flags::dontwait))
      ++received;
  }
  const RunResult attacked = coordinator.wait(60);
  CHECK(received == 0);
  CHECK(attacked.exit_code == 0);
  CHECK(attacked.out == undisturbed.out);  // x, bit for bit
  for (const pid_t pid : nodes)            // the real nodes took their places
    CHECK_THAT(attacked.err, Catch::Contains("(pid " + std::to_string(pid) + ") connected"));
}

TEST_CASE("a stranger declaring a 1 GiB frame pins no memory of the coordinator",
          "[integration][security]") {
  const std::string mechanism = GENERATE(std::string("NULL"), std::string("CURVE"));
  CAPTURE(mechanism);
  Process coordinator({binary("coordinator"), "--matrix", matrix("nos6.mtx"), "--nodes", "2",
                       "--transport", "tcp", "--max-iter", "100000000", "--quiet", "--verbose"});
  const std::string endpoint = endpoint_of(coordinator);
  const int port = std::stoi(endpoint.substr(endpoint.rfind(':') + 1));
  coordinator.wait_for_stderr_line("all 2 nodes connected", 20);
  const long before = status_kb(coordinator.pid(), "VmHWM");
  REQUIRE(before > 0);
  // two connections, 256 MB offered each: what they hold shows in the coordinator's peak RSS
  std::size_t pushed = 0;
  for (int connection = 0; connection < 2; ++connection)
    pushed += push_huge_frame(port, mechanism, std::size_t{256} << 20);
  const long after = status_kb(coordinator.pid(), "VmHWM");
  CAPTURE(pushed, before, after);
  CHECK(after - before < 64 * 1024);  // kB
  CHECK(pushed < (std::size_t{64} << 20));
  coordinator.signal(SIGTERM);
  CHECK(coordinator.wait(20).exit_code == 143);
}

TEST_CASE("a flood of malformed frames makes a few counted lines, and x is unchanged",
          "[integration][security]") {
  const std::vector<std::string> solve = {
      binary("coordinator"), "--matrix", matrix("nos6.mtx"), "--nodes",  "2",
      "--max-iter",          "6000",     "--quiet",          "--output", "-"};
  const RunResult undisturbed = run(solve);
  REQUIRE(undisturbed.exit_code == 3);

  std::vector<std::string> verbose = solve;
  verbose.push_back("--verbose");  // says where the socket is
  Process coordinator(verbose);
  const std::string endpoint = endpoint_of(coordinator);
  zmq::context_t context;
  zmq::socket_t stranger(context, zmq::socket_type::dealer);
  stranger.set(zmq::sockopt::sndhwm, 0);
  stranger.set(zmq::sockopt::linger, 0);
  stranger.connect(endpoint);
  const std::string garbage = "\xc1 not msgpack";  // 0xc1 is never used by msgpack
  // The coordinator hangs up on the stranger every 100 bad frames; it reconnects and goes on
  // (a DEALER with no connection would block: the sends wait instead, while the solve lasts).
  int sent = 0;
  while (sent < 100000 && process_running(coordinator.pid())) {
    if (stranger.send(zmq::buffer(garbage), zmq::send_flags::dontwait))
      ++sent;
    else
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  CAPTURE(sent);
  const RunResult r = coordinator.wait(120);
  CHECK(r.exit_code == 3);
  CHECK(r.out == undisturbed.out);
  std::size_t about_malformed = 0;
  for (const std::string& line : lines(r.err))
    about_malformed += line.find("malformed") != std::string::npos;
  CHECK(about_malformed >= 1);
  CHECK(about_malformed <= 20);
  CHECK_THAT(r.err, Catch::Contains("in all"));
  CHECK(sent > 1000);  // many times the 100 bad frames after which it is hung up on
  CHECK_THAT(r.err,
             Catch::Contains("hung up on a connection: a peer that has not joined, which sent "));
}
