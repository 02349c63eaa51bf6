#pragma once
// What a solve needs to go on later as if it had never stopped, and a fingerprint of A and b so
// that a checkpoint is never resumed on another system. Jacobi, Gauss-Seidel and SOR: the iterate
// x_m, the residual history of x_0 .. x_{m-1} (the stopping rules look back at it) and the
// weight; the multicolour ordering is A's own, so it is not kept. CG: x_k, r_k and
// p_{k-1} (its vectors right after the step that made x_k), the history of x_0 .. x_k, and
// run_cg's own scalars (CgScalars): beta of the next direction and what its restarts counted.
//
// The file is binary, little-endian: the magic "SLAE-CHECKPOINT\n", a format version (2; format
// 1, Jacobi only, is still read), the fields, the vectors (x; CG: x, r, p), the history, and an
// FNV-1a digest of everything before it. It is written to a temporary file beside the target,
// fsynced and renamed, so a crash leaves the old checkpoint or the new one, never half of one; a
// file whose length or digest does not match is refused.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "solver/csr_matrix.hpp"

namespace slae {

struct Checkpoint {
  /// 1: Jacobi, 2: CG, 3: Gauss-Seidel, 4: SOR (the wire's Method codes)
  std::uint8_t method = 1;
  double omega = 1.0;             ///< Jacobi's or SOR's weight
  std::int64_t iteration = 0;     ///< m: x is x_m
  std::uint64_t fingerprint = 0;  ///< of A and b (system_fingerprint)
  std::vector<double> x;
  std::vector<double> r, p;  ///< CG: r_m and p_{m-1}; the others: empty
  /// CG: run_cg's scalars at m (CgScalars, less the iteration); the others: unused
  double beta = 0.0;
  double best = 0.0;
  std::int64_t restarts = 0;
  std::int64_t fruitless = 0;
  /// relative residuals: CG, of x_0 .. x_m (m + 1 values); the others, of x_0 .. x_{m-1} (m)
  std::vector<double> history;
};

/// A 64-bit digest of A (its dimensions and CSR arrays) and b.
std::uint64_t system_fingerprint(const CsrMatrix& a, std::span<const double> b);

/// Writes cp to path atomically (temporary file, fsync, rename). Throws std::runtime_error
/// naming the file.
void write_checkpoint(const std::string& path, const Checkpoint& cp);

/// Reads a checkpoint. Throws InputError naming the file when it is not one, is truncated or
/// damaged, is of an unknown format version, or its lengths do not fit its method.
Checkpoint read_checkpoint(const std::string& path);

}  // namespace slae
