// No node outlives its coordinator: on success, on Ctrl-C, on SIGTERM, and even on SIGKILL.
#include <signal.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <thread>

#include "process_runner.hpp"

using namespace slae::test;

namespace {

// Polls until none of the pids runs, up to timeout_s; true if they are all gone.
bool all_gone(const std::vector<pid_t>& pids, double timeout_s) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  for (;;) {
    bool any = false;
    for (const pid_t p : pids)
      any = any || process_running(p);
    if (!any) return true;
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

// Gives a freshly started coordinator time to start its nodes and begin iterating.
void let_it_start() {
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
}

}  // namespace

TEST_CASE("after a normal run no node is left", "[integration][lifecycle]") {
  const RunResult r = run({binary("coordinator"), "--matrix", matrix("LFAT5.mtx"), "--nodes", "4",
                           "--quiet", "--verbose"});
  REQUIRE(r.exit_code == 0);
  const auto pids = node_pids(r.err);
  REQUIRE(pids.size() == 4);
  CHECK(all_gone(pids, 2.0));
}

TEST_CASE("SIGINT and SIGTERM stop the solve and every node", "[integration][lifecycle]") {
  const int sig = GENERATE(SIGINT, SIGTERM);
  CAPTURE(sig);
  Process coordinator({binary("coordinator"), "--matrix", matrix("nos6.mtx"), "--nodes", "3",
                       "--max-iter", "100000000", "--quiet", "--verbose"});
  let_it_start();
  coordinator.signal(sig);
  const RunResult r = coordinator.wait(10);
  CHECK(r.exit_code == 128 + sig);
  const auto pids = node_pids(r.err);
  REQUIRE(pids.size() == 3);
  CHECK(all_gone(pids, 2.0));
}

TEST_CASE("nodes exit by themselves when their coordinator is killed", "[integration][lifecycle]") {
  Process coordinator({binary("coordinator"), "--matrix", matrix("nos6.mtx"), "--nodes", "3",
                       "--max-iter", "100000000", "--quiet", "--verbose"});
  let_it_start();
  coordinator.signal(SIGKILL);
  const RunResult r = coordinator.wait(10);
  CHECK(r.exit_code == 128 + SIGKILL);
  const auto pids = node_pids(r.err);
  REQUIRE(pids.size() == 3);
  CHECK(all_gone(pids, 5.0));
}

TEST_CASE("a node with no coordinator gives up after its idle timeout",
          "[integration][lifecycle]") {
  const RunResult r = run({binary("slae-node"), "--connect", "ipc:///tmp/slae-test-nobody-here/x",
                           "--idle-timeout", "1"},
                          10);
  CHECK(r.exit_code == 5);
  CHECK_THAT(r.err, Catch::Contains("no word from the coordinator"));
}

TEST_CASE(
    "the last node killed mid-solve with --no-replace fails the job with exit 5, naming "
    "the node",
    "[integration][lifecycle]") {
  // (with a replacement, or other nodes left, the solve goes on: test_fault_tolerance.cpp)
  Process coordinator({binary("coordinator"), "--matrix", matrix("nos6.mtx"), "--nodes", "1",
                       "--no-replace", "--max-iter", "100000000", "--quiet", "--verbose"});
  let_it_start();
  // The pids are only in the coordinator's stderr, which we read once it ends: kill the
  // youngest slae-node child of the coordinator instead, found through /proc.
  const std::string children = read_text("/proc/" + std::to_string(coordinator.pid()) + "/task/" +
                                         std::to_string(coordinator.pid()) + "/children");
  REQUIRE_FALSE(children.empty());
  const pid_t victim = static_cast<pid_t>(
      std::stol(children.substr(children.find_last_of(' ', children.size() - 2) + 1)));
  ::kill(victim, SIGKILL);
  const RunResult r = coordinator.wait(10);
  CHECK(r.exit_code == 5);
  CHECK_THAT(r.err, Catch::Contains("was killed by signal 9"));
  CHECK_THAT(r.err, Catch::Contains("no worker is left"));
  CHECK(all_gone(node_pids(r.err), 2.0));
}

TEST_CASE("a killed coordinator's socket directory is removed by the next coordinator",
          "[integration][lifecycle]") {
  TempDir tmp;  // the coordinators make their private directories under $TMPDIR
  const auto ours = [&] {
    std::vector<std::string> found;
    for (const auto& entry : std::filesystem::directory_iterator(tmp.path()))
      found.push_back(entry.path().filename());
    return found;
  };
  Process killed({"/usr/bin/env", "TMPDIR=" + tmp.path(), binary("coordinator"), "--matrix",
                  matrix("nos6.mtx"), "--nodes", "2", "--max-iter", "100000000", "--quiet"});
  let_it_start();
  killed.signal(SIGKILL);
  killed.wait(10);
  const auto left = ours();
  REQUIRE(left.size() == 1);  // SIGKILL gives no chance to clean up
  CHECK(left[0].rfind("slae-" + std::to_string(killed.pid()) + "-", 0) == 0);
  const RunResult next = run({"/usr/bin/env", "TMPDIR=" + tmp.path(), binary("coordinator"),
                              "--matrix", matrix("nist_ex1.mtx"), "--quiet"});
  CHECK(next.exit_code == 0);
  CHECK(ours().empty());
}

TEST_CASE("a reply timeout names the nodes that owe replies, and only those",
          "[integration][lifecycle]") {
  // with a stagger of 3 s, node 0 of 2 sleeps 3 s before each reply and node 1 answers at once
  const RunResult r = run({binary("coordinator"), "--matrix", matrix("gr_30_30.mtx"), "--nodes",
                           "2", "--reply-timeout", "1", "--test-stagger-ms", "3000", "--quiet"});
  CHECK(r.exit_code == 5);
  REQUIRE(lines(r.err).size() >= 1);
  const std::string last = lines(r.err).back();
  CHECK_THAT(last,
             Catch::Contains("no reply within the reply timeout of 1000 ms from node 0 (pid") &&
                 Catch::Contains(" owes "));
  CHECK_THAT(last, !Catch::Contains("node 1"));
}
