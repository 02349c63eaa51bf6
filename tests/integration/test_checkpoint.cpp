// Checkpoint and resume of a one-shot solve, Jacobi, CG, Gauss-Seidel or SOR: stopped by SIGTERM
// (or with every node lost: test_fault_tolerance.cpp), a solve leaves its state on disk, and
// --resume finishes it with the x, the iteration count and the residual history of a run that never
// stopped, bit for bit. Files that do not fit are refused with one line, exit 2.
#include <signal.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "process_runner.hpp"

using namespace slae::test;
using nlohmann::json;

namespace {

// gr_30_30 to 1e-14: 3782 Jacobi iterations, a second or two.
std::vector<std::string> checkpoint_solve(const std::vector<std::string>& extra) {
  std::vector<std::string> argv = {binary("coordinator"),
                                   "--matrix",
                                   matrix("gr_30_30.mtx"),
                                   "--tol",
                                   "1e-14",
                                   "--max-iter",
                                   "100000",
                                   "--quiet",
                                   "--nodes",
                                   "3"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  return argv;
}

struct UndisturbedSolve {
  std::string x;
  json report;
};

const UndisturbedSolve& undisturbed_solve() {
  static const UndisturbedSolve u = [] {
    TempDir dir;
    const RunResult r =
        run(checkpoint_solve({"--output", "-", "--report", dir.path() + "/r.json"}));
    if (r.exit_code != 0) throw std::runtime_error("the undisturbed solve failed: " + r.err);
    return UndisturbedSolve{r.out, json::parse(read_text(dir.path() + "/r.json"))};
  }();
  return u;
}

// Resumes from the checkpoint and checks the answer against the undisturbed run's.
void check_resumed(const TempDir& dir, const std::string& checkpoint) {
  const RunResult r = run(checkpoint_solve(
      {"--resume", checkpoint, "--output", "-", "--report", dir.path() + "/res.json"}));
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.err, Catch::Contains("resuming from"));
  CHECK(r.out == undisturbed_solve().x);
  const json report = json::parse(read_text(dir.path() + "/res.json"));
  CHECK(report["iterations"] == undisturbed_solve().report["iterations"]);
  CHECK(report["residual_history"] == undisturbed_solve().report["residual_history"]);
}

}  // namespace

TEST_CASE(
    "SIGTERM mid-solve writes a checkpoint, and --resume finishes with the undisturbed x and "
    "iteration count",
    "[integration][checkpoint]") {
  TempDir dir;
  const std::string checkpoint = dir.path() + "/run.ckpt";
  Process stopped(checkpoint_solve({"--checkpoint", checkpoint, "--checkpoint-every", "100"}));
  REQUIRE(wait_for_file(checkpoint, 60));  // iteration 100 is saved: the solve is under way
  stopped.signal(SIGTERM);
  const RunResult r = stopped.wait(30);
  CHECK(r.exit_code == 143);
  CHECK_THAT(r.err, Catch::Contains("stopped at iteration"));
  check_resumed(dir, checkpoint);
}

