// Gauss-Seidel and SOR on the cluster (--method gauss-seidel | sor --omega W): the real
// coordinator and nodes give the single-process reference's x and iteration count bit for bit
// on 1, 2, 3 and 8 nodes, with the same residual history; a node killed mid-solve costs no bits;
// the red-black count on 2D Poisson is half of Jacobi's and the offset theory says.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>

#include "process_runner.hpp"
#include "solve_helpers.hpp"
#include "solver/csr_matrix.hpp"
#include "solver/matrix_market.hpp"
#include "solver/multicolour.hpp"
#include "solver/sor_solver.hpp"

using namespace slae::test;

namespace {

// The residual column of a --history CSV (the seconds differ from run to run).
std::vector<std::string> residual_column(const std::string& csv) {
  std::vector<std::string> column;
  std::istringstream in(csv);
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string method, iteration, residual;
    std::getline(fields, method, ',');
    std::getline(fields, iteration, ',');
    std::getline(fields, residual, ',');
    column.push_back(method + "," + iteration + "," + residual);
  }
  return column;
}

slae::SolveResult reference(const std::string& name, double omega) {
  const slae::CsrMatrix a = slae::CsrMatrix::from_coo(slae::read_matrix_market(matrix(name)));
  std::vector<double> ones(static_cast<std::size_t>(a.rows), 1.0), b(ones.size());
  a.multiply(ones, b);
  return slae::solve_sor(a, b, slae::colour_greedily(a), {}, omega);
}

}  // namespace

TEST_CASE(
    "gauss-seidel and sor equal the single-process reference bit for bit on 1, 2, 3 and 8 nodes",
    "[integration][gauss-seidel]") {
  const auto [name, method, omega] =
      GENERATE(table<std::string, std::string, std::string>({{"gr_30_30.mtx", "gauss-seidel", ""},
                                                             {"pts5ldd03.mtx", "sor", "0.9"},
                                                             {"amg_match_16.mtx", "sor", "1.3"}}));
  CAPTURE(name, method, omega);
  const slae::SolveResult expected = reference(name, omega.empty() ? 1.0 : std::stod(omega));
  REQUIRE(expected.outcome == slae::SolveOutcome::converged);
  std::vector<std::string> args = {"--method", method};
  if (!omega.empty()) args.insert(args.end(), {"--omega", omega});
  std::vector<std::string> first_history;
  for (const int nodes : {1, 2, 3, 8}) {
    CAPTURE(nodes);
    const Solved s = solve(name, nodes, args);
    REQUIRE(s.run.exit_code == 0);
    CHECK(s.report["iterations"] == expected.iterations);
    const std::vector<double> x = parse_x(s.x_text);
    REQUIRE(x.size() == expected.x.size());
    CHECK(std::equal(x.begin(), x.end(), expected.x.begin()));
    CHECK(s.report["ordering"]["colours"].get<int>() >= 2);
    const std::vector<std::string> history = residual_column(s.history);
    CHECK(history.size() == static_cast<std::size_t>(expected.iterations + 1));
    if (first_history.empty())
      first_history = history;
    else
      CHECK(history == first_history);
  }
}

TEST_CASE(
    "red-black gauss-seidel on 2D Poisson takes half of Jacobi's iterations, plus the "
    "offset of its red-only residual",
    "[integration][gauss-seidel]") {
  TempDir dir;
  const std::string p = dir.path() + "/poisson20.mtx";
  REQUIRE(run({binary("slae-generate"), "poisson2d", "--grid", "20", "--output", p}).exit_code ==
          0);
  const RunResult r = run({binary("coordinator"), "--matrix", p, "--method", "jacobi,gauss-seidel",
                           "--nodes", "3", "--quiet", "--report", dir.path() + "/r.json"});
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.err,
             Catch::Contains("gauss-seidel: ordering 2 colours (red-black: 200 + 200 rows)"));
  const nlohmann::json report = nlohmann::json::parse(read_text(dir.path() + "/r.json"));
  const double jacobi = report["solves"][0]["iterations"];
  const double gs = report["solves"][1]["iterations"];
  CHECK(report["solves"][1]["ordering"]["rows_per_colour"] == nlohmann::json({200, 200}));
  // rho_GS = rho_J^2; GS's residual (zero on the black rows) is sqrt(2) times Jacobi's in the
  // slowest mode, which costs ln(sqrt 2) / -ln(rho_J^2) iterations more (README explains)
  const double rho_j = std::cos(M_PI / 21.0);
  const double extra = std::log(std::sqrt(2.0)) / -std::log(rho_j * rho_j);
  INFO("jacobi " << jacobi << ", gauss-seidel " << gs << ", extra " << extra);
  CHECK(std::abs(gs - (jacobi / 2.0 + extra)) <= 2.0);
}

