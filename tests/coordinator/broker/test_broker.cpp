#include "coordinator/broker/broker.hpp"

#include <catch2/catch.hpp>
#include <future>
#include <mutex>
#include <thread>
#include <utility>

#include "coordinator/cluster/cluster_error.hpp"
#include "protocol/liveness.hpp"
#include "tests/coordinator/broker/fake_broker_peers.hpp"

using namespace slae;
using namespace slae::coordinator;
using namespace slae::test;
namespace proto = slae::protocol;
using namespace std::chrono_literals;

TEST_CASE("jobs get the idle workers they ask for, and their messages reach only those",
          "[broker]") {
  const bool own_thread = GENERATE(true, false);
  CAPTURE(own_thread);
  TestBroker b(own_thread);
  FakeWorker w1(b, 101), w2(b, 102), w3(b, 103);
  std::this_thread::sleep_for(100ms);  // (on the test's thread, the claim turns the loop)
  // job A: the workers of pids 103 and 101, in that order; job B: any one
  auto a = open(b, exactly({103, 101}));
  REQUIRE(a.size() == 2);
  CHECK(a.workers()[0].pid == 103);
  CHECK(a.workers()[1].pid == 101);
  auto c = open(b, any(1));
  REQUIRE(c.size() == 1);
  CHECK(c.workers()[0].pid == 102);  // the only one left idle

  a.send(0, {{a.id(), 1, 5}, proto::Collect{}});
  a.send(1, {{a.id(), 1, 6}, proto::Collect{}});
  c.send(0, {{c.id(), 1, 7}, proto::Collect{}});
  const auto m3 = w3.next(), m1 = w1.next(), m2 = w2.next();
  REQUIRE(m3);
  REQUIRE(m1);
  REQUIRE(m2);
  CHECK((m3->header.job == a.id() && m3->header.iteration == 5));
  CHECK((m1->header.job == a.id() && m1->header.iteration == 6));
  CHECK((m2->header.job == c.id() && m2->header.iteration == 7));
  CHECK_FALSE(w1.next(200ms));  // nothing else

  // A worker's message reaches its own job only: w2 (job C's) claiming to be of job A is dropped
  w2.send({{a.id(), 1, 99}, proto::SetupAck{}});
  w1.send({{a.id(), 1, 6}, proto::SetupAck{}});
  const auto [part, reply] = receive_one(a);
  CHECK(part == 1);
  CHECK(reply.header.iteration == 6);
  w2.send({{c.id(), 1, 7}, proto::SetupAck{}});
  const auto [c_part, c_reply] = receive_one(c);
  CHECK(c_part == 0);
  CHECK(c_reply.header.iteration == 7);
}

TEST_CASE("a job waits in the queue while no worker is idle, and starts when one joins",
          "[broker]") {
  TestBroker b;
  FakeWorker first(b, 201);
  auto busy = open(b, any(1));
  REQUIRE(busy.size() == 1);
  auto waiting =
      std::async(std::launch::async, [&] { return open(b, any(0), 5000ms).workers().at(0).pid; });
  CHECK(waiting.wait_for(300ms) == std::future_status::timeout);  // queued
  FakeWorker second(b, 202);
  REQUIRE(waiting.wait_for(3s) == std::future_status::ready);
  CHECK(waiting.get() == 202);
}

TEST_CASE("a job released gives its workers back to the next job", "[broker]") {
  TestBroker b;
  FakeWorker only(b, 301);
  {
    auto job = open(b, any(1));
    REQUIRE(job.size() == 1);
  }  // released
  auto next = open(b, any(1));
  CHECK(next.workers().at(0).pid == 301);
}

TEST_CASE("a worker that joins is told the id it goes by, in joining order", "[broker]") {
  TestBroker b;
  FakeWorker first(b, 501), second(b, 502);
  CHECK_FALSE(first.next(300ms));
  CHECK_FALSE(second.next(300ms));
  REQUIRE(first.welcomed_as);
  REQUIRE(second.welcomed_as);
  CHECK(*first.welcomed_as != *second.welcomed_as);
  CHECK(std::min(*first.welcomed_as, *second.welcomed_as) == 1);
  CHECK(std::max(*first.welcomed_as, *second.welcomed_as) == 2);
}

