// customer: submits a linear system (or a list to double) to a standing slae-cluster broker and
// waits for the answer, shown as the one-shot coordinator shows it; or asks for the broker's
// status, or cancels a job. Only this file turns exceptions into one-line messages and exit
// codes (the same as coordinator's; 5 also when the broker cannot be reached).
#include <variant>

#include "coordinator/cli/options.hpp"
#include "coordinator/process/signals.hpp"
#include "coordinator/run/error_exit.hpp"
#include "coordinator/run/one_shot_commands.hpp"
#include "customer/broker_questions.hpp"
#include "customer/remote_run.hpp"

int main(int argc, char** argv) {
  using namespace slae::coordinator;
  install_signal_handlers();
  const auto parsed = parse_options(argc, argv, Program::customer);
  if (const int* code = std::get_if<int>(&parsed)) return *code;
  const Options& options = std::get<Options>(parsed);
  return exit_code_of("customer", "the job is cancelled", [&] {
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
  });
}
