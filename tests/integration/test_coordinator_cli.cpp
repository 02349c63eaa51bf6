// The command line as a user meets it: every malformed input is exit 2 and one line naming the
// file and line; flags; the report; both transports.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "process_runner.hpp"

using namespace slae::test;

namespace {
const std::string kBanner = "%%MatrixMarket matrix coordinate real general\n";
}

TEST_CASE("every malformed matrix exits 2 with one line naming the file and line",
          "[integration][input]") {
  const auto [label, text, where] = GENERATE(table<std::string, std::string, std::string>({
      {"bad banner", "%%MatrixMarket matrix sparse real general\n2 2 1\n1 1 1\n", ":1: "},
      {"no banner", "2 2 1\n1 1 1\n", ":1: "},
      {"complex", "%%MatrixMarket matrix coordinate complex general\n1 1 1\n1 1 1 0\n", ":1: "},
      {"hermitian", "%%MatrixMarket matrix coordinate real hermitian\n1 1 1\n1 1 1\n", ":1: "},
      {"non-square", kBanner + "2 3 1\n1 1 1\n", ":2: "},
      {"malformed size", kBanner + "2 2\n1 1 1\n", ":2: "},
      {"size not a number", kBanner + "2 two 1\n1 1 1\n", ":2: "},
      {"row index 0", kBanner + "2 2 2\n1 1 1\n0 2 1\n", ":4: "},
      {"column index n+1", kBanner + "2 2 2\n1 1 1\n2 3 1\n", ":4: "},
      {"too many entries", kBanner + "2 2 1\n1 1 1\n2 2 1\n", ":4: "},
      {"truncated", kBanner + "% a comment\n3 3 3\n1 1 1\n2 2 1\n", ":5: "},
      {"missing value", kBanner + "2 2 2\n1 1 1\n2 2\n", ":4: "},
      {"not a number", kBanner + "2 2 2\n1 1 1\n2 2 abc\n", ":4: "},
      {"NaN", kBanner + "2 2 2\n1 1 nan\n2 2 1\n", ":3: "},
      {"Inf", kBanner + "2 2 2\n1 1 1\n2 2 -inf\n", ":4: "},
      {"overflow", kBanner + "2 2 2\n1 1 1e999\n2 2 1\n", ":3: "},
      {"huge header", kBanner + "100000 100000 500000000\n1 1 1\n", ":3: "},
      {"empty file", "", ":1: "},
  }));
  CAPTURE(label);
  TempDir dir;
  const std::string path = dir.file("A.mtx", text);
  const RunResult r = run({binary("coordinator"), "--matrix", path, "--quiet"}, 30);
  CHECK(r.exit_code == 2);
  REQUIRE(lines(r.err).size() == 1);
  CHECK(r.err.rfind(path + where, 0) == 0);  // starts with "path:line: "
}

TEST_CASE("a missing file, a wrong b and bad flags exit 2", "[integration][input]") {
  TempDir dir;
  SECTION("missing file") {
    const RunResult r = run({binary("coordinator"), "--matrix", dir.path() + "/none.mtx"});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("none.mtx: cannot open"));
  }
  SECTION("b of the wrong length") {
    const RunResult r = run({binary("coordinator"), "--matrix", matrix("LFAT5.mtx"), "--rhs",
                             matrix("Trefethen_20b_b.mtx"), "--quiet"});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("b has 19 rows but A has 14"));
  }
  SECTION("unknown flag") {
    CHECK(run({binary("coordinator"), "--bogus"}).exit_code == 2);
  }
  SECTION("no arguments") {
    CHECK(run({binary("coordinator")}).exit_code == 2);
  }
  SECTION("--matrix and --double together") {
    CHECK(
        run({binary("coordinator"), "--matrix", matrix("LFAT5.mtx"), "--double", "1"}).exit_code ==
        2);
  }
  SECTION("--help") {
    const RunResult r = run({binary("coordinator"), "--help"});
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("--matrix") && Catch::Contains("Exit codes"));
  }
}

TEST_CASE("without --rhs the run says b = A*1 and warns about diagonal dominance",
          "[integration][cli]") {
  const RunResult r = run({binary("coordinator"), "--matrix", matrix("LFAT5.mtx"), "--nodes", "2"});
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.err, Catch::Contains("b = A*1"));
  CHECK_THAT(r.err, Catch::Contains("not strictly diagonally dominant"));
  CHECK_THAT(r.err, Catch::Contains("converged"));
  CHECK(r.err.find('\r') == std::string::npos);  // no live status line when not a terminal
}

