#pragma once
// The solution file (--output): x as a Matrix Market array, written whole or not at all.
#include <string>
#include <vector>

namespace slae::coordinator {

/// Writes x as a Matrix Market array to path ("-": standard output). Throws std::runtime_error.
void write_solution(const std::string& path, const std::vector<double>& x);

}  // namespace slae::coordinator
