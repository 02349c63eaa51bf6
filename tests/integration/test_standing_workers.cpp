// The standing cluster's workers: they join at any time, serve the next job, leave it when they
// die or freeze, fail only their own job, and find the broker again when it comes back on its
// address. Real processes over a real socket.
#include <signal.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "standing_cluster.hpp"

using namespace slae::test;
using nlohmann::json;

namespace {

// The id the broker's status gives the worker of this pid ("" when it has none).
std::string worker_id(const std::string& endpoint, std::int64_t pid) {
  const RunResult r = run({binary("customer"), "--broker", endpoint, "--status", "--json"}, 30);
  const json status = json::parse(r.out, nullptr, false);
  if (status.is_discarded()) return "";
  for (const auto& w : status["workers"])
    if (w["pid"] == pid) return w["id"].dump();
  return "";
}

}  // namespace

TEST_CASE(
    "a worker that joins mid-job serves the next job, and workers that die or freeze while "
    "idle leave the table within 3 s",
    "[integration][broker]") {
  StandingCluster cluster;
  const pid_t first = cluster.add_worker().pid();
  REQUIRE(cluster.wait_for([](const json& s) { return s["workers"].size() == 1; }, 20));
  Process busy(cluster.customer(endless_solve()));
  REQUIRE(cluster.wait_for([&](const json& s) { return state_of_worker(s, first) == "busy"; }, 20));
  const pid_t second = cluster.add_worker().pid();
  REQUIRE(
      cluster.wait_for([&](const json& s) { return state_of_worker(s, second) == "idle"; }, 20));
  // the running job keeps what it had; the next one gets the newcomer
  const RunResult next =
      run(cluster.customer({"--matrix", matrix("gr_30_30.mtx"), "--quiet", "--output", "-"}), 60);
  REQUIRE(next.exit_code == 0);
  CHECK(next.out == one_shot_x("gr_30_30.mtx"));
  CHECK_THAT(next.err, Catch::Contains("1 node,"));
  CHECK(state_of_worker(cluster.status(), first) == "busy");
  busy.signal(SIGTERM);
  CHECK(busy.wait(20).exit_code == 128 + SIGTERM);

  // an idle worker frozen (heartbeats stop) and one killed (its connection closes)
  const int sig = GENERATE(SIGSTOP, SIGKILL);
  CAPTURE(sig);
  const pid_t victim = sig == SIGSTOP ? first : second;
  REQUIRE(
      cluster.wait_for([&](const json& s) { return state_of_worker(s, victim) == "idle"; }, 10));
  const auto start = std::chrono::steady_clock::now();
  ::kill(victim, sig);
  CHECK(cluster.wait_for([&](const json& s) { return worker_gone(s, victim); }, 10));
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(3));
  ::kill(victim, SIGCONT);
}

TEST_CASE("a worker killed while busy fails its own job with exit 5 naming it, and no other",
          "[integration][broker]") {
  StandingCluster cluster;
  const pid_t w1 = cluster.add_worker().pid();
  const pid_t w2 = cluster.add_worker().pid();
  REQUIRE(cluster.wait_for([](const json& s) { return s["workers"].size() == 2; }, 20));
  Process doomed(cluster.customer(endless_solve()));
  REQUIRE(cluster.wait_for([](const json& s) { return count_workers(s, "busy") == 1; }, 20));
  const json s = cluster.status();
  const pid_t victim = state_of_worker(s, w1) == "busy" ? w1 : w2;
  Process survivor(cluster.customer(gr_30_30_solve({"--nodes", "1"})));
  REQUIRE(cluster.wait_for([](const json& st) { return count_workers(st, "busy") == 2; }, 20));
  ::kill(victim, SIGKILL);
  const RunResult lost = doomed.wait(20);
  CHECK(lost.exit_code == 5);
  // named as --status names it, in lines that say which program speaks
  std::string id;
  for (const auto& w : s["workers"])
    if (w["pid"] == victim) id = w["id"].dump();
  const std::string named = "worker " + id + " (pid " + std::to_string(victim) + " on ";
  CHECK_THAT(lost.err, Catch::Contains("customer: jacobi at iteration ") &&
                           Catch::Contains(": " + named) &&
                           Catch::Contains("customer: cluster failure: " + named));
  for (const std::string& line : lines(lost.err))
    CHECK_FALSE(line.starts_with("coordinator:"));
  const RunResult fine = survivor.wait(120);
  REQUIRE(fine.exit_code == 0);
  CHECK(fine.out ==
        one_shot_x("gr_30_30.mtx", {"--omega", "1", "--tol", "1e-14", "--max-iter", "100000"}));
}

