// What a customer keeps and says when its job stops short (it is interrupted, or someone
// cancels the job), and what it says while the job waits in the broker's queue: the same
// partial history, report and chart as the one-shot coordinator's, the same numbers as a run
// that stopped there, and an exit code for each way of stopping.
#include <signal.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "standing_cluster.hpp"

using namespace slae::test;
using nlohmann::json;

namespace {

// Jacobi on nos6 with tolerance 0: it runs until it is stopped.
std::vector<std::string> endless(const TempDir& dir, const std::string& prefix) {
  return {"--matrix",
          matrix("nos6.mtx"),
          "--tol",
          "0",
          "--max-iter",
          "100000000",
          "--nodes",
          "1",
          "--quiet",
          "--history",
          dir.path() + "/" + prefix + "h.csv",
          "--report",
          dir.path() + "/" + prefix + "r.json",
          "--plot",
          dir.path() + "/" + prefix + "c.svg",
          "--output",
          dir.path() + "/" + prefix + "x.mtx"};
}

// A history CSV without its seconds column (column 4), which no two runs share.
std::vector<std::string> without_seconds(const std::string& csv) {
  std::vector<std::string> kept;
  for (const std::string& line : lines(csv)) {
    std::string row;
    std::size_t start = 0;
    for (int column = 0;; ++column) {
      const std::size_t comma = line.find(',', start);
      if (column != 4) row += line.substr(start, comma - start) + ",";
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    kept.push_back(row);
  }
  return kept;
}

std::int64_t running_iteration(const json& status) {
  for (const auto& j : status["jobs"])
    if (j["state"] == "running" && j["iteration"].is_number()) return j["iteration"];
  return 0;
}

// What a customer stopped at iteration k wrote is what a one-shot run of k iterations writes
// (its history to the bit, but for the seconds), with the outcome "interrupted".
void check_partial_outputs(const TempDir& dir, const std::string& prefix) {
  const json report = json::parse(read_text(dir.path() + "/" + prefix + "r.json"));
  CHECK(report["outcome"] == "interrupted");
  const std::int64_t k = report["iterations"];
  REQUIRE(k > 0);
  CHECK(report["residual_history"].size() == static_cast<std::size_t>(k + 1));
  const std::string csv = read_text(dir.path() + "/" + prefix + "h.csv");
  CHECK(lines(csv).size() == static_cast<std::size_t>(k + 2));  // header, x_0 .. x_k
  CHECK_THAT(read_text(dir.path() + "/" + prefix + "c.svg"),
             Catch::Contains("jacobi: interrupted, " + std::to_string(k) + " iterations"));
  CHECK(read_text(dir.path() + "/" + prefix + "x.mtx").empty());  // no answer: no x

  const RunResult one_shot = run({binary("coordinator"), "--matrix", matrix("nos6.mtx"), "--tol",
                                  "0", "--max-iter", std::to_string(k), "--nodes", "1", "--quiet",
                                  "--history", dir.path() + "/one-shot.csv"});
  REQUIRE(one_shot.exit_code == 3);  // max iterations
  std::vector<std::string> expected = without_seconds(read_text(dir.path() + "/one-shot.csv"));
  std::vector<std::string> got = without_seconds(csv);
  CHECK(got == expected);
}

}  // namespace

TEST_CASE(
    "a customer interrupted mid-job writes the history, report and chart it had, and says "
    "where it stopped",
    "[integration][broker][interrupt]") {
  StandingCluster cluster;
  cluster.add_worker();
  TempDir dir;
  Process customer(cluster.customer(endless(dir, "")));
  REQUIRE(cluster.wait_for([](const json& s) { return running_iteration(s) > 200; }, 30));
  customer.signal(SIGINT);
  const RunResult r = customer.wait(20);
  CHECK(r.exit_code == 130);
  CHECK_THAT(r.err, Catch::Contains("customer: jacobi stopped at iteration ") &&
                        Catch::Contains(", relative residual "));
  CHECK_THAT(r.err, Catch::Contains("customer: interrupted by "));
  check_partial_outputs(dir, "");
  CHECK_FALSE(
      cluster.broker().wait_for_stderr_line("was interrupted by its customer (SIGINT)", 5).empty());
  CHECK(cluster.wait_for([](const json& s) { return count_workers(s, "idle") == 1; }, 5));
}

TEST_CASE(
    "a job cancelled by another customer: its customer writes what it had, says who "
    "cancelled it, and exits 6",
    "[integration][broker][interrupt]") {
  StandingCluster cluster;
  cluster.add_worker();
  TempDir dir;
  Process customer(cluster.customer(endless(dir, "")));
  REQUIRE(cluster.wait_for([](const json& s) { return running_iteration(s) > 200; }, 30));
  const std::uint64_t job = cluster.status()["jobs"][0]["id"];
  const RunResult cancel = run(cluster.customer({"--cancel", std::to_string(job)}), 20);
  CHECK(cancel.exit_code == 0);
  const RunResult r = customer.wait(20);
  CHECK(r.exit_code == 6);
  const std::string said = "customer: job " + std::to_string(job) + " was cancelled by ";
  CHECK_THAT(r.err, Catch::Contains(said) && Catch::Contains("(customer --cancel)"));
  CHECK_THAT(r.err, !Catch::Contains("cluster failure"));
  CHECK_THAT(r.err, Catch::Contains("customer: jacobi stopped at iteration "));
  check_partial_outputs(dir, "");
  const json report = json::parse(read_text(dir.path() + "/r.json"));
  CHECK_THAT(report["stopped"].get<std::string>(), Catch::Contains("was cancelled by "));
  CHECK_THAT(cluster.broker().stderr_so_far(),
             Catch::Contains("job " + std::to_string(job) + " was cancelled by "));
}

TEST_CASE("a queued job's customer says where it waits, and its summary how long",
          "[integration][broker]") {
  StandingCluster cluster;
  cluster.add_worker();
  TempDir dir;
  Process hog(cluster.customer(endless(dir, "hog-")));
  REQUIRE(cluster.wait_for([](const json& s) { return count_workers(s, "busy") == 1; }, 30));
  const auto small = [&](const std::string& name) {
    return cluster.customer({"--matrix", matrix("gr_30_30.mtx"), "--nodes", "1", "--report",
                             dir.path() + "/" + name + ".json", "--output", "-"});
  };
  Process first(small("first"));
  // not a terminal: one line says it, once
  CHECK_FALSE(
      first
          .wait_for_stderr_line(
              "customer: queued: position 1 of 1, waiting for a free worker (1 of 1 busy)", 20)
          .empty());
  Process second(small("second"));
  CHECK_FALSE(second.wait_for_stderr_line("customer: queued: position 2 of 2", 20).empty());
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // a wait worth measuring
  hog.signal(SIGINT);
  CHECK(hog.wait(20).exit_code == 130);
  const RunResult a = first.wait(60), b = second.wait(60);
  REQUIRE(a.exit_code == 0);
  REQUIRE(b.exit_code == 0);
  CHECK(a.out == one_shot_x("gr_30_30.mtx"));
  CHECK(b.out == one_shot_x("gr_30_30.mtx"));
  for (const auto& [name, result] : {std::pair{"first", a}, {"second", b}}) {
    CAPTURE(name);
    CHECK_THAT(result.err,
               Catch::Matches("(.|\n)*total [0-9.]+ s \\(setup [0-9.]+ s: parse [0-9.]+ "
                              "s, waited [0-9.]+ s in the queue, (.|\n)*"));
    const json report = json::parse(read_text(dir.path() + "/" + name + ".json"));
    CHECK(report["queue_seconds"].get<double>() >= 0.5);
    CHECK(report["queue_seconds"].get<double>() < report["setup_seconds"].get<double>());
  }
  // a job that did not wait says nothing of a queue
  const RunResult unqueued = run(small("third"), 60);
  REQUIRE(unqueued.exit_code == 0);
  CHECK_THAT(unqueued.err, !Catch::Contains("queue"));
  CHECK(json::parse(read_text(dir.path() + "/third.json"))["queue_seconds"].is_null());
}
