// A standing broker lost mid-job (SIGKILL: no goodbye): the customer hears silence. It has the
// checkpoints the broker sent it (--checkpoint, --checkpoint-every); with --retry it connects
// again and resubmits from the newest one when a broker is back on the address, and gets the
// answer of a run that never stopped, bit for bit; without, it exits 5 saying so, and its
// checkpoint file finishes the solve later, through a broker or the one-shot coordinator.
#include <signal.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <thread>
#include <utility>

#include "process_runner.hpp"
#include "standing_cluster.hpp"

using namespace slae::test;
using nlohmann::json;

namespace {

// A broker on a fixed ipc address, killed and started again on it; two slow workers (each reply
// delayed) that outlive it and rejoin the next one.
struct BrokerThatDies {
  TempDir dir;
  std::string endpoint = "ipc://" + dir.path() + "/broker";
  std::unique_ptr<Process> broker;
  std::vector<std::unique_ptr<Process>> workers;

  explicit BrokerThatDies(const std::string& reply_delay_ms) {
    start_broker();
    for (int i = 0; i < 2; ++i) {
      workers.push_back(std::make_unique<Process>(std::vector<std::string>{
          binary("slae-node"), "--connect", endpoint, "--test-reply-delay-ms", reply_delay_ms}));
    }
    for (const auto& w : workers)
      REQUIRE_FALSE(
          broker->wait_for_stderr_line("joined: pid " + std::to_string(w->pid()), 20).empty());
  }
  void start_broker() {
    broker = std::make_unique<Process>(
        std::vector<std::string>{binary("coordinator"), "--serve", endpoint});
    REQUIRE_FALSE(broker->wait_for_stderr_line("broker ready", 20).empty());
  }
  void kill_broker() {
    broker->signal(SIGKILL);
    broker->wait(10);
  }
  std::vector<std::string> customer(const std::vector<std::string>& args) const {
    std::vector<std::string> argv = {binary("customer"), "--broker", endpoint,
                                     "--quiet",          "--output", "-"};
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
  }
};

json read_json(const std::string& path) {
  return json::parse(read_text(path));
}

// The one-shot run of `solve` on 2 nodes, its x on stdout, and its report.
std::pair<RunResult, json> quiet_run(const std::vector<std::string>& solve,
                                     const std::string& report) {
  std::vector<std::string> argv = {
      binary("coordinator"), "--nodes", "2", "--quiet", "--output", "-", "--report", report};
  argv.insert(argv.end(), solve.begin(), solve.end());
  RunResult r = run(argv);
  json parsed = r.exit_code == 0 || r.exit_code == 3 ? read_json(report) : json();
  return {std::move(r), std::move(parsed)};
}

}  // namespace

TEST_CASE(
    "a customer with --retry whose broker is killed mid-job resubmits from the newest "
    "checkpoint to the broker that takes its place, and gets the undisturbed x, iteration "
    "count and history",
    "[integration][broker][fault]") {
  // gr_30_30 to 1e-14: 3782 Jacobi iterations, a few seconds with each reply delayed 1 ms; SOR's
  // state is its x_m alone, as Jacobi's is
  const bool sor = GENERATE(false, true);
  CAPTURE(sor);
  std::vector<std::string> solve = {"--matrix", matrix("gr_30_30.mtx"), "--tol",
                                    "1e-14",    "--max-iter",           "100000"};
  if (sor) solve.insert(solve.end(), {"--method", "sor", "--omega", "1.5"});
  TempDir out;
  const auto [quiet, expected] = quiet_run(solve, out.path() + "/quiet.json");
  REQUIRE(quiet.exit_code == 0);

  BrokerThatDies lab("1");
  const std::string checkpoint = out.path() + "/job.ckpt";
  std::vector<std::string> args = solve;
  args.insert(args.end(),
              {"--nodes", "2", "--checkpoint", checkpoint, "--checkpoint-every", "200", "--retry",
               "2", "--connect-timeout", "2", "--report", out.path() + "/r.json"});
  Process customer(lab.customer(args));
  REQUIRE(wait_for_file(checkpoint, 60));  // iteration 200 is in: the job is under way
  lab.kill_broker();
  lab.start_broker();
  const RunResult r = customer.wait(180);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.err, Catch::Contains("no answer from the broker") &&
                        Catch::Contains("resubmitting from iteration") &&
                        Catch::Contains("(retry 1 of 2)"));
  CHECK(r.out == quiet.out);
  const json report = read_json(out.path() + "/r.json");
  CHECK(report["iterations"] == expected["iterations"]);
  CHECK(report["residual_history"] == expected["residual_history"]);
  const auto& events = report["events"];
  CHECK(std::any_of(events.begin(), events.end(),
                    [](const json& e) { return e["event"] == "resubmitted" && e["retry"] == 1; }));
  // the workers outlived the first broker and served the second
  for (const auto& w : lab.workers)
    CHECK(process_running(w->pid()));
}

