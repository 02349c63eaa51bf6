// Methods for numerical-methods courses, through the real coordinator and nodes: CG, weighted
// Jacobi, several methods compared in one run, and the diagnosis before Jacobi.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>

#include "process_runner.hpp"
#include "solve_helpers.hpp"
#include "solver/csr_matrix.hpp"
#include "solver/matrix_market.hpp"

using namespace slae::test;

TEST_CASE("CG converges on SPD matrices in no more iterations than PETSc, same x on any nodes",
          "[integration][cg]") {
  // PETSc 3.18 -ksp_type cg -pc_type jacobi -ksp_norm_type unpreconditioned, rtol 1e-8,
  // x0 = 0, b = A*1 (bench/ measures it; BENCHMARKS.md records the run). Allowed: at most
  // max(PETSc + 2, 1.02 PETSc), the rounding margin of the acceptance criterion.
  const auto [name, petsc] = GENERATE(table<std::string, int>({
      {"tridiagonal_A.mm", 3},
      {"LFAT5.mtx", 7},
      {"amg_match_16.mtx", 15},
      {"LF10.mtx", 9},
      {"Trefethen_20b.mtx", 9},
      {"pts5ldd03.mtx", 36},
      {"gr_30_30.mtx", 41},
      {"nos6.mtx", 84},
      {"nos1.mtx", 382},
      {"494_bus.mtx", 393},
      {"1138_bus.mtx", 936},
      {"bcsstk13.mtx", 1360},
  }));
  CAPTURE(name);
  const Solved one = solve(name, 1, {"--method", "cg"});
  REQUIRE(one.run.exit_code == 0);
  CHECK(one.report["method"] == "cg");
  CHECK(one.report["omega"].is_null());
  const int iterations = one.report["iterations"];
  CHECK(iterations <= std::max(petsc + 2, static_cast<int>(std::floor(1.02 * petsc))));
  // the recursively updated residual CG tracks stays close to the true one
  CHECK(relative_residual_with_ones(name, parse_x(one.x_text)) <= 1e-7);
  for (const int nodes : {2, 3}) {
    CAPTURE(nodes);
    const Solved many = solve(name, nodes, {"--method", "cg"});
    REQUIRE(many.run.exit_code == 0);
    CHECK(many.report["iterations"] == iterations);
    CHECK(many.report["residual_history"] == one.report["residual_history"]);
    CHECK(many.x_text == one.x_text);  // reproducible sums: bitwise the same x
    CHECK(many.report["spectrum"] == one.report["spectrum"]);  // so are CG's coefficients
  }
  // what the coefficients say of D^-1 A (tests/solver/test_cg_spectrum.cpp checks the values)
  const auto& spectrum = one.report["spectrum"];
  REQUIRE(spectrum.is_object());
  CHECK(spectrum["from_iterations"] == iterations);
  CHECK(spectrum["condition_number"].get<double>() >= 1.0);
  CHECK(spectrum["iteration_bound"].get<double>() > 0.0);
  CHECK_THAT(one.run.err, Catch::Contains("cg: kappa(D^-1 A) ~ "));
}

TEST_CASE("CG refuses a matrix that is not symmetric before iterating", "[integration][cg]") {
  const std::string name = GENERATE("cage5.mtx", "arrow.mtx", "nist_ex1.mtx");
  CAPTURE(name);
  const RunResult r =
      run({binary("coordinator"), "--matrix", matrix(name), "--method", "cg", "--quiet"});
  CHECK(r.exit_code == 2);
  REQUIRE(lines(r.err).size() == 1);
  CHECK_THAT(r.err,
             Catch::Contains(name) && Catch::Contains("not symmetric") && Catch::Contains("a("));
}

TEST_CASE("CG on an indefinite matrix reports a breakdown, exit 4", "[integration][cg]") {
  const auto [name, why] = GENERATE(table<std::string, std::string>({
      {"full_symmetric.mtx", "p.Ap"},
      {"jagmesh7.mtx", "p.Ap"},
      {"sherman1.mtx", "r.z"},  // negative diagonal: D itself is not positive definite
  }));
  CAPTURE(name);
  const Solved s = solve(name, 2, {"--method", "cg"});
  CHECK(s.run.exit_code == 4);
  CHECK(s.report["outcome"] == "breakdown");
  CHECK_THAT(s.report["note"].get<std::string>(),
             Catch::Contains(why) && Catch::Contains("not positive definite"));
  CHECK_THAT(s.run.err, Catch::Contains("breakdown"));
}

TEST_CASE("weighted Jacobi with omega = 1 is plain Jacobi bit for bit", "[integration][omega]") {
  const Solved plain = solve("pts5ldd03.mtx", 3);
  const Solved one = solve("pts5ldd03.mtx", 3, {"--omega", "1"});
  REQUIRE(plain.run.exit_code == 0);
  REQUIRE(one.run.exit_code == 0);
  CHECK(one.x_text == plain.x_text);
  CHECK(one.report["residual_history"] == plain.report["residual_history"]);
  CHECK(one.report["omega"] == 1.0);
}

