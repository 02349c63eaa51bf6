// The standing cluster: a broker (coordinator --serve) whose workers customers share. Real
// processes over a real socket; every answer compared bit for bit with the one-shot
// coordinator's. (Workers joining and leaving: test_standing_workers.cpp.)
#include <signal.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "standing_cluster.hpp"

using namespace slae::test;
using nlohmann::json;

namespace {

// The shared gr_30_30 solve (a second or two) with a weight and a node count of its own.
std::vector<std::string> omega_solve(const std::string& omega, const std::string& nodes) {
  return gr_30_30_solve({"--omega", omega, "--nodes", nodes});
}

}  // namespace

TEST_CASE("three customers at once on four workers get the one-shot answers, bit for bit",
          "[integration][broker]") {
  StandingCluster cluster;
  for (int i = 0; i < 4; ++i)
    cluster.add_worker();
  REQUIRE(cluster.wait_for([](const json& s) { return s["workers"].size() == 4; }, 20));

  Process a(cluster.customer(omega_solve("1", "2")));
  Process b(cluster.customer(omega_solve("0.95", "1")));
  Process c(cluster.customer(omega_solve("0.9", "1")));
  // while they run: the jobs are running, on disjoint busy workers
  const bool seen = cluster.wait_for(
      [](const json& s) { return count_jobs(s, "running") == 3 && count_workers(s, "busy") == 4; },
      60);
  const RunResult ra = a.wait(120), rb = b.wait(120), rc = c.wait(120);
  CHECK(seen);
  REQUIRE(ra.exit_code == 0);
  REQUIRE(rb.exit_code == 0);
  REQUIRE(rc.exit_code == 0);
  CHECK(ra.out ==
        one_shot_x("gr_30_30.mtx", {"--omega", "1", "--tol", "1e-14", "--max-iter", "100000"}));
  CHECK(rb.out ==
        one_shot_x("gr_30_30.mtx", {"--omega", "0.95", "--tol", "1e-14", "--max-iter", "100000"}));
  CHECK(rc.out ==
        one_shot_x("gr_30_30.mtx", {"--omega", "0.9", "--tol", "1e-14", "--max-iter", "100000"}));
  CHECK_THAT(ra.err, Catch::Contains("2 nodes"));  // it got the two it asked for
  // and the workers are idle again
  CHECK(cluster.wait_for([](const json& s) { return count_workers(s, "idle") == 4; }, 5));
}

TEST_CASE("a customer's run writes what the one-shot run writes", "[integration][broker]") {
  StandingCluster cluster;
  cluster.add_worker();
  cluster.add_worker();
  TempDir out;
  const auto outputs = [&](const std::string& prefix) {
    return std::vector<std::string>{"--matrix",
                                    matrix("gr_30_30.mtx"),
                                    "--method",
                                    "jacobi,cg",
                                    "--nodes",
                                    "2",
                                    "--quiet",
                                    "--output",
                                    out.path() + "/" + prefix + "x.mtx",
                                    "--history",
                                    out.path() + "/" + prefix + "h.csv",
                                    "--report",
                                    out.path() + "/" + prefix + "r.json"};
  };
  std::vector<std::string> one_shot = {binary("coordinator")};
  for (const auto& arg : outputs("local-"))
    one_shot.push_back(arg);
  const RunResult local = run(one_shot);
  const RunResult remote = run(cluster.customer(outputs("remote-")));
  REQUIRE(local.exit_code == 0);
  REQUIRE(remote.exit_code == 0);
  CHECK(read_text(out.path() + "/local-x.mtx") == read_text(out.path() + "/remote-x.mtx"));
  // and says so, as the one-shot does
  const std::string d = out.path() + "/";
  CHECK_THAT(remote.err, Catch::Contains("wrote " + d + "remote-x.mtx, " + d + "remote-r.json, " +
                                         d + "remote-h.csv\n"));
  // the history's residuals and errors are the same; its seconds are not
  const auto columns = [](const std::string& csv) {
    std::string kept;
    for (const std::string& line : lines(csv)) {
      std::vector<std::string> fields;
      std::size_t start = 0;
      for (std::size_t comma; (comma = line.find(',', start)) != std::string::npos;
           start = comma + 1)
        fields.push_back(line.substr(start, comma - start));
      fields.push_back(line.substr(start));
      for (std::size_t i = 0; i < fields.size(); ++i)
        if (i != 4) kept += fields[i] + ",";  // column 4 is seconds
      kept += "\n";
    }
    return kept;
  };
  CHECK(columns(read_text(out.path() + "/local-h.csv")) ==
        columns(read_text(out.path() + "/remote-h.csv")));
  const json lr = json::parse(read_text(out.path() + "/local-r.json"));
  const json rr = json::parse(read_text(out.path() + "/remote-r.json"));
  for (std::size_t m = 0; m < 2; ++m) {
    CHECK(lr["solves"][m]["iterations"] == rr["solves"][m]["iterations"]);
    CHECK(lr["solves"][m]["relative_residual"] == rr["solves"][m]["relative_residual"]);
    CHECK(lr["solves"][m]["outcome"] == rr["solves"][m]["outcome"]);
    CHECK(lr["solves"][m]["spectrum"] == rr["solves"][m]["spectrum"]);
  }
  CHECK(rr["solves"][1]["spectrum"]["condition_number"].get<double>() > 1.0);  // CG's estimate
  CHECK(rr["nodes"].size() == 2);
}

