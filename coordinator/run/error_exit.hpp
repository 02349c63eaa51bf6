#pragma once
// The last step of coordinator's and customer's main(): run, and turn what the run throws into
// one line on stderr and an exit code (exit_codes.hpp).
#include <functional>

namespace slae::coordinator {

/// Runs `run` and returns its exit code; InputError is 2, ClusterError 5, Interrupted 128 +
/// the signal (saying `when_interrupted` after the signal's name), anything else 1.
int exit_code_of(const char* program, const char* when_interrupted,
                 const std::function<int()>& run);

}  // namespace slae::coordinator
