#pragma once
// Where a legend or a label goes in a chart: among the places it may take, the one that hides
// least of what is drawn (the lines, and the boxes already taken by other labels and markers).
#include <utility>
#include <vector>

#include "coordinator/svg_primitives.hpp"

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

}  // namespace slae::coordinator::chart
