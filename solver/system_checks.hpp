#pragma once
// Checks that decide whether Jacobi can run on A at all, and whether it is expected to converge.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "solver/coo_matrix.hpp"
#include "solver/csr_matrix.hpp"
#include "solver/stop_check.hpp"

namespace slae {

/// Throws InputError naming the first row (1-based, as in the file) whose diagonal entry is
/// missing or zero, and who needs it ("Jacobi", "CG's Jacobi preconditioner"). Works on the COO
/// form so that a header claiming 2^31 rows with a handful of entries is refused before the CSR
/// row array of that size is allocated.
void require_nonzero_diagonal(const CooMatrix& a, const std::string& who = "Jacobi",
                              const StopCheck& stop = {});

/// 1 / a_ii for every row. Precondition: require_nonzero_diagonal passed.
std::vector<double> inverted_diagonal(const CsrMatrix& a);

/// An entry whose mirror image differs: a(row, col) != a(col, row) (0-based).
struct AsymmetricPair {
  std::int64_t row = 0;
  std::int64_t col = 0;
  double value = 0.0;   ///< a(row, col)
  double mirror = 0.0;  ///< a(col, row), 0 when not stored
};

/// The first pair (in row order) breaking symmetry, or nothing when A equals its transpose
/// exactly. Exactly: CG's theory needs A = A^T, and files written by symmetric tools store both
/// halves from the same numbers (or only one half, mirrored by the reader).
std::optional<AsymmetricPair> first_asymmetric_entry(const CsrMatrix& a);

/// The first row (0-based) where |a_ii| <= sum_{j != i} |a_ij|, or nothing when A is strictly
/// diagonally dominant by rows (a sufficient condition for Jacobi to converge).
std::optional<std::int64_t> first_row_not_diagonally_dominant(const CsrMatrix& a);

}  // namespace slae
