#pragma once
// The look our charts share (convergence_chart.cpp, sweep_chart.cpp): the palette, the margins
// around the plot, the document a chart is drawn in, grid lines and ticks, the frame with the
// axis titles and the chart's title, a series' group and the legend's box and rows. Built of
// svg_primitives' pieces; what goes where in a plot is each chart's own.
#include <cstddef>
#include <string>
#include <string_view>

#include "coordinator/charts/svg_primitives.hpp"

namespace slae::coordinator::chart {

inline constexpr double kLeft = 92, kRight = 24, kTop = 48, kBottom = 62;  // around the plot

/// The plot area: its top left corner, width and height in pixels.
struct Area {
  double x0, y0, w, h;
};

/// Series s's colour from Okabe & Ito's palette (distinguishable with the common colour-vision
/// deficiencies), "#0072B2" first; it repeats after 7 series.
std::string colour(std::size_t s);

/// A colour of a sequential map, t in [0, 1]: dark violet through blue and teal to green (the
/// first seven eighths of viridis, which is perceptually uniform and reads in grey and with the
/// common colour-vision deficiencies; its pale yellow end vanishes on white). For a family of
/// series ordered by a number, whose neighbours should look alike and whose ends apart.
std::string sequential_colour(double t);

/// Throws std::invalid_argument ("<chart>: 300 x 200 pixels is too small to be readable (320 x
/// 240 at least)") for a picture in which the axes leave no room for a plot.
void check_size(std::string_view chart, int width, int height);

/// The XML declaration, the <svg> element (fonts and size) and a white background; the
/// document ends with kEnd.
std::string document_start(int width, int height);
inline constexpr std::string_view kEnd = "</svg>\n";

/// A labelled level of the y axis: a grey grid line across the plot, a tick left of it and its
/// label (markup, right-aligned).
std::string y_grid_line(const Area& plot, double y, std::string_view label);
/// An unlabelled tick left of the plot.
std::string y_minor_tick(const Area& plot, double y);
/// A tick under the plot at x and its label (plain text).
std::string x_tick(const Area& plot, double x, std::string_view label);

/// The frame around the plot, the x axis's title under it, the y axis's title turned beside it
/// and the chart's title (bold) on top, each shrunk to fit. Titles are plain text.
std::string frame_and_titles(const Area& plot, int width, int height, std::string_view x_title,
                             std::string_view y_title, std::string_view title);

/// The opening of a series' group: no fill, its colour, lines 2 px wide with round joins.
std::string series_start(std::string_view stroke);

/// The legend: a box of rows 20 px apart, each a sample (from x0 + 8 to x0 + 36) and a text.
double legend_width(std::string_view widest_text);
double legend_height(std::size_t rows);
double legend_row_y(const svg::Box& box, std::size_t row);  ///< the middle of the row
std::string legend_start(const svg::Box& box);              ///< a group and its white box
std::string legend_row_line(const svg::Box& box, std::size_t row, std::string_view stroke);
std::string legend_row_text(const svg::Box& box, std::size_t row, std::string_view markup);
inline constexpr std::string_view kLegendEnd = "</g>\n";

}  // namespace slae::coordinator::chart
