#pragma once
// Runs the real coordinator on a matrix and collects what it wrote, for the integration tests.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "process_runner.hpp"

namespace slae::test {

struct Solved {
  RunResult run;
  nlohmann::json report;  ///< null when none was written
  std::string x_text;     ///< --output
  std::string history;    ///< --history
  std::string plot;       ///< --plot
};

/// coordinator --matrix <shipped name> --nodes N --quiet, writing report, x, history and plot
/// into a temporary directory, plus `extra` arguments.
Solved solve(const std::string& name, int nodes, const std::vector<std::string>& extra = {});

/// The events of one kind ("worker_lost", "re-placed") in a --report.
std::vector<nlohmann::json> events_of(const nlohmann::json& report, const std::string& kind);

/// An x file written by --output, read back through our own reader (as scipy would).
std::vector<double> parse_x(const std::string& text);

/// ||b - A x|| / ||b|| for b = A*1 on a shipped matrix, computed here, independently.
double relative_residual_with_ones(const std::string& name, const std::vector<double>& x);

}  // namespace slae::test
