#include "coordinator/charts/chart_style.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace slae::coordinator::chart {

using namespace svg;

std::string colour(std::size_t s) {
  constexpr std::array<const char*, 7> kColours = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                                   "#E69F00", "#56B4E9", "#000000"};
  return kColours[s % kColours.size()];
}

std::string sequential_colour(double t) {
  // viridis at 0, 1/8, ..., 7/8 of its length (sRGB); between them, linear in sRGB
  constexpr std::array<std::array<int, 3>, 8> kStops = {{{68, 1, 84},
                                                         {72, 40, 120},
                                                         {62, 73, 137},
                                                         {49, 104, 142},
                                                         {38, 130, 142},
                                                         {31, 158, 137},
                                                         {53, 183, 121},
                                                         {109, 205, 89}}};
  const double at = std::clamp(std::isfinite(t) ? t : 0.0, 0.0, 1.0) * 7.0;
  const auto i = std::min<std::size_t>(static_cast<std::size_t>(at), kStops.size() - 2);
  const double f = std::min(1.0, at - static_cast<double>(i));
  char hex[8];
  int c[3];
  for (int k = 0; k < 3; ++k) {
    const double v = kStops[i][k] + f * (kStops[i + 1][k] - kStops[i][k]);
    c[k] = static_cast<int>(std::lround(v));
  }
  std::snprintf(hex, sizeof hex, "#%02X%02X%02X", c[0], c[1], c[2]);
  return hex;
}

void check_size(std::string_view chart, int width, int height) {
  if (width < 320 || height < 240) {
    throw std::invalid_argument(std::string(chart) + ": " + std::to_string(width) + " x " +
                                std::to_string(height) +
                                " pixels is too small to be readable (320 x 240 at least)");
  }
}

std::string document_start(int width, int height) {
  const std::string w = std::to_string(width), h = std::to_string(height);
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
         w + "\" height=\"" + h + "\" viewBox=\"0 0 " + w + " " + h +
         "\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"13\">\n"
         "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
}

std::string y_grid_line(const Area& plot, double y, std::string_view label) {
  return line(plot.x0, y, plot.x0 + plot.w, y, "stroke=\"#e4e4e4\"") +
         line(plot.x0 - 5, y, plot.x0, y, "stroke=\"#333\"") +
         text(plot.x0 - 8, y + 4, "text-anchor=\"end\" font-size=\"12\" fill=\"#333\"", label);
}

std::string y_minor_tick(const Area& plot, double y) {
  return line(plot.x0 - 3, y, plot.x0, y, "stroke=\"#333\"");
}

std::string x_tick(const Area& plot, double x, std::string_view label) {
  const double bottom = plot.y0 + plot.h;
  return line(x, bottom, x, bottom + 5, "stroke=\"#333\"") +
         text(x, bottom + 20, "text-anchor=\"middle\" font-size=\"12\" fill=\"#333\"",
              escape(label));
}

std::string frame_and_titles(const Area& plot, int width, int height, std::string_view x_title,
                             std::string_view y_title, std::string_view title) {
  std::string svg =
      rect({plot.x0, plot.y0, plot.x0 + plot.w, plot.y0 + plot.h}, "fill=\"none\" stroke=\"#333\"");
  svg += text(plot.x0 + plot.w / 2, height - 16.0,
              "text-anchor=\"middle\" font-size=\"" + fitted_size(x_title, 14, plot.w) + "\"",
              escape(x_title));
  svg += text(0, 0,
              "transform=\"translate(22 " + num(plot.y0 + plot.h / 2) +
                  ") rotate(-90)\" text-anchor=\"middle\" font-size=\"" +
                  fitted_size(y_title, 14, plot.h + kBottom) + "\"",
              escape(y_title));
  svg += text(width / 2.0, 28,
              "text-anchor=\"middle\" font-weight=\"bold\" font-size=\"" +
                  fitted_size(title, 15, width - 16.0, 0.65) + "\"",
              escape(title));
  return svg;
}

std::string series_start(std::string_view stroke) {
  return "<g class=\"series\" fill=\"none\" stroke=\"" + std::string(stroke) +
         "\" stroke-width=\"2\" stroke-linejoin=\"round\" stroke-linecap=\"round\">\n";
}

double legend_width(std::string_view widest_text) {
  return 50 + text_width(widest_text, 13);
}

double legend_height(std::size_t rows) {
  return 20.0 * static_cast<double>(rows) + 8;
}

double legend_row_y(const Box& box, std::size_t row) {
  return box.y0 + 14 + 20.0 * static_cast<double>(row);
}

std::string legend_start(const Box& box) {
  return "<g font-size=\"13\">" + rect(box, "fill=\"white\" fill-opacity=\"0.9\" stroke=\"#999\"");
}

std::string legend_row_line(const Box& box, std::size_t row, std::string_view stroke) {
  const double y = legend_row_y(box, row);
  return line(box.x0 + 8, y, box.x0 + 36, y,
              "stroke=\"" + std::string(stroke) + "\" stroke-width=\"3\"");
}

std::string legend_row_text(const Box& box, std::size_t row, std::string_view markup) {
  return text(box.x0 + 42, legend_row_y(box, row) + 4, "fill=\"black\"", markup);
}

}  // namespace slae::coordinator::chart
