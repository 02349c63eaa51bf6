#pragma once
// What a Jacobi solve needs to go on later as if it had never stopped: the iterate x_m, the
// residual history of x_0 .. x_{m-1} (the stopping rules look back at it), the weight, and a
// fingerprint of A and b so that a checkpoint is never resumed on another system.
//
// The file is binary, little-endian: the magic "SLAE-CHECKPOINT\n", a format version, the
// fields, x, the history, and an FNV-1a digest of everything before it. It is written to a
// temporary file beside the target, fsynced and renamed, so a crash leaves the old checkpoint
// or the new one, never half of one; a file whose length or digest does not match is refused.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "solver/csr_matrix.hpp"

namespace slae {

struct Checkpoint {
  std::uint8_t method = 1;  ///< 1: Jacobi (the only one so far)
  double omega = 1.0;
  std::int64_t iteration = 0;     ///< m: x is x_m
  std::uint64_t fingerprint = 0;  ///< of A and b (system_fingerprint)
  std::vector<double> x;
  std::vector<double> history;  ///< relative residuals of x_0 .. x_{m-1}: m values
};

/// A 64-bit digest of A (its dimensions and CSR arrays) and b.
std::uint64_t system_fingerprint(const CsrMatrix& a, std::span<const double> b);

/// Writes cp to path atomically (temporary file, fsync, rename). Throws std::runtime_error
/// naming the file.
void write_checkpoint(const std::string& path, const Checkpoint& cp);

/// Reads a checkpoint. Throws InputError naming the file when it is not one, is truncated or
/// damaged, or is of another format version.
Checkpoint read_checkpoint(const std::string& path);

}  // namespace slae
