// The suite run by the real test program on a directory of cases of its own
// (SLAE_REGRESSION_DIR), as a course runs it: recording, checking, and failing a stale recording,
// with the repository's expected/ out of it.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "tests/integration/process_runner.hpp"

using namespace slae::test;

namespace {

// A 3 x 3 symmetric positive definite matrix of the suite's own, beside its cases.txt.
const std::string kOwnMatrix =
    "%%MatrixMarket matrix coordinate real general\n"
    "3 3 7\n1 1 4\n1 2 1\n2 1 1\n2 2 3\n2 3 1\n3 2 1\n3 3 2\n";

// This very program, running only the suite's test case on `dir`; compact: one line per failure.
RunResult run_suite(const std::string& dir, bool update) {
  const std::string self = std::filesystem::read_symlink("/proc/self/exe");
  return run({"/usr/bin/env", "SLAE_REGRESSION_DIR=" + dir,
              std::string("SLAE_REGRESSION_UPDATE=") + (update ? "1" : "0"), self, "[regression]",
              "--reporter", "compact"},
             120);
}

}  // namespace

TEST_CASE("SLAE_REGRESSION_DIR runs a course's own cases.txt against its own expected/",
          "[regression-dir]") {
  TempDir suite;
  suite.file("cases.txt",
             "# a course's own suite\nown.mtx cg\nown.mtx cg rhs=own_b.mtx nodes=1\n"
             "matrices/tridiagonal_A.mm jacobi\n");
  suite.file("own.mtx", kOwnMatrix);
  suite.file("own_b.mtx", "%%MatrixMarket matrix array real general\n3 1\n1\n0\n-1\n");

  const RunResult recorded = run_suite(suite.path(), true);
  INFO(recorded.out << recorded.err);
  REQUIRE(recorded.exit_code == 0);
  REQUIRE(std::filesystem::is_directory(suite.path() + "/expected"));
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(suite.path() + "/expected"))
    files.push_back(entry.path().filename());
  std::sort(files.begin(), files.end());
  CHECK(files == std::vector<std::string>{
                     "own.cg.json", "own.cg.rhsown_b.nodes1.json", "own.cg.rhsown_b.nodes1.x.mtx",
                     "own.cg.x.mtx", "tridiagonal_A.jacobi.json", "tridiagonal_A.jacobi.x.mtx"});
  const std::string own_path = suite.path() + "/expected/own.cg.json";
  auto own = nlohmann::json::parse(read_text(own_path));
  CHECK(own["outcome"] == "converged");
  // as cases.txt writes it: the recording does not depend on where the suite sits
  CHECK(own["matrix"] == "own.mtx");
  // b of the suite's own: x is not A^-1 (A*1), which the other case solves for
  const auto with_b =
      nlohmann::json::parse(read_text(suite.path() + "/expected/own.cg.rhsown_b.nodes1.json"));
  CHECK(with_b["rhs"] == "own_b.mtx");
  CHECK(with_b["nodes"] == 1);
  CHECK(with_b["outcome"] == "converged");
  CHECK(read_text(suite.path() + "/expected/own.cg.rhsown_b.nodes1.x.mtx") !=
        read_text(suite.path() + "/expected/own.cg.x.mtx"));

  const RunResult checked = run_suite(suite.path(), false);
  INFO(checked.out << checked.err);
  CHECK(checked.exit_code == 0);

  // within every tolerance, but not what an update would write: stale, and named
  own["relative_residual"] = own["relative_residual"].get<double>() * (1 + 1e-9);
  suite.file("expected/own.cg.json", own.dump(2) + "\n");
  const RunResult stale = run_suite(suite.path(), false);
  INFO(stale.out << stale.err);
  CHECK(stale.exit_code != 0);
  CHECK_THAT(stale.out,
             Catch::Contains("an update would change expected/own.cg.json: relative_residual"));
  CHECK_THAT(stale.out, !Catch::Contains("tridiagonal_A.jacobi.json"));
}
