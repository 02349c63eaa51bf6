// customer: submits a linear system (or a list to double) to a standing slae-cluster broker and
// waits for the answer, shown as the one-shot coordinator shows it; or asks for the broker's
// status, or cancels a job. Only this file turns exceptions into one-line messages and exit
// codes (the same as coordinator's; 5 also when the broker cannot be reached).
#include <cstdio>
#include <exception>
#include <variant>

#include "coordinator/cluster_error.hpp"
#include "coordinator/exit_codes.hpp"
#include "coordinator/options.hpp"
#include "coordinator/signals.hpp"
#include "coordinator/solve_run.hpp"
#include "customer/remote_run.hpp"
#include "solver/input_error.hpp"
#include "solver/printable.hpp"

int main(int argc, char** argv) {
  using namespace slae::coordinator;
  install_signal_handlers();
  const auto parsed = parse_options(argc, argv, Program::customer);
  if (const int* code = std::get_if<int>(&parsed)) return *code;
  const Options& options = std::get<Options>(parsed);
  const auto say = [](const char* prefix, const char* what) {
    std::fprintf(stderr, "%s%s\n", prefix, slae::printable(what, 2000).c_str());
  };
  try {
    switch (options.mode) {
      case RunMode::doubling:
        return slae::customer::run_remote_doubling(options);
      case RunMode::status:
        return slae::customer::run_status(options);
      case RunMode::cancel:
        return slae::customer::run_cancel(options);
      default:
        return run_solve(options, slae::customer::solve_remotely);
    }
  } catch (const slae::InputError& e) {
    say("", e.what());
    return kExitInput;
  } catch (const Interrupted& e) {
    std::fprintf(stderr, "customer: %s; the job is cancelled\n", e.what());
    return 128 + e.signal_number();
  } catch (const ClusterError& e) {
    say("customer: ", e.what());
    return kExitCluster;
  } catch (const std::exception& e) {
    say("customer: ", e.what());
    return kExitInternal;
  }
}
