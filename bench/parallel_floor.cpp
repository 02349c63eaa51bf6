// parallel_floor: the compute floor of N nodes. N threads, each sweeping its own row block (cut
// as the coordinator cuts it, ghosts included), with no communication at all: what a cluster of
// N nodes would cost if exchanging values were free. Prints one line of JSON:
//   {"threads":N,"seconds_per_iteration":..}   (the slowest thread's median sweep)
//   usage: parallel_floor A.mtx threads [iterations]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <thread>
#include <vector>

#include "solver/csr_matrix.hpp"
#include "solver/jacobi.hpp"
#include "solver/matrix_market.hpp"
#include "solver/reduction_chunks.hpp"
#include "solver/row_block.hpp"
#include "solver/row_partition.hpp"
#include "solver/system_checks.hpp"

int main(int argc, char** argv) {
  if (argc < 3 || argc > 4) {
    std::fprintf(stderr, "usage: parallel_floor A.mtx threads [iterations]\n");
    return 2;
  }
  const int threads = std::max(1, std::atoi(argv[2]));
  const int iterations = argc == 4 ? std::max(1, std::atoi(argv[3])) : 200;
  try {
    const slae::CsrMatrix a = slae::CsrMatrix::from_coo(slae::read_matrix_market(argv[1]));
    std::vector<double> ones(a.rows, 1.0), b(a.rows);
    a.multiply(ones, b);
    const auto inv = slae::inverted_diagonal(a);
    const auto chunks = slae::ReductionChunks::for_rows(a.rows);
    const auto partition = slae::RowPartition::balanced_by_nnz(a, threads, chunks.chunk_rows());
    std::vector<double> seconds(static_cast<std::size_t>(threads));
    const auto work = [&](int t) {
      const slae::RowBlock block =
          slae::make_row_block(a, inv, b, partition.block(t), chunks.chunk_rows());
      std::vector<double> x(block.local_size(), 0.0), y(block.local_size(), 0.0);
      std::vector<double> residual_sq(block.chunks());
      const auto own = [&](std::vector<double>& v) {
        return std::span<double>(v).first(static_cast<std::size_t>(block.rows()));
      };
      for (int k = 0; k < 3; ++k)
        slae::jacobi_sweep(block, x, own(y), 1.0, residual_sq);
      const auto start = std::chrono::steady_clock::now();
      for (int k = 0; k < iterations; ++k) {
        slae::jacobi_sweep(block, x, own(y), 1.0, residual_sq);
        std::swap(x, y);
      }
      seconds[static_cast<std::size_t>(t)] =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() /
          iterations;
    };
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t)
      pool.emplace_back(work, t);
    for (std::thread& t : pool)
      t.join();
    std::printf("{\"threads\":%d,\"seconds_per_iteration\":%.9f}\n", threads,
                *std::max_element(seconds.begin(), seconds.end()));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "parallel_floor: %s\n", e.what());
    return 1;
  }
  return 0;
}
