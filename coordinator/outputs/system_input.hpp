#pragma once
// Reading the system the user asked to solve: A from a Matrix Market file (timed, since parsing
// is often the slowest part of a run), b from another or b = A * 1, and the checks without
// which no method can start. Errors are InputError naming the file and line or row.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "solver/csr_matrix.hpp"
#include "solver/matrix_market.hpp"
#include "solver/stop_check.hpp"

namespace slae::coordinator {

struct LinearSystem {
  CsrMatrix a;
  std::vector<double> b;
  bool b_is_a_times_ones = false;  ///< no --rhs: the exact solution is all ones
  /// The exact solution x* when it is known (all ones for b = A*1, or --exact), for the error.
  std::optional<std::vector<double>> exact;
  std::uint64_t file_bytes = 0;  ///< size of A's file as stored (compressed, if gzip)
  double parse_seconds = 0.0;    ///< reading and parsing A's file
  double read_seconds = 0.0;     ///< everything here: A, its checks, CSR, b
};

/// Where the system comes from and what it is for.
struct SystemFiles {
  std::string matrix;
  std::string rhs;    ///< empty: b = A * 1
  std::string exact;  ///< empty: x* unknown (but all ones when b = A * 1)
  /// Who needs A's diagonal, for the message when it has a zero ("Jacobi").
  std::string diagonal_user = "Jacobi";
  SizeLimits limits;  ///< --max-rows, --max-nnz: A's size line is checked against them
};

/// Reads and checks A, b and x* (each a path, or "-" for standard input; gzip is inflated).
/// Throws InputError; `stop` is asked now and then while large files are read, `progress` is
/// told how far A's file is read, and `note` hears how a 1 x n b or x* was taken.
LinearSystem load_system(const SystemFiles& files, const StopCheck& stop = {},
                         const ReadProgress& progress = {}, const ReadNote& note = {});

}  // namespace slae::coordinator
