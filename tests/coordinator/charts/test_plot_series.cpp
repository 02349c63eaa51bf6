#include "coordinator/charts/plot_series.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "solver/input_error.hpp"

using slae::InputError;
using slae::coordinator::default_labels;
using slae::coordinator::HistoryFile;
using slae::coordinator::plot_series;
using slae::coordinator::split_labels;

namespace {

// runs/poisson64.csv with jacobi and cg, gr_30_30.CSV with cg alone
std::vector<HistoryFile> two_files() {
  return {{"runs/poisson64.csv", {{"jacobi", {1.0, 0.5, 0.25}}, {"cg", {1.0, 0.1}}}},
          {"gr_30_30.CSV", {{"cg", {1.0, 0.3, 0.09, 0.027}}}}};
}

}  // namespace

TEST_CASE(
    "slae-plot's default labels are the file names, with the method when a file holds several",
    "[plot-series]") {
  CHECK(default_labels(two_files()) ==
        std::vector<std::string>{"poisson64 jacobi", "poisson64 cg", "gr_30_30"});
  CHECK(default_labels({{"h", {{"cg", {1.0}}}}}) == std::vector<std::string>{"h"});
  CHECK(default_labels({{"dir.csv/run.v2", {{"cg", {1.0}}}}}) ==
        std::vector<std::string>{"run.v2"});
}

TEST_CASE("slae-plot draws every method of every file, in order, counted to its last iteration",
          "[plot-series]") {
  const auto series = plot_series(two_files(), {});
  REQUIRE(series.size() == 3);
  CHECK(series[0].label == "poisson64 jacobi");
  CHECK(series[0].values == std::vector<double>{1.0, 0.5, 0.25});
  CHECK(series[0].iterations == 2);
  CHECK(series[1].iterations == 1);
  CHECK(series[2].label == "gr_30_30");
  CHECK(series[2].iterations == 3);
  for (const auto& s : series)
    CHECK(s.outcome.empty());  // a history does not say how the run ended
}

TEST_CASE("slae-plot's labels given replace the defaults one for one", "[plot-series]") {
  const auto series = plot_series(two_files(), split_labels("Jacobi, CG,CG on gr_30_30 "));
  REQUIRE(series.size() == 3);
  CHECK(series[0].label == "Jacobi");
  CHECK(series[1].label == "CG");
  CHECK(series[2].label == "CG on gr_30_30");
}

TEST_CASE("slae-plot refuses a count of labels that is not the count of series", "[plot-series]") {
  CHECK_THROWS_WITH(plot_series(two_files(), {"a", "b"}),
                    "--labels gives 2 labels for 3 series, one per method of each file "
                    "(runs/poisson64.csv: jacobi, cg; gr_30_30.CSV: cg)");
  CHECK_THROWS_WITH(plot_series(two_files(), {"a", "b", "c", "d"}),
                    Catch::StartsWith("--labels gives 4 labels for 3 series"));
}

TEST_CASE("slae-plot refuses an empty label", "[plot-series]") {
  CHECK_THROWS_WITH(split_labels("a,,b"), "--labels 'a,,b': label 2 is empty");
  CHECK_THROWS_WITH(split_labels(""), "--labels '': label 1 is empty");
  CHECK_THROWS_AS(split_labels("a, "), InputError);
}

TEST_CASE("slae-plot refuses a history CSV with a header alone: nothing to draw", "[plot-series]") {
  std::vector<HistoryFile> files = two_files();
  files.push_back({"empty.csv", {}});
  CHECK_THROWS_WITH(plot_series(files, {}),
                    "empty.csv: no iterations, only the header: nothing to draw");
}
