#include "matrices/generators/anisotropic2d.hpp"

#include <sstream>
#include <stdexcept>
#include <string>

#include "matrices/generators/five_point.hpp"

namespace slae::generators {

CsrMatrix anisotropic_2d(int grid, double epsilon) {
  // written so that NaN fails it too
  if (!(epsilon > 0.0 && epsilon <= kAnisotropic2dMaxEpsilon)) {
    std::ostringstream message;
    message << "anisotropic_2d: epsilon must be > 0 and <= 1e12, not " << epsilon;
    throw std::invalid_argument(message.str());
  }
  // -u_xx couples left and right by -1, -eps u_yy below and above by -eps
  return five_point_matrix(grid, {-epsilon, -1.0, 2.0 + 2.0 * epsilon, -1.0, -epsilon},
                           "anisotropic_2d");
}

}  // namespace slae::generators
