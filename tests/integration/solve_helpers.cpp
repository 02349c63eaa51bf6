#include "solve_helpers.hpp"

#include "solver/csr_matrix.hpp"
#include "solver/jacobi_solver.hpp"
#include "solver/matrix_market.hpp"

namespace slae::test {

std::vector<nlohmann::json> events_of(const nlohmann::json& report, const std::string& kind) {
  std::vector<nlohmann::json> found;
  for (const nlohmann::json& e : report["events"])
    if (e["event"] == kind) found.push_back(e);
  return found;
}

Solved solve(const std::string& name, int nodes, const std::vector<std::string>& extra) {
  TempDir dir;
  std::vector<std::string> argv = {binary("coordinator"),
                                   "--matrix",
                                   matrix(name),
                                   "--nodes",
                                   std::to_string(nodes),
                                   "--quiet",
                                   "--output",
                                   dir.path() + "/x.mtx",
                                   "--report",
                                   dir.path() + "/report.json",
                                   "--history",
                                   dir.path() + "/history.csv",
                                   "--plot",
                                   dir.path() + "/plot.svg"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  Solved s;
  s.run = run(argv);
  const std::string report = read_text(dir.path() + "/report.json");
  if (!report.empty()) s.report = nlohmann::json::parse(report);
  s.x_text = read_text(dir.path() + "/x.mtx");
  s.history = read_text(dir.path() + "/history.csv");
  s.plot = read_text(dir.path() + "/plot.svg");
  return s;
}

std::vector<double> parse_x(const std::string& text) {
  TempDir dir;
  return read_matrix_market_vector(dir.file("x.mtx", text));
}

double relative_residual_with_ones(const std::string& name, const std::vector<double>& x) {
  const CsrMatrix a = CsrMatrix::from_coo(read_matrix_market(matrix(name)));
  std::vector<double> ones(a.rows, 1.0), b(a.rows), ax(a.rows);
  a.multiply(ones, b);
  a.multiply(x, ax);
  for (std::size_t i = 0; i < b.size(); ++i)
    ax[i] = b[i] - ax[i];
  return norm2(ax) / norm2(b);
}

}  // namespace slae::test
