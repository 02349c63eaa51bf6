#include "coordinator/text/method_list.hpp"

#include <algorithm>
#include <string_view>

#include "coordinator/text/flag_suggestion.hpp"
#include "solver/printable.hpp"

namespace slae::coordinator {

const char* method_name(SolveMethod method) {
  switch (method) {
    case SolveMethod::cg:
      return "cg";
    case SolveMethod::gauss_seidel:
      return "gauss-seidel";
    case SolveMethod::sor:
      return "sor";
    case SolveMethod::jacobi:
      break;
  }
  return "jacobi";
}

protocol::Method wire_method(SolveMethod method) {
  switch (method) {
    case SolveMethod::cg:
      return protocol::Method::cg;
    case SolveMethod::gauss_seidel:
      return protocol::Method::gauss_seidel;
    case SolveMethod::sor:
      return protocol::Method::sor;
    case SolveMethod::jacobi:
      break;
  }
  return protocol::Method::jacobi;
}

std::optional<SolveMethod> from_wire(std::uint8_t code) {
  switch (static_cast<protocol::Method>(code)) {
    case protocol::Method::jacobi:
      return SolveMethod::jacobi;
    case protocol::Method::cg:
      return SolveMethod::cg;
    case protocol::Method::gauss_seidel:
      return SolveMethod::gauss_seidel;
    case protocol::Method::sor:
      return SolveMethod::sor;
  }
  return std::nullopt;
}

bool takes_omega(SolveMethod method) {
  return method == SolveMethod::jacobi || method == SolveMethod::sor;
}

bool multicolour(SolveMethod method) {
  return method == SolveMethod::gauss_seidel || method == SolveMethod::sor;
}

std::vector<SolveMethod> parse_methods(const std::string& list) {
  std::vector<SolveMethod> methods;
  std::size_t start = 0;
  while (start <= list.size()) {
    const std::size_t comma = std::min(list.find(',', start), list.size());
    const std::string name = lower_trimmed(std::string_view(list).substr(start, comma - start));
    SolveMethod method;
    if (name == "jacobi") {
      method = SolveMethod::jacobi;
    } else if (name == "cg") {
      method = SolveMethod::cg;
    } else if (name == "gauss-seidel" || name == "gauss_seidel" || name == "gs") {
      method = SolveMethod::gauss_seidel;
    } else if (name == "sor") {
      method = SolveMethod::sor;
    } else {
      const auto near = nearest_flag(name, {"jacobi", "cg", "gauss-seidel", "sor"});
      throw std::invalid_argument("'" + printable(name) +
                                  "' is not a method (jacobi, gauss-seidel, sor, cg, or a list "
                                  "such as jacobi,gauss-seidel)" +
                                  (near ? "; did you mean " + *near + "?" : ""));
    }
    if (std::find(methods.begin(), methods.end(), method) != methods.end())
      throw std::invalid_argument("'" + std::string(method_name(method)) + "' is listed twice");
    methods.push_back(method);
    start = comma + 1;
  }
  return methods;
}

std::vector<MethodSpec> plan_runs(const std::vector<SolveMethod>& methods,
                                  const std::vector<double>& omegas) {
  std::vector<MethodSpec> runs;
  for (const SolveMethod method : methods) {
    if (!takes_omega(method) || omegas.empty()) {
      runs.push_back({method, 1.0});
      continue;
    }
    for (const double omega : omegas)
      runs.push_back({method, omega});
  }
  return runs;
}

}  // namespace slae::coordinator
