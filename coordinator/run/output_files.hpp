#pragma once
// The files a run writes (--output, --report, --history, --plot), each whole or not at all
// (output_file.hpp).
#include <string>
#include <vector>

#include "coordinator/cli/options.hpp"
#include "coordinator/outputs/report.hpp"

namespace slae::coordinator {

/// Fails early, before any work, when an output evidently could not be written later (a
/// directory, a file or directory without write permission). Throws InputError.
void require_writable(const Options& options);

/// What write_outputs did.
struct WrittenOutputs {
  bool all = true;  ///< every output asked for was written
  /// Where each written one went, in the order x, report, history, chart (and a sweep's
  /// residuals chart); x on standard output is "x to standard output".
  std::vector<std::string> places;
};

/// Writes every output asked for: x of the first method (unless with_x is false: an interrupted
/// run has no answer), the report, the history, the chart. One that fails is reported on its
/// own line and does not stop the others (x first: it is what the solve was for).
WrittenOutputs write_outputs(const Options& options, const RunReport& run, bool with_x = true);

/// "wrote x.mtx, run.json, h.csv, c.svg": the summary's line of where the outputs went (empty
/// when none was written).
std::string describe_written(const WrittenOutputs& written);

}  // namespace slae::coordinator
