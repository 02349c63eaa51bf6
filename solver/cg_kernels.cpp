#include "solver/cg_kernels.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "solver/row_products.hpp"

namespace slae {
namespace {

void require(bool ok, const char* what) {
  if (!ok) throw std::invalid_argument(std::string("cg: ") + what);
}

}  // namespace

void cg_step(const RowBlock& block, double alpha, std::span<const double> p_own,
             std::span<const double> q, std::span<double> x, std::span<double> r,
             std::span<double> z, std::span<double> rz, std::span<double> rr) {
  const auto m = static_cast<std::size_t>(block.rows());
  require(p_own.size() == m && q.size() == m && x.size() == m && r.size() == m && z.size() == m,
          "step: vector lengths do not match the block");
  require(static_cast<std::int64_t>(rz.size()) == block.chunks() && rz.size() == rr.size(),
          "step: one partial sum per chunk expected");
  const double* inv_diag = block.inv_diag.data();
  for (std::int64_t c = 0; c < block.chunks(); ++c) {
    const std::size_t first = static_cast<std::size_t>(c * block.chunk_rows);
    const std::size_t last = std::min(m, first + static_cast<std::size_t>(block.chunk_rows));
    double sum_rz = 0.0, sum_rr = 0.0;
    for (std::size_t i = first; i < last; ++i) {
      x[i] += alpha * p_own[i];
      r[i] -= alpha * q[i];
      z[i] = inv_diag[i] * r[i];
      sum_rz += r[i] * z[i];
      sum_rr += r[i] * r[i];
    }
    rz[c] = sum_rz;
    rr[c] = sum_rr;
  }
}

void cg_direction(double beta, std::span<const double> z_own, std::span<const double> z_ghosts,
                  std::span<double> p_local) {
  require(z_own.size() + z_ghosts.size() == p_local.size(),
          "direction: p is not [own rows | ghosts] of z");
  for (std::size_t i = 0; i < z_own.size(); ++i)
    p_local[i] = z_own[i] + beta * p_local[i];
  double* p_ghosts = p_local.data() + z_own.size();
  for (std::size_t g = 0; g < z_ghosts.size(); ++g)
    p_ghosts[g] = z_ghosts[g] + beta * p_ghosts[g];
}

void cg_multiply(const RowBlock& block, std::span<const double> p_local, std::span<double> q,
                 std::span<double> pq) {
  const std::int64_t m = block.rows();
  require(static_cast<std::int64_t>(p_local.size()) == block.local_size() &&
              static_cast<std::int64_t>(q.size()) == m,
          "multiply: vector lengths do not match the block");
  require(static_cast<std::int64_t>(pq.size()) == block.chunks(),
          "multiply: one partial sum per chunk expected");
  const double* p = p_local.data();
  double* out = q.data();
  chunked_row_products(block, p, pq, [=](std::int64_t i, double ap) {
    out[i] = ap;
    return p[i] * ap;
  });
}

}  // namespace slae
