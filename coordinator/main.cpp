// coordinator: solves A x = b on a cluster of slae-node processes (or doubles a list on them),
// or serves as a standing broker (--serve).
// Only this file turns exceptions into one-line messages and exit codes (exit_codes.hpp; listed
// in --help and README).
#include <malloc.h>

#include <variant>

#include "coordinator/cli/options.hpp"
#include "coordinator/process/signals.hpp"
#include "coordinator/run/broker_commands.hpp"
#include "coordinator/run/error_exit.hpp"
#include "coordinator/run/one_shot_commands.hpp"

int main(int argc, char** argv) {
  using namespace slae::coordinator;
  // Keep big message buffers inside the heap instead of mmap/munmap for every message: on these
  // machines a fresh page costs ~11 us to fault in (see PERFORMANCE.md).
  mallopt(M_MMAP_THRESHOLD, 256 * 1024 * 1024);
  mallopt(M_TRIM_THRESHOLD, 1024 * 1024 * 1024);
  install_signal_handlers();
  const auto parsed = parse_options(argc, argv);
  if (const int* code = std::get_if<int>(&parsed)) return *code;
  const Options& options = std::get<Options>(parsed);
  return exit_code_of("coordinator", "nodes stopped", [&] {
    switch (options.mode) {
      case RunMode::doubling:
        return run_doubling(options);
      case RunMode::serve:
        return run_serve(options);
      case RunMode::keygen:
        return run_keygen(options);
      default:
        return run_solve(options);
    }
  });
}
