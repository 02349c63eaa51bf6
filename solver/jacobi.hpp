#pragma once
// The Jacobi sweep, the one kernel shared by the single-process reference and every node.
//
//   r_i      = b_i - sum_j a_ij x_j              (the residual of x, row by row)
//   x_next_i = x_i + omega * (r_i / a_ii)        (omega = 1: the Jacobi update D^-1 (b - (A-D) x))
//
// Computing the update through the residual gives ||b - A x||^2 of the *current* x for free,
// so the solver can return exactly the x whose residual it reports. With omega = 1 the extra
// multiplication is exact, so weighted Jacobi at omega 1 is plain Jacobi bit for bit.
#include <span>

#include "solver/row_block.hpp"

namespace slae {

/// Sweeps the block's rows. x_local is the node's [own block | ghosts] buffer holding x_k;
/// x_next receives the block's rows of x_{k+1}. residual_sq receives, for each of the block's
/// reduction chunks, the sum of r_i^2 over the chunk's rows (block.chunks() values).
void jacobi_sweep(const RowBlock& block, std::span<const double> x_local, std::span<double> x_next,
                  double omega, std::span<double> residual_sq);

}  // namespace slae