TEST_CASE("a standing broker's job names a worker as --status does, the one-shot's its node",
          "[broker]") {
  const bool by_worker = GENERATE(true, false);
  CAPTURE(by_worker);
  TestBroker b;
  FakeWorker w(b, 601);
  auto job = open(b, any(1), 3000ms, by_worker);
  REQUIRE(job.size() == 1);
  job.send(0, {{job.id(), 1, 0}, proto::Collect{}});
  REQUIRE(w.next());
  REQUIRE(w.welcomed_as);
  w.send({{job.id(), 1, 0}, proto::ErrorReport{"no such block"}});
  const std::string named = by_worker ? "worker " + std::to_string(*w.welcomed_as) +
                                            " (pid 601 on test) reported: no such block"
                                      : "node 0 (pid 601) reported: no such block";
  CHECK_THROWS_WITH(receive_one(job), Catch::Contains(named));
}

TEST_CASE("an idle worker that falls silent is purged after five beats", "[broker]") {
  TestBroker b;
  FakeWorker quiet(b, 401);  // says ready, then never a heartbeat
  std::this_thread::sleep_for(proto::kPeerExpiry - 1s);
  {
    auto still_there = open(b, any(1), 300ms);  // not yet gone: it is granted
    CHECK(still_there.workers().at(0).pid == 401);
  }
  // the job's release is a message to it, not from it: it has still said nothing
  std::this_thread::sleep_for(1500ms);
  CHECK_THROWS_WITH(open(b, any(1), 300ms), Catch::Contains("no worker became free"));
}

TEST_CASE(
    "a worker silent in a job is judged by its connection, not its silence: the job hears of it "
    "at its reply timeout, by name",
    "[broker]") {
  TestBroker b;
  FakeWorker busy(b, 402);  // an inproc link has no ZMTP heartbeats: it never drops
  std::this_thread::sleep_for(100ms);
  auto job = JobChannel(*b.broker, any(1), 3000ms, ChannelOptions{4000ms, {}, true, false});
  REQUIRE(job.size() == 1);
  job.send(0, {{job.id(), 1, 0}, proto::Collect{}});
  const auto start = std::chrono::steady_clock::now();
  try {
    receive_one(job);
    FAIL("the job went on without a reply");
  } catch (const ClusterError& e) {
    CHECK_THAT(e.what(), Catch::Contains("node 0 (pid 402") &&
                             Catch::Contains("no reply within the reply timeout of 4000 ms"));
  }
  // five beats (2.5 s) passed, and it was not declared lost for its silence
  CHECK(std::chrono::steady_clock::now() - start >= 4s - 200ms);
}

TEST_CASE("a process that says ready again on a new connection is one worker not two", "[broker]") {
  TestBroker b;
  FakeWorker old_connection(b, 701, "boot-a");
  CHECK_FALSE(old_connection.next(300ms));  // welcomed: its ready is in
  REQUIRE(old_connection.welcomed_as);
  FakeWorker new_connection(b, 701, "boot-a");  // the same process, after it gave up its socket
  FakeWorker other_kernel(b, 701, "boot-b");    // the same pid on another machine: another worker
  CHECK_FALSE(new_connection.next(300ms));
  REQUIRE(new_connection.welcomed_as);
  CHECK(*new_connection.welcomed_as > *old_connection.welcomed_as);
  auto first = open(b, any(1));
  auto second = open(b, any(1));
  REQUIRE(first.size() == 1);
  REQUIRE(second.size() == 1);
  first.send(0, {{first.id(), 1, 4}, proto::Collect{}});
  second.send(0, {{second.id(), 1, 5}, proto::Collect{}});
  const auto on_new = new_connection.next(), on_other = other_kernel.next();
  REQUIRE(on_new);
  REQUIRE(on_other);
  CHECK(on_new->header.iteration + on_other->header.iteration == 9);
  CHECK_FALSE(old_connection.next(200ms));  // its entry went when the process came back
  CHECK_THROWS_WITH(open(b, any(1), 300ms), Catch::Contains("no worker became free"));
}

