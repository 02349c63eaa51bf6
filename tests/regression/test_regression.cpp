// Convergence regression suite: every case of cases.txt, run through the real coordinator,
// against the results recorded in expected/. A case fails when its outcome (or exit code)
// changes, its iteration count moves by more than 1, or its solution moves by more than 1e-10
// relative, and when its files in expected/ are not byte for byte what an update would write
// (a stale recording fails, so that an update on a clean tree changes nothing; the same run checks
// both, no solve twice). SLAE_REGRESSION_UPDATE=1 records the current results instead (review the
// diff).
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "solver/matrix_market.hpp"
#include "tests/integration/process_runner.hpp"
#include "tests/regression/regression_cases.hpp"
#include "tests/regression/regression_expectations.hpp"

using namespace slae::test;

namespace {

const std::string kRepository = SLAE_SOURCE_DIR;

// The suite's directory, holding cases.txt and expected/: SLAE_REGRESSION_DIR (a course's own
// cases, without editing the repository) or the repository's tests/regression.
std::string suite_dir() {
  const char* dir = std::getenv("SLAE_REGRESSION_DIR");
  if (dir != nullptr && *dir != '\0') return dir;
  return kRepository + "/tests/regression";
}

using Case = RegressionCase;

struct Outcome {
  int exit_code = -1;
  nlohmann::json result;  ///< what expected/<id>.json holds
  std::string x_text;     ///< the solution written, when there is a meaningful one
};

Outcome run_case(const Case& c) {
  TempDir dir;
  std::vector<std::string> argv = {binary("coordinator"),
                                   "--matrix",
                                   c.matrix_path,
                                   "--method",
                                   c.method,
                                   "--nodes",
                                   std::to_string(c.nodes),
                                   "--quiet",
                                   "--report",
                                   dir.path() + "/r.json",
                                   "--output",
                                   dir.path() + "/x.mtx"};
  if (!c.omega.empty()) argv.insert(argv.end(), {"--omega", c.omega});
  if (!c.rhs.empty()) argv.insert(argv.end(), {"--rhs", c.rhs_path});
  if (!c.tolerance.empty()) argv.insert(argv.end(), {"--tol", c.tolerance});
  if (!c.max_iterations.empty()) argv.insert(argv.end(), {"--max-iter", c.max_iterations});
  Outcome o;
  const RunResult r = run(argv);
  o.exit_code = r.exit_code;
  o.result = {
      {"matrix", c.matrix}, {"method", c.method}, {"nodes", c.nodes}, {"exit_code", r.exit_code}};
  // the options given, as the report names them; a case without them records what it always did
  if (!c.omega.empty()) o.result["omega"] = std::stod(c.omega);
  if (!c.rhs.empty()) o.result["rhs"] = c.rhs;
  if (!c.tolerance.empty()) o.result["tolerance"] = std::stod(c.tolerance);
  if (!c.max_iterations.empty()) o.result["max_iterations"] = std::stoll(c.max_iterations);
  const std::string report = read_text(dir.path() + "/r.json");
  if (report.empty()) {  // refused before solving: an input error
    o.result["outcome"] = "input_error";
    return o;
  }
  const auto j = nlohmann::json::parse(report);
  o.result["outcome"] = j["outcome"];
  o.result["iterations"] = j["iterations"];
  o.result["relative_residual"] = j["relative_residual"];
  if (j["outcome"] == "converged" || j["outcome"] == "max_iterations") {
    o.x_text = read_text(dir.path() + "/x.mtx");
  }
  return o;
}

// What an update writes for the outcome, and what expected/ holds for the case.
ExpectationFiles files_of(const Outcome& o) {
  return {o.result.dump(2) + "\n", o.x_text.empty() ? std::nullopt : std::optional(o.x_text)};
}
ExpectationFiles recorded_files(const std::string& json_path, const std::string& x_path) {
  return {read_text(json_path),
          std::filesystem::exists(x_path) ? std::optional(read_text(x_path)) : std::nullopt};
}

std::vector<double> vector_from(const std::string& text) {
  TempDir dir;
  return slae::read_matrix_market_vector(dir.file("x.mtx", text));
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
  REQUIRE(out.good());
}

}  // namespace

