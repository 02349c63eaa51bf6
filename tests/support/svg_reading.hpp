#pragma once
// Reading back the SVG our chart writer produces (coordinator/charts/convergence_chart.cpp), for
// tests: its texts, rectangles and polylines, found by the markup the writer emits.
#include <string>
#include <utility>
#include <vector>

namespace slae::test::svg {

std::size_t count(const std::string& haystack, const std::string& needle);

/// The content of every <text> element, inner tags (tspans) removed, entities left as written.
std::vector<std::string> texts(const std::string& doc);
bool has_text(const std::string& doc, const std::string& wanted);

/// The part of the document that draws series number s (its <g class="series"> element).
std::string series_group(const std::string& doc, int s);

struct Rect {
  double x, y, width, height;
};
/// The position and size of the <rect> element that starts at `at`.
Rect rect_at(const std::string& svg, std::size_t at);
Rect plot_frame(const std::string& svg);
Rect legend_box(const std::string& svg);
/// The labels under the plot frame (the x axis's ticks), left to right as written.
std::vector<std::string> x_tick_labels(const std::string& svg);

using Points = std::vector<std::pair<double, double>>;
/// The points of every polyline in `part`, one list per polyline.
std::vector<Points> polylines(const std::string& part);

}  // namespace slae::test::svg