TEST_CASE("a busy process that comes back on a new connection fails its job at once by name",
          "[broker]") {
  TestBroker b;
  FakeWorker old_connection(b, 711, "boot-a");
  auto job = open(b, any(1));
  REQUIRE(job.size() == 1);
  job.send(0, {{job.id(), 1, 0}, proto::Collect{}});
  REQUIRE(old_connection.next());
  const auto start = std::chrono::steady_clock::now();
  FakeWorker new_connection(b, 711, "boot-a");
  try {
    receive_one(job);
    FAIL("the job went on without its worker");
  } catch (const ClusterError& e) {
    CHECK_THAT(e.what(), Catch::Contains("node 0 (pid 711") &&
                             Catch::Contains("came back on a new connection"));
  }
  CHECK(std::chrono::steady_clock::now() - start < proto::kPeerExpiry);  // not by its silence
}

TEST_CASE("a worker that speaks garbage fails its job", "[broker]") {
  TestBroker b;
  FakeWorker w(b, 501);
  auto job = open(b, any(1));
  REQUIRE(job.size() == 1);
  const auto id = static_cast<unsigned char>(job.id());
  // a header the broker cannot read (0xc1 is no msgpack type), or a body its job cannot
  const std::vector<unsigned char> frame =
      GENERATE_COPY(std::vector<unsigned char>{0x95, 0x04, 0x05, 0xc1},
                    std::vector<unsigned char>{0x95, 0x04, 0x05, id, 0x01, 0x00});
  (void)w.dealer.send(zmq::buffer(frame), zmq::send_flags::none);
  CHECK_THROWS_WITH(receive_one(job),
                    Catch::Contains("node 0") && Catch::Contains("sent a malformed message"));
}

TEST_CASE("a stranger's messages reach no job", "[broker]") {
  TestBroker b;
  FakeWorker w(b, 601);
  auto job = open(b, any(1));
  zmq::socket_t stranger(b.context, zmq::socket_type::dealer);
  stranger.set(zmq::sockopt::linger, 0);
  stranger.connect(b.broker->endpoint());
  proto::FrameBuffer buffer;
  proto::encode({{job.id(), 1, 9}, proto::SetupAck{}}, buffer);
  (void)stranger.send(zmq::buffer(buffer.bytes), zmq::send_flags::none);
  w.send({{job.id(), 1, 3}, proto::SetupAck{}});
  const auto [part, reply] = receive_one(job);
  CHECK(part == 0);
  CHECK(reply.header.iteration == 3);  // the worker's, not the stranger's
}

namespace {

// A broker that serves customers and keeps every line it says, for the tests of its wording.
struct LoggingBroker {
  zmq::context_t context;
  std::mutex mutex;
  std::vector<std::string> said;
  std::unique_ptr<Broker> broker;

  explicit LoggingBroker(std::chrono::milliseconds beat = proto::kHeartbeatInterval) {
    BrokerOptions o;
    o.bind = "inproc://test-broker-" + std::to_string(endpoints++);
    o.serve_customers = true;
    o.start_job = [](auto&&...) -> std::unique_ptr<slae::coordinator::StartedJob> {
      throw std::logic_error("these tests send no job data");
    };
    o.heartbeat_interval = beat;
    o.log = o.warn = [this](const std::string& line) {
      std::lock_guard lock(mutex);
      said.push_back(line);
    };
    broker = std::make_unique<Broker>(context, std::move(o));
  }
  ~LoggingBroker() { broker.reset(); }
  // The first line containing text, within a second ("" if none).
  std::string line_with(const std::string& text) {
    for (int tries = 0; tries < 100; ++tries) {
      {
        std::lock_guard lock(mutex);
        for (const std::string& line : said)
          if (line.find(text) != std::string::npos) return line;
      }
      std::this_thread::sleep_for(10ms);
    }
    return {};
  }
};

// A peer on the broker's socket that sends what it is told to.
struct Peer {
  zmq::socket_t dealer;
  proto::FrameBuffer buffer;
  explicit Peer(LoggingBroker& b) : dealer(b.context, zmq::socket_type::dealer) {
    dealer.set(zmq::sockopt::linger, 0);
    dealer.connect(b.broker->endpoint());
  }
  void send(const proto::Message& m) {
    proto::encode(m, buffer);
    (void)dealer.send(zmq::buffer(buffer.bytes), zmq::send_flags::none);
  }
};

}  // namespace

