#pragma once
// What the messages are made of (messages.hpp lists them): the header every message opens with,
// the packed view of a vector of doubles, the methods, and the limits fields are held to.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace slae::protocol {

/// A job's number, as the broker gives it and every header of the job carries it.
using JobId = std::uint64_t;

struct Header {
  JobId job = 0;                ///< which job the message belongs to (0: none)
  std::uint32_t epoch = 0;      ///< bumped by every start (and, later, every reassignment)
  std::uint64_t iteration = 0;  ///< k of x_k the message is about (0 outside iterations)
};

/// A read-only view of float64 values as bytes: on send it views the sender's vector, on
/// receipt it points (possibly unaligned) into the received frame. Valid only while that memory
/// lives; copy_to() moves the values into aligned storage.
struct PackedDoubles {
  std::span<const std::byte> bytes;
  PackedDoubles() = default;
  explicit PackedDoubles(std::span<const std::byte> b) : bytes(b) {}
  explicit PackedDoubles(std::span<const double> values) : bytes(std::as_bytes(values)) {}
  std::size_t size() const { return bytes.size() / sizeof(double); }
  double operator[](std::size_t i) const;     ///< one value (unaligned-safe)
  void copy_to(std::span<double> out) const;  ///< throws std::length_error on size mismatch
  std::vector<double> to_vector() const;
};

/// Iterative methods a node runs. gauss_seidel and sor run the same multicolour sweep (sor with
/// start.omega, gauss_seidel with 1); a customer's submit lists them apart, as its user did.
enum class Method : std::uint8_t { jacobi = 1, cg = 2, gauss_seidel = 3, sor = 4 };
/// The most colours a multicolour ordering may have on the wire.
inline constexpr std::uint32_t kMaxColours = 1u << 16;
/// The most weights one submit may sweep.
inline constexpr std::size_t kMaxSweepWeights = 1000;
/// The longest host name or boot id a ready may carry.
inline constexpr std::size_t kMaxReadyText = 255;
/// The longest interval between Jacobi's collected blocks a start or submit may ask for.
inline constexpr std::uint32_t kMaxCollectEvery = 1u << 30;
/// The largest count or index of a field kept as int32.
inline constexpr std::int64_t kInt32Max = 2147483647;

}  // namespace slae::protocol
