#pragma once
// The vector work of preconditioned conjugate gradients on one row block: what a node does,
// and what the single-process reference does on the one block that is the whole matrix.
// Every dot product comes back as one partial sum per reduction chunk (reduction_chunks.hpp),
// so the coordinator can add them in an order that does not depend on the node count.
//
// A node holds its own rows of x, r, z, q and p as [own rows | ghosts] (p is the vector A is
// applied to, so it needs the ghost columns). Starting from x = 0, r = b, p = 0:
//   step(alpha):     x += alpha p;  r -= alpha q;  z = D^-1 r;   partial r.z and r.r
//   direction(beta): p = z + beta p (own rows and ghosts alike);  q = A p;  partial p.q
// A first step with alpha = 0 leaves x = 0, r = b and gives z_0 = D^-1 b, r_0.z_0, ||b||^2.
// Ghosts of p need no traffic of their own: every node forms them from the ghost values of z
// with the same beta and the same formula as their owner, so they agree to the last bit.
#include <span>

#include "solver/row_block.hpp"

namespace slae {

/// x += alpha p; r -= alpha q; z = inv_diag * r over the block's rows, with per-chunk sums of
/// r_i z_i into rz and of r_i^2 into rr (block.chunks() values each).
void cg_step(const RowBlock& block, double alpha, std::span<const double> p_own,
             std::span<const double> q, std::span<double> x, std::span<double> r,
             std::span<double> z, std::span<double> rz, std::span<double> rr);

/// p = z + beta p over [own | ghosts]: z_own holds the block's rows of z, z_ghosts the values of
/// z at the block's ghost columns.
void cg_direction(double beta, std::span<const double> z_own, std::span<const double> z_ghosts,
                  std::span<double> p_local);

/// q = A p over the block's rows (p_local is [own | ghosts]), with per-chunk sums of p_i q_i.
void cg_multiply(const RowBlock& block, std::span<const double> p_local, std::span<double> q,
                 std::span<double> pq);

}  // namespace slae
