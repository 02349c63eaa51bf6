#include "coordinator/charts/history_csv_reader.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstring>

#include "solver/input_error.hpp"
#include "solver/printable.hpp"

namespace slae::coordinator {
namespace {

constexpr std::string_view kHeader = "method,iteration,relative_residual,factor,seconds,error";
constexpr std::array<std::string_view, 6> kColumns = {"method", "iteration", "relative_residual",
                                                      "factor", "seconds",   "error"};
constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

// The fields of a line between its commas (the writer never quotes: no label holds a comma).
std::vector<std::string_view> fields_of(std::string_view line) {
  std::vector<std::string_view> fields;
  for (std::size_t start = 0;;) {
    const std::size_t comma = line.find(',', start);
    fields.push_back(line.substr(start, comma == std::string_view::npos ? comma : comma - start));
    if (comma == std::string_view::npos) return fields;
    start = comma + 1;
  }
}

// The text one line at a time, numbered from 1, and errors that name the line.
class Lines {
 public:
  Lines(std::string_view text, const std::string& name) : text_(text), name_(printable(name, 200)) {
    if (text_.starts_with(kByteOrderMark)) text_.remove_prefix(kByteOrderMark.size());
  }
  bool next(std::string_view& line) {
    if (pos_ >= text_.size()) return false;
    const std::size_t end = std::min(text_.find('\n', pos_), text_.size());
    line = text_.substr(pos_, end - pos_);
    if (line.ends_with('\r')) line.remove_suffix(1);
    pos_ = end + 1;
    ++number_;
    return true;
  }
  [[noreturn]] void fail(const std::string& what) const {
    throw InputError(name_ + ":" + std::to_string(std::max<std::size_t>(number_, 1)) + ": " + what);
  }

 private:
  std::string_view text_;
  std::string name_;
  std::size_t pos_ = 0;
  std::size_t number_ = 0;
};

// A number as "%.17g" or "%.6f" write it, "inf" and "nan" included ("-nan" too: printf's
// spelling of a NaN whose sign bit is set). Every number of the history is >= 0.
double number(const Lines& lines, std::string_view field, std::string_view column) {
  double value = 0.0;
  const char* end = field.data() + field.size();
  const auto [ptr, ec] = std::from_chars(field.data(), end, value);
  const std::string quoted = std::string(column) + " '" + printable(field) + "'";
  if (ptr != end || ec == std::errc::invalid_argument) lines.fail(quoted + " is not a number");
  if (ec == std::errc::result_out_of_range) lines.fail(quoted + " is beyond the range of a double");
  if (value < 0.0) lines.fail(quoted + " is negative");
  return value;
}

std::size_t iteration(const Lines& lines, std::string_view field) {
  std::uint64_t value = 0;
  const char* end = field.data() + field.size();
  const auto [ptr, ec] = std::from_chars(field.data(), end, value);
  if (field.empty() || ptr != end || ec != std::errc{})
    lines.fail("iteration '" + printable(field) + "' is not a whole number >= 0");
  return static_cast<std::size_t>(value);
}

// Checks one row and adds its residual to its method's series.
void add_row(const Lines& lines, std::string_view line, std::vector<HistorySeries>& series) {
  if (line.empty()) lines.fail("an empty line; a history has one row per iteration");
  const std::vector<std::string_view> fields = fields_of(line);
  if (fields.size() < kColumns.size()) {
    lines.fail("the row ends before its " + std::string(kColumns[fields.size()]) +
               " column: " + std::to_string(fields.size()) + " of the " +
               std::to_string(kColumns.size()) + " fields (" + std::string(kHeader) + ")");
  }
  if (fields.size() > kColumns.size()) {
    lines.fail("the row has " + std::to_string(fields.size()) + " fields, the header " +
               std::to_string(kColumns.size()));
  }
  const std::string method(fields[0]);
  if (method.empty()) lines.fail("the method is empty");
  const std::size_t k = iteration(lines, fields[1]);
  if (fields[2].empty()) lines.fail("relative_residual is empty");
  const double residual = number(lines, fields[2], kColumns[2]);
  for (std::size_t c = 3; c < kColumns.size(); ++c) {  // may be empty: see history_csv.hpp
    if (!fields[c].empty()) number(lines, fields[c], kColumns[c]);
  }
  const std::string shown = printable(method, 60);
  if (series.empty() || series.back().method != method) {
    if (std::any_of(series.begin(), series.end(), [&](auto& s) { return s.method == method; })) {
      lines.fail("rows of " + shown + " again, after those of " +
                 printable(series.back().method, 60) + ": each method's rows come together");
    }
    if (k != 0)
      lines.fail("the first row of " + shown + " is iteration " + std::to_string(k) + ", not 0");
    series.push_back({method, {}});
  } else if (const std::size_t expected = series.back().residuals.size(); k != expected) {
    lines.fail("iteration " + std::to_string(k) + " of " + shown + " follows iteration " +
               std::to_string(expected - 1) + "; expected " + std::to_string(expected));
  }
  series.back().residuals.push_back(residual);
}

}  // namespace

std::vector<HistorySeries> parse_history_csv(std::string_view text, const std::string& name) {
  Lines lines(text, name);
  std::string_view line;
  if (!lines.next(line)) lines.fail("empty; a history CSV starts with " + std::string(kHeader));
  if (line != kHeader) {
    lines.fail("not a history CSV: the header is '" + printable(line, 60) + "', not " +
               std::string(kHeader));
  }
  std::vector<HistorySeries> series;
  while (lines.next(line))
    add_row(lines, line, series);
  return series;
}

std::vector<HistorySeries> read_history_csv(const std::string& path) {
  const std::string name = printable(path, 200);
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (!file) throw InputError(name + ": cannot open: " + std::strerror(errno));
  std::string text;
  char buffer[1 << 16];
  for (std::size_t got; (got = std::fread(buffer, 1, sizeof buffer, file)) > 0;)
    text.append(buffer, got);
  const bool failed = std::ferror(file) != 0;  // a directory opens, then fails here
  const int error = errno;
  std::fclose(file);
  if (failed) throw InputError(name + ": cannot read: " + std::strerror(error));
  return parse_history_csv(text, path);
}

}  // namespace slae::coordinator
