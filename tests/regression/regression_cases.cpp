#include "tests/regression/regression_cases.hpp"

#include <sys/stat.h>

#include <charconv>
#include <filesystem>
#include <set>
#include <sstream>

namespace slae::test {

namespace {

bool is_file(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

/// The file `path` names, or a problem ("no file x.mtx").
struct Resolved {
  std::string path;
  std::string problem;
};

Resolved resolve(const std::string& path, const std::string& suite_dir,
                 const std::string& repository) {
  if (!path.empty() && path[0] == '/') {
    if (is_file(path)) return {path, ""};
    return {"", "no file " + path};
  }
  const std::string in_suite = suite_dir + "/" + path, in_repository = repository + "/" + path;
  const bool suite_has = is_file(in_suite), repository_has = is_file(in_repository);
  if (suite_has && repository_has && !std::filesystem::equivalent(in_suite, in_repository)) {
    return {"", path + " is both " + in_suite + " and the repository's: give one another name " +
                    "(or write an absolute path)"};
  }
  if (suite_has) return {in_suite, ""};
  if (repository_has) return {in_repository, ""};
  return {"", "no file " + path};
}

}  // namespace

RegressionCases parse_regression_cases(const std::string& text, const std::string& suite_dir,
                                       const std::string& repository) {
  RegressionCases out;
  std::set<std::string> ids;
  std::istringstream in(text);
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    RegressionCase c;
    c.line = number;
    std::string extra;
    fields >> c.matrix >> c.method >> c.omega >> extra;
    if (c.matrix.empty()) continue;
    const std::string where = "cases.txt:" + std::to_string(number) + ": ";
    const Resolved matrix = resolve(c.matrix, suite_dir, repository);
    if (!matrix.problem.empty()) {
      out.problems.push_back(where + matrix.problem);
      continue;
    }
    c.matrix_path = matrix.path;
    if (c.method != "jacobi" && c.method != "cg" && c.method != "gauss-seidel" &&
        c.method != "sor") {
      out.problems.push_back(where + "'" + c.method +
                             "' is not a method (jacobi, gauss-seidel, sor or cg)");
      continue;
    }
    if (c.method == "sor" && c.omega.empty()) {
      out.problems.push_back(where + "sor needs its weight");
      continue;
    }
    if (!c.omega.empty()) {
      double w = 0.0;
      const auto [end, ec] = std::from_chars(c.omega.data(), c.omega.data() + c.omega.size(), w);
      if (ec != std::errc() || end != c.omega.data() + c.omega.size() || !(w > 0.0 && w < 2.0) ||
          (c.method != "jacobi" && c.method != "sor")) {
        out.problems.push_back(where + "'" + c.omega +
                               "' is not a weight of Jacobi or SOR in (0, 2)");
        continue;
      }
    }
    if (!extra.empty()) {
      out.problems.push_back(where + "unexpected '" + extra + "' after the case");
      continue;
    }
    std::string stem = c.matrix.substr(c.matrix.find_last_of('/') + 1);
    stem = stem.substr(0, stem.find_last_of('.'));
    c.id = stem + "." + c.method + (c.omega.empty() ? "" : ".omega" + c.omega);
    if (!ids.insert(c.id).second) {
      out.problems.push_back(where + "case " + c.id + " is listed twice (or two matrices share " +
                             "a file name)");
      continue;
    }
    out.cases.push_back(c);
  }
  return out;
}

}  // namespace slae::test
