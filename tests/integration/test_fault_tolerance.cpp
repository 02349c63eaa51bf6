// A one-shot solve that loses nodes on the way: killed (SIGKILL), frozen (SIGSTOP), several,
// with or without replacements, over ipc and tcp, with nodes that share memory and thin ones.
// Each run is compared with an undisturbed one: the same x, iteration count and residual
// history, bit for bit. The signals are real and go to the node processes at known iterations
// (the coordinator's hidden --test-signal PART:SIGNAL@ITERATION), so that a third of the solve
// is a third whatever the machine's speed.
#include <signal.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "process_runner.hpp"
#include "solve_helpers.hpp"

using namespace slae::test;
using nlohmann::json;

namespace {

// The shifted 2D Poisson matrix on a 500 x 500 grid (250,000 rows, diagonal 4.3): Jacobi's
// factor is about 0.93, 317 iterations to 1e-10. Generated once for the whole test binary.
const std::string& big_matrix() {
  static TempDir dir;
  static const std::string path = [] {
    const std::string p = dir.path() + "/poisson500_shifted.mtx";
    const RunResult r = run({binary("slae-generate"), "poisson2d", "--grid", "500", "--diagonal",
                             "4.3", "--output", p});
    if (r.exit_code != 0) throw std::runtime_error("slae-generate failed: " + r.err);
    return p;
  }();
  return path;
}

std::vector<std::string> solve(const std::vector<std::string>& extra) {
  std::vector<std::string> argv = {
      binary("coordinator"), "--matrix", big_matrix(), "--quiet", "--output", "-"};
  const auto given = [&](const char* flag) {
    return std::find(extra.begin(), extra.end(), flag) != extra.end();
  };
  if (!given("--nodes")) argv.insert(argv.end(), {"--nodes", "8"});
  if (!given("--tol")) argv.insert(argv.end(), {"--tol", "1e-10"});
  argv.insert(argv.end(), extra.begin(), extra.end());
  return argv;
}

struct Outcome {
  RunResult run;
  json report;
};

Outcome solve_with_report(std::vector<std::string> extra) {
  TempDir dir;
  extra.insert(extra.end(), {"--report", dir.path() + "/r.json", "--verbose"});
  Outcome o{run(solve(extra), 300), {}};
  if (std::filesystem::exists(dir.path() + "/r.json"))
    o.report = json::parse(read_text(dir.path() + "/r.json"));
  return o;
}

const Outcome& undisturbed() {
  static const Outcome u = [] {
    Outcome o = solve_with_report({});
    if (o.run.exit_code != 0)
      throw std::runtime_error("the undisturbed solve failed: " + o.run.err);
    return o;
  }();
  return u;
}

void check_same_answer(const Outcome& o) {
  REQUIRE(o.run.exit_code == 0);
  CHECK(o.run.out == undisturbed().run.out);
  CHECK(o.report["iterations"] == undisturbed().report["iterations"]);
  CHECK(o.report["residual_history"] == undisturbed().report["residual_history"]);
}

// No node process of the run, replacements included, is left.
void check_no_node_left(const Outcome& o, std::size_t nodes = 8) {
  const std::vector<pid_t> pids = node_pids(o.run.err);
  CHECK(pids.size() >= nodes);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  while (std::any_of(pids.begin(), pids.end(), process_running) &&
         std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  CHECK_FALSE(std::any_of(pids.begin(), pids.end(), process_running));
}

}  // namespace

TEST_CASE(
    "a node SIGKILLed a third of the way through is replaced, and the solve ends with the "
    "undisturbed x, iteration count and history, bit for bit",
    "[integration][fault]") {
  REQUIRE(undisturbed().report["iterations"] == 317);
  const Outcome o = solve_with_report({"--test-signal", "3:KILL@100"});
  check_same_answer(o);
  CHECK_THAT(o.run.err, Catch::Contains("node 3 goes on on a new process"));
  const auto lost = events_of(o.report, "worker_lost");
  REQUIRE(lost.size() == 1);
  CHECK(lost[0]["detected_by"] == "process ended");
  CHECK(lost[0]["iteration"].get<int>() >= 100);
  CHECK_THAT(lost[0]["detail"].get<std::string>(), Catch::Contains("killed by signal 9"));
  const auto placed = events_of(o.report, "re-placed");
  REQUIRE(placed.size() == 1);
  CHECK(placed[0]["parts_lost"] == 1);
  CHECK(o.report["nodes"].size() == 8);
  REQUIRE(events_of(o.report, "redone").size() == 1);
  check_no_node_left(o);
}

TEST_CASE(
    "a node frozen with SIGSTOP is declared lost by its silence and replaced, with the "
    "undisturbed answer",
    "[integration][fault]") {
  const Outcome o = solve_with_report({"--test-signal", "5:STOP@100"});
  check_same_answer(o);
  const auto lost = events_of(o.report, "worker_lost");
  REQUIRE(lost.size() == 1);
  CHECK(lost[0]["detected_by"] == "heartbeat");
  CHECK_THAT(lost[0]["detail"].get<std::string>(), Catch::Contains("went silent"));
  check_no_node_left(o);  // the frozen process was killed when it was replaced
}

TEST_CASE(
    "with --heartbeat-ms 100 a frozen node is declared lost after five beats of 100 ms, not "
    "2.5 s, with the undisturbed answer",
    "[integration][fault]") {
  const Outcome o = solve_with_report({"--heartbeat-ms", "100", "--test-signal", "5:STOP@100"});
  check_same_answer(o);
  const auto lost = events_of(o.report, "worker_lost");
  REQUIRE(lost.size() == 1);
  CHECK(lost[0]["detected_by"] == "heartbeat");
  // "went silent: no heartbeat for 0.5 s": the broker's silence limit is 5 x 100 ms (the
  // healthy nodes, which beat at the broker's interval, are not lost)
  const std::string detail = lost[0]["detail"];
  const auto at = detail.find("no heartbeat for ");
  REQUIRE(at != std::string::npos);
  const double silent = std::stod(detail.substr(at + 17));
  CHECK(silent >= 0.5);
  CHECK(silent < 2.5);
  check_no_node_left(o);
}

TEST_CASE(
    "with --no-replace the rows of lost nodes are spread over the nodes left, with the "
    "undisturbed answer",
    "[integration][fault]") {
  const Outcome o = solve_with_report(
      {"--no-replace", "--test-signal", "1:KILL@100", "--test-signal", "4:KILL@200"});
  check_same_answer(o);
  CHECK(o.run.err.find("goes on on a new process") == std::string::npos);
  CHECK(events_of(o.report, "re-placed").size() == 2);
  REQUIRE(o.report["nodes"].size() == 6);
  // the six blocks cover every row, in order
  std::int64_t next = 0;
  for (const json& node : o.report["nodes"]) {
    CHECK(node["row_begin"] == next);
    next = node["row_end"].get<std::int64_t>();
  }
  CHECK(next == 250000);
}

TEST_CASE(
    "thin nodes (blocks every 25 iterations) over tcp: a lost one costs the iterations "
    "since the last whole iterate, redone to the same bits",
    "[integration][fault]") {
  const Outcome o = solve_with_report({"--nodes", "4", "--no-shared-memory", "--collect-every",
                                       "25", "--transport", "tcp", "--test-signal", "1:KILL@110"});
  check_same_answer(o);
  const auto redone = events_of(o.report, "redone");
  REQUIRE(redone.size() == 1);
  // x_100 was the last whole iterate when node 1 was lost at 110 or a little after
  CHECK(redone[0]["iteration"] == 100);
  CHECK(redone[0]["iterations_redone"].get<int>() >= 10);
}

TEST_CASE(
    "every node lost with --no-replace: exit 5 with a message and the last iterate in the "
    "checkpoint, from which --resume finishes with the undisturbed x",
    "[integration][fault][checkpoint]") {
  TempDir dir;
  const std::string checkpoint = dir.path() + "/run.ckpt";
  // part numbers shrink with the nodes: part 0 is a different node each time
  const RunResult r = run(solve({"--nodes", "3", "--no-replace", "--checkpoint", checkpoint,
                                 "--checkpoint-every", "1000", "--test-signal", "0:KILL@60",
                                 "--test-signal", "0:KILL@120", "--test-signal", "0:KILL@180"}));
  CHECK(r.exit_code == 5);
  CHECK_THAT(r.err, Catch::Contains("no worker is left"));
  CHECK_THAT(lines(r.err).back(), Catch::Contains("killed by signal 9"));
  REQUIRE(std::filesystem::exists(checkpoint));
  const RunResult resumed =
      run(solve({"--resume", checkpoint, "--report", dir.path() + "/resumed.json"}));
  REQUIRE(resumed.exit_code == 0);
  CHECK_THAT(resumed.err, Catch::Contains("resuming from"));
  CHECK(resumed.out == undisturbed().run.out);
  const json report = json::parse(read_text(dir.path() + "/resumed.json"));
  CHECK(report["iterations"] == undisturbed().report["iterations"]);
  CHECK(report["residual_history"] == undisturbed().report["residual_history"]);
}

TEST_CASE(
    "CG: a node killed and then another frozen (rows spread with --no-replace) cost the "
    "iterations since the last collected state, and x, the iteration count and the history "
    "are the undisturbed run's, bit for bit",
    "[integration][fault][cg]") {
  // 71 CG iterations to 1e-12; the state is collected every 20
  const std::vector<std::string> cg = {"--method", "cg", "--tol", "1e-12", "--cg-checkpoint-every",
                                       "20"};
  const auto with = [&](std::vector<std::string> more) {
    more.insert(more.begin(), cg.begin(), cg.end());
    return more;
  };
  const Outcome quiet = solve_with_report(with({}));
  REQUIRE(quiet.run.exit_code == 0);
  REQUIRE(quiet.report["iterations"] == 71);
  const auto same = [&](const Outcome& o) {
    REQUIRE(o.run.exit_code == 0);
    CHECK(o.run.out == quiet.run.out);
    CHECK(o.report["iterations"] == quiet.report["iterations"]);
    CHECK(o.report["residual_history"] == quiet.report["residual_history"]);
  };
  SECTION("killed, replaced") {
    const Outcome o = solve_with_report(with({"--test-signal", "3:KILL@25"}));
    same(o);
    const auto redone = events_of(o.report, "redone");
    REQUIRE(redone.size() == 1);
    CHECK(redone[0]["iteration"] == 20);  // the state of iteration 20 was the newest
    CHECK(redone[0]["iterations_redone"].get<int>() > 0);
    check_no_node_left(o);
  }
  SECTION("killed, then frozen, with --no-replace") {
    const Outcome o = solve_with_report(
        with({"--no-replace", "--test-signal", "3:KILL@25", "--test-signal", "0:STOP@45"}));
    same(o);
    const auto lost = events_of(o.report, "worker_lost");
    REQUIRE(lost.size() == 2);
    CHECK(lost[1]["detected_by"] == "heartbeat");
    CHECK(o.report["nodes"].size() == 6);
  }
  SECTION(
      "every node lost with --no-replace: exit 5 and CG's state on disk, from which "
      "--resume finishes with the undisturbed x") {
    TempDir dir;
    const std::string checkpoint = dir.path() + "/cg.ckpt";
    const RunResult r =
        run(solve(with({"--nodes", "3", "--no-replace", "--checkpoint", checkpoint,
                        "--checkpoint-every", "15", "--test-signal", "0:KILL@20", "--test-signal",
                        "0:KILL@35", "--test-signal", "0:KILL@50"})),
            300);
    CHECK(r.exit_code == 5);
    CHECK_THAT(r.err, Catch::Contains("no worker is left"));
    REQUIRE(std::filesystem::exists(checkpoint));
    const Outcome resumed = solve_with_report(with({"--resume", checkpoint}));
    CHECK_THAT(resumed.run.err, Catch::Contains("resuming from"));
    same(resumed);
  }
  SECTION("without collected state a lost node ends the solve") {
    const RunResult r = run(solve({"--method", "cg", "--tol", "1e-12", "--cg-checkpoint-every", "0",
                                   "--test-signal", "3:KILL@25"}));
    CHECK(r.exit_code == 5);
    CHECK_THAT(r.err, Catch::Contains("killed by signal 9"));
  }
}

namespace {

// gr_30_30 on 4 nodes (a second or less a run), its x, iteration count and history.
Outcome small_solve(std::vector<std::string> extra) {
  TempDir dir;
  std::vector<std::string> argv = {binary("coordinator"),
                                   "--matrix",
                                   matrix("gr_30_30.mtx"),
                                   "--nodes",
                                   "4",
                                   "--quiet",
                                   "--output",
                                   "-",
                                   "--report",
                                   dir.path() + "/r.json",
                                   "--verbose"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  Outcome o{run(argv, 120), {}};
  if (std::filesystem::exists(dir.path() + "/r.json"))
    o.report = json::parse(read_text(dir.path() + "/r.json"));
  return o;
}

}  // namespace

TEST_CASE(
    "a node lost while it starts, just after it said ready, while it receives its block or at "
    "the final collect is replaced (or its rows spread with --no-replace), and the run ends "
    "with the undisturbed x, iteration count and history, for every method",
    "[integration][fault][phases]") {
  struct Setting {
    std::vector<std::string> flags;
    std::vector<std::string> deaths;  ///< PART:WHEN for --test-node-dies, one run each
  };
  // Each phase with every method, replaced and spread, is tested on the in-process cluster
  // (tests/coordinator/cluster/test_solve_job.cpp: a worker lost as it receives its block...).
  // Here, what only the real programs have: a node process lost before it joined (started
  // again), on ipc and on tcp, --no-replace from the command line, and no process left over.
  const std::vector<Setting> settings = {
      {{}, {"2:start-up", "1:ready", "3:setup"}},
      {{"--no-replace"}, {"2:start-up", "3:setup"}},
      {{"--method", "cg"}, {"1:collect"}},
      {{"--transport", "tcp"}, {"2:start-up", "1:setup"}},
  };
  for (const Setting& s : settings) {
    const Outcome quiet = small_solve(s.flags);
    REQUIRE(quiet.run.exit_code == 0);
    for (const std::string& death : s.deaths) {
      std::vector<std::string> flags = s.flags;
      flags.insert(flags.end(), {"--test-node-dies", death});
      CAPTURE(flags);
      const Outcome o = small_solve(flags);
      CHECK(o.run.exit_code == 0);
      CHECK(o.run.out == quiet.run.out);
      CHECK(o.report["iterations"] == quiet.report["iterations"]);
      CHECK(o.report["residual_history"] == quiet.report["residual_history"]);
      CHECK_THAT(o.run.err, Catch::Contains("killed by signal 9"));
      const bool replaced = std::find(flags.begin(), flags.end(), "--no-replace") == flags.end();
      const std::size_t nodes = o.report["nodes"].size();
      if (death.ends_with(":start-up")) {
        // it never held rows: started again whatever --no-replace says, the run has all 4
        CHECK_THAT(o.run.err, Catch::Contains("before it joined; node 2 starts again"));
        CHECK(nodes == 4);
        CHECK(events_of(o.report, "worker_lost").empty());
      } else {
        const auto lost = events_of(o.report, "worker_lost");
        REQUIRE(lost.size() == 1);
        if (death.ends_with(":setup") || death.ends_with(":ready"))
          CHECK(lost[0]["method"] == "shipping");
        CHECK(nodes == (replaced ? 4U : 3U));
      }
      check_no_node_left(o, 4);
    }
  }
}
