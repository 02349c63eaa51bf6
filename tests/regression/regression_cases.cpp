#include "tests/regression/regression_cases.hpp"

#include <charconv>
#include <cmath>
#include <filesystem>
#include <optional>
#include <set>
#include <sstream>
#include <system_error>

namespace slae::test {

namespace {

bool is_file(const std::string& path) {
  std::error_code ignored;  // a path we cannot look at is as good as none
  return std::filesystem::is_regular_file(path, ignored);
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

// A number the whole of `text` spells, or none.
std::optional<double> number_of(const std::string& text) {
  double v = 0.0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v))
    return std::nullopt;
  return v;
}
std::optional<long long> integer_of(const std::string& text) {
  long long v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

std::string stem_of(const std::string& path) {
  std::string stem = path.substr(path.find_last_of('/') + 1);
  return stem.substr(0, stem.find_last_of('.'));
}

// Reads one option, KEY=VALUE, into `c`; a problem when it is none, or not one the coordinator's
// flag would take (recorded, a refused value would pass forever as an input error).
std::string read_option(const std::string& field, RegressionCase& c, const std::string& suite_dir,
                        const std::string& repository) {
  const std::size_t equals = field.find('=');
  if (equals == std::string::npos) {
    return "unexpected '" + field + "' after the case (options are rhs=FILE, tol=TOL, " +
           "max-iter=N and nodes=K)";
  }
  const std::string key = field.substr(0, equals), value = field.substr(equals + 1);
  const std::string twice = key + " is given twice";
  if (key == "rhs") {
    if (!c.rhs.empty()) return twice;
    const Resolved rhs = resolve(value, suite_dir, repository);
    if (!rhs.problem.empty()) return rhs.problem;
    c.rhs = value;
    c.rhs_path = rhs.path;
  } else if (key == "tol") {
    if (!c.tolerance.empty()) return twice;
    const auto tol = number_of(value);
    if (!tol || !(*tol >= 0.0 && *tol <= 1e300)) {
      return "'" + value + "' is not a tolerance (a number in [0, 1e300], as --tol takes)";
    }
    c.tolerance = value;
  } else if (key == "max-iter") {
    if (!c.max_iterations.empty()) return twice;
    const auto n = integer_of(value);
    if (!n || *n < 0 || *n > (1LL << 40)) {
      return "'" + value + "' is not an iteration count (0 to 2^40, as --max-iter takes)";
    }
    c.max_iterations = value;
  } else if (key == "nodes") {
    if (c.nodes_given) return twice;
    const auto n = integer_of(value);
    if (!n || *n < 1 || *n > 1024) {
      return "'" + value + "' is not a node count (1 to 1024, as --nodes takes)";
    }
    c.nodes = static_cast<int>(*n);
    c.nodes_given = true;
  } else {
    return "'" + key + "' is not an option (rhs, tol, max-iter or nodes)";
  }
  return "";
}

// Reads the fields of one line into `c`; a problem when the line is not a case.
std::string read_case(std::istringstream& fields, RegressionCase& c, const std::string& suite_dir,
                      const std::string& repository) {
  fields >> c.method;
  const Resolved matrix = resolve(c.matrix, suite_dir, repository);
  if (!matrix.problem.empty()) return matrix.problem;
  c.matrix_path = matrix.path;
  if (c.method != "jacobi" && c.method != "cg" && c.method != "gauss-seidel" && c.method != "sor") {
    return "'" + c.method + "' is not a method (jacobi, gauss-seidel, sor or cg)";
  }
  std::vector<std::string> options;
  for (std::string field; fields >> field;)
    options.push_back(field);
  // the weight, when there is one, comes right after the method, as it always did
  if (!options.empty() && options.front().find('=') == std::string::npos) {
    c.omega = options.front();
    options.erase(options.begin());
  }
  if (c.method == "sor" && c.omega.empty()) return "sor needs its weight";
  if (!c.omega.empty()) {
    const auto w = number_of(c.omega);
    if (!w || !(*w > 0.0 && *w < 2.0) || (c.method != "jacobi" && c.method != "sor"))
      return "'" + c.omega + "' is not a weight of Jacobi or SOR in (0, 2)";
  }
  for (const std::string& option : options) {
    const std::string problem = read_option(option, c, suite_dir, repository);
    if (!problem.empty()) return problem;
  }
  // every option given is in the id, in a fixed order, so that cases differing by one do not
  // share their files and one written twice in another order is still the same case
  c.id = stem_of(c.matrix) + "." + c.method;
  if (!c.omega.empty()) c.id += ".omega" + c.omega;
  if (!c.rhs.empty()) c.id += ".rhs" + stem_of(c.rhs);
  if (!c.tolerance.empty()) c.id += ".tol" + c.tolerance;
  if (!c.max_iterations.empty()) c.id += ".max-iter" + c.max_iterations;
  if (c.nodes_given) c.id += ".nodes" + std::to_string(c.nodes);
  return "";
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
    if (!(fields >> c.matrix)) continue;
    const std::string where = "cases.txt:" + std::to_string(number) + ": ";
    const std::string problem = read_case(fields, c, suite_dir, repository);
    if (!problem.empty()) {
      out.problems.push_back(where + problem);
      continue;
    }
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
