// Where a chart's legend goes (coordinator/charts/chart_layout.cpp): inside the plot only where it
// hides nothing, else beside a narrower plot, else under the chart, which grows to hold it.
#include <catch2/catch.hpp>
#include <vector>

#include "coordinator/charts/chart_layout.hpp"

using slae::coordinator::chart::hidden_by;
using slae::coordinator::chart::LegendWhere;
using slae::coordinator::chart::place_legend;
using slae::coordinator::chart::Run;
using slae::coordinator::svg::Box;

namespace {

const Box kPlot{92, 48, 776, 438};  // an 800 x 500 chart's plot

bool inside(const Box& b, const Box& in) {
  return b.x0 >= in.x0 && b.x1 <= in.x1 && b.y0 >= in.y0 && b.y1 <= in.y1;
}

}  // namespace

TEST_CASE("a legend goes into the first corner that hides nothing", "[chart]") {
  // a line from the bottom left to the top right crosses the top right and bottom left corners
  const std::vector<std::vector<Run>> lines = {{{{92, 438}, {776, 48}}}};
  const auto hides = [&](const Box& b) { return hidden_by(b, {}, lines); };
  const auto place = place_legend(kPlot, 150, 60, 800, 500, 24, true, hides);
  CHECK(place.where == LegendWhere::inside);
  CHECK(hides(place.box) == 0);
  CHECK(inside(place.box, kPlot));
  CHECK(place.box.x0 < kPlot.x0 + 20);  // top left
  CHECK(place.box.y0 < kPlot.y0 + 20);
  CHECK(place.plot_width == Approx(kPlot.x1 - kPlot.x0));
  CHECK(place.added_height == 0);
}

TEST_CASE("a legend that would hide something in every corner goes beside a narrower plot",
          "[chart]") {
  const auto everywhere = [](const Box&) { return 1L; };
  auto place = place_legend(kPlot, 150, 60, 800, 500, 24, true, everywhere);
  CHECK(place.where == LegendWhere::beside);
  CHECK(place.box.x1 == Approx(800 - 24));
  CHECK(place.box.x0 == Approx(800 - 24 - 150));
  CHECK(place.box.y0 == Approx(kPlot.y0));
  CHECK(place.plot_width == Approx(684 - 150 - 12));
  CHECK(kPlot.x0 + place.plot_width < place.box.x0);  // clear of the narrowed plot
  CHECK(place.added_height == 0);

  // corners not allowed: beside even where a corner is free
  place = place_legend(kPlot, 150, 60, 800, 500, 24, false, [](const Box&) { return 0L; });
  CHECK(place.where == LegendWhere::beside);

  // taller than the chart: the chart grows to hold it
  place = place_legend(kPlot, 150, 700, 800, 500, 24, true, everywhere);
  CHECK(place.where == LegendWhere::beside);
  CHECK(place.added_height == Approx(48 + 700 + 8 - 500));
  CHECK(place.box.y1 <= 500 + place.added_height);
}

TEST_CASE("a legend too wide to go beside goes under the chart which grows by its height",
          "[chart]") {
  const auto place =
      place_legend(kPlot, 400, 90, 800, 500, 24, true, [](const Box&) { return 3L; });
  CHECK(place.where == LegendWhere::below);
  CHECK(place.box.y0 >= 500 - 2);
  CHECK(place.box.x0 == Approx(kPlot.x0));
  CHECK(place.added_height >= 90);
  CHECK(place.box.y1 <= 500 + place.added_height);
  CHECK(place.plot_width == Approx(kPlot.x1 - kPlot.x0));
}
