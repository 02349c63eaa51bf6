#pragma once
// How long since a moment, in seconds: the one way every layer times its phases and iterations
// (a steady clock, so that a clock set back never makes a time negative).
#include <chrono>

namespace slae {

inline double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace slae
