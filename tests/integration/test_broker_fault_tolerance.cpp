// A standing broker's job that loses a busy worker: killed, an idle worker takes its part;
// frozen, it is declared lost by its silence and replaced, and once continued it is taken back
// idle while its late replies are counted as stale. The customer's answer is the one-shot's, bit
// for bit, and its report tells what happened.
#include <signal.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <thread>

#include "process_runner.hpp"
#include "solve_helpers.hpp"
#include "standing_cluster.hpp"

using namespace slae::test;
using nlohmann::json;

namespace {

// gr_30_30 to 1e-14 on 2 workers: 3782 iterations, each at least 2 ms long (the workers delay
// their replies), so that a worker is lost well before the end.
std::vector<std::string> slow_solve(const std::string& report) {
  return {"--matrix",   matrix("gr_30_30.mtx"),
          "--tol",      "1e-14",
          "--max-iter", "100000",
          "--nodes",    "2",
          "--quiet",    "--output",
          "-",          "--report",
          report};
}

// Three workers; returns one of the two the customer's job runs on.
pid_t busy_worker(StandingCluster& cluster, const std::vector<pid_t>& workers) {
  REQUIRE(cluster.wait_for([](const json& s) { return count_workers(s, "busy") == 2; }, 30));
  const json s = cluster.status();
  for (const pid_t w : workers)
    if (state_of_worker(s, w) == "busy") return w;
  FAIL("no busy worker");
  return 0;
}

// Three slow workers and a customer's job on two of them; victim is one of those two.
struct BusyCluster {
  StandingCluster cluster;
  std::vector<pid_t> workers;
  TempDir dir;
  std::unique_ptr<Process> customer;
  pid_t victim = 0;

  BusyCluster() {
    for (int i = 0; i < 3; ++i)
      workers.push_back(cluster.add_worker({"--test-reply-delay-ms", "2"}).pid());
    REQUIRE(cluster.wait_for([](const json& s) { return s["workers"].size() == 3; }, 20));
    customer = std::make_unique<Process>(cluster.customer(slow_solve(dir.path() + "/r.json")));
    victim = busy_worker(cluster, workers);
  }
  json report() const { return json::parse(read_text(dir.path() + "/r.json")); }
};

}  // namespace

TEST_CASE(
    "a busy worker killed mid-solve: an idle worker takes its part and the customer's x "
    "is the undisturbed one, bit for bit",
    "[integration][broker][fault]") {
  BusyCluster lab;
  ::kill(lab.victim, SIGKILL);
  const RunResult r = lab.customer->wait(300);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out == undisturbed_gr_30_30_x());
  CHECK_THAT(r.err, Catch::Contains("(pid " + std::to_string(lab.victim)));
  const json report = lab.report();
  const auto lost = events_of(report, "worker_lost");
  REQUIRE(lost.size() == 1);
  // a killed process is noticed by whichever comes first: its connection's end, or a send to
  // it that fails (the job had a message for it at that moment)
  CHECK((lost[0]["detected_by"] == "connection" || lost[0]["detected_by"] == "send"));
  REQUIRE(events_of(report, "re-placed").size() == 1);
  CHECK(events_of(report, "re-placed")[0]["parts_lost"] == 1);
  CHECK(report["nodes"].size() == 2);
}

TEST_CASE(
    "a busy worker frozen mid-solve is replaced, and once continued it is idle again and "
    "its late replies are counted as stale",
    "[integration][broker][fault]") {
  BusyCluster lab;
  StandingCluster& cluster = lab.cluster;
  const pid_t frozen = lab.victim;
  ::kill(frozen, SIGSTOP);
  // declared lost by its silence; the spare takes its part
  const bool replaced = cluster.wait_for(
      [&](const json& s) {
        return state_of_worker(s, frozen) == "gone" && count_workers(s, "busy") == 2;
      },
      30);
  ::kill(frozen, SIGCONT);
  CHECK(replaced);
  // it speaks again: told to drop the job, it is idle in the pool
  CHECK(cluster.wait_for([&](const json& s) { return state_of_worker(s, frozen) == "idle"; }, 20));
  const RunResult r = lab.customer->wait(300);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out == undisturbed_gr_30_30_x());
  CHECK_THAT(r.err, Catch::Contains("went silent"));
  const json report = lab.report();
  const auto lost = events_of(report, "worker_lost");
  REQUIRE(lost.size() == 1);
  CHECK(lost[0]["detected_by"] == "heartbeat");
  CHECK(report["stale_messages_dropped"].get<int>() >= 1);
}

TEST_CASE(
    "a job whose last worker is lost, with no idle worker to take its place, fails with "
    "exit 5 naming it",
    "[integration][broker][fault]") {
  StandingCluster cluster;
  const pid_t only = cluster.add_worker({"--test-reply-delay-ms", "2"}).pid();
  REQUIRE(cluster.wait_for([](const json& s) { return s["workers"].size() == 1; }, 20));
  TempDir dir;
  Process customer(cluster.customer(slow_solve(dir.path() + "/r.json")));
  REQUIRE(cluster.wait_for([](const json& s) { return count_workers(s, "busy") == 1; }, 30));
  ::kill(only, SIGKILL);
  const RunResult r = customer.wait(60);
  CHECK(r.exit_code == 5);
  CHECK_THAT(r.err, Catch::Contains("(pid " + std::to_string(only)) &&
                        Catch::Contains("no worker is left"));
}

