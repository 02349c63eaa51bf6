#pragma once
// The colouring that makes Gauss-Seidel and SOR parallel. Rows i and j are coupled when a_ij or
// a_ji is stored (i != j); a colouring gives coupled rows different colours, so all rows of one
// colour can be updated at once, by any number of nodes, from the same values. Sweeping colour
// 0, then colour 1, ..., each colour using what the colours before it just computed, is
// Gauss-Seidel in the order "rows of colour 0 (ascending), rows of colour 1, ...": its own
// ordering, not the natural one, hence another iteration count (for the 5-point Poisson
// matrix, red-black: the same asymptotic rate rho_J^2).
//
// Greedy in natural row order, each row taking the smallest colour none of its earlier
// neighbours has: deterministic, one pass over A and its transpose, and on 1D/2D/3D Poisson
// grids numbered naturally it gives the red-black (checkerboard) colouring.
#include <cstdint>
#include <string>
#include <vector>

#include "solver/csr_matrix.hpp"
#include "solver/stop_check.hpp"

namespace slae {

struct MulticolourOrdering {
  std::vector<std::int32_t> colour;           ///< colour of each row, 0 .. colours() - 1
  std::vector<std::int64_t> rows_per_colour;  ///< how many rows each colour has
  int colours() const { return static_cast<int>(rows_per_colour.size()); }
};

/// Colours A's rows greedily (see above). A must be square. `stop` is asked every 65536 rows.
MulticolourOrdering colour_greedily(const CsrMatrix& a, const StopCheck& stop = {});

/// "2 colours (red-black: 450 + 450 rows)", "5 colours (120 + 98 + ...)": for summaries.
std::string describe(const MulticolourOrdering& ordering);

/// The rows of each colour in ascending order, given each row's colour: what a sweep walks.
/// Throws std::invalid_argument for a colour outside [0, colours).
std::vector<std::vector<std::int32_t>> rows_by_colour(const std::vector<std::int32_t>& colour,
                                                      int colours);

}  // namespace slae
