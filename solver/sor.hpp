#pragma once
// One colour's step of multicolour SOR (Gauss-Seidel at omega = 1), the one kernel shared by the
// single-process reference and every node. An iteration x_k -> x_{k+1} is one step per colour,
// in colour order; the step of colour c updates, in place, the rows of that colour:
//
//   r_i = b_i - sum_j a_ij x_j          (x as it stands: colours before c already new)
//   x_i = x_i + omega * (r_i / a_ii)
//
// Rows of one colour are not coupled (multicolour.hpp), so updating them in place, in any order
// or on any node, gives the same bits. The first colour's step also sums ||b - A x_k||^2 over
// all of the block's rows, before it changes any: the residual of the iterate the step starts
// from, as Jacobi's sweep gives it, for the same price of one pass over the block.
#include <cstdint>
#include <span>

#include "solver/row_block.hpp"

namespace slae {

/// The step of one colour on a block. x_local: the node's [own rows | ghosts] buffer, own rows
/// updated in place; rows: the block's local rows of this colour, ascending. With `residual_sq`
/// non-empty (the first colour), it receives per reduction chunk the sum of r_i^2 over all the
/// block's rows, of x before the step; `scratch` (block.rows() values) then holds r meanwhile.
void sor_colour_step(const RowBlock& block, std::span<const std::int32_t> rows,
                     std::span<double> x_local, double omega, std::span<double> residual_sq = {},
                     std::span<double> scratch = {});

}  // namespace slae
