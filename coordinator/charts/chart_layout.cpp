#include "coordinator/charts/chart_layout.hpp"

#include <algorithm>
#include <limits>

namespace slae::coordinator::chart {

using svg::Box;
using svg::Point;

bool overlaps(const Box& a, const Box& b) {
  return a.x0 <= b.x1 && b.x0 <= a.x1 && a.y0 <= b.y1 && b.y0 <= a.y1;
}

// A segment crosses the place when its y range over the place's x range meets the place's.
long hidden_by(const Box& place, const std::vector<Box>& taken,
               const std::vector<std::vector<Run>>& lines) {
  long n =
      std::count_if(taken.begin(), taken.end(), [&](const Box& t) { return overlaps(place, t); });
  for (const auto& runs : lines) {
    for (const Run& run : runs) {
      for (std::size_t i = 0; i == 0 || i + 1 < run.size(); ++i) {  // a lone point: a = b
        if (run.empty()) break;
        const Point a = run[i], b = run[std::min(i + 1, run.size() - 1)];
        const double xa = std::max(place.x0, a.x), xb = std::min(place.x1, b.x);
        const double slope = b.x > a.x ? (b.y - a.y) / (b.x - a.x) : 0.0;
        const double ya = b.x > a.x ? a.y + slope * (xa - a.x) : a.y;
        const double yb = b.x > a.x ? a.y + slope * (xb - a.x) : b.y;
        n += xa <= xb && std::max(ya, yb) >= place.y0 && std::min(ya, yb) <= place.y1;
      }
    }
  }
  return n;
}

std::pair<Box, long> least_hiding(const std::vector<Box>& places, const std::vector<Box>& taken,
                                  const std::vector<std::vector<Run>>& lines) {
  std::pair<Box, long> best{places.front(), std::numeric_limits<long>::max()};
  for (const Box& place : places) {
    const long n = hidden_by(place, taken, lines);
    if (n < best.second) best = {place, n};
  }
  return best;
}

LegendPlace place_legend(const Box& plot, double w, double h, double chart_width,
                         double chart_height, double right_margin, bool corners,
                         const std::function<long(const Box&)>& hides) {
  constexpr double inset = 10, gap = 12, below_gap = 8;
  const double plot_w = plot.x1 - plot.x0, plot_h = plot.y1 - plot.y0;
  if (corners && w + 2 * inset <= plot_w && h + 2 * inset <= plot_h) {
    const double left = plot.x0 + inset, right = plot.x1 - w - inset;
    const double top = plot.y0 + inset, bottom = plot.y1 - h - inset;
    for (const Box& corner :
         {Box{right, top, right + w, top + h}, Box{left, top, left + w, top + h},
          Box{right, bottom, right + w, bottom + h}, Box{left, bottom, left + w, bottom + h}}) {
      if (hides(corner) == 0) return {LegendWhere::inside, corner, plot_w, 0};
    }
  }
  if (plot_w - w - gap >= 0.5 * plot_w) {  // beside, from the plot's top down
    const Box box{chart_width - right_margin - w, plot.y0, chart_width - right_margin, plot.y0 + h};
    return {LegendWhere::beside, box, plot_w - w - gap,
            std::max(0.0, box.y1 + below_gap - chart_height)};
  }
  // under the x axis's title, from the plot's left edge
  const Box box{plot.x0, chart_height - 2, plot.x0 + w, chart_height - 2 + h};
  return {LegendWhere::below, box, plot_w, h + below_gap};
}

}  // namespace slae::coordinator::chart
