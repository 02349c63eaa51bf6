// The broker's part in recovering from a lost worker (broker_recovery.cpp, through a job's
// channel): an idle worker takes the lost part, or the parts are renumbered over the workers
// left, or the job hears that none is left; a worker declared lost that speaks again is told
// to drop its job and is idle again, its late message counted as stale.
#include <catch2/catch.hpp>
#include <thread>

#include "coordinator/cluster_error.hpp"
#include "tests/coordinator/fake_broker_peers.hpp"

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

TEST_CASE(
    "a worker declared lost by its silence that speaks again drops its job and is idle, and "
    "its late reply counts as stale",
    "[broker][recovery]") {
  TestBroker b;
  FakeWorker frozen(b, 1001);  // says ready, then nothing: as if stopped
  std::this_thread::sleep_for(100ms);
  auto job = open(b, any(1));
  REQUIRE(job.size() == 1);
  CHECK_THROWS_AS(receive_one(job), WorkerLost);  // silent for 2.5 s
  CHECK(job.stale_dropped() == 0);
  // it comes back with the reply it owed
  frozen.send({{job.id(), 1, 7}, proto::SetupAck{}});
  const auto told = frozen.next();
  REQUIRE(told);
  CHECK(std::holds_alternative<proto::Release>(told->body));
  CHECK(told->header.job == job.id());
  CHECK(job.stale_dropped() == 1);
  // and it is idle: a new job gets it
  auto next = open(b, any(1));
  CHECK(next.workers().at(0).pid == 1001);
}
