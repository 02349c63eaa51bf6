// sweep_floor: our own Jacobi kernel in one process, no sockets: the floor for our code.
// Builds the whole matrix as one row block and times `iterations` sweeps (after a short warm-up,
// so that every buffer is touched, as on a node). Prints one line of JSON:
//   {"rows":..,"nnz":..,"iterations":..,"seconds_per_iteration":..,"bytes_per_sweep":..}
//   usage: sweep_floor A.mtx [iterations]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <vector>

#include "solver/csr_matrix.hpp"
#include "solver/jacobi.hpp"
#include "solver/matrix_market.hpp"
#include "solver/reduction_chunks.hpp"
#include "solver/row_block.hpp"
#include "solver/system_checks.hpp"

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr, "usage: sweep_floor A.mtx [iterations]\n");
    return 2;
  }
  const int iterations = argc == 3 ? std::atoi(argv[2]) : 200;
  try {
    const slae::CsrMatrix a = slae::CsrMatrix::from_coo(slae::read_matrix_market(argv[1]));
    std::vector<double> ones(a.rows, 1.0), b(a.rows);
    a.multiply(ones, b);
    const slae::RowBlock block =
        slae::make_row_block(a, slae::inverted_diagonal(a), b, {0, a.rows},
                             slae::ReductionChunks::for_rows(a.rows).chunk_rows());
    std::vector<double> x(a.rows, 0.0), x_next(a.rows, 0.0), residual_sq(block.chunks());
    double sink = 0.0;
    for (int k = 0; k < 3; ++k) {
      slae::jacobi_sweep(block, x, x_next, 1.0, residual_sq);
      sink += slae::sum_in_order(residual_sq);
    }
    std::fill(x.begin(), x.end(), 0.0);
    const auto start = std::chrono::steady_clock::now();
    for (int k = 0; k < iterations; ++k) {
      slae::jacobi_sweep(block, x, x_next, 1.0, residual_sq);
      sink += slae::sum_in_order(residual_sq);
      std::swap(x, x_next);
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    // bytes one sweep must move: the matrix (values, columns, row offsets), x read, x_next
    // written, b and 1/a_ii read
    const double bytes =
        12.0 * static_cast<double>(a.nnz()) + 8.0 * (a.rows + 1) + 8.0 * 4 * a.rows;
    std::printf(
        "{\"rows\":%lld,\"nnz\":%lld,\"iterations\":%d,\"seconds_per_iteration\":%.9f,"
        "\"bytes_per_sweep\":%.0f,\"checksum\":%.6e}\n",
        static_cast<long long>(a.rows), static_cast<long long>(a.nnz()), iterations,
        seconds / iterations, bytes, sink);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "sweep_floor: %s\n", e.what());
    return 1;
  }
  return 0;
}
