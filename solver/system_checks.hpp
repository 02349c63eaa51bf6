#pragma once
// Checks that decide whether Jacobi can run on A at all, and whether it is expected to converge.
#include <cstdint>
#include <optional>
#include <vector>

#include "solver/coo_matrix.hpp"
#include "solver/csr_matrix.hpp"

namespace slae {

/// Throws InputError naming the first row (1-based, as in the file) whose diagonal entry is
/// missing or zero. Works on the COO form so that a header claiming 2^31 rows with a handful
/// of entries is refused before the CSR row array of that size is allocated.
void require_nonzero_diagonal(const CooMatrix& a);

/// 1 / a_ii for every row. Precondition: require_nonzero_diagonal passed.
std::vector<double> inverted_diagonal(const CsrMatrix& a);

/// The first row (0-based) where |a_ii| <= sum_{j != i} |a_ij|, or nothing when A is strictly
/// diagonally dominant by rows (a sufficient condition for Jacobi to converge).
std::optional<std::int64_t> first_row_not_diagonally_dominant(const CsrMatrix& a);

}  // namespace slae
