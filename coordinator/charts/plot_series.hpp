#pragma once
// slae-plot's lines: the methods of several history files (other matrices, sizes, machines)
// as the series of one convergence chart, each with its legend label.
#include <string>
#include <string_view>
#include <vector>

#include "coordinator/charts/convergence_chart.hpp"
#include "coordinator/charts/history_csv_reader.hpp"

namespace slae::coordinator {

struct HistoryFile {
  std::string path;
  std::vector<HistorySeries> series;
};

/// "a, b,c" -> {"a", "b", "c"}: --labels' labels, spaces around each removed. Throws InputError
/// for an empty one.
std::vector<std::string> split_labels(std::string_view list);

/// A label per method of every file, in order: the file's name without its directory and
/// ".csv" ("runs/poisson64.csv" -> "poisson64"), followed by the method when the file holds
/// several ("poisson64 jacobi", "poisson64 cg").
std::vector<std::string> default_labels(const std::vector<HistoryFile>& files);

/// One series per method of every file, in order, labelled by `labels` (default_labels when
/// empty). A history does not say how its run ended, so the outcome is left empty; iterations
/// is the last iteration of the series. Throws InputError when a file holds no iterations (a
/// header alone) or the count of labels is not the count of series.
std::vector<ChartSeries> plot_series(const std::vector<HistoryFile>& files,
                                     const std::vector<std::string>& labels);

}  // namespace slae::coordinator
