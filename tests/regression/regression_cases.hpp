#pragma once
// The cases of the convergence regression suite (cases.txt), read and checked: a line that names
// a file that is not there, a method that does not exist or a weight that is not one is refused
// with its line number, so that a typo can never be recorded as an expected "input_error".
#include <string>
#include <vector>

namespace slae::test {

struct RegressionCase {
  int line = 0;
  std::string matrix;       ///< as cases.txt writes it (and expected/<id>.json records it)
  std::string matrix_path;  ///< the file it names (see parse_regression_cases)
  std::string method;       ///< jacobi or cg
  std::string omega;        ///< empty: none given
  std::string id;           ///< file stem in expected/: gr_30_30.jacobi, gr_30_30.jacobi.omega1.2
};

struct RegressionCases {
  std::vector<RegressionCase> cases;
  std::vector<std::string> problems;  ///< "cases.txt:12: no file matrices/x.mtx", one per bad line
};

/// Reads `text` (the contents of suite_dir/cases.txt). A relative path names a file of
/// `suite_dir` or, when there is none, of `repository` (so that any suite reaches the shipped
/// matrices/ as the repository's own does); one that names a file in both is refused, since the
/// two would share a case id.
RegressionCases parse_regression_cases(const std::string& text, const std::string& suite_dir,
                                       const std::string& repository);

}  // namespace slae::test
