#pragma once
// --omega for a sweep: the relaxation weights to run, given as one number ("1.2"), a list
// ("0.8, 1, 1.2") or a range ("0.5:1.5:0.1"), and the way a weight is written in labels and
// tables. Numbers are read and written without the locale (a German locale's "0,8" is no 0.8).
#include <string>
#include <vector>

namespace slae::coordinator {

/// The most weights one sweep runs.
inline constexpr std::size_t kMaxOmegas = 1000;

/// The weights of `text`, in the order given: one number, a comma list (spaces around items
/// allowed), or a range START:STOP:STEP, which gives START + i * STEP for i = 0, 1, ... up to
/// STOP (STOP included when it lies on the grid within 1e-9 of a step), each rounded to 12
/// significant digits so that 0.5:1.5:0.1 gives the doubles of "0.6", "0.7", ..., not
/// 0.6000000000000001. Throws std::invalid_argument, with a one-line message quoting the text,
/// for empty text or an empty item, an item that is not a number (or is NaN or infinite), a
/// STEP <= 0, a STOP below START, more than kMaxOmegas values, or a value given twice.
/// It does NOT check that a weight suits a method (0 < omega < 2 for SOR): the caller does.
std::vector<double> parse_omega_list(const std::string& text);

/// A weight for labels and tables: %.12g ("0.3", "1.25", "1e-05") when that reads back as the
/// same double, else the shortest text that does, so that distinct weights never share a label.
/// Written without the locale.
std::string format_omega(double omega);

}  // namespace slae::coordinator
