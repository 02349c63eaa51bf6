#include "coordinator/outputs/solution_file.hpp"

#include <cstdio>

#include "solver/matrix_market_writer.hpp"
#include "solver/output_file.hpp"

namespace slae::coordinator {

void write_solution(const std::string& path, const std::vector<double>& x) {
  write_output_file(path, [&](std::FILE* f) { write_matrix_market_vector(f, x); });
}

}  // namespace slae::coordinator
