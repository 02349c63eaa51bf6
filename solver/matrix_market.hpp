#pragma once
// Matrix Market reading (https://math.nist.gov/MatrixMarket/formats.html); writing is in
// matrix_market_writer.hpp.
// Every malformed input throws InputError whose message names the file and line:
//   "A.mtx:17: column index 0 is outside 1..100"
#include <string>
#include <string_view>
#include <vector>

#include "solver/coo_matrix.hpp"

namespace slae {

/// Parses Matrix Market text. `name` is used in error messages (usually the path).
/// Coordinate and array formats; real, integer and pattern fields (pattern entries are 1);
/// general, symmetric and skew-symmetric symmetry (the stored triangle is mirrored, the diagonal
/// never twice). Array format drops explicit zeros; coordinate keeps them.
CooMatrix parse_matrix_market(std::string_view text, const std::string& name);

/// Reads a whole file and parses it. Throws InputError naming the file if it cannot be read.
CooMatrix read_matrix_market(const std::string& path);

/// Reads a column vector: an n x 1 matrix in array or coordinate format (missing entries are 0).
std::vector<double> read_matrix_market_vector(const std::string& path);

}  // namespace slae
