#pragma once
// Reading back what --history wrote (history_csv.hpp), for slae-plot: the residuals of each
// method, in the order of the file. Every row is checked, not only the columns used, so that a
// file that is not a history (or was cut or edited by hand) is refused with the line that shows
// it, rather than drawn as a wrong line.
#include <string>
#include <string_view>
#include <vector>

namespace slae::coordinator {

struct HistorySeries {
  std::string method;             ///< "jacobi", "jacobi (omega 0.8)", "cg": as the writer labels it
  std::vector<double> residuals;  ///< residuals[k]: the relative residual after k iterations
};

/// The methods of a history CSV, in file order: each method's rows together, its iterations
/// 0, 1, 2, ... in order. A header without rows gives none. Lines may end in "\r\n" and the file
/// may start with a UTF-8 byte order mark (as a spreadsheet saves it). Throws InputError naming
/// "name:line" and what is wrong: the header, a missing or extra column, a field that is not a
/// number (or is negative: every number of the history is a norm, a ratio of norms or a time),
/// an iteration out of order, a method whose rows are not together.
std::vector<HistorySeries> parse_history_csv(std::string_view text, const std::string& name);

/// The same for a file; throws InputError naming the path when it cannot be read.
std::vector<HistorySeries> read_history_csv(const std::string& path);

}  // namespace slae::coordinator
