#pragma once
// The methods a solve may run, by name: --method's list, and the runs it makes with --omega's
// weights (each method that takes a weight once per weight, the others once).
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "protocol/messages.hpp"

namespace slae::coordinator {

enum class SolveMethod { jacobi, cg, gauss_seidel, sor };

/// "jacobi", "cg", "gauss-seidel", "sor".
const char* method_name(SolveMethod method);

/// The method's code in a customer's submit, and back (nothing for an unknown code).
protocol::Method wire_method(SolveMethod method);
std::optional<SolveMethod> from_wire(std::uint8_t code);

/// Whether --omega weighs the method (Jacobi's damping, SOR's relaxation).
bool takes_omega(SolveMethod method);

/// Whether the method sweeps in a multicolour ordering (Gauss-Seidel, SOR).
bool multicolour(SolveMethod method);

/// "jacobi,cg", "CG", "jacobi, gs, sor" -> methods, in order; each at most once ("gs" and
/// "gauss_seidel" name gauss-seidel too). Throws std::invalid_argument with the reason.
std::vector<SolveMethod> parse_methods(const std::string& list);

/// One solve of a run: a method and its weight (1 where it takes none).
struct MethodSpec {
  SolveMethod method = SolveMethod::jacobi;
  double omega = 1.0;
};

/// The solves of --method with --omega's weights, in order: each method in turn, a method that
/// takes a weight once per weight (omegas empty: 1), the others once.
std::vector<MethodSpec> plan_runs(const std::vector<SolveMethod>& methods,
                                  const std::vector<double>& omegas);

}  // namespace slae::coordinator