TEST_CASE("a worker whose broker goes away rejoins the next broker on its address",
          "[integration][broker]") {
  TempDir dir;
  const std::string endpoint = "ipc://" + dir.path() + "/broker";
  const std::vector<std::string> serve = {binary("coordinator"), "--serve", endpoint};
  auto first = std::make_unique<Process>(serve);
  REQUIRE_FALSE(first->wait_for_stderr_line("broker ready", 20).empty());
  Process worker({binary("slae-node"), "--connect", endpoint});
  REQUIRE_FALSE(first->wait_for_stderr_line("joined", 20).empty());
  first->signal(SIGKILL);  // no goodbye: the worker only hears silence
  first->wait(10);
  first.reset();
  const auto start = std::chrono::steady_clock::now();
  Process second(serve);
  REQUIRE_FALSE(second.wait_for_stderr_line("broker ready", 20).empty());
  // the connection drops, then a fresh one (backoff 0.25 s, doubling while nobody answers)
  CHECK_FALSE(
      second.wait_for_stderr_line("joined: pid " + std::to_string(worker.pid()), 20).empty());
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(15));
  CHECK_THAT(worker.stderr_so_far(), Catch::Contains("reconnecting"));
  const RunResult r = run({binary("customer"), "--broker", endpoint, "--double", "1,2,3"}, 30);
  CHECK(r.exit_code == 0);
  CHECK(r.out == "2,4,6\n");
}

TEST_CASE(
    "a standing worker says in one line each that it joined and lost its broker and rejoined "
    "as the worker --status shows and with --quiet nothing",
    "[integration][broker]") {
  TempDir dir;
  const std::string endpoint = "ipc://" + dir.path() + "/broker";
  const std::vector<std::string> serve = {binary("coordinator"), "--serve", endpoint,
                                          "--heartbeat-ms", "100"};
  auto first = std::make_unique<Process>(serve);
  REQUIRE_FALSE(first->wait_for_stderr_line("broker ready", 20).empty());
  Process worker({binary("slae-node"), "--connect", endpoint});
  Process quiet({binary("slae-node"), "--connect", endpoint, "--quiet"});
  const std::string joined = worker.wait_for_stderr_line("joined", 20);
  REQUIRE_FALSE(
      first->wait_for_stderr_line("joined: pid " + std::to_string(quiet.pid()), 20).empty());
  CHECK(joined ==
        "slae-node: joined " + endpoint + " as worker " + worker_id(endpoint, worker.pid()));

  first->signal(SIGKILL);  // the connections close, and the workers reconnect
  first->wait(10);
  first.reset();
  CHECK_FALSE(worker.wait_for_stderr_line("lost the broker", 20).empty());
  std::this_thread::sleep_for(std::chrono::seconds(1));  // a few tries that find nobody
  Process second(serve);
  REQUIRE_FALSE(second.wait_for_stderr_line("broker ready", 20).empty());
  const std::string rejoined = worker.wait_for_stderr_line("rejoined", 30);
  REQUIRE_FALSE(
      second.wait_for_stderr_line("joined: pid " + std::to_string(quiet.pid()), 20).empty());
  CHECK(rejoined ==
        "slae-node: rejoined " + endpoint + " as worker " + worker_id(endpoint, worker.pid()));
  const std::vector<std::string> said = lines(worker.stderr_so_far());
  REQUIRE(said.size() == 3);  // nothing for each try while the broker was away
  CHECK(said[0] == joined);
  CHECK_THAT(said[1], Catch::Equals("slae-node: lost the broker at " + endpoint +
                                    " (its connection dropped); reconnecting"));
  CHECK(said[2] == rejoined);
  CHECK(quiet.stderr_so_far().empty());
}
