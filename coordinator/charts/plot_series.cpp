#include "coordinator/charts/plot_series.hpp"

#include <algorithm>
#include <cstdint>

#include "solver/input_error.hpp"
#include "solver/printable.hpp"

namespace slae::coordinator {
namespace {

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && text.front() == ' ')
    text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ')
    text.remove_suffix(1);
  return text;
}

// "runs/poisson64.csv" -> "poisson64"; ".CSV" as a spreadsheet may name it, too.
std::string file_stem(std::string_view path) {
  path.remove_prefix(std::min(path.size(), path.find_last_of('/') + 1));
  if (path.size() > 4) {
    std::string suffix(path.substr(path.size() - 4));
    for (char& c : suffix)
      c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if (suffix == ".csv") path.remove_suffix(4);
  }
  return std::string(path);
}

// "a.csv: jacobi, cg; b.csv: cg": what the files hold, for a count of labels that is wrong.
std::string contents(const std::vector<HistoryFile>& files) {
  std::string out;
  for (const HistoryFile& file : files) {
    out += (out.empty() ? "" : "; ") + printable(file.path, 60) + ":";
    for (std::size_t s = 0; s < file.series.size(); ++s)
      out += (s ? ", " : " ") + printable(file.series[s].method, 40);
  }
  return out;
}

}  // namespace

std::vector<std::string> split_labels(std::string_view list) {
  std::vector<std::string> labels;
  for (std::size_t start = 0;;) {
    const std::size_t comma = list.find(',', start);
    const std::string_view label =
        trimmed(list.substr(start, comma == std::string_view::npos ? comma : comma - start));
    if (label.empty()) {
      throw InputError("--labels '" + printable(list, 60) + "': label " +
                       std::to_string(labels.size() + 1) + " is empty");
    }
    labels.emplace_back(label);
    if (comma == std::string_view::npos) return labels;
    start = comma + 1;
  }
}

std::vector<std::string> default_labels(const std::vector<HistoryFile>& files) {
  std::vector<std::string> labels;
  for (const HistoryFile& file : files) {
    const std::string stem = file_stem(file.path);
    for (const HistorySeries& s : file.series)
      labels.push_back(file.series.size() > 1 ? stem + " " + s.method : stem);
  }
  return labels;
}

std::vector<ChartSeries> plot_series(const std::vector<HistoryFile>& files,
                                     const std::vector<std::string>& labels) {
  std::size_t count = 0;
  for (const HistoryFile& file : files) {
    if (file.series.empty()) {
      throw InputError(printable(file.path, 200) +
                       ": no iterations, only the header: nothing to draw");
    }
    count += file.series.size();
  }
  if (!labels.empty() && labels.size() != count) {
    throw InputError("--labels gives " + std::to_string(labels.size()) + " label" +
                     (labels.size() == 1 ? "" : "s") + " for " + std::to_string(count) +
                     " series, one per method of each file (" + contents(files) + ")");
  }
  const std::vector<std::string> names = labels.empty() ? default_labels(files) : labels;
  std::vector<ChartSeries> series;
  for (const HistoryFile& file : files) {
    for (const HistorySeries& s : file.series) {
      const auto last = static_cast<std::int64_t>(s.residuals.size()) - 1;
      series.emplace_back(names[series.size()], s.residuals, "", last);
    }
  }
  return series;
}

}  // namespace slae::coordinator