TEST_CASE("a job with no worker waits in the queue, and runs when a worker joins",
          "[integration][broker]") {
  StandingCluster cluster;
  Process customer(cluster.customer(
      {"--matrix", matrix("gr_30_30.mtx"), "--quiet", "--output", "-", "--nodes", "1"}));
  CHECK(cluster.wait_for([](const json& s) { return count_jobs(s, "queued") == 1; }, 20));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  CHECK(count_jobs(cluster.status(), "queued") == 1);  // still waiting
  cluster.add_worker();
  const RunResult r = customer.wait(60);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out == one_shot_x("gr_30_30.mtx"));
}

TEST_CASE("a customer that is killed, interrupted or cancelled frees its workers within 1 s",
          "[integration][broker]") {
  StandingCluster cluster;
  cluster.add_worker();
  cluster.add_worker();
  REQUIRE(cluster.wait_for([](const json& s) { return s["workers"].size() == 2; }, 20));
  const std::string how =
      GENERATE(std::string("SIGKILL"), std::string("SIGINT"), std::string("cancel"));
  CAPTURE(how);
  Process customer(cluster.customer(
      {"--matrix", matrix("nos6.mtx"), "--tol", "0", "--max-iter", "100000000", "--quiet"}));
  REQUIRE(cluster.wait_for([](const json& s) { return count_workers(s, "busy") == 2; }, 20));
  const auto idle = [](const json& s) {
    return count_workers(s, "idle") == 2 && s["jobs"].empty();
  };
  if (how == "cancel") {
    const std::uint64_t job = cluster.status()["jobs"][0]["id"];
    const RunResult r = run(cluster.customer({"--cancel", std::to_string(job)}), 20);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.err, Catch::Contains("cancelled"));
    // the broker frees the workers before it answers: free the moment the answer is here
    CHECK(idle(cluster.status()));
  } else {
    // timed by the broker's own line, written as it frees the workers (a status request is a
    // process of its own, slow to start under a sanitizer)
    const auto start = std::chrono::steady_clock::now();
    customer.signal(how == "SIGKILL" ? SIGKILL : SIGINT);
    // the broker says what happened: a customer gone, or one interrupted
    const std::string said = how == "SIGKILL" ? "was cancelled: its customer disconnected"
                                              : "was interrupted by its customer (SIGINT)";
    CHECK_FALSE(cluster.broker().wait_for_stderr_line(said, 5).empty());
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::milliseconds(1000));
    CHECK(cluster.wait_for(idle, 5));
  }
  const RunResult r = customer.wait(20);
  if (how == "SIGINT") CHECK(r.exit_code == 130);
  if (how == "cancel") {
    CHECK(r.exit_code == 6);
    CHECK_THAT(r.err, Catch::Contains("was cancelled by "));
    CHECK_THAT(cluster.broker().stderr_so_far(), Catch::Contains("was cancelled by "));
  }
}

