#include "solver/jacobi.hpp"

#include <algorithm>
#include <stdexcept>

namespace slae {

void jacobi_sweep(const RowBlock& block, std::span<const double> x_local, std::span<double> x_next,
                  double omega, std::span<double> residual_sq) {
  const std::int64_t m = block.rows();
  if (static_cast<std::int64_t>(x_local.size()) != block.local_size() ||
      static_cast<std::int64_t>(x_next.size()) != m ||
      static_cast<std::int64_t>(residual_sq.size()) != block.chunks()) {
    throw std::invalid_argument("jacobi_sweep: buffer sizes do not match the row block");
  }
  const std::int64_t* row_ptr = block.row_ptr.data();
  const std::int32_t* col = block.local_col.data();
  const double* val = block.values.data();
  const double* inv_diag = block.inv_diag.data();
  const double* rhs = block.rhs.data();
  const double* x = x_local.data();
  double* out = x_next.data();
  for (std::int64_t c = 0; c < block.chunks(); ++c) {
    const std::int64_t first = c * block.chunk_rows;
    const std::int64_t last = std::min(m, first + block.chunk_rows);
    double sum = 0.0;
    for (std::int64_t i = first; i < last; ++i) {
      double ax = 0.0;
      for (std::int64_t k = row_ptr[i]; k < row_ptr[i + 1]; ++k)
        ax += val[k] * x[col[k]];
      const double r = rhs[i] - ax;
      out[i] = x[i] + omega * (inv_diag[i] * r);
      sum += r * r;
    }
    residual_sq[c] = sum;
  }
}

}  // namespace slae