TEST_CASE("b = 0 gives x = 0 at once", "[integration][cli]") {
  TempDir dir;
  std::string zeros = "%%MatrixMarket matrix array real general\n14 1\n";
  for (int i = 0; i < 14; ++i)
    zeros += "0\n";
  const std::string zero_b = dir.file("b.mtx", zeros);
  const RunResult r = run({binary("coordinator"), "--matrix", matrix("LFAT5.mtx"), "--rhs", zero_b,
                           "--output", "-", "--report", dir.path() + "/r.json", "--quiet"});
  REQUIRE(r.exit_code == 0);
  const auto report = nlohmann::json::parse(read_text(dir.path() + "/r.json"));
  CHECK(report["iterations"] == 0);
  for (const std::string& line : lines(r.out)) {
    if (line[0] != '%' && line != "14 1") CHECK(line == "0");
  }
}

TEST_CASE("the report is complete and consistent with the partition", "[integration][report]") {
  TempDir dir;
  const RunResult r = run({binary("coordinator"), "--matrix", matrix("gr_30_30.mtx"), "--nodes",
                           "3", "--report", dir.path() + "/r.json", "--quiet"});
  REQUIRE(r.exit_code == 0);
  const auto report = nlohmann::json::parse(read_text(dir.path() + "/r.json"));
  CHECK(report["outcome"] == "converged");
  CHECK(report["rows"] == 900);
  CHECK(report["nnz"] == 7744);
  const int iterations = report["iterations"];
  CHECK(report["residual_history"].size() == static_cast<std::size_t>(iterations + 1));
  CHECK(report["residual_history"].back() == report["relative_residual"]);
  REQUIRE(report["nodes"].size() == 3);
  long expected_begin = 0, nnz = 0;
  for (const auto& node : report["nodes"]) {
    CHECK(node["row_begin"] == expected_begin);
    CHECK(node["row_end"].get<long>() > expected_begin);
    expected_begin = node["row_end"];
    nnz += node["nnz"].get<long>();
  }
  CHECK(expected_begin == 900);
  CHECK(nnz == 7744);
  for (const char* key : {"setup_seconds", "solve_seconds", "seconds_per_iteration",
                          "bytes_to_nodes_per_iteration", "bytes_from_nodes_per_iteration"}) {
    CAPTURE(key);
    CHECK(report[key].get<double>() > 0.0);
  }
  // the times add up: setup is reading (parsing included), partitioning and distributing;
  // the per-iteration figure divides the solve by the residuals judged (iterations + 1)
  const double setup = report["setup_seconds"], read = report["read_seconds"];
  CHECK(read >= report["parse_seconds"].get<double>());
  CHECK(setup >= read + report["distribution_seconds"].get<double>());
  CHECK(report["seconds_per_iteration"].get<double>() * (iterations + 1) ==
        Approx(report["solve_seconds"].get<double>()));
  // ghosts only: far less than a whole x (900 doubles) goes to the nodes per iteration
  CHECK(report["bytes_to_nodes_per_iteration"].get<double>() < 900 * 8);
  CHECK(report["bytes_from_nodes_per_iteration"].get<double>() > 900 * 8);
}

TEST_CASE("tcp transport on loopback solves the same", "[integration][cli]") {
  const RunResult r = run({binary("coordinator"), "--matrix", matrix("amg_match_16.mtx"), "--nodes",
                           "2", "--transport", "tcp", "--quiet", "--output", "-"});
  CHECK(r.exit_code == 0);
  const RunResult ipc = run({binary("coordinator"), "--matrix", matrix("amg_match_16.mtx"),
                             "--nodes", "2", "--quiet", "--output", "-"});
  CHECK(r.out == ipc.out);
}

TEST_CASE("more nodes than rows is clamped with a warning", "[integration][cli]") {
  const RunResult r =
      run({binary("coordinator"), "--matrix", matrix("nist_ex1.mtx"), "--nodes", "8", "--quiet"});
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.err, Catch::Contains("using 5 nodes"));
}
