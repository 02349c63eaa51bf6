// What a run leaves behind for a course or a regression suite: the history CSV, the SVG chart,
// the JSON report (its traffic figures checked against the partition), and nothing else: no
// shared-memory object outlives its run.
#include <signal.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "process_runner.hpp"
#include "solve_helpers.hpp"
#include "solver/csr_matrix.hpp"
#include "solver/matrix_market.hpp"
#include "tests/support/svg_reading.hpp"
#include "tests/support/xml_check.hpp"

using namespace slae::test;

namespace {

std::vector<std::vector<std::string>> csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  for (const std::string& line : lines(text)) {
    std::vector<std::string> cells;
    std::stringstream in(line);
    std::string cell;
    while (std::getline(in, cell, ','))
      cells.push_back(cell);
    if (!line.empty() && line.back() == ',') cells.emplace_back();
    rows.push_back(cells);
  }
  return rows;
}

// Shared-memory objects of ours in /dev/shm (older versions named them slae-<pid>-...).
std::vector<std::string> shared_memory_objects() {
  std::vector<std::string> found;
  for (const auto& entry : std::filesystem::directory_iterator("/dev/shm")) {
    const std::string name = entry.path().filename();
    if (name.rfind("slae", 0) == 0) found.push_back(name);
  }
  return found;
}

}  // namespace

TEST_CASE("the history has one row per iteration and method, with the convergence factor",
          "[integration][history]") {
  const Solved s = solve("tridiagonal_A.mm", 2, {"--method", "jacobi,cg"});
  REQUIRE(s.run.exit_code == 0);
  const auto rows = csv(s.history);
  REQUIRE(rows.size() > 1);
  CHECK(rows[0] == std::vector<std::string>{"method", "iteration", "relative_residual", "factor",
                                            "seconds", "error"});
  const int jacobi = s.report["solves"][0]["iterations"], cg = s.report["solves"][1]["iterations"];
  REQUIRE(rows.size() == static_cast<std::size_t>(1 + (jacobi + 1) + (cg + 1)));
  CHECK(rows[1][0] == "jacobi");
  CHECK(rows[1][1] == "0");
  CHECK(rows[1][3].empty());  // no factor before the first step
  for (std::size_t r = 2; r < rows.size(); ++r) {
    if (rows[r][1] == "0") continue;  // the first row of the next method
    const double now = std::stod(rows[r][2]), before = std::stod(rows[r - 1][2]);
    CHECK(std::stod(rows[r][3]) == Approx(now / before).epsilon(1e-15));
    CHECK(std::stod(rows[r][4]) >= std::stod(rows[r - 1][4]));  // time runs forward
  }
  CHECK(rows.back()[0] == "cg");
  CHECK(rows.back()[1] == std::to_string(cg));
  // the history holds the residual CG tracked; the report both that and the true one
  CHECK(std::stod(rows.back()[2]) == s.report["solves"][1]["recursive_residual"].get<double>());
  // b = A*1: the exact solution is known, so every row has the error ||x_k - 1|| / ||1||
  CHECK(std::stod(rows[1][5]) == Approx(1.0));  // x_0 = 0
  CHECK(std::stod(rows[static_cast<std::size_t>(jacobi + 1)][5]) ==
        s.report["solves"][0]["error"].get<double>());
  CHECK(std::stod(rows.back()[5]) == s.report["solves"][1]["error"].get<double>());
  for (std::size_t r = 1; r < rows.size(); ++r)
    CHECK_FALSE(rows[r][5].empty());
}

TEST_CASE("the plot is an SVG chart with labelled axes, a log scale and a legend",
          "[integration][plot]") {
  const Solved s = solve("gr_30_30.mtx", 2, {"--method", "jacobi,cg", "--omega", "0.9"});
  REQUIRE(s.run.exit_code == 0);
  const std::string& svg = s.plot;
  CHECK(svg.rfind("<?xml", 0) == 0);
  CHECK(xml_problem(svg).empty());  // opens in a browser: well-formed XML
  // axis titles, legend and title are real text
  CHECK(svg::has_text(svg, "iteration k"));
  CHECK(svg::has_text(svg, "relative residual \u2016b \u2212 Ax\u2096\u2016 / \u2016b\u2016"));
  // the legend says how each method ended, the title what was solved (not on how many nodes)
  const int jacobi = s.report["solves"][0]["iterations"], cg = s.report["solves"][1]["iterations"];
  CHECK(svg::has_text(svg,
                      "jacobi (omega 0.9): converged, " + std::to_string(jacobi) + " iterations"));
  CHECK(svg::has_text(svg, "cg: converged, " + std::to_string(cg) + " iterations"));
  CHECK(svg::has_text(svg, "gr_30_30.mtx: 900 rows, 7744 non-zeros"));
  CHECK(svg::count(svg, "<g class=\"series\"") == 2);  // one line per method
  // log scale: a label 10^d at every decade from 10^0 down past the tolerance
  CHECK_THAT(svg, Catch::Contains(">0</tspan>"));
  for (int decade = 1; decade <= 8; ++decade)
    CHECK_THAT(svg, Catch::Contains(">\u2212" + std::to_string(decade) + "</tspan>"));
  CHECK_THAT(svg, Catch::Contains("tol 1e-08"));
}

