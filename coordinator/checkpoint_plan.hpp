#pragma once
// --checkpoint, --checkpoint-every and --resume of a one-shot solve (Jacobi or CG alone): the
// saver run_job calls (solver/checkpoint.hpp writes the file) and the state it goes on from.
#include "coordinator/job_run.hpp"
#include "coordinator/options.hpp"
#include "coordinator/system_input.hpp"

namespace slae::coordinator {

/// Fills settings.checkpoints and settings.resume_history from the options. Throws InputError
/// (exit 2) when --resume's file is not a checkpoint, is damaged, or was made for another A, b,
/// method or weight.
void plan_checkpoints(const Options& o, const LinearSystem& system, JobSettings& settings);

}  // namespace slae::coordinator
