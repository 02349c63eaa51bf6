#include "solver/jacobi.hpp"

#include <stdexcept>

#include "solver/row_products.hpp"

namespace slae {

void jacobi_sweep(const RowBlock& block, std::span<const double> x_local, std::span<double> x_next,
                  double omega, std::span<double> residual_sq) {
  const std::int64_t m = block.rows();
  if (static_cast<std::int64_t>(x_local.size()) != block.local_size() ||
      static_cast<std::int64_t>(x_next.size()) != m ||
      static_cast<std::int64_t>(residual_sq.size()) != block.chunks()) {
    throw std::invalid_argument("jacobi_sweep: buffer sizes do not match the row block");
  }
  const double* inv_diag = block.inv_diag.data();
  const double* rhs = block.rhs.data();
  const double* x = x_local.data();
  double* out = x_next.data();
  chunked_row_products(block, x, residual_sq, [=](std::int64_t i, double ax) {
    const double r = rhs[i] - ax;
    out[i] = x[i] + omega * (inv_diag[i] * r);
    return r * r;
  });
}

}  // namespace slae