TEST_CASE("report traffic matches the partition, through shared memory or the socket",
          "[integration][report]") {
  const bool shared = GENERATE(true, false);
  CAPTURE(shared);
  std::vector<std::string> extra;
  if (!shared) extra.push_back("--no-shared-memory");
  const Solved s = solve("gr_30_30.mtx", 3, extra);
  REQUIRE(s.run.exit_code == 0);
  const auto& r = s.report;
  CHECK(r["shared_memory_nodes"] == (shared ? 3 : 0));
  CHECK(r["chunk_rows"] == 1);  // 900 rows: one row per reduction chunk
  // each node's ghosts, counted here from the matrix: the columns outside its rows it references
  const slae::CsrMatrix a =
      slae::CsrMatrix::from_coo(slae::read_matrix_market(matrix("gr_30_30.mtx")));
  long ghosts = 0, early_exports = 0;
  for (const auto& node : r["nodes"]) {
    const std::int32_t begin = node["row_begin"], end = node["row_end"];
    std::set<std::int32_t> outside;
    for (std::int32_t i = begin; i < end; ++i) {
      for (std::int64_t p = a.row_ptr[static_cast<std::size_t>(i)];
           p < a.row_ptr[static_cast<std::size_t>(i) + 1]; ++p) {
        const std::int32_t column = a.col_idx[static_cast<std::size_t>(p)];
        if (column < begin || column >= end) outside.insert(column);
      }
    }
    CHECK(node["ghosts"] == outside.size());
    ghosts += node["ghosts"].get<long>();
    const long rows = node["row_end"].get<long>() - node["row_begin"].get<long>();
    const long exports = node["exports"];
    if (!shared && 4 * exports <= rows) early_exports += exports;  // sent ahead of the block
  }
  // every message carries a header of a few dozen bytes; three nodes, one or two per iteration
  const double headers = 3 * 2 * 64.0;
  const double to_nodes = r["bytes_to_nodes_per_iteration"];
  CHECK(to_nodes >= 8.0 * ghosts);  // ghosts only: never a whole x
  CHECK(to_nodes <= 8.0 * ghosts + headers);
  const double from_nodes = r["bytes_from_nodes_per_iteration"];
  const double residual_sums = 8.0 * 900;  // one per chunk
  const double blocks = shared ? 0.0 : 8.0 * (900 + early_exports);
  CHECK(from_nodes >= residual_sums + blocks);
  CHECK(from_nodes <= residual_sums + blocks + headers);
}

TEST_CASE("shared memory and the socket give the same x, bit for bit", "[integration][shared]") {
  const Solved shared = solve("pts5ldd03.mtx", 3);
  const Solved socket = solve("pts5ldd03.mtx", 3, {"--no-shared-memory"});
  REQUIRE(shared.run.exit_code == 0);
  REQUIRE(socket.run.exit_code == 0);
  CHECK(shared.report["shared_memory_nodes"] == 3);
  CHECK(shared.x_text == socket.x_text);
  CHECK(shared.report["residual_history"] == socket.report["residual_history"]);
}

TEST_CASE("a node that cannot map shared memory falls back to the socket, same x",
          "[integration][shared]") {
  TempDir dir;
  // a node program that refuses every segment, as a node in another mount namespace would fail
  const std::string wrapper =
      dir.file("refusing-node",
               "#!/bin/sh\nexec " + binary("slae-node") + " --test-refuse-shared-memory \"$@\"\n");
  REQUIRE(::chmod(wrapper.c_str(), 0755) == 0);
  const Solved shared = solve("pts5ldd03.mtx", 3);
  const Solved refused = solve("pts5ldd03.mtx", 3, {"--node-program", wrapper});
  REQUIRE(shared.run.exit_code == 0);
  REQUIRE(refused.run.exit_code == 0);
  CHECK(shared.report["shared_memory_nodes"] == 3);
  CHECK(refused.report["shared_memory_nodes"] == 0);
  CHECK_THAT(refused.run.err, Catch::Contains("could not map its shared memory"));
  CHECK(refused.x_text == shared.x_text);
  CHECK(refused.report["residual_history"] == shared.report["residual_history"]);
  // the blocks came through the socket
  CHECK(refused.report["bytes_from_nodes_per_iteration"].get<double>() >
        8.0 * refused.report["rows"].get<double>());
}

TEST_CASE("a node that truncates its shared memory cannot kill the coordinator",
          "[integration][shared]") {
  TempDir dir;
  // before the segments were sealed memfds, this node's truncation made the coordinator's next
  // read of its block a SIGBUS
  const std::string wrapper =
      dir.file("shrinking-node",
               "#!/bin/sh\nexec " + binary("slae-node") + " --test-shrink-shared-memory \"$@\"\n");
  REQUIRE(::chmod(wrapper.c_str(), 0755) == 0);
  const Solved honest = solve("gr_30_30.mtx", 2);
  const Solved hostile = solve("gr_30_30.mtx", 2, {"--node-program", wrapper});
  REQUIRE(honest.run.exit_code == 0);
  CHECK(hostile.run.exit_code == 0);
  CHECK_THAT(hostile.run.err, Catch::Contains("tried to shrink the shared memory: Operation "
                                              "not permitted"));
  CHECK(hostile.report["shared_memory_nodes"] == 2);
  CHECK(hostile.x_text == honest.x_text);
}

TEST_CASE("no shared-memory object is left in /dev/shm, even by a killed run",
          "[integration][shared]") {
  // the segments are memfds: they vanish with the processes that hold them
  Process killed({binary("coordinator"), "--matrix", matrix("nos6.mtx"), "--nodes", "3",
                  "--max-iter", "100000000", "--quiet"});
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  CHECK(shared_memory_objects().empty());
  killed.signal(SIGKILL);
  killed.wait(10);
  CHECK(shared_memory_objects().empty());
}
