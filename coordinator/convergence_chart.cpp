#include "coordinator/convergence_chart.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <limits>
#include <stdexcept>

namespace slae::coordinator {
namespace {

// Okabe & Ito's palette: distinguishable with the common colour-vision deficiencies.
constexpr const char* kColours[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                    "#E69F00", "#56B4E9", "#000000"};
constexpr double kLeft = 92, kRight = 24, kTop = 48, kBottom = 62;

std::string escape(const std::string& text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// Coordinates with two decimals; the C locale is the only one a program has until it calls
// setlocale, which we never do, so the decimal point is always '.'.
std::string num(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f", v);
  return buffer;
}

// 1, 2, 5, 10, 20, 50, ... : the smallest such step that cuts `span` into at most `parts`.
double nice_step(double span, int parts) {
  const double raw = span / parts;
  double step = std::pow(10.0, std::floor(std::log10(raw)));
  for (const double m : {1.0, 2.0, 5.0, 10.0}) {
    if (step * m >= raw) return step * m;
  }
  return step * 10.0;
}

struct Frame {  // the plot area and its scales
  double x0, y0, w, h;
  double k_max;              // last iteration on the x axis
  int decade_lo, decade_hi;  // y axis from 10^lo to 10^hi
  double x(double k) const { return x0 + w * k / k_max; }
  double y(double v) const {  // +Inf and anything above the range at the top edge
    if (!(v < std::pow(10.0, decade_hi))) return y0;
    return y0 + h * (decade_hi - std::log10(v)) / (decade_hi - decade_lo);
  }
};

Frame frame_for(const std::vector<ChartSeries>& series, const ChartOptions& o) {
  double lo = std::numeric_limits<double>::infinity(), hi = 0.0;
  std::size_t longest = 0;
  for (const ChartSeries& s : series) {
    longest = std::max(longest, s.values.size());
    for (const double v : s.values) {
      if (v > 0.0 && std::isfinite(v)) {
        lo = std::min(lo, v);
        hi = std::max(hi, v);
      }
    }
  }
  if (o.tolerance > 0.0 && std::isfinite(lo)) {
    lo = std::min(lo, o.tolerance);
    hi = std::max(hi, o.tolerance);
  }
  Frame f{kLeft, kTop, o.width - kLeft - kRight, o.height - kTop - kBottom, 1.0, -1, 0};
  if (std::isfinite(lo)) {
    f.decade_lo = static_cast<int>(std::floor(std::log10(lo)));
    f.decade_hi = static_cast<int>(std::ceil(std::log10(hi)));
    if (f.decade_hi == f.decade_lo) ++f.decade_hi;
  }
  f.k_max = std::max<double>(1.0, static_cast<double>(longest) - 1.0);
  return f;
}

void axes(std::string& svg, const Frame& f, const ChartOptions& o) {
  // y: a tick at every decade (every 2nd, 5th, ... when there are many), light grid lines
  const int decades = f.decade_hi - f.decade_lo;
  const int every = static_cast<int>(std::max(1.0, nice_step(decades, 10)));
  for (int d = f.decade_lo; d <= f.decade_hi; ++d) {
    if ((d - f.decade_lo) % every != 0 && d != f.decade_hi) continue;
    const double y = f.y(std::pow(10.0, d));
    svg += "<line x1=\"" + num(f.x0) + "\" y1=\"" + num(y) + "\" x2=\"" + num(f.x0 + f.w) +
           "\" y2=\"" + num(y) + "\" stroke=\"#e0e0e0\"/>\n";
    svg += "<text x=\"" + num(f.x0 - 8) + "\" y=\"" + num(y + 4) +
           "\" text-anchor=\"end\" class=\"tick\">10<tspan dy=\"-7\" font-size=\"10\">" +
           std::to_string(d) + "</tspan></text>\n";
  }
  // x: 1-2-5 ticks from 0
  const double step = std::max(1.0, nice_step(f.k_max, 8));
  for (double k = 0; k <= f.k_max + 1e-9; k += step) {
    const double x = f.x(k);
    svg += "<line x1=\"" + num(x) + "\" y1=\"" + num(f.y0 + f.h) + "\" x2=\"" + num(x) +
           "\" y2=\"" + num(f.y0 + f.h + 5) + "\" stroke=\"#333\"/>\n";
    char label[32];
    std::snprintf(label, sizeof label, "%.0f", k);
    svg += "<text x=\"" + num(x) + "\" y=\"" + num(f.y0 + f.h + 20) +
           "\" text-anchor=\"middle\" class=\"tick\">" + label + "</text>\n";
  }
  svg += "<rect x=\"" + num(f.x0) + "\" y=\"" + num(f.y0) + "\" width=\"" + num(f.w) +
         "\" height=\"" + num(f.h) + "\" fill=\"none\" stroke=\"#333\"/>\n";
  svg += "<text x=\"" + num(f.x0 + f.w / 2) + "\" y=\"" + num(o.height - 16.0) +
         "\" text-anchor=\"middle\" class=\"axis\">" + escape(o.x_label) + "</text>\n";
  svg += "<text transform=\"translate(22 " + num(f.y0 + f.h / 2) +
         ") rotate(-90)\" text-anchor=\"middle\" class=\"axis\">" + escape(o.y_label) + "</text>\n";
  svg += "<text x=\"" + num(o.width / 2.0) + "\" y=\"28\" text-anchor=\"middle\" class=\"title\">" +
         escape(o.title) + "</text>\n";
}

// The points of one series as runs without gaps, thinned to each pixel column's first, lowest,
// highest and last point (in iteration order).
std::vector<std::vector<std::pair<double, double>>> runs_of(const std::vector<double>& values,
                                                            const Frame& f) {
  std::vector<std::vector<std::pair<double, double>>> runs;
  std::vector<std::pair<double, double>> run;
  std::size_t column_start = 0;  // first point of the current column within `run`
  long column = -1;
  const auto keep_extremes = [&] {
    // reduce run[column_start..] to its first, min, max and last point
    if (run.size() - column_start <= 4) return;
    const auto first = run.begin() + static_cast<std::ptrdiff_t>(column_start);
    const auto [low, high] = std::minmax_element(
        first, run.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    std::vector<std::pair<double, double>> kept = {*first};
    for (const auto& p : {*low, *high}) {
      if (p != kept.back()) kept.push_back(p);
    }
    std::sort(kept.begin() + 1, kept.end());
    if (run.back() != kept.back()) kept.push_back(run.back());
    run.resize(column_start);
    run.insert(run.end(), kept.begin(), kept.end());
  };
  for (std::size_t k = 0; k < values.size(); ++k) {
    const double v = values[k];
    if (!(v > 0.0)) {  // zero, negative or NaN: a gap
      keep_extremes();
      if (!run.empty()) runs.push_back(std::move(run));
      run.clear();
      column = -1;
      continue;
    }
    const double x = f.x(static_cast<double>(k));
    const long c = static_cast<long>(std::floor(x));
    if (c != column) {
      keep_extremes();
      column = c;
      column_start = run.size();
    }
    run.emplace_back(x, f.y(v));
  }
  keep_extremes();
  if (!run.empty()) runs.push_back(std::move(run));
  return runs;
}

void lines(std::string& svg, const std::vector<ChartSeries>& series, const Frame& f) {
  for (std::size_t s = 0; s < series.size(); ++s) {
    const std::string colour = kColours[s % std::size(kColours)];
    for (const auto& run : runs_of(series[s].values, f)) {
      if (run.size() == 1) {
        svg += "<circle cx=\"" + num(run[0].first) + "\" cy=\"" + num(run[0].second) +
               "\" r=\"2.5\" fill=\"" + colour + "\"/>\n";
        continue;
      }
      svg += "<polyline fill=\"none\" stroke=\"" + colour +
             "\" stroke-width=\"2\" stroke-linejoin=\"round\" points=\"";
      for (std::size_t i = 0; i < run.size(); ++i)
        svg += (i ? " " : "") + num(run[i].first) + "," + num(run[i].second);
      svg += "\"/>\n";
    }
  }
}

void legend(std::string& svg, const std::vector<ChartSeries>& series, const Frame& f) {
  std::size_t longest = 0;
  for (const ChartSeries& s : series)
    longest = std::max(longest, s.label.size());
  const double w = 48.0 + 7.5 * static_cast<double>(longest), row = 20.0;
  const double x = f.x0 + f.w - w - 10, y = f.y0 + 10;
  svg += "<g class=\"legend\"><rect x=\"" + num(x) + "\" y=\"" + num(y) + "\" width=\"" + num(w) +
         "\" height=\"" + num(row * static_cast<double>(series.size()) + 8) +
         "\" fill=\"white\" fill-opacity=\"0.9\" stroke=\"#999\"/>\n";
  for (std::size_t s = 0; s < series.size(); ++s) {
    const double ly = y + 14 + row * static_cast<double>(s);
    svg += "<line x1=\"" + num(x + 8) + "\" y1=\"" + num(ly) + "\" x2=\"" + num(x + 36) +
           "\" y2=\"" + num(ly) + "\" stroke=\"" + kColours[s % std::size(kColours)] +
           "\" stroke-width=\"3\"/>\n";
    svg += "<text x=\"" + num(x + 42) + "\" y=\"" + num(ly + 4) + "\">" + escape(series[s].label) +
           "</text>\n";
  }
  svg += "</g>\n";
}

}  // namespace

std::string render_convergence_chart(const std::vector<ChartSeries>& series,
                                     const ChartOptions& o) {
  const Frame f = frame_for(series, o);
  std::string svg =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
      "width=\"" +
      std::to_string(o.width) + "\" height=\"" + std::to_string(o.height) + "\" viewBox=\"0 0 " +
      std::to_string(o.width) + " " + std::to_string(o.height) +
      "\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"13\">\n"
      "<style>.tick{font-size:12px;fill:#333}.axis{font-size:14px}"
      ".title{font-size:15px;font-weight:bold}</style>\n"
      "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  axes(svg, f, o);
  bool any = false;
  for (const ChartSeries& s : series) {
    any = any || std::any_of(s.values.begin(), s.values.end(), [](double v) { return v > 0.0; });
  }
  if (o.tolerance > 0.0 && any) {
    const double y = f.y(o.tolerance);
    char label[48];
    std::snprintf(label, sizeof label, "tol %.3g", o.tolerance);
    svg += "<line x1=\"" + num(f.x0) + "\" y1=\"" + num(y) + "\" x2=\"" + num(f.x0 + f.w) +
           "\" y2=\"" + num(y) + "\" stroke=\"#666\" stroke-dasharray=\"6 4\"/>\n";
    svg += "<text x=\"" + num(f.x0 + 6) + "\" y=\"" + num(y - 5) + "\" class=\"tick\">" + label +
           "</text>\n";
  }
  if (!any) {
    svg += "<text x=\"" + num(f.x0 + f.w / 2) + "\" y=\"" + num(f.y0 + f.h / 2) +
           "\" text-anchor=\"middle\" class=\"axis\">no data</text>\n";
  }
  lines(svg, series, f);
  if (!series.empty()) legend(svg, series, f);
  svg += "</svg>\n";
  return svg;
}

void write_convergence_chart(const std::string& path, const std::vector<ChartSeries>& series,
                             const ChartOptions& options) {
  std::ofstream out(path);
  if (out) out << render_convergence_chart(series, options);
  if (!out) throw std::runtime_error(path + ": cannot write the chart: " + std::strerror(errno));
}

}  // namespace slae::coordinator
