#include "node/start_checks.hpp"

#include <stdexcept>
#include <string>

namespace slae::node {

void check_weight(double omega) {
  if (!(omega > 0.0 && omega < 2.0))
    throw std::invalid_argument("omega " + std::to_string(omega) + " is outside (0, 2)");
}

void check_start_x0(const protocol::PackedDoubles& x0, const RowBlock& block) {
  if (x0.size() != 0 && static_cast<std::int64_t>(x0.size()) != block.rows()) {
    throw std::invalid_argument("x0 holds " + std::to_string(x0.size()) +
                                " values for a block of " + std::to_string(block.rows()) + " rows");
  }
}

void check_ghost_count(const protocol::Iterate& m, const RowBlock& block) {
  if (m.ghost_values.size() != block.ghost_cols.size()) {
    throw std::invalid_argument("iterate carries " + std::to_string(m.ghost_values.size()) +
                                " ghost values, expected " +
                                std::to_string(block.ghost_cols.size()));
  }
}

}  // namespace slae::node
