#pragma once
// Where a legend or a label goes in a chart: among the places it may take, the one that hides
// least of what is drawn (the lines, and the boxes already taken by other labels and markers).
#include <functional>
#include <utility>
#include <vector>

#include "coordinator/charts/svg_primitives.hpp"

namespace slae::coordinator::chart {

using Run = std::vector<svg::Point>;  ///< a stretch of a line without gaps

/// Whether the boxes overlap (touching counts).
bool overlaps(const svg::Box& a, const svg::Box& b);

/// How much of a plot `place` hides: the boxes of `taken` it overlaps, and the segments of the
/// lines (per series, a line's runs) that cross it; a lone point is a segment from itself to
/// itself.
long hidden_by(const svg::Box& place, const std::vector<svg::Box>& taken,
               const std::vector<std::vector<Run>>& lines);

/// The first of `places` (in order of preference) that hides least, and how much it hides.
/// `places` must not be empty.
std::pair<svg::Box, long> least_hiding(const std::vector<svg::Box>& places,
                                       const std::vector<svg::Box>& taken,
                                       const std::vector<std::vector<Run>>& lines);

/// Where a legend goes: inside the plot, beside a narrowed plot, or under the chart.
enum class LegendWhere { inside, beside, below };
struct LegendPlace {
  LegendWhere where;
  svg::Box box;         ///< the legend's box in the chart
  double plot_width;    ///< the plot's width once the legend is placed (narrower when beside)
  double added_height;  ///< what the chart grows by to hold the legend
};

/// A legend of w x h for a chart of chart_width x chart_height whose plot is `plot` and whose
/// right margin is `right_margin`: in a corner of the plot if `corners` are allowed and one hides
/// nothing (`hides` says how much a box would hide), else to the right of a plot narrowed by
/// its width if that leaves the plot half its width (the chart grows if the legend is taller),
/// else under the chart, which grows by its height. A legend never covers what is drawn.
LegendPlace place_legend(const svg::Box& plot, double w, double h, double chart_width,
                         double chart_height, double right_margin, bool corners,
                         const std::function<long(const svg::Box&)>& hides);

}  // namespace slae::coordinator::chart
