#pragma once
// The cases of the convergence regression suite (cases.txt), read and checked: a line that names
// a file that is not there, a method that does not exist, a weight that is not one or an option
// the coordinator would refuse is refused with its line number, so that a typo can never be
// recorded as an expected "input_error".
//
// A line: matrix method [omega] [rhs=FILE] [tol=TOL] [max-iter=N] [nodes=K]
#include <string>
#include <vector>

namespace slae::test {

struct RegressionCase {
  int line = 0;
  std::string matrix;          ///< as cases.txt writes it (and expected/<id>.json records it)
  std::string matrix_path;     ///< the file it names (see parse_regression_cases)
  std::string method;          ///< jacobi, gauss-seidel, sor or cg
  std::string omega;           ///< empty: none given
  std::string rhs;             ///< b's file as written; empty: b = A*1
  std::string rhs_path;        ///< the file it names
  std::string tolerance;       ///< as written; empty: the coordinator's 1e-8
  std::string max_iterations;  ///< as written; empty: the coordinator's 10000
  int nodes = 2;
  bool nodes_given = false;
  /// file stem in expected/: the matrix's file name without its extension, the method, then
  /// each option given: gr_30_30.jacobi.omega1.2, Trefethen_20b.cg.rhsTrefethen_20b_b.nodes3
  std::string id;
};

struct RegressionCases {
  std::vector<RegressionCase> cases;
  std::vector<std::string> problems;  ///< "cases.txt:12: no file matrices/x.mtx", one per bad line
};

/// Reads `text` (the contents of suite_dir/cases.txt). A relative path (the matrix's or b's) names
/// a file of `suite_dir` or, when there is none, of `repository` (so that any suite reaches the
/// shipped matrices/ as the repository's own does); one that names a file in both is refused, since
/// the two would share a case id.
RegressionCases parse_regression_cases(const std::string& text, const std::string& suite_dir,
                                       const std::string& repository);

}  // namespace slae::test
