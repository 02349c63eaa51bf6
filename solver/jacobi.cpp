#include "solver/jacobi.hpp"

#include <stdexcept>

namespace slae {

double jacobi_sweep(const RowBlock& block, std::span<const double> x_local,
                    std::span<double> x_next) {
  const std::int64_t m = block.rows();
  if (static_cast<std::int64_t>(x_local.size()) != block.local_size() ||
      static_cast<std::int64_t>(x_next.size()) != m) {
    throw std::invalid_argument("jacobi_sweep: buffer sizes do not match the row block");
  }
  const std::int64_t* row_ptr = block.row_ptr.data();
  const std::int32_t* col = block.local_col.data();
  const double* val = block.values.data();
  const double* x = x_local.data();
  double residual_sq = 0.0;
  for (std::int64_t i = 0; i < m; ++i) {
    double ax = 0.0;
    for (std::int64_t k = row_ptr[i]; k < row_ptr[i + 1]; ++k)
      ax += val[k] * x[col[k]];
    // r_i = b_i - (A x)_i ;  x_next_i = x_i + r_i / a_ii
    const double r = block.rhs[i] - ax;
    x_next[i] = x[i] + block.inv_diag[i] * r;
    residual_sq += r * r;
  }
  return residual_sq;
}

}  // namespace slae
