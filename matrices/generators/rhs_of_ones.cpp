#include "matrices/generators/rhs_of_ones.hpp"

namespace slae::generators {

std::vector<double> rhs_of_ones(const CsrMatrix& a) {
  const std::vector<double> ones(static_cast<std::size_t>(a.cols), 1.0);
  std::vector<double> b(static_cast<std::size_t>(a.rows), 0.0);
  a.multiply(ones, b);
  return b;
}

}  // namespace slae::generators
