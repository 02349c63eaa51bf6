#pragma once
// Matrix Market writing: vectors (the solution x) and sparse matrices (the generators).
// Values are written in the shortest form that reads back to the same double, so a file
// written here and read by parse_matrix_market (or scipy's mmread) gives the very same bits.
#include <cstdio>
#include <span>

#include "solver/csr_matrix.hpp"

namespace slae {

/// Writes x as an n x 1 "array real general" file. Throws std::runtime_error if the write fails.
void write_matrix_market_vector(std::FILE* out, std::span<const double> x);

/// Writes A as "coordinate real general", one entry per line in row order.
/// Throws std::runtime_error if the write fails.
void write_matrix_market(std::FILE* out, const CsrMatrix& a);

}  // namespace slae
