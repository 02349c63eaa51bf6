// An omega sweep (--omega LIST or START:STOP:STEP): its table, chart and report hold the numbers
// separate runs with each weight give, on the one-shot coordinator and through a broker.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>

#include "process_runner.hpp"
#include "standing_cluster.hpp"
#include "tests/support/svg_reading.hpp"

using namespace slae::test;
using nlohmann::json;

namespace {

struct Row {
  std::string method, omega, outcome;
  long long iterations = 0;
  std::string residual;
};

// The table's solve lines (header and "best" lines left out).
std::vector<Row> table_rows(const std::string& table) {
  std::vector<Row> rows;
  std::istringstream in(table);
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    if (line.rfind("best ", 0) == 0) continue;
    std::istringstream fields(line);
    Row r;
    fields >> r.method;
    if (r.method == "sor" || r.method == "jacobi") fields >> r.omega;
    fields >> r.outcome >> r.iterations >> r.residual;
    rows.push_back(r);
  }
  return rows;
}

std::string residual_text(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3e", v);
  return text;
}

}  // namespace

TEST_CASE("a sweep's table, chart and report hold what separate runs with each weight give",
          "[integration][sweep]") {
  TempDir dir;
  const std::string p = dir.path() + "/poisson12.mtx";
  REQUIRE(run({binary("slae-generate"), "poisson2d", "--grid", "12", "--output", p}).exit_code ==
          0);
  const RunResult sweep =
      run({binary("coordinator"), "--matrix", p, "--method", "sor,jacobi", "--omega", "0.8:1.8:0.5",
           "--nodes", "2", "--quiet", "--plot", dir.path() + "/w.svg", "--history",
           dir.path() + "/h.csv", "--report", dir.path() + "/r.json"});
  // jacobi diverges at 1.3 and 1.8, but converged at 0.8: a sweep's finding, exit 0
  REQUIRE(sweep.exit_code == 0);
  const std::vector<Row> rows = table_rows(sweep.out);
  REQUIRE(rows.size() == 6);
  const json report = json::parse(read_text(dir.path() + "/r.json"));
  REQUIRE(report["solves"].size() == 6);
  const std::string chart = read_text(dir.path() + "/w.svg");
  std::size_t row = 0;
  for (const std::string method : {"sor", "jacobi"}) {
    for (const std::string omega : {"0.8", "1.3", "1.8"}) {
      CAPTURE(method, omega);
      const RunResult alone =
          run({binary("coordinator"), "--matrix", p, "--method", method, "--omega", omega,
               "--nodes", "2", "--quiet", "--report", dir.path() + "/alone.json"});
      const json single = json::parse(read_text(dir.path() + "/alone.json"));
      const Row& r = rows[row];
      CHECK(r.method == method);
      CHECK(r.omega == omega);
      CHECK(r.outcome == single["outcome"]);
      CHECK(r.iterations == single["iterations"].get<long long>());
      CHECK(r.residual == residual_text(single["relative_residual"]));
      CHECK(report["solves"][row]["iterations"] == single["iterations"]);
      CHECK(report["solves"][row]["relative_residual"] == single["relative_residual"]);
      CHECK(report["solves"][row]["residual_history"] == single["residual_history"]);
      if (single["outcome"] != "converged") CHECK(alone.exit_code == 4);
      ++row;
    }
  }
  // omega_opt = 2 / (1 + sin(pi / 13)) = 1.61 on this grid: 1.8 is nearest
  CHECK_THAT(sweep.out, Catch::Contains("best sor: omega 1.8, " +
                                        std::to_string(rows[2].iterations) + " iterations"));
  CHECK_THAT(sweep.out, Catch::Contains("best jacobi: omega 0.8"));
  // the chart: a series per method, the best point's label, hollow markers for the divergent
  CHECK(svg::count(chart, "<g class=\"series\"") == 2);
  CHECK(svg::has_text(chart, "\u03c9 1.8: " + std::to_string(rows[2].iterations) + " iterations"));
  CHECK(svg::has_text(chart, "relaxation weight \u03c9"));
  CHECK(svg::has_text(chart, "hollow: did not converge"));
  CHECK(svg::count(chart, "class=\"unconverged\"") >= 2);
  // with --history, every weight's residuals beside it, one line per solve
  const std::string residuals = read_text(dir.path() + "/w-residuals.svg");
  CHECK(svg::count(residuals, "<g class=\"series\"") == 6);
  const std::vector<std::string> legend = svg::texts(residuals);
  CHECK(std::count_if(legend.begin(), legend.end(), [](const std::string& t) {
          return t.rfind("sor (omega 1.3): converged", 0) == 0;
        }) == 1);
}

TEST_CASE("a sweep through a broker gives the one-shot sweep's numbers", "[integration][sweep]") {
  StandingCluster cluster;
  cluster.add_worker();
  cluster.add_worker();
  const std::vector<std::string> args = {"--matrix", matrix("gr_30_30.mtx"),
                                         "--method", "gauss-seidel,sor",
                                         "--omega",  "1.2,1.6",
                                         "--nodes",  "2",
                                         "--quiet"};
  std::vector<std::string> one_shot = {binary("coordinator")};
  one_shot.insert(one_shot.end(), args.begin(), args.end());
  const RunResult local = run(one_shot);
  const RunResult remote = run(cluster.customer(args));
  REQUIRE(local.exit_code == 0);
  REQUIRE(remote.exit_code == 0);
  const std::vector<Row> rows = table_rows(local.out);
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].method == "gauss-seidel");
  CHECK(rows[2].omega == "1.6");
  const std::vector<Row> remote_rows = table_rows(remote.out);
  REQUIRE(remote_rows.size() == 3);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    CHECK(remote_rows[i].iterations == rows[i].iterations);
    CHECK(remote_rows[i].residual == rows[i].residual);
  }
  // the customer hears the ordering too; once per method, not once per weight
  CHECK_THAT(remote.err, Catch::Contains("sor: ordering 4 colours"));
  for (const std::string& err : {local.err, remote.err}) {
    CHECK(svg::count(err, "  gauss-seidel: ordering ") == 1);
    CHECK(svg::count(err, "  sor: ordering ") == 1);
  }
}

TEST_CASE("a bad weight list is refused with one line", "[integration][sweep]") {
  const auto [omega, message] =
      GENERATE(table<std::string, std::string>({{"0.5:2.5:0.5", "--omega: 2 is outside (0, 2)"},
                                                {"1.5:0.5:0.1", "is below START"},
                                                {"0.8,,1", "--omega: omega list"},
                                                {"0.8,0.8", "--omega: omega list"}}));
  CAPTURE(omega);
  const RunResult r = run({binary("coordinator"), "--matrix", matrix("gr_30_30.mtx"), "--method",
                           "sor", "--omega", omega});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains(message));
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
}
