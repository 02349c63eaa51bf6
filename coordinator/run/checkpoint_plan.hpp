#pragma once
// --checkpoint, --checkpoint-every and --resume of a one-shot solve (Jacobi or CG alone): the
// saver run_job calls (solver/checkpoint.hpp writes the file) and the state it goes on from.
#include <functional>

#include "coordinator/cli/options.hpp"
#include "coordinator/cluster/solve_job.hpp"
#include "coordinator/outputs/system_input.hpp"
#include "solver/checkpoint.hpp"

namespace slae::coordinator {

/// The checkpoint --resume names, checked against the run it is to finish (A and b by their
/// fingerprint, the method, Jacobi's weight); says on stderr where it resumes. Throws
/// InputError (exit 2) naming the file and what does not fit.
Checkpoint read_resume(const Options& o, const LinearSystem& system);

/// Writes a checkpoint to --checkpoint's file, atomically. One that cannot be written does not
/// stop the solve: a warning, once, then a word each time it works again.
std::function<void(const Checkpoint&)> checkpoint_writer(const Options& o);

/// Fills settings.checkpoints and settings.resume_history from the options. Throws InputError
/// (exit 2) when --resume's file is not a checkpoint, is damaged, or was made for another A, b,
/// method or weight.
void plan_checkpoints(const Options& o, const LinearSystem& system, JobSettings& settings);

}  // namespace slae::coordinator