TEST_CASE("100 jobs in a row leave the broker's workers and memory as they were",
          "[integration][broker]") {
  StandingCluster cluster;
  cluster.add_worker();
  cluster.add_worker();
  REQUIRE(cluster.wait_for([](const json& s) { return s["workers"].size() == 2; }, 20));
  const auto job = [&](int i) {
    const RunResult r = i % 2 == 0 ? run(cluster.customer({"--matrix", matrix("nist_ex1.mtx"),
                                                           "--quiet", "--output", "-"}),
                                         60)
                                   : run(cluster.customer({"--double", "1,2,3,4,5,6,7,8"}), 60);
    return r.exit_code == 0 && (i % 2 == 0 || r.out == "2,4,6,8,10,12,14,16\n");
  };
  for (int i = 0; i < 10; ++i)
    REQUIRE(job(i));
  const long warm = status_kb(cluster.broker().pid(), "VmRSS");
  int good = 0;
  for (int i = 10; i < 100; ++i)
    good += job(i) ? 1 : 0;
  const long after = status_kb(cluster.broker().pid(), "VmRSS");
  CHECK(good == 90);
  const json s = cluster.status();
  CHECK(s["workers"].size() == 2);
  CHECK(count_workers(s, "idle") == 2);
  CHECK(s["jobs"].empty());
  CAPTURE(warm, after);
#if defined(SLAE_SANITIZED)
  // AddressSanitizer keeps freed memory in quarantine, so the RSS grows by design; its leak
  // check runs when the broker exits, below
#else
  CHECK(after - warm < 4 * 1024);  // kB: the bound README states
#endif
  // a broker stopped by SIGTERM exits 0 (under the sanitizers: with no leak reported)
  cluster.broker().signal(SIGTERM);
  CHECK(cluster.broker().wait(30).exit_code == 0);
}

TEST_CASE(
    "workers that keep their blocks between collections give the same x with a fraction "
    "of the traffic",
    "[integration][broker][traffic]") {
  StandingCluster cluster;
  for (int i = 0; i < 3; ++i)
    cluster.add_worker();
  REQUIRE(cluster.wait_for([](const json& s) { return s["workers"].size() == 3; }, 20));
  TempDir out;
  // 10,000 rows: 8 rows per reduction chunk, so that the residual sums are small beside a block
  const std::string poisson = out.path() + "/poisson.mtx";
  REQUIRE(run({binary("slae-generate"), "poisson2d", "--grid", "100", "--diagonal", "4.5",
               "--output", poisson})
              .exit_code == 0);
  const auto job = [&](const std::string& every, const std::string& name) {
    const RunResult r =
        run(cluster.customer({"--matrix", poisson, "--nodes", "3", "--no-shared-memory",
                              "--collect-every", every, "--quiet", "--output", "-", "--report",
                              out.path() + "/" + name}),
            120);
    REQUIRE(r.exit_code == 0);
    return std::pair{r.out, json::parse(read_text(out.path() + "/" + name))};
  };
  const auto [every_x, every_report] = job("1", "every.json");
  const auto [thin_x, thin_report] = job("9", "thin.json");
  CHECK(thin_x == every_x);
  CHECK(thin_x == run({binary("coordinator"), "--matrix", poisson, "--nodes", "1", "--quiet",
                       "--output", "-"})
                      .out);
  CHECK(thin_report["iterations"] == every_report["iterations"]);
  const auto from = [](const json& r) {
    return r["traffic_by_node_kind"]["socket"]["bytes_from_nodes_per_iteration"].get<double>();
  };
  CHECK(thin_report["traffic_by_node_kind"]["socket"]["nodes"] == 3);
  CHECK(thin_report["traffic_by_node_kind"]["shared_memory"]["nodes"] == 0);
  // a block every 9 iterations instead of every one: the exports and sums stay
  CHECK(from(thin_report) < 0.5 * from(every_report));
}

TEST_CASE("a broker stopped by SIGTERM tells the customers of running jobs why, and exits 0",
          "[integration][broker]") {
  StandingCluster cluster;
  cluster.add_worker();
  REQUIRE(cluster.wait_for([](const json& s) { return s["workers"].size() == 1; }, 20));
  Process customer(cluster.customer(endless_solve()));
  REQUIRE(cluster.wait_for([](const json& s) { return count_jobs(s, "running") == 1; }, 20));
  cluster.broker().signal(SIGTERM);
  CHECK(cluster.broker().wait(30).exit_code == 0);
  const RunResult r = customer.wait(30);
  CHECK(r.exit_code == 5);
  CHECK_THAT(r.err, Catch::Contains("the broker is shutting down"));
}
