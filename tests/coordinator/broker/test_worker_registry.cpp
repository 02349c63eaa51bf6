#include "coordinator/broker/worker_registry.hpp"

#include <catch2/catch.hpp>

using namespace slae::coordinator;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

slae::protocol::Ready ready(std::int64_t pid) {
  return {pid, 2, "host-" + std::to_string(pid), {}};
}

}  // namespace

TEST_CASE("workers join idle, in order, and are found by identity", "[registry]") {
  WorkerRegistry r;
  const auto t0 = Clock::now();
  const WorkerId a = r.add("id-a", "", ready(10), true, t0).id;
  const WorkerId b = r.add("id-b", "node-1", ready(11), false, t0).id;
  CHECK(a < b);
  CHECK(r.size() == 2);
  CHECK(r.idle() == std::vector<WorkerId>{a, b});
  REQUIRE(r.find_identity("id-b") != nullptr);
  CHECK(r.find_identity("id-b")->user == "node-1");
  CHECK(r.find_identity("id-b")->ready.pid == 11);
  CHECK(r.find_identity("nobody") == nullptr);
  CHECK_THROWS_AS(r.add("id-a", "", ready(12), true, t0), std::logic_error);
}

TEST_CASE("a busy worker records its job and part until released", "[registry]") {
  WorkerRegistry r;
  const auto t0 = Clock::now();
  const WorkerId a = r.add("a", "", ready(1), true, t0).id;
  const WorkerId b = r.add("b", "", ready(2), true, t0).id;
  r.assign(b, 7, 0);
  CHECK(r.idle() == std::vector<WorkerId>{a});
  CHECK(r.find(b)->state == WorkerState::busy);
  CHECK(r.find(b)->job == 7);
  CHECK(r.find(b)->part == 0);
  CHECK_THROWS_AS(r.assign(b, 8, 0), std::logic_error);  // busy already
  r.release(b);
  CHECK(r.find(b)->state == WorkerState::idle);
  CHECK(r.find(b)->job == 0);
  CHECK(r.idle() == std::vector<WorkerId>{a, b});
}

TEST_CASE("silence and heartbeats are judged by each worker's clock", "[registry]") {
  WorkerRegistry r;
  const auto t0 = Clock::now();
  const WorkerId a = r.add("a", "", ready(1), true, t0).id;
  const WorkerId b = r.add("b", "", ready(2), true, t0).id;
  r.find(b)->last_heard = t0 + 3s;
  r.find(a)->last_sent = t0 + 1s;
  CHECK(r.idle_silent_since(t0 + 2s) == std::vector<WorkerId>{a});
  // a has not spoken since we last sent to it: it hears no beat that would pile up
  CHECK(r.due_a_heartbeat(t0 + 2s) == std::vector<WorkerId>{b});
  r.find(a)->last_heard = t0 + 1s;
  CHECK(r.due_a_heartbeat(t0 + 2s) == std::vector<WorkerId>({a, b}));
  CHECK(r.due_a_heartbeat(t0).empty());  // both sent to since then
  r.remove(a);
  CHECK(r.find(a) == nullptr);
  CHECK(r.find_identity("a") == nullptr);
  CHECK(r.idle_silent_since(t0 + 2s).empty());
}

TEST_CASE("a busy worker's silence is its work: only idle ones are judged by it", "[registry]") {
  WorkerRegistry r;
  const auto t0 = Clock::now();
  const WorkerId idle = r.add("a", "", ready(1), true, t0).id;
  const WorkerId busy = r.add("b", "", ready(2), true, t0).id;
  r.assign(busy, 7, 0);
  CHECK(r.idle_silent_since(t0 + 10s) == std::vector<WorkerId>{idle});
  r.release(busy);
  CHECK(r.idle_silent_since(t0 + 10s) == std::vector<WorkerId>({idle, busy}));
}

TEST_CASE("a process is found again by its pid and host and boot id under its key", "[registry]") {
  WorkerRegistry r;
  const auto t0 = Clock::now();
  const slae::protocol::Ready first{42, 2, "vm", "boot-1"};
  const WorkerId a = r.add("old-connection", "node-1", first, true, t0).id;
  REQUIRE(r.find_process(first, "node-1") != nullptr);
  CHECK(r.find_process(first, "node-1")->id == a);
  // any one of the four different: another process
  CHECK(r.find_process({43, 2, "vm", "boot-1"}, "node-1") == nullptr);
  CHECK(r.find_process({42, 2, "other", "boot-1"}, "node-1") == nullptr);
  CHECK(r.find_process({42, 2, "vm", "boot-2"}, "node-1") == nullptr);
  CHECK(r.find_process(first, "node-2") == nullptr);
  // without a boot id a pid names nothing: it is not matched
  r.add("no-boot", "", {7, 2, "vm", ""}, false, t0);
  CHECK(r.find_process({7, 2, "vm", ""}, "") == nullptr);
}