TEST_CASE("the broker says who sent a message it does not act on, and what it was", "[broker]") {
  LoggingBroker b;
  Peer stranger(b), worker(b), customer(b);
  stranger.send({{}, proto::Heartbeat{}});
  CHECK(b.line_with("ignored a message") ==
        "ignored a message from a peer that has not joined as a worker or customer: a heartbeat "
        "message");
  worker.send({{}, proto::Ready{701, 1, "lab2", {}}});
  REQUIRE_FALSE(b.line_with("joined: pid 701").empty());
  worker.send({{}, proto::Ready{701, 1, "lab2", {}}});
  CHECK(b.line_with("a worker's message") ==
        "ignored a worker's message: worker 1 (pid 701 on lab2) sent a second ready on one "
        "connection");
  customer.send({{9, 0, 0}, proto::Cancel{proto::CancelHow::command, "alice@lab3"}});
  CHECK(b.line_with("customer's message") ==
        "did not act on a customer's message: a cancel of job 9, which is not here");
}

TEST_CASE("an idle worker given up and heard again is idle again, with no job to drop",
          "[broker]") {
  LoggingBroker b(20ms);  // silent for 100 ms: lost
  Peer worker(b);
  worker.send({{}, proto::Ready{801, 1, "lab2", {}}});
  REQUIRE_FALSE(b.line_with("went silent").empty());
  worker.send({{}, proto::Heartbeat{20}});
  const std::string back = b.line_with("is back");
  CHECK_THAT(back, Catch::StartsWith("worker 1 (pid 801 on lab2) is back after it was declared "
                                     "lost, idle as worker 2") &&
                       !Catch::Contains("job 0"));
}

namespace {

// The worker processes a one-shot coordinator would start, played by the test: it says which
// "ended" (the broker's loop asks from its own thread).
class ScriptedProcesses final : public ProcessWatch {
 public:
  void end(std::int64_t pid, const std::string& how) {
    std::lock_guard lock(mutex_);
    ended_.push_back({WorkerSelector{{}, pid}, pid, how});
  }
  std::vector<Ended> ended() override {
    std::lock_guard lock(mutex_);
    return std::exchange(ended_, {});
  }
  std::optional<std::string> how_ended(std::int64_t) override { return std::nullopt; }

 private:
  std::mutex mutex_;
  std::vector<Ended> ended_;
};

}  // namespace

TEST_CASE("a worker process that ends is lost by how it ended, and its job hears it by name",
          "[broker]") {
  ScriptedProcesses processes;
  TestBroker b(true, &processes);
  FakeWorker worker(b, 901);
  CHECK_FALSE(worker.next(200ms));  // welcomed
  auto job = open(b, exactly({901}));
  REQUIRE(job.size() == 1);
  job.send(0, {{job.id(), 1, 0}, proto::Collect{}});
  processes.end(901, "was killed by signal 9");
  try {
    receive_one(job);
    FAIL("the job went on without its worker");
  } catch (const WorkerLost& lost) {
    CHECK(lost.part() == 0);
    CHECK(std::string(lost.what()) == "node 0 (pid 901) was killed by signal 9");
    CHECK(lost.how() == "process ended");
  }
}

TEST_CASE("an exact claim whose process ends before the grant hears which slot is lost",
          "[broker]") {
  ScriptedProcesses processes;
  TestBroker b(true, &processes);
  FakeWorker joined(b, 911);
  CHECK_FALSE(joined.next(200ms));
  // 912 never joins: its end, or the end of 911 that joined and waits idle, is the claim's news
  const std::int64_t ends = GENERATE(911, 912);
  CAPTURE(ends);
  std::thread ender([&] {
    std::this_thread::sleep_for(100ms);
    processes.end(ends, "exited with status 1");
  });
  const auto start = std::chrono::steady_clock::now();
  try {
    (void)open(b, exactly({911, 912}), 5000ms);
    FAIL("the claim was granted without its second worker");
  } catch (const ClaimSlotLost& lost) {
    CHECK(lost.slot() == (ends == 911 ? 0 : 1));
    CHECK(lost.how() == "exited with status 1");
  }
  ender.join();
  CHECK(std::chrono::steady_clock::now() - start < 4s);  // told, not timed out
}
