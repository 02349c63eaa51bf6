#pragma once
// SplitMix64 (Steele, Lea, Flood 2014): a tiny, fast, fully specified generator, so that a seed
// means the same numbers on every platform (unlike <random>'s implementation-defined
// distributions). Used for generated matrices and for the power iteration's start vector.
#include <cstdint>

namespace slae {

class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  /// Uniform in [0, bound) by multiply-shift (bias below 2^-32 for bounds under 2^32).
  std::uint64_t below(std::uint64_t bound) {
    return static_cast<std::uint64_t>((static_cast<unsigned __int128>(next()) * bound) >> 64);
  }
  /// Uniform in [-1, 1), 53 random bits.
  double symmetric_unit() { return static_cast<double>(next() >> 11) * 0x1.0p-52 - 1.0; }

 private:
  std::uint64_t state_;
};

}  // namespace slae
