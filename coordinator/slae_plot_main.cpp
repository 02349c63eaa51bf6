// slae-plot: the histories of several runs (coordinator --history CSVs: other matrices, sizes,
// machines) in one SVG chart, drawn by the writer and with the look of coordinator --plot.
// Only this file turns exceptions into one-line messages and exit codes: 0 drawn, 1 the chart
// could not be written, 2 bad input or usage.
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "coordinator/charts/convergence_chart.hpp"
#include "coordinator/charts/history_csv_reader.hpp"
#include "coordinator/charts/plot_series.hpp"
#include "coordinator/cli/options_flags.hpp"
#include "coordinator/text/flag_suggestion.hpp"
#include "solver/input_error.hpp"
#include "solver/printable.hpp"

namespace {

using namespace slae::coordinator;

constexpr const char* kExamples = R"(Examples:
  coordinator --matrix matrices/gr_30_30.mtx --method jacobi --history gr_30_30.csv
  coordinator --matrix matrices/nos6.mtx --method cg --history nos6.csv
  slae-plot gr_30_30.csv nos6.csv -o compare.svg --x log --title "Jacobi and CG"
  slae-plot a.csv b.csv -o c.svg --labels "4 nodes,8 nodes" --tol 1e-8

Labels default to each file's name without .csv, followed by the method when a file holds
several (a.csv with --method jacobi,cg gives "a jacobi" and "a cg").

Exit codes: 0 the chart was written; 1 it could not be written; 2 bad input or usage.)";

constexpr int kExitWritten = 0, kExitNotWritten = 1, kExitInput = 2;

int usage_error(const std::string& message) {
  std::fprintf(stderr, "slae-plot: %s (see --help)\n", message.c_str());
  return kExitInput;
}

bool ends_with_svg(std::string name) {
  for (char& c : name)
    c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return name.ends_with(".svg");
}

// "gr_30_30.csv, nos6.csv": the files drawn, when no --title names them better.
std::string default_title(const std::vector<std::string>& paths) {
  std::string title;
  for (const std::string& path : paths)
    title += (title.empty() ? "" : ", ") + path.substr(path.find_last_of('/') + 1);
  return title;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "slae-plot: draws the residual histories of several runs (CSV files written by "
      "coordinator\n--history) in one SVG chart, one line per method of each file, as "
      "coordinator --plot\ndraws those of one run."};
  app.get_formatter()->column_width(26);
  app.footer(kExamples);
  app.allow_extras();  // a mistyped flag is explained below, with a suggestion
  std::vector<std::string> paths;
  std::string output, x_scale = "linear", label_list;
  ChartOptions chart;
  // not ->required(): CLI11 would say "csv is required"
  app.add_option("csv", paths, "history CSV files (coordinator --history), one or more")
      ->type_name("FILE.csv");
  app.add_option("-o,--output", output, "the SVG chart to write")
      ->type_name("FILE.svg")
      ->required();
  app.add_option("--title", chart.title, "the chart's title (default: the files' names)")
      ->type_name("TEXT");
  app.add_option("--x", x_scale,
                 "the iteration axis: linear (default) or log (from iteration 1), which keeps a "
                 "short CG line readable beside a long Jacobi one")
      ->type_name("SCALE")
      ->check(CLI::IsMember({"linear", "log"}).description(""));
  const CLI::Option* labels_option =
      app.add_option("--labels", label_list,
                     "the legend's labels, comma-separated, one per method of each file in order "
                     "(default: the file names, see below)")
          ->type_name("A,B,...");
  app.add_option("--tol", chart.tolerance, "draw a dashed line at this tolerance")
      ->type_name("TOL")
      ->check(number_in(0.0, 1e300, /*open=*/true));

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    return usage_error(slae::printable(e.what(), 300));
  }
  if (!app.remaining().empty()) {
    const std::string given = app.remaining().front();
    const std::string flag = given.substr(0, given.find('='));
    std::string message = "unknown flag " + slae::printable(flag, 60);
    if (const auto near = nearest_flag(flag, {"--output", "--title", "--x", "--labels", "--tol"}))
      message += "; did you mean " + *near + "?";
    return usage_error(message);
  }
  if (paths.empty())
    return usage_error("give one or more history CSV files (coordinator --history)");
  if (!ends_with_svg(output)) {
    return usage_error("--output " + slae::printable(output, 60) +
                       ": the chart is an SVG document; give a name ending in .svg");
  }
  chart.log_x = x_scale == "log";
  if (chart.title.empty()) chart.title = default_title(paths);

  try {
    std::vector<HistoryFile> files;
    for (const std::string& path : paths)
      files.push_back({path, read_history_csv(path)});
    const std::vector<std::string> labels =
        labels_option->count() > 0 ? split_labels(label_list) : std::vector<std::string>{};
    write_convergence_chart(output, plot_series(files, labels), chart);
  } catch (const slae::InputError& e) {
    std::fprintf(stderr, "slae-plot: %s\n", e.what());
    return kExitInput;
  } catch (const std::exception& e) {  // the chart's file, or memory
    std::fprintf(stderr, "slae-plot: %s\n", e.what());
    return kExitNotWritten;
  }
  return kExitWritten;
}