TEST_CASE("the diagnosis measures gauss-seidel's and sor's rho, and Young's best weight",
          "[integration][gauss-seidel]") {
  TempDir dir;
  const std::string p = dir.path() + "/poisson20.mtx";
  REQUIRE(run({binary("slae-generate"), "poisson2d", "--grid", "20", "--output", p}).exit_code ==
          0);
  const RunResult r =
      run({binary("coordinator"), "--matrix", p, "--method", "gauss-seidel,sor", "--omega", "1.9",
           "--diagnose", "--quiet", "--report", dir.path() + "/r.json"});
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.err, Catch::Contains("diagnosis: gauss-seidel (2 colours): rho of its iteration "
                                    "matrix ~ 0.9776"));
  CHECK_THAT(r.err, Catch::Contains("rho_J ~ 0.9887"));
  CHECK_THAT(r.err, Catch::Contains("the best SOR weight 2/(1 + sqrt(1 - rho_J^2)) ~ 1.74"));
  CHECK_THAT(r.err, Catch::Contains("this rho_J is the square root of the measured rho_GS"));
  const nlohmann::json report = nlohmann::json::parse(read_text(dir.path() + "/r.json"));
  REQUIRE(report["sor_diagnosis"].size() == 2);
  // past the best weight, every eigenvalue of SOR's matrix has modulus omega - 1
  CHECK(report["sor_diagnosis"][1]["spectral_radius_estimate"].get<double>() ==
        Approx(0.9).epsilon(0.03));
  // the prediction is the slowest mode's: at least the count, and not far above it
  const double predicted = report["sor_diagnosis"][0]["predicted_iterations"];
  const double taken = report["solves"][0]["iterations"];
  CHECK(predicted >= taken);
  CHECK(predicted <= 1.2 * taken);
}

TEST_CASE("gauss-seidel and sor converge on a strictly diagonally dominant matrix",
          "[integration][gauss-seidel]") {
  // a theorem for Gauss-Seidel (and SOR with omega <= 1) whatever the ordering; nos6, the one
  // strictly dominant shipped matrix, would need millions of iterations (rho(J) = 0.999999)
  TempDir dir;
  const std::string a = dir.path() + "/dominant.mtx";
  REQUIRE(run({binary("slae-generate"), "random-dominant", "--rows", "3000", "--output", a})
              .exit_code == 0);
  for (const std::vector<std::string>& method :
       {std::vector<std::string>{"--method", "gauss-seidel"},
        std::vector<std::string>{"--method", "sor", "--omega", "0.9"}}) {
    std::vector<std::string> argv = {binary("coordinator"),
                                     "--matrix",
                                     a,
                                     "--nodes",
                                     "3",
                                     "--quiet",
                                     "--tol",
                                     "1e-12",
                                     "--output",
                                     "-"};
    argv.insert(argv.end(), method.begin(), method.end());
    const RunResult r = run(argv);
    REQUIRE(r.exit_code == 0);
    const std::vector<double> x = parse_x(r.out);
    REQUIRE(x.size() == 3000);
    for (const double v : x)
      CHECK(v == Approx(1.0).epsilon(1e-9));
  }
}

TEST_CASE("gauss-seidel's diagnosis says when it diverges", "[integration][gauss-seidel]") {
  const RunResult r = run({binary("coordinator"), "--matrix", matrix("full_symmetric.mtx"),
                           "--method", "gauss-seidel", "--quiet"});
  CHECK(r.exit_code == 4);
  CHECK_THAT(r.err, Catch::Contains("> 1 (measured over"));
  CHECK_THAT(r.err, Catch::Contains("so this A is not one"));
}

TEST_CASE("a node killed mid gauss-seidel costs no bits", "[integration][gauss-seidel]") {
  const Solved undisturbed = solve("gr_30_30.mtx", 4, {"--method", "gauss-seidel"});
  REQUIRE(undisturbed.run.exit_code == 0);
  const Solved killed =
      solve("gr_30_30.mtx", 4, {"--method", "gauss-seidel", "--test-signal", "2:KILL@300"});
  REQUIRE(killed.run.exit_code == 0);
  CHECK(killed.x_text == undisturbed.x_text);
  CHECK(killed.report["iterations"] == undisturbed.report["iterations"]);
  CHECK(residual_column(killed.history) == residual_column(undisturbed.history));
  bool lost = false;
  for (const auto& e : killed.report["events"])
    lost = lost || e["event"] == "worker_lost";
  CHECK(lost);
}

TEST_CASE("sor's weight is checked and a checkpoint takes one method",
          "[integration][gauss-seidel]") {
  const auto [args, message] = GENERATE(table<std::vector<std::string>, std::string>(
      {{{"--method", "sor"}, "sor needs --omega W, 0 < W < 2 (W = 1 is gauss-seidel)"},
       {{"--method", "sor", "--omega", "2"}, "--omega"},
       {{"--method", "sor", "--omega", "0"}, "--omega"},
       {{"--method", "gauss-seidel", "--omega", "1.2"},
        "--omega weighs jacobi and sor, but --method has neither"},
       {{"--method", "gauss-seidel,sor", "--omega", "1.5", "--checkpoint", "/tmp/never.ckpt"},
        "need one --method and at most one --omega"},
       {{"--method", "gauss-sidel"}, "did you mean gauss-seidel?"}}));
  CAPTURE(args);
  std::vector<std::string> argv = {binary("coordinator"), "--matrix", matrix("gr_30_30.mtx")};
  argv.insert(argv.end(), args.begin(), args.end());
  const RunResult r = run(argv);
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains(message));
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
}
