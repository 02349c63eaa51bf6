#pragma once
// Checkpoints of a method whose whole state is its iterate: Jacobi, Gauss-Seidel and SOR (CG keeps
// vectors of its own: cluster_cg.hpp's CgCheckpoints). Where the solve goes on from, and where it
// saves on the way; the file is solver/checkpoint.hpp's.
#include <cstdint>
#include <functional>
#include <vector>

namespace slae::coordinator {

struct IterateCheckpoints {
  /// x_m to start from (all rows); empty: x_0 = 0. The monitor then holds the history of
  /// x_0 .. x_{m-1} (ConvergenceMonitor::resume).
  std::vector<double> x0;
  /// Saves x_m with the history of x_0 .. x_{m-1}: every `every` iterations (at the first whole
  /// iterate from then on), and when the solve stops on an exception.
  std::function<void(std::int64_t m, const std::vector<double>& x,
                     const std::vector<double>& history)>
      save;
  std::int64_t every = 0;  ///< 0: only when stopped
};

}  // namespace slae::coordinator
