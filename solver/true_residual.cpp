#include "solver/true_residual.hpp"

#include <cmath>
#include <stdexcept>

#include "solver/reduction_chunks.hpp"

namespace slae {

double true_residual(const CsrMatrix& a, std::span<const double> b, std::span<const double> x,
                     std::span<double> r) {
  const auto n = static_cast<std::size_t>(a.rows);
  if (b.size() != n || x.size() != n || r.size() != n || a.cols != a.rows) {
    throw std::invalid_argument("true_residual: sizes do not match A");
  }
  a.multiply(x, r);
  for (std::size_t i = 0; i < n; ++i)
    r[i] = b[i] - r[i];
  return std::sqrt(chunked_sum_of_squares(r, ReductionChunks::for_rows(a.rows).chunk_rows()));
}

}  // namespace slae
