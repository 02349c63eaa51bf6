#include "coordinator/checkpoint_plan.hpp"

#include <cstdio>
#include <memory>

#include "solver/checkpoint.hpp"
#include "solver/input_error.hpp"
#include "solver/printable.hpp"

namespace slae::coordinator {

void plan_checkpoints(const Options& o, const LinearSystem& system, JobSettings& settings) {
  if (o.checkpoint_path.empty() && o.resume_path.empty()) return;
  const std::uint64_t fingerprint = system_fingerprint(system.a, system.b);
  if (!o.resume_path.empty()) {
    Checkpoint cp = read_checkpoint(o.resume_path);
    const std::string file = printable(o.resume_path, 200);
    if (cp.fingerprint != fingerprint || static_cast<std::int64_t>(cp.x.size()) != system.a.rows) {
      throw InputError(file + ": a checkpoint of another system (A or b differ from " +
                       printable(o.matrix_path, 200) + "'s)");
    }
    if (cp.omega != o.omega) {
      char why[160];
      std::snprintf(why, sizeof why, ": made with --omega %.17g, not %.17g", cp.omega, o.omega);
      throw InputError(file + why);
    }
    std::fprintf(stderr, "resuming from %s: Jacobi at iteration %lld\n", file.c_str(),
                 static_cast<long long>(cp.iteration));
    settings.checkpoints.x0 = std::move(cp.x);
    settings.resume_history = std::move(cp.history);
  }
  if (o.checkpoint_path.empty()) return;
  settings.checkpoints.every = o.checkpoint_every;
  // a checkpoint that cannot be written does not stop the solve: said once, then each time
  // it works again
  auto failing = std::make_shared<bool>(false);
  const bool verbose = o.verbose;
  settings.checkpoints.save = [path = o.checkpoint_path, fingerprint, omega = o.omega, failing,
                               verbose](std::int64_t m, const std::vector<double>& x,
                                        const std::vector<double>& history) {
    Checkpoint cp;
    cp.omega = omega;
    cp.iteration = m;
    cp.fingerprint = fingerprint;
    cp.x = x;
    cp.history.assign(history.begin(), history.begin() + m);
    try {
      write_checkpoint(path, cp);
      if (*failing || verbose)
        std::fprintf(stderr, "checkpoint: iteration %lld saved to %s\n", static_cast<long long>(m),
                     printable(path, 200).c_str());
      *failing = false;
    } catch (const std::exception& e) {
      if (!*failing) std::fprintf(stderr, "warning: %s\n", e.what());
      *failing = true;
    }
  };
}

}  // namespace slae::coordinator
