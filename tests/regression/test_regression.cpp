// Convergence regression suite: every case of cases.txt, run through the real coordinator,
// against the results recorded in expected/. A case fails when its outcome (or exit code)
// changes, its iteration count moves by more than 1, or its solution moves by more than 1e-10
// relative. SLAE_REGRESSION_UPDATE=1 records the current results instead (review the diff).
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "solver/matrix_market.hpp"
#include "tests/integration/process_runner.hpp"

using namespace slae::test;

namespace {

const std::string kRoot = SLAE_SOURCE_DIR;
const std::string kExpected = kRoot + "/tests/regression/expected/";
constexpr int kNodes = 2;

struct Case {
  std::string matrix;  ///< relative to the repository root
  std::string method;
  std::string omega;  ///< empty: none given
  std::string id;     ///< file stem in expected/: gr_30_30.jacobi, gr_30_30.jacobi.omega1.2
};

std::vector<Case> load_cases() {
  std::ifstream in(kRoot + "/tests/regression/cases.txt");
  REQUIRE(in);
  std::vector<Case> cases;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    Case c;
    fields >> c.matrix >> c.method >> c.omega;
    if (c.matrix.empty()) continue;
    std::string stem = c.matrix.substr(c.matrix.find_last_of('/') + 1);
    stem = stem.substr(0, stem.find_last_of('.'));
    c.id = stem + "." + c.method + (c.omega.empty() ? "" : ".omega" + c.omega);
    cases.push_back(c);
  }
  return cases;
}

struct Outcome {
  int exit_code = -1;
  nlohmann::json result;  ///< what expected/<id>.json holds
  std::string x_text;     ///< the solution written, when there is a meaningful one
};

Outcome run_case(const Case& c) {
  TempDir dir;
  std::vector<std::string> argv = {binary("coordinator"),
                                   "--matrix",
                                   kRoot + "/" + c.matrix,
                                   "--method",
                                   c.method,
                                   "--nodes",
                                   std::to_string(kNodes),
                                   "--quiet",
                                   "--report",
                                   dir.path() + "/r.json",
                                   "--output",
                                   dir.path() + "/x.mtx"};
  if (!c.omega.empty()) argv.insert(argv.end(), {"--omega", c.omega});
  Outcome o;
  const RunResult r = run(argv);
  o.exit_code = r.exit_code;
  o.result = {
      {"matrix", c.matrix}, {"method", c.method}, {"nodes", kNodes}, {"exit_code", r.exit_code}};
  if (!c.omega.empty()) o.result["omega"] = std::stod(c.omega);
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

TEST_CASE("convergence regression: every case of tests/regression/cases.txt", "[regression]") {
  const char* update_flag = std::getenv("SLAE_REGRESSION_UPDATE");
  const bool update = update_flag != nullptr && std::string(update_flag) == "1";
  for (const Case& c : load_cases()) {
    DYNAMIC_SECTION(c.id) {
      const Outcome now = run_case(c);
      const std::string json_path = kExpected + c.id + ".json";
      const std::string x_path = kExpected + c.id + ".x.mtx";
      if (update) {
        write_file(json_path, now.result.dump(2) + "\n");
        std::remove(x_path.c_str());
        if (!now.x_text.empty()) write_file(x_path, now.x_text);
        continue;
      }
      const std::string recorded = read_text(json_path);
      INFO("no expected/" << c.id << ".json: record it with SLAE_REGRESSION_UPDATE=1");
      REQUIRE_FALSE(recorded.empty());
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
    }
  }
}
