#include "solver/sor.hpp"

#include <algorithm>
#include <stdexcept>

#include "solver/row_products.hpp"

namespace slae {

namespace {

double row_residual(const RowBlock& block, std::span<const double> x, std::int64_t i) {
  return block.rhs[i] - row_product(block, x.data(), i);
}

}  // namespace

void sor_colour_step(const RowBlock& block, std::span<const std::int32_t> rows,
                     std::span<double> x_local, double omega, std::span<double> residual_sq,
                     std::span<double> scratch) {
  const std::int64_t m = block.rows();
  if (static_cast<std::int64_t>(x_local.size()) != block.local_size()) {
    throw std::invalid_argument("sor_colour_step: x does not match the row block");
  }
  for (const std::int32_t i : rows) {
    if (i < 0 || i >= m) throw std::invalid_argument("sor_colour_step: a row outside the block");
  }
  if (residual_sq.empty()) {
    for (const std::int32_t i : rows)
      x_local[static_cast<std::size_t>(i)] +=
          omega * (block.inv_diag[i] * row_residual(block, x_local, i));
    return;
  }
  if (static_cast<std::int64_t>(residual_sq.size()) != block.chunks() ||
      static_cast<std::int64_t>(scratch.size()) != m) {
    throw std::invalid_argument("sor_colour_step: residual buffers do not match the row block");
  }
  // every row's residual of x as it stands, then the colour's updates from them: the same
  // r_i a row of this colour would compute afresh, since none of them couples to another
  for (std::int64_t c = 0; c < block.chunks(); ++c) {
    const std::int64_t first = c * block.chunk_rows;
    const std::int64_t last = std::min(m, first + block.chunk_rows);
    double sum = 0.0;
    for (std::int64_t i = first; i < last; ++i) {
      const double r = row_residual(block, x_local, i);
      scratch[static_cast<std::size_t>(i)] = r;
      sum += r * r;
    }
    residual_sq[static_cast<std::size_t>(c)] = sum;
  }
  for (const std::int32_t i : rows)
    x_local[static_cast<std::size_t>(i)] +=
        omega * (block.inv_diag[i] * scratch[static_cast<std::size_t>(i)]);
}

}  // namespace slae