TEST_CASE(
    "a CG customer without --retry whose broker is killed exits 5 saying so, and its checkpoint "
    "file finishes the solve through the next broker, or the one-shot coordinator, with the "
    "undisturbed x",
    "[integration][broker][fault][cg]") {
  // nos1 to 1e-15: CG restarts four times and stops, stagnated, at 633 iterations (exit 3); its
  // state crosses the wire twice (job_checkpoint, then job_data) and must keep every bit
  const std::vector<std::string> solve = {"--matrix", matrix("nos1.mtx"), "--method", "cg", "--tol",
                                          "1e-15"};
  TempDir out;
  const auto [quiet, expected] = quiet_run(solve, out.path() + "/quiet.json");
  REQUIRE(quiet.exit_code == 3);

  BrokerThatDies lab("2");
  const std::string checkpoint = out.path() + "/cg.ckpt";
  std::vector<std::string> args = solve;
  args.insert(args.end(), {"--nodes", "2", "--checkpoint", checkpoint, "--checkpoint-every", "50",
                           "--connect-timeout", "2"});
  Process customer(lab.customer(args));
  REQUIRE(wait_for_file(checkpoint, 60));
  lab.kill_broker();
  const RunResult lost = customer.wait(60);
  CHECK(lost.exit_code == 5);
  CHECK_THAT(lines(lost.err).back(),
             Catch::Contains("no answer from the broker at " + lab.endpoint));

  lab.start_broker();
  args = solve;
  args.insert(args.end(),
              {"--nodes", "2", "--resume", checkpoint, "--report", out.path() + "/resumed.json"});
  const RunResult resumed = run(lab.customer(args), 120);
  CHECK(resumed.exit_code == 3);
  CHECK_THAT(resumed.err, Catch::Contains("resuming from") && Catch::Contains("CG at iteration"));
  CHECK(resumed.out == quiet.out);
  const json report = read_json(out.path() + "/resumed.json");
  CHECK(report["iterations"] == expected["iterations"]);
  CHECK(report["restarts"] == expected["restarts"]);
  CHECK(report["residual_history"] == expected["residual_history"]);
  // the file is the one-shot coordinator's format: it finishes the solve as well
  std::vector<std::string> one_shot = {
      binary("coordinator"), "--nodes", "3", "--quiet", "--output", "-", "--resume", checkpoint};
  one_shot.insert(one_shot.end(), solve.begin(), solve.end());
  const RunResult alone = run(one_shot, 120);
  CHECK(alone.exit_code == 3);
  CHECK(alone.out == quiet.out);
}

TEST_CASE("a customer's checkpoint and retry flags that do not fit are refused with one line",
          "[integration][broker]") {
  const auto refused = [](const std::vector<std::string>& args, const std::string& says) {
    std::vector<std::string> argv = {binary("customer"), "--broker", "ipc:///nonexistent/b"};
    argv.insert(argv.end(), args.begin(), args.end());
    const RunResult r = run(argv, 30);
    CAPTURE(args, r.err);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains(says));
  };
  refused({"--double", "1,2", "--retry", "1"}, "--retry goes with --matrix");
  refused({"--matrix", matrix("nos1.mtx"), "--method", "jacobi,cg", "--retry", "1"},
          "need one --method and at most one --omega");
  refused({"--matrix", matrix("nos1.mtx"), "--checkpoint-every", "5"},
          "--checkpoint-every goes with --checkpoint FILE");
  refused({"--matrix", matrix("nos1.mtx"), "--resume", matrix("nos6.mtx")}, "not a checkpoint");
}
