#pragma once
// A matrix of matrices/ (the ones shipped with the project), read by our own reader.
#include <string>

#include "solver/csr_matrix.hpp"
#include "solver/matrix_market.hpp"

namespace slae::test {

inline CsrMatrix shipped_matrix(const std::string& name) {
  return CsrMatrix::from_coo(read_matrix_market(std::string(SLAE_MATRICES_DIR) + "/" + name));
}

}  // namespace slae::test
