#pragma once
// The JSON report of a run (--report): what was solved, how, and how it went. The fields of the
// first method's solve stand at the top level (a single-method report is flat); `solves` lists
// every method's, in the order they ran.
#include <string>

#include <nlohmann/json.hpp>

#include "coordinator/cluster/run_report.hpp"

namespace slae::coordinator {

nlohmann::json to_json(const RunReport& run);

/// Writes the report; throws std::runtime_error naming the path if it cannot.
void write_report(const std::string& path, const RunReport& run);

}  // namespace slae::coordinator
