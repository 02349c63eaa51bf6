// Ctrl-C and SIGTERM at any stage: the run stops promptly with 130/143, keeps what it learnt
// (the partial history, report and chart, and where it stood), and leaves no node behind.
#include <signal.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "process_runner.hpp"

using namespace slae::test;

namespace {

// The 2D Poisson matrix on a 1000 x 1000 grid (85 MB of text), written once for all the tests
// here: large enough that reading and parsing it takes a good fraction of a second.
const std::string& poisson_1000() {
  static TempDir dir;
  static const std::string path = [] {
    const std::string p = dir.path() + "/poisson_1000.mtx";
    const RunResult r = run(
        {binary("slae-generate"), "poisson2d", "--grid", "1000", "--diagonal", "4", "--output", p},
        120);
    REQUIRE(r.exit_code == 0);
    return p;
  }();
  return path;
}

}  // namespace

TEST_CASE("Ctrl-C mid-solve writes the partial history, report and chart, and says where",
          "[integration][interrupt]") {
  const int sig = GENERATE(SIGINT, SIGTERM);
  CAPTURE(sig);
  TempDir dir;
  Process coordinator({binary("coordinator"), "--matrix", matrix("nos6.mtx"), "--nodes", "2",
                       "--max-iter", "100000000", "--quiet", "--verbose", "--history",
                       dir.path() + "/h.csv", "--report", dir.path() + "/r.json", "--plot",
                       dir.path() + "/c.svg", "--output", dir.path() + "/x.mtx"});
  REQUIRE_FALSE(coordinator.wait_for_stderr_line("all 2 nodes connected", 20).empty());
  std::this_thread::sleep_for(std::chrono::milliseconds(700));  // some iterations
  coordinator.signal(sig);
  const RunResult r = coordinator.wait(20);
  CHECK(r.exit_code == 128 + sig);
  CHECK_THAT(r.err, Catch::Contains("jacobi stopped at iteration ") &&
                        Catch::Contains(", relative residual "));
  const auto report = nlohmann::json::parse(read_text(dir.path() + "/r.json"));
  CHECK(report["outcome"] == "interrupted");
  const int iterations = report["iterations"];
  CHECK(iterations > 0);
  CHECK(report["residual_history"].size() == static_cast<std::size_t>(iterations + 1));
  const auto rows = lines(read_text(dir.path() + "/h.csv"));
  CHECK(rows.size() == static_cast<std::size_t>(iterations + 2));  // header + x_0 .. x_k
  CHECK_THAT(read_text(dir.path() + "/c.svg"),
             Catch::Contains("jacobi: interrupted, " + std::to_string(iterations) + " iterations"));
  CHECK(read_text(dir.path() + "/x.mtx").empty());  // no answer: no x
  for (const pid_t node : node_pids(r.err))
    CHECK_FALSE(process_running(node));
}

TEST_CASE("a signal while a large file is read stops the reading", "[integration][interrupt]") {
  const std::string& matrix_file = poisson_1000();
  Process coordinator({binary("coordinator"), "--matrix", matrix_file, "--quiet"});
  // wait until it is reading (its memory grows with the file; a fixed delay could land before
  // the program even set up its signal handling, under a sanitizer's slow start)
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (status_kb(coordinator.pid(), "VmRSS") < 40 * 1024 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  coordinator.signal(SIGINT);
  const RunResult r = coordinator.wait(20);
  CHECK(r.exit_code == 130);
  // it stopped inside the reading: the line that ends it never came
  CHECK_THAT(r.err, !Catch::Contains("non-zeros; parsed"));
  CHECK_THAT(r.err, Catch::Contains("interrupted"));
}

TEST_CASE(
    "on Poisson 1000^2 the diagnosis says before iterating that 10000 iterations will not "
    "do, and suggests CG",
    "[integration][interrupt][diagnose]") {
  const std::string& matrix_file = poisson_1000();
  Process coordinator({binary("coordinator"), "--matrix", matrix_file, "--nodes", "2", "--max-iter",
                       "10000", "--quiet", "--verbose"});
  const std::string verdict = coordinator.wait_for_stderr_line("diagnosis: Jacobi will", 120);
  CHECK_THAT(verdict, Catch::Contains("will not reach 1e-08 within --max-iter 10000") &&
                          Catch::Contains("--method cg"));
  coordinator.signal(SIGTERM);
  const RunResult r = coordinator.wait(30);
  CHECK(r.exit_code == 143);
  // said before iterating: before any node was even started
  const std::size_t said = r.err.find("diagnosis: Jacobi will not reach");
  REQUIRE(said != std::string::npos);
  CHECK(said < std::min(r.err.find("node 0 started"), r.err.size()));
}