TEST_CASE("weighted Jacobi: damping slows a convergent matrix, omega > 1 warns",
          "[integration][omega]") {
  const Solved plain = solve("tridiagonal_A.mm", 2);
  const Solved damped = solve("tridiagonal_A.mm", 2, {"--omega", "0.7"});
  REQUIRE(damped.run.exit_code == 0);
  CHECK(damped.report["omega"] == 0.7);
  CHECK(damped.report["label"] == "jacobi (omega 0.7)");
  CHECK(damped.report["iterations"].get<int>() > plain.report["iterations"].get<int>());
  CHECK(relative_residual_with_ones("tridiagonal_A.mm", parse_x(damped.x_text)) <= 1.0001e-8);
  const Solved over = solve("tridiagonal_A.mm", 2, {"--omega", "1.3"});
  CHECK_THAT(over.run.err, Catch::Contains("over-relaxes"));
}

TEST_CASE("bad omegas and an omega without Jacobi exit 2", "[integration][omega]") {
  for (const auto& args :
       std::vector<std::vector<std::string>>{{"--omega", "2"},
                                             {"--omega", "0"},
                                             {"--omega", "-1"},
                                             {"--method", "cg", "--omega", "0.5"},
                                             {"--method", "gauss"},
                                             {"--method", "cg,cg"}}) {
    std::vector<std::string> argv = {binary("coordinator"), "--matrix", matrix("gr_30_30.mtx")};
    argv.insert(argv.end(), args.begin(), args.end());
    const RunResult r = run(argv);
    CAPTURE(args);
    CHECK(r.exit_code == 2);
    CHECK(lines(r.err).size() == 1);
  }
}

TEST_CASE("two methods compared in one run: one solve after the other on the same nodes",
          "[integration][compare]") {
  const Solved s = solve("gr_30_30.mtx", 3, {"--method", "jacobi,cg"});
  REQUIRE(s.run.exit_code == 0);
  REQUIRE(s.report["solves"].size() == 2);
  CHECK(s.report["solves"][0]["method"] == "jacobi");
  CHECK(s.report["solves"][0]["iterations"] == 1991);  // as on its own (INDEX.md)
  CHECK(s.report["solves"][1]["method"] == "cg");
  CHECK(s.report["solves"][1]["iterations"] == 41);
  CHECK(s.report["method"] == "jacobi");  // the first solve's fields stand at the top
  // alone, CG gives the very same history: the two solves do not disturb each other
  const Solved cg = solve("gr_30_30.mtx", 3, {"--method", "cg"});
  CHECK(cg.report["residual_history"] == s.report["solves"][1]["residual_history"]);
}

TEST_CASE("the exit code of a comparison is that of the first method that did not converge",
          "[integration][compare]") {
  // full_symmetric: Jacobi diverges (4), CG breaks down (4); gr_30_30 capped at 100: CG
  // converges, Jacobi does not
  CHECK(solve("full_symmetric.mtx", 2, {"--method", "cg,jacobi"}).run.exit_code == 4);
  const Solved capped = solve("gr_30_30.mtx", 2, {"--method", "cg,jacobi", "--max-iter", "100"});
  CHECK(capped.run.exit_code == 3);  // CG converges in 41, Jacobi stops at 100
  CHECK(capped.report["solves"][0]["outcome"] == "converged");
  CHECK(capped.report["solves"][1]["outcome"] == "max_iterations");
}

TEST_CASE("CG's answer meets the tolerance in truth: it restarts from the true residual",
          "[integration][cg]") {
  // at 1e-14 CG's recurrence on nos1 reaches the tolerance while b - A x is 1.5e-14; the answer
  // must meet it for real, identically on any number of nodes
  const Solved one = solve("nos1.mtx", 1, {"--method", "cg", "--tol", "1e-14"});
  REQUIRE(one.run.exit_code == 0);
  CHECK(one.report["restarts"].get<int>() >= 1);
  const double reported = one.report["relative_residual"];
  CHECK(reported <= 1e-14);
  CHECK(reported ==
        Approx(relative_residual_with_ones("nos1.mtx", parse_x(one.x_text))).epsilon(1e-3));
  CHECK(one.report["recursive_residual"].get<double>() <= 1e-14);
  const Solved three = solve("nos1.mtx", 3, {"--method", "cg", "--tol", "1e-14"});
  CHECK(three.x_text == one.x_text);
  CHECK(three.report["residual_history"] == one.report["residual_history"]);
  CHECK_THAT(one.run.err, Catch::Contains("CG's recurrence said") && Catch::Contains("restart"));
  // where double precision cannot get there, it says so (exit 3) instead of claiming success
  const Solved floor = solve("1138_bus.mtx", 2, {"--method", "cg", "--tol", "1e-14"});
  CHECK(floor.run.exit_code == 3);
  CHECK(floor.report["outcome"] == "stagnated");
  CHECK(floor.report["relative_residual"].get<double>() > 1e-14);
}

