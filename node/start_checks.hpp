#pragma once
// The checks every stationary worker (Jacobi, Gauss-Seidel/SOR) makes of what it is sent, in
// one place so that the same fault reads the same whichever method meets it. Each throws
// std::invalid_argument, which NodeSession reports to the coordinator as an error_report.
#include <cstdint>

#include "protocol/messages.hpp"
#include "solver/row_block.hpp"

namespace slae::node {

/// The weight of a start: Jacobi's damping or SOR's relaxation, in (0, 2).
void check_weight(double omega);

/// A start's x0: empty (start from zero) or one value per row of the block.
void check_start_x0(const protocol::PackedDoubles& x0, const RowBlock& block);

/// An iterate's ghost values: one per ghost column of the block.
void check_ghost_count(const protocol::Iterate& m, const RowBlock& block);

}  // namespace slae::node
