#include "coordinator/outputs/system_input.hpp"

#include <chrono>
#include <cstdio>
#include <stdexcept>

#include "solver/elapsed.hpp"
#include "solver/input_error.hpp"
#include "solver/matrix_market.hpp"
#include "solver/printable.hpp"
#include "solver/system_checks.hpp"

namespace slae::coordinator {
namespace {
using Clock = std::chrono::steady_clock;
}  // namespace

LinearSystem load_system(const SystemFiles& files, const StopCheck& stop,
                         const ReadProgress& progress, const ReadNote& note) {
  const auto start = Clock::now();
  LinearSystem s;
  {
    const ReadProgress counted = [&](std::uint64_t done, std::uint64_t total) {
      s.file_bytes = done;  // as stored: standard input has no size to ask for
      if (progress) progress(done, total);
    };
    const CooMatrix coo = read_matrix_market(files.matrix, stop, files.limits, counted);
    s.parse_seconds = seconds_since(start);
    try {
      require_nonzero_diagonal(coo, files.diagonal_user, stop);
    } catch (const InputError& e) {
      throw InputError(input_name(files.matrix) + ": " + e.what());
    }
    poll_stop(stop);
    s.a = CsrMatrix::from_coo(coo, stop);
    poll_stop(stop);
  }
  if (files.rhs.empty()) {
    const std::vector<double> ones(static_cast<std::size_t>(s.a.cols), 1.0);
    s.b.assign(static_cast<std::size_t>(s.a.rows), 0.0);
    s.a.multiply(ones, s.b);
    s.b_is_a_times_ones = true;
    if (files.exact.empty()) s.exact = ones;
  } else {
    s.b = read_matrix_market_vector(files.rhs, s.a.rows, "b", stop, note);
  }
  if (!files.exact.empty())
    s.exact = read_matrix_market_vector(files.exact, s.a.rows, "x*", stop, note);
  s.read_seconds = seconds_since(start);
  return s;
}

}  // namespace slae::coordinator