TEST_CASE(
    "CG: SIGTERM mid-solve writes CG's state, and --resume finishes with the undisturbed x, "
    "iteration count, restarts and history",
    "[integration][checkpoint][cg]") {
  // nos1 to 1e-15: CG restarts from its true residual four times after iteration 550 or so and
  // then stops, stagnated, at 633: going on from iteration 600 must carry x, r, p and what the
  // restarts counted (solver/cg_solver.hpp, CgScalars), or it ends elsewhere
  const auto cg = [](std::vector<std::string> extra) {
    std::vector<std::string> argv = {binary("coordinator"),
                                     "--matrix",
                                     matrix("nos1.mtx"),
                                     "--method",
                                     "cg",
                                     "--tol",
                                     "1e-15",
                                     "--quiet",
                                     "--nodes",
                                     "3",
                                     "--output",
                                     "-"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return argv;
  };
  TempDir dir;
  const RunResult quiet = run(cg({"--report", dir.path() + "/quiet.json"}));
  REQUIRE(quiet.exit_code == 3);  // stagnated above the tolerance
  const json expected = json::parse(read_text(dir.path() + "/quiet.json"));
  REQUIRE(expected["restarts"].get<int>() >= 2);
  REQUIRE(expected["iterations"].get<int>() > 600);
  const std::string checkpoint = dir.path() + "/cg.ckpt";
  const RunResult stopped = run(cg(
      {"--checkpoint", checkpoint, "--checkpoint-every", "1", "--test-signal", "self:TERM@600"}));
  CHECK(stopped.exit_code == 143);
  CHECK_THAT(stopped.err, Catch::Contains("stopped at iteration"));
  REQUIRE(std::filesystem::exists(checkpoint));
  const RunResult resumed =
      run(cg({"--resume", checkpoint, "--report", dir.path() + "/resumed.json"}));
  CHECK(resumed.exit_code == 3);
  CHECK_THAT(resumed.err, Catch::Contains("resuming from") && Catch::Contains("CG at iteration"));
  CHECK(resumed.out == quiet.out);
  const json report = json::parse(read_text(dir.path() + "/resumed.json"));
  CHECK(report["iterations"] == expected["iterations"]);
  CHECK(report["restarts"] == expected["restarts"]);
  CHECK(report["outcome"] == expected["outcome"]);
  CHECK(report["residual_history"] == expected["residual_history"]);
  // a CG checkpoint is not a Jacobi one
  const RunResult jacobi = run(checkpoint_solve({"--resume", checkpoint}), 60);
  CHECK(jacobi.exit_code == 2);
  CHECK_THAT(jacobi.err, Catch::Contains("a checkpoint of another system"));
  const RunResult other_method = run(
      {binary("coordinator"), "--matrix", matrix("nos1.mtx"), "--resume", checkpoint, "--quiet"},
      60);
  CHECK(other_method.exit_code == 2);
  CHECK_THAT(other_method.err,
             Catch::Contains("a checkpoint of a CG solve, not of --method jacobi"));
}

TEST_CASE(
    "gauss-seidel and sor: SIGTERM mid-solve writes x_m and --resume finishes with the "
    "undisturbed x and count and history",
    "[integration][checkpoint][gauss-seidel]") {
  const auto [method, omega, other] = GENERATE(table<std::string, std::string, std::string>(
      {{"gauss-seidel", "1", "SOR"}, {"sor", "1.5", "Gauss-Seidel"}}));
  CAPTURE(method);
  const auto sor = [&, method = method, omega = omega](std::vector<std::string> extra) {
    std::vector<std::string> argv = checkpoint_solve({"--method", method, "--output", "-"});
    if (method == "sor") argv.insert(argv.end(), {"--omega", omega});
    argv.insert(argv.end(), extra.begin(), extra.end());
    return argv;
  };
  TempDir dir;
  const RunResult quiet = run(sor({"--report", dir.path() + "/quiet.json"}));
  REQUIRE(quiet.exit_code == 0);
  const json expected = json::parse(read_text(dir.path() + "/quiet.json"));
  REQUIRE(expected["iterations"].get<int>() > 300);
  const std::string checkpoint = dir.path() + "/sor.ckpt";
  const RunResult stopped = run(sor(
      {"--checkpoint", checkpoint, "--checkpoint-every", "40", "--test-signal", "self:TERM@150"}));
  CHECK(stopped.exit_code == 143);
  CHECK_THAT(stopped.err, Catch::Contains("stopped at iteration"));
  REQUIRE(std::filesystem::exists(checkpoint));
  const RunResult resumed =
      run(sor({"--resume", checkpoint, "--report", dir.path() + "/resumed.json"}));
  CHECK(resumed.exit_code == 0);
  // it goes on from the iterate it stopped at, not from the last periodic save (120)
  CHECK_THAT(resumed.err, Catch::Contains("resuming from") && Catch::Contains("at iteration 15"));
  CHECK(resumed.out == quiet.out);
  const json report = json::parse(read_text(dir.path() + "/resumed.json"));
  CHECK(report["iterations"] == expected["iterations"]);
  CHECK(report["residual_history"] == expected["residual_history"]);
  // the checkpoint is of its method and weight only
  const std::vector<std::string> as_other =
      other == "SOR" ? std::vector<std::string>{"--method", "sor", "--omega", "1.5"}
                     : std::vector<std::string>{"--method", "gauss-seidel"};
  std::vector<std::string> argv = checkpoint_solve({"--resume", checkpoint});
  argv.insert(argv.end(), as_other.begin(), as_other.end());
  const RunResult wrong_method = run(argv, 60);
  CHECK(wrong_method.exit_code == 2);
  CHECK_THAT(wrong_method.err, Catch::Contains("a checkpoint of a") &&
                                   Catch::Contains("not of --method " + as_other[1]));
  if (method == "sor") {
    const RunResult wrong_weight =
        run(checkpoint_solve({"--method", "sor", "--omega", "1.6", "--resume", checkpoint}), 60);
    CHECK(wrong_weight.exit_code == 2);
    CHECK_THAT(wrong_weight.err, Catch::Contains("made with --omega 1.5, not 1.6"));
  }
}

TEST_CASE(
    "a checkpoint that does not fit is refused with one line, exit 2, before any node "
    "starts",
    "[integration][checkpoint]") {
  TempDir dir;
  const std::string checkpoint = dir.path() + "/run.ckpt";
  Process stopped(checkpoint_solve({"--checkpoint", checkpoint, "--checkpoint-every", "100"}));
  REQUIRE(wait_for_file(checkpoint, 60));
  stopped.signal(SIGTERM);
  stopped.wait(30);
  const std::string whole = read_text(checkpoint);
  const auto refused = [&](const std::vector<std::string>& argv, const std::string& says) {
    const RunResult r = run(argv, 60);
    CAPTURE(says, r.err);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains(says));
    CHECK(lines(r.err).back().find(says) != std::string::npos);
    CHECK(r.err.find("node 0") == std::string::npos);
  };
  SECTION("another matrix") {
    refused(
        {binary("coordinator"), "--matrix", matrix("nos6.mtx"), "--resume", checkpoint, "--quiet"},
        "a checkpoint of another system");
  }
  SECTION("another weight") {
    refused(checkpoint_solve({"--resume", checkpoint, "--omega", "0.9"}), "made with --omega 1");
  }
  SECTION("truncated") {
    std::ofstream(checkpoint, std::ios::binary) << whole.substr(0, whole.size() / 2);
    refused(checkpoint_solve({"--resume", checkpoint}), "truncated or damaged");
  }
  SECTION("not a checkpoint") {
    refused(checkpoint_solve({"--resume", matrix("nos6.mtx")}), "not a checkpoint");
  }
  SECTION("usage") {
    refused(checkpoint_solve({"--checkpoint", checkpoint, "--method", "jacobi,cg"}),
            "need one --method and at most one --omega");
    refused(checkpoint_solve({"--checkpoint", checkpoint, "--method", "sor", "--omega", "1.2,1.5"}),
            "need one --method and at most one --omega");
    refused(checkpoint_solve({"--checkpoint-every", "5"}),
            "--checkpoint-every goes with --checkpoint");
    refused({binary("coordinator"), "--double", "1,2", "--resume", checkpoint},
            "--resume goes with --matrix");
  }
}
