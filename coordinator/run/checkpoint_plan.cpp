#include "coordinator/run/checkpoint_plan.hpp"

#include <cstdio>
#include <functional>
#include <memory>

#include "coordinator/text/method_list.hpp"
#include "solver/checkpoint.hpp"
#include "solver/input_error.hpp"
#include "solver/input_text.hpp"
#include "solver/printable.hpp"

namespace slae::coordinator {

namespace {

// A checkpoint's method (a wire code) as a person writes it.
const char* checkpoint_method(std::uint8_t code) {
  switch (code) {
    case 1:
      return "Jacobi";
    case 2:
      return "CG";
    case 3:
      return "Gauss-Seidel";
    case 4:
      return "SOR";
    default:
      return "unknown";
  }
}

}  // namespace

Checkpoint read_resume(const Options& o, const LinearSystem& system) {
  const std::uint64_t fingerprint = system_fingerprint(system.a, system.b);
  Checkpoint cp = read_checkpoint(o.resume_path);
  const std::string file = printable(o.resume_path, 200);
  if (cp.fingerprint != fingerprint || static_cast<std::int64_t>(cp.x.size()) != system.a.rows) {
    throw InputError(file + ": a checkpoint of another system (A or b differ from " +
                     input_name(o.matrix_path) + "'s)");
  }
  const SolveMethod method = o.methods[0];
  if (cp.method != static_cast<std::uint8_t>(wire_method(method))) {
    throw InputError(file + ": a checkpoint of a " + checkpoint_method(cp.method) +
                     " solve, not of --method " + coordinator::method_name(method));
  }
  if (takes_omega(method) && cp.omega != o.omega) {
    char why[160];
    std::snprintf(why, sizeof why, ": made with --omega %.17g, not %.17g", cp.omega, o.omega);
    throw InputError(file + why);
  }
  std::fprintf(stderr, "resuming from %s: %s at iteration %lld\n", file.c_str(),
               checkpoint_method(cp.method), static_cast<long long>(cp.iteration));
  return cp;
}

std::function<void(const Checkpoint&)> checkpoint_writer(const Options& o) {
  auto failing = std::make_shared<bool>(false);
  return [path = o.checkpoint_path, failing, verbose = o.verbose](const Checkpoint& cp) {
    try {
      write_checkpoint(path, cp);
      if (*failing || verbose)
        std::fprintf(stderr, "checkpoint: iteration %lld saved to %s\n",
                     static_cast<long long>(cp.iteration), printable(path, 200).c_str());
      *failing = false;
    } catch (const std::exception& e) {
      if (!*failing) std::fprintf(stderr, "warning: %s\n", e.what());
      *failing = true;
    }
  };
}

void plan_checkpoints(const Options& o, const LinearSystem& system, JobSettings& settings) {
  if (o.checkpoint_path.empty() && o.resume_path.empty()) return;
  const std::uint64_t fingerprint = system_fingerprint(system.a, system.b);
  if (!o.resume_path.empty()) go_on_from(read_resume(o, system), settings);
  if (o.checkpoint_path.empty()) return;
  const auto write = checkpoint_writer(o);
  if (o.methods[0] == SolveMethod::cg) {
    settings.cg_checkpoints.every = o.checkpoint_every;
    settings.cg_checkpoints.save = [write, fingerprint](const CgVectors& v, const CgScalars& s,
                                                        const std::vector<double>& history) {
      Checkpoint cp;
      cp.method = 2;
      cp.iteration = v.iteration;
      cp.fingerprint = fingerprint;
      cp.x = v.x;
      cp.r = v.r;
      cp.p = v.p;
      cp.beta = s.beta;
      cp.best = s.best;
      cp.restarts = s.restarts;
      cp.fruitless = s.fruitless;
      cp.history = history;
      write(cp);
    };
    return;
  }
  settings.checkpoints.every = o.checkpoint_every;
  settings.checkpoints.save = [write, fingerprint, omega = o.omega,
                               code = static_cast<std::uint8_t>(wire_method(o.methods[0]))](
                                  std::int64_t m, const std::vector<double>& x,
                                  const std::vector<double>& history) {
    Checkpoint cp;
    cp.method = code;
    cp.omega = omega;
    cp.iteration = m;
    cp.fingerprint = fingerprint;
    cp.x = x;
    cp.history.assign(history.begin(), history.begin() + m);
    write(cp);
  };
}

}  // namespace slae::coordinator