TEST_CASE(
    "convergence regression: every case of cases.txt (tests/regression/ or "
    "SLAE_REGRESSION_DIR)",
    "[regression]") {
  const char* update_flag = std::getenv("SLAE_REGRESSION_UPDATE");
  const bool update = update_flag != nullptr && std::string(update_flag) == "1";
  const std::string dir = suite_dir();
  INFO("the suite in " << dir);
  const std::string cases_path = dir + "/cases.txt";
  if (!std::filesystem::is_regular_file(cases_path))
    FAIL("no " << cases_path << " (SLAE_REGRESSION_DIR names a directory holding cases.txt)");
  const RegressionCases cases = parse_regression_cases(read_text(cases_path), dir, kRepository);
  const std::string expected_dir = dir + "/expected/";
  if (update) std::filesystem::create_directories(expected_dir);
  // a bad line is refused, in both modes: recorded, a typo would pass forever as input_error
  for (const std::string& problem : cases.problems)
    FAIL_CHECK(problem);
  REQUIRE(cases.problems.empty());
  REQUIRE_FALSE(cases.cases.empty());
  for (const Case& c : cases.cases) {
    DYNAMIC_SECTION(c.id) {
      const Outcome now = run_case(c);
      const std::string json_path = expected_dir + c.id + ".json";
      const std::string x_path = expected_dir + c.id + ".x.mtx";
      const ExpectationFiles would_write = files_of(now);
      if (update) {
        write_file(json_path, would_write.json);
        std::remove(x_path.c_str());
        if (would_write.x) write_file(x_path, *would_write.x);
        continue;
      }
      const std::string recorded = read_text(json_path);
      if (recorded.empty()) {
        FAIL("no expected/" << c.id
                            << ".json: a new case? record it with "
                               "SLAE_REGRESSION_UPDATE=1 (see tests/regression/README.md)");
      }
      INFO("case " << c.id << " (cases.txt:" << c.line << ") differs from expected/" << c.id
                   << ".*: find out why before re-recording it");
      const auto expected = nlohmann::json::parse(recorded);
      CAPTURE(expected.dump(), now.result.dump());
      CHECK(now.exit_code == expected["exit_code"].get<int>());
      CHECK(now.result["outcome"] == expected["outcome"]);
      // a solve that ran records its iteration count, and x when x means something
      CHECK(expected.contains("iterations") == now.result.contains("iterations"));
      if (expected.contains("iterations") && now.result.contains("iterations")) {
        CHECK(std::abs(now.result["iterations"].get<long>() - expected["iterations"].get<long>()) <=
              1);
      }
      const std::string expected_x = read_text(x_path);
      CHECK(expected_x.empty() == now.x_text.empty());
      if (!expected_x.empty() && !now.x_text.empty()) {
        REQUIRE_FALSE(now.x_text.empty());
        const auto x = vector_from(now.x_text), xe = vector_from(expected_x);
        REQUIRE(x.size() == xe.size());
        double diff = 0.0, norm = 0.0;
        for (std::size_t i = 0; i < x.size(); ++i) {
          diff += (x[i] - xe[i]) * (x[i] - xe[i]);
          norm += xe[i] * xe[i];
        }
        CHECK(std::sqrt(diff) <= 1e-10 * std::sqrt(norm));
      }
      for (const std::string& change :
           expectation_changes(c.id, recorded_files(json_path, x_path), would_write))
        FAIL_CHECK(change << " (stale: re-record it with SLAE_REGRESSION_UPDATE=1 once the "
                             "change is understood, see tests/regression/README.md)");
    }
  }
}