TEST_CASE(
    "a standing broker with --heartbeat-ms 50: its workers and customers beat at that pace and "
    "stay, a frozen worker is gone after five beats",
    "[integration][broker][fault]") {
  // silent for 250 ms is gone: a worker or customer that beat at the default 500 ms instead of
  // adopting the broker's pace would be dropped again and again
  StandingCluster cluster({"--heartbeat-ms", "50"});
  Process& steady = cluster.add_worker({"--test-reply-delay-ms", "1"});
  Process& frozen = cluster.add_worker();
  REQUIRE(cluster.wait_for([](const json& s) { return count_workers(s, "idle") == 2; }, 20));
  frozen.signal(SIGSTOP);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  const json s = cluster.status();
  CHECK(state_of_worker(s, steady.pid()) == "idle");
  CHECK(state_of_worker(s, frozen.pid()) == "gone");
  const auto went_silent = [&](pid_t pid) {
    for (const std::string& line : lines(cluster.broker().stderr_so_far()))
      if (line.find("pid " + std::to_string(pid) + " ") != std::string::npos &&
          line.find("went silent") != std::string::npos)
        return true;
    return false;
  };
  CHECK(went_silent(frozen.pid()));
  CHECK_FALSE(went_silent(steady.pid()));
  // a customer whose job runs for seconds (the worker delays each reply) is not taken for gone
  const RunResult r =
      run(cluster.customer({"--matrix", matrix("gr_30_30.mtx"), "--tol", "1e-14", "--max-iter",
                            "100000", "--nodes", "1", "--quiet", "--output", "-"}),
          120);
  CHECK(r.exit_code == 0);
  CHECK(r.out == undisturbed_gr_30_30_x());
  CHECK_THAT(cluster.broker().stderr_so_far(), !Catch::Contains("its customer went silent"));
  CHECK_FALSE(went_silent(steady.pid()));
}

TEST_CASE(
    "a job's worker lost while it receives its block or at the final collect is replaced "
    "(or its rows spread) and the job gives the undisturbed x, count and history",
    "[integration][broker][fault][phases]") {
  // thin workers (no shared memory, whole blocks every 10 iterations) are collected at the end
  const std::vector<std::string> thin = {"--no-shared-memory", "--collect-every", "10"};
  TempDir dir;
  const auto solve = [&](const std::string& name, const std::vector<std::string>& extra) {
    std::vector<std::string> argv = {
        "--matrix", matrix("gr_30_30.mtx"),           "--quiet", "--output", "-",
        "--report", dir.path() + "/" + name + ".json"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return argv;
  };
  std::vector<std::string> one_shot = {binary("coordinator")};
  for (const std::string& a : solve("one-shot", thin))
    one_shot.push_back(a);
  const RunResult undisturbed = run(one_shot);
  REQUIRE(undisturbed.exit_code == 0);
  const json quiet = json::parse(read_text(dir.path() + "/one-shot.json"));

  struct Case {
    const char* death;
    bool spare;  ///< an idle worker to take the lost one's part
  };
  for (const Case c :
       {Case{"setup", true}, Case{"setup", false}, Case{"collect", true}, Case{"collect", false}}) {
    CAPTURE(c.death, c.spare);
    StandingCluster cluster;
    // the broker grants idle workers in the order they joined: the doomed one first
    const pid_t doomed = cluster.add_worker({"--test-die-on", c.death}).pid();
    REQUIRE(cluster.wait_for([](const json& s) { return s["workers"].size() == 1; }, 20));
    cluster.add_worker();
    if (c.spare) cluster.add_worker();
    const std::size_t pool = c.spare ? 3 : 2;
    REQUIRE(cluster.wait_for([&](const json& s) { return s["workers"].size() == pool; }, 20));
    std::vector<std::string> args = solve("customer", thin);
    args.insert(args.end(), {"--nodes", "2"});
    const RunResult r = run(cluster.customer(args), 120);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out == undisturbed.out);
    const json report = json::parse(read_text(dir.path() + "/customer.json"));
    CHECK(report["iterations"] == quiet["iterations"]);
    CHECK(report["residual_history"] == quiet["residual_history"]);
    const auto lost = events_of(report, "worker_lost");
    REQUIRE(lost.size() == 1);
    CHECK_THAT(lost[0]["detail"].get<std::string>(),
               Catch::Contains("(pid " + std::to_string(doomed)));
    if (std::string(c.death) == "setup") {
      CHECK(lost[0]["method"] == "shipping");
      CHECK_THAT(r.err, Catch::Contains("while the blocks were shipped"));
      // the job started on the placement the loss left (a later one the report does not follow)
      CHECK(report["nodes"].size() == (c.spare ? 2U : 1U));
    }
    // nothing leaked: the job is over and the workers left are idle
    CHECK(cluster.wait_for(
        [&](const json& s) {
          return s["jobs"].empty() && count_workers(s, "idle") == static_cast<int>(pool) - 1;
        },
        20));
  }
}

TEST_CASE(
    "a worker busy with one message for thirty of the broker's beats is not taken for gone: "
    "its connection's heartbeats go on while it works",
    "[integration][broker][fault]") {
  // gone after 0.5 s of silence, were silence what counted for a busy worker
  StandingCluster cluster({"--heartbeat-ms", "100"});
  Process& slow = cluster.add_worker({"--test-reply-delay-ms", "3000"});
  REQUIRE(cluster.wait_for([](const json& s) { return count_workers(s, "idle") == 1; }, 20));
  const RunResult r = run(cluster.customer({"--double", "1,2,3", "--nodes", "1"}), 60);
  CHECK(r.exit_code == 0);
  CHECK(r.out == "2,4,6\n");
  CHECK_THAT(cluster.broker().stderr_so_far(),
             !Catch::Contains("went silent") && !Catch::Contains("disconnected"));
  CHECK(state_of_worker(cluster.status(), slow.pid()) == "idle");
}
