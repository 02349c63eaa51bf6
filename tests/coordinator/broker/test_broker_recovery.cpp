// The broker's part in recovering from a lost worker (broker_recovery.cpp, through a job's
// channel): an idle worker takes the lost part, or the parts are renumbered over the workers
// left, or the job hears that none is left; a worker declared lost that speaks again is told
// to drop its job and is idle again, its late message counted as stale.
#include <catch2/catch.hpp>
#include <thread>

#include "coordinator/cluster/cluster_error.hpp"
#include "tests/coordinator/broker/fake_broker_peers.hpp"

using namespace slae::coordinator;
using namespace slae::test;

namespace {

// Makes the worker of `part` lost at once (it speaks garbage), and returns the loss the job hears.
WorkerLost lose(FakeWorker& worker, JobChannel& job) {
  const std::vector<unsigned char> garbage{0x95, 0x04, 0x05, 0xc1};
  (void)worker.dealer.send(zmq::buffer(garbage), zmq::send_flags::none);
  try {
    receive_one(job);
  } catch (const WorkerLost& lost) {
    return lost;
  }
  FAIL("the job did not hear of its lost worker");
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("an idle worker takes a lost part, and the worker kept goes on holding its own",
          "[broker][recovery]") {
  const bool own_thread = GENERATE(true, false);
  CAPTURE(own_thread);
  TestBroker b(own_thread);
  FakeWorker w1(b, 701), w2(b, 702);
  std::this_thread::sleep_for(100ms);
  auto job = open(b, exactly({701, 702}));
  REQUIRE(job.size() == 2);
  FakeWorker spare(b, 703);
  std::this_thread::sleep_for(100ms);
  if (!own_thread) b.broker->turn(100ms);  // the spare's ready is heard
  const int part = job.workers()[0].pid == 701 ? 0 : 1;
  const WorkerLost lost = lose(part == 0 ? w1 : w2, job);
  CHECK(lost.part() == part);
  CHECK_THAT(lost.what(), Catch::Contains("sent a malformed message"));
  const std::vector<int> origin = job.recover(lost);
  REQUIRE(origin.size() == 2);
  CHECK(origin[static_cast<std::size_t>(part)] == -1);            // a new worker
  CHECK(origin[static_cast<std::size_t>(1 - part)] == 1 - part);  // kept in its place
  CHECK(job.workers()[static_cast<std::size_t>(part)].pid == 703);
  // the new worker hears the lost part's messages
  job.send(part, {{job.id(), 2, 11}, proto::Collect{}});
  const auto m = spare.next();
  REQUIRE(m);
  CHECK(m->header.iteration == 11);
  spare.send({{job.id(), 2, 11}, proto::SetupAck{}});
  CHECK(receive_one(job).first == part);
}

TEST_CASE("with no idle worker the parts are renumbered over the workers left",
          "[broker][recovery]") {
  TestBroker b;
  FakeWorker w1(b, 801), w2(b, 802), w3(b, 803);
  std::this_thread::sleep_for(100ms);
  auto job = open(b, any(3));
  REQUIRE(job.size() == 3);
  const std::int64_t survivor2 = job.workers()[2].pid;
  FakeWorker* middle = job.workers()[1].pid == 801 ? &w1 : job.workers()[1].pid == 802 ? &w2 : &w3;
  const std::vector<int> origin = job.recover(lose(*middle, job));
  CHECK(origin == std::vector<int>{0, 2});
  REQUIRE(job.size() == 2);
  CHECK(job.workers()[1].pid == survivor2);
  // the worker that held part 2 now speaks as part 1
  FakeWorker* last = survivor2 == 801 ? &w1 : survivor2 == 802 ? &w2 : &w3;
  last->send({{job.id(), 2, 5}, proto::SetupAck{}});
  CHECK(receive_one(job).first == 1);
}

TEST_CASE("a job whose last worker is lost hears that none is left", "[broker][recovery]") {
  TestBroker b;
  FakeWorker only(b, 901);
  std::this_thread::sleep_for(100ms);
  auto job = open(b, any(1));
  const WorkerLost lost = lose(only, job);
  CHECK_THROWS_WITH(job.recover(lost), Catch::Contains("no worker is left"));
}

TEST_CASE("an idle worker declared lost by its silence that speaks again is idle again",
          "[broker][recovery]") {
  TestBroker b;
  FakeWorker frozen(b, 1001);  // says ready, then nothing: as if stopped
  std::this_thread::sleep_for(proto::kPeerExpiry + 500ms);
  CHECK_THROWS_WITH(open(b, any(1), 300ms), Catch::Contains("no worker became free"));
  frozen.welcomed_as.reset();
  frozen.send({{}, proto::Heartbeat{}});
  CHECK_FALSE(frozen.next(500ms));  // nothing to drop: only a welcome
  CHECK(frozen.welcomed_as);
  auto next = open(b, any(1));
  CHECK(next.workers().at(0).pid == 1001);
}

TEST_CASE("a late message of a job on a connection that never joined counts as stale",
          "[broker][recovery]") {
  TestBroker b;
  FakeWorker held(b, 1002);
  std::this_thread::sleep_for(100ms);
  auto job = open(b, any(1));
  REQUIRE(job.size() == 1);
  (void)lose(held, job);
  CHECK(job.stale_dropped() == 0);
  // as a worker whose connection was dropped mid-job sends its reply when ZeroMQ reconnects it
  zmq::socket_t reconnected(b.context, zmq::socket_type::dealer);
  reconnected.set(zmq::sockopt::linger, 0);
  reconnected.connect(b.broker->endpoint());
  proto::FrameBuffer buffer;
  proto::encode(proto::Message{{job.id(), 1, 7}, proto::SetupAck{}}, buffer);
  (void)reconnected.send(zmq::buffer(buffer.bytes), zmq::send_flags::none);
  const auto until = std::chrono::steady_clock::now() + 2s;
  while (job.stale_dropped() == 0 && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(20ms);
  CHECK(job.stale_dropped() == 1);
  // and a message of no job we know is a stranger's, not stale
  proto::encode(proto::Message{{job.id() + 100, 1, 7}, proto::SetupAck{}}, buffer);
  (void)reconnected.send(zmq::buffer(buffer.bytes), zmq::send_flags::none);
  std::this_thread::sleep_for(300ms);
  CHECK(job.stale_dropped() == 1);
  // neither made it a worker (a body the broker never decoded is not a ready)
  CHECK_THROWS_WITH(open(b, any(1), 300ms), Catch::Contains("no worker became free"));
}