TEST_CASE("the diagnosis finds rho(J) and predicts the iteration count",
          "[integration][diagnose]") {
  const Solved s = solve("pts5ldd03.mtx", 3);  // not diagonally dominant: diagnosed by default
  REQUIRE(s.run.exit_code == 0);
  const double rho = s.report["spectral_radius_estimate"];
  CHECK(std::abs(rho - 0.962136085103) <= 0.05 * (1 - 0.962136085103));  // dense eigenvalues
  CHECK(s.report["diagnosis"]["method"] == "Lanczos");
  CHECK(s.report["diagnosis"]["settled"] == true);
  CHECK(s.report["diagnosis"]["products"].get<int>() <= s.report["diagnosis"]["budget"].get<int>());
  const auto predicted = s.report["predicted_iterations"].get<std::int64_t>();
  const auto actual = s.report["iterations"].get<std::int64_t>();
  CHECK(static_cast<double>(predicted) <= 1.5 * static_cast<double>(actual));
  CHECK(static_cast<double>(predicted) >= static_cast<double>(actual) / 1.5);
  CHECK_THAT(s.run.err, Catch::Contains("(Lanczos, ") &&
                            Catch::Contains("Jacobi converges: about") &&
                            Catch::Contains("iterations to reach"));
}

TEST_CASE("a nilpotent iteration matrix is found exactly", "[integration][diagnose]") {
  // nist_ex1: J^3 = 0, so Jacobi is exact after 3 iterations (to rounding)
  const Solved s = solve("nist_ex1.mtx", 2, {"--diagnose"});
  REQUIRE(s.run.exit_code == 0);
  CHECK(s.report["diagnosis"]["method"] == "Arnoldi");
  CHECK(s.report["spectral_radius_estimate"].get<double>() < 1e-3);
  CHECK(s.report["predicted_iterations"] == 3);
  CHECK(s.report["iterations"] == 3);
}

TEST_CASE("with --tol 0 the diagnosis still says rho < 1 converges", "[integration][diagnose]") {
  const Solved s = solve("pts5ldd03.mtx", 2, {"--tol", "0", "--max-iter", "20"});
  CHECK(s.run.exit_code == 3);
  CHECK(s.report["spectral_radius_estimate"].get<double>() < 1.0);
  CHECK(s.report["predicted_iterations"].is_null());  // no count reaches a zero residual
  CHECK_THAT(s.run.err, Catch::Contains("rho < 1, Jacobi converges") &&
                            !Catch::Contains("diverges on this matrix"));
}

TEST_CASE("the diagnosis says Jacobi will diverge, and what would work instead",
          "[integration][diagnose]") {
  // symmetric positive definite: damped Jacobi converges, and so does CG
  const Solved spd = solve("bcsstk13.mtx", 2, {"--max-iter", "50"});
  CHECK(spd.run.exit_code == 4);
  CHECK(spd.report["diagnosis"]["diverges"] == true);
  CHECK(spd.report["predicted_iterations"].is_null());
  CHECK(spd.report["diagnosis"]["suggested_omega"].get<double>() < 1.0);
  CHECK_THAT(spd.run.err, Catch::Contains("Jacobi diverges on this matrix") &&
                              Catch::Contains("--omega 0.") && Catch::Contains("--method cg"));
  // symmetric indefinite: nothing helps, and CG is not offered
  const Solved indefinite = solve("full_symmetric.mtx", 2);
  CHECK(indefinite.run.exit_code == 4);
  CHECK(indefinite.report["diagnosis"]["indefinite"] == true);
  CHECK_THAT(indefinite.run.err,
             Catch::Contains("not positive definite") && Catch::Contains("CG would break down"));
  // nonsymmetric
  const Solved general = solve("arrow.mtx", 2);
  CHECK_THAT(general.run.err, Catch::Contains("Jacobi diverges on this matrix"));
  CHECK_THAT(general.run.err, !Catch::Contains("--method cg"));
}

TEST_CASE("the diagnosis says before iterating when --max-iter is not enough",
          "[integration][diagnose]") {
  const Solved s = solve("LF10.mtx", 2, {"--max-iter", "1000"});  // Jacobi needs 20657
  CHECK(s.run.exit_code == 3);
  CHECK_THAT(s.run.err, Catch::Contains("Jacobi will not reach 1e-08 within --max-iter 1000") &&
                            Catch::Contains("--method cg") && Catch::Contains("--max-iter 2"));
  const auto lines = slae::test::lines(s.run.err);
  std::size_t said = lines.size(), solved = lines.size();
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].find("will not reach") != std::string::npos) said = i;
    if (lines[i].find(": max_iterations") != std::string::npos) solved = i;
  }
  CHECK(said < solved);  // said before the solve's summary
}

TEST_CASE("the diagnosis runs by default only when A is not diagonally dominant",
          "[integration][diagnose]") {
  CHECK(solve("nos6.mtx", 2, {"--max-iter", "5"}).report["diagnosis"].is_null());  // dominant
  const Solved asked = solve("nos6.mtx", 2, {"--max-iter", "5", "--diagnose"});
  CHECK(asked.report["spectral_radius_estimate"].get<double>() < 1.0);
  CHECK(solve("gr_30_30.mtx", 2, {"--no-diagnose"}).report["diagnosis"].is_null());
  CHECK(solve("gr_30_30.mtx", 2, {"--method", "cg"}).report["diagnosis"].is_null());
}
