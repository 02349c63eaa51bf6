#pragma once
// The files a run writes (--output, --report, --history, --plot), each whole or not at all
// (output_file.hpp).
#include <string>

#include "coordinator/options.hpp"
#include "coordinator/report.hpp"

namespace slae::coordinator {

/// Fails early, before any work, when an output evidently could not be written later (a
/// directory, a file or directory without write permission). Throws InputError.
void require_writable(const Options& options);

/// Writes every output asked for: x of the first method (unless with_x is false: an interrupted
/// run has no answer), the report, the history, the chart. One that fails is reported on its
/// own line and does not stop the others (x first: it is what the solve was for). Returns
/// whether all were written.
bool write_outputs(const Options& options, const RunReport& run, bool with_x = true);

}  // namespace slae::coordinator
