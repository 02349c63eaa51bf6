#include "coordinator/chart_layout.hpp"

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

}  // namespace slae::coordinator::chart
