#include "coordinator/charts/convergence_chart.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string_view>
#include <tuple>

#include "coordinator/charts/chart_layout.hpp"
#include "coordinator/charts/chart_style.hpp"
#include "coordinator/charts/svg_primitives.hpp"
#include "coordinator/text/omega_list.hpp"
#include "solver/output_file.hpp"

namespace slae::coordinator {
namespace {

using namespace svg;
using namespace chart;

constexpr std::size_t kMarkedPoints = 40;  // a line of at most this many points shows them

struct Frame : Area {  // the plot area and its scales
  double k_max;        // last iteration on the x axis
  int lo, hi;          // y axis from 10^lo to 10^hi
  int every;           // a labelled grid line every this many decades
  bool log_x = false;
  std::size_t first = 0;  // the first iteration drawn: 1 on a log axis, which has no place for 0
  double x(double k) const {
    return log_x ? x0 + w * std::log10(k) / std::log10(k_max) : x0 + w * k / k_max;
  }
  double y_of_log(double l) const { return y0 + h * (hi - l) / (hi - lo); }
  double y(double v) const { return y_of_log(std::min<double>(hi, std::log10(v))); }  // +Inf: top
};

Frame frame_for(const std::vector<ChartSeries>& series, const ChartOptions& o, double width) {
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;  // log10 of the finite data
  std::size_t longest = 0;
  bool drawn = false;  // anything > 0, +Inf included
  for (const ChartSeries& s : series) {
    longest = std::max(longest, s.values.size());
    for (const double v : s.values) {
      drawn = drawn || v > 0.0;
      if (v > 0.0 && std::isfinite(v))
        lo = std::min(lo, std::log10(v)), hi = std::max(hi, std::log10(v));
    }
  }
  const bool has_tol = drawn && o.tolerance > 0.0 && std::isfinite(o.tolerance);
  const double tol = has_tol ? std::log10(o.tolerance) : 0.0;
  if (has_tol) lo = std::min(lo, tol), hi = std::max(hi, tol);
  Frame f{{kLeft, kTop, width, o.height - kTop - kBottom}, 1.0, -1, 0, 1};
  if (std::isfinite(lo)) {
    f.lo = static_cast<int>(std::floor(lo));
    f.hi = static_cast<int>(std::ceil(hi));
    if (f.lo == f.hi) --f.lo, ++f.hi;          // all at one power of ten: in the middle
    if (has_tol && tol - f.lo < 0.05) --f.lo;  // a tolerance line on the frame would be
    if (has_tol && f.hi - tol < 0.05) ++f.hi;  // hidden by it
  }
  // labels at most ~10 and 20 px apart, on multiples of the step (10^-300, 10^-200, ...)
  f.every = static_cast<int>(std::max(1.0, nice_step(f.hi - f.lo, std::min(10.0, f.h / 20))));
  f.lo = static_cast<int>(std::floor(static_cast<double>(f.lo) / f.every)) * f.every;
  f.hi = static_cast<int>(std::ceil(static_cast<double>(f.hi) / f.every)) * f.every;
  f.k_max = std::max<double>(1.0, static_cast<double>(longest) - 1.0);
  f.log_x = o.log_x;
  if (f.log_x) f.k_max = std::max(f.k_max, 10.0), f.first = 1;  // at least one decade
  return f;
}

void axes(std::string& svg, const Frame& f, const ChartOptions& o) {
  const bool minor = f.every > 1 && f.h / (f.hi - f.lo) >= 4.0;  // unlabelled decades, if room
  for (int d = f.lo; d <= f.hi; ++d) {
    const double y = f.y_of_log(d);
    if ((d - f.lo) % f.every != 0) {
      if (minor) svg += y_minor_tick(f, y);
      continue;
    }
    // a raised tspan rather than Unicode superscripts: every exponent looks the same
    const std::string power = d < 0 ? "\u2212" + std::to_string(-d) : std::to_string(d);
    svg += y_grid_line(f, y, "10<tspan dy=\"-7\" font-size=\"9.5\">" + power + "</tspan>");
  }
  const auto tick = [&](long long k) {
    svg += x_tick(f, f.x(static_cast<double>(k)), std::to_string(k));
  };
  if (f.log_x) {  // decades: 1, 10, 100, ...
    for (long long k = 1; static_cast<double>(k) <= f.k_max; k *= 10)
      tick(k);
  } else {
    // at most 8 ticks, their labels (as wide as the widest) at least 16 px apart
    const double label = text_width(std::to_string(static_cast<long long>(f.k_max)), 12);
    const auto step = static_cast<long long>(nice_step(f.k_max, std::min(8.0, f.w / (label + 16))));
    for (long long k = 0; static_cast<double>(k) <= f.k_max; k += std::max(1LL, step))
      tick(k);
  }
  svg += frame_and_titles(f, o.width, o.height, o.x_label + (f.log_x ? " (log scale)" : ""),
                          o.y_label, o.title);
}

// One series as runs between its gaps (values <= 0 or NaN), thinned to each pixel column's
// first, lowest and highest point (a 100000-iteration history becomes a few points per pixel,
// and a one-iteration spike still reaches its height), plus the last point of every run.
std::vector<Run> runs_of(const std::vector<double>& v, const Frame& f) {
  std::vector<Run> runs;
  const auto at = [&](std::size_t k) { return Point{f.x(static_cast<double>(k)), f.y(v[k])}; };
  const auto column = [&](std::size_t k) { return std::floor(f.x(static_cast<double>(k))); };
  for (std::size_t k = f.first, end = 0; k < v.size(); k = std::max(k + 1, end)) {
    if (!(v[k] > 0.0)) continue;  // a gap
    if (k == f.first || !(v[k - 1] > 0.0)) runs.emplace_back();
    Run& run = runs.back();
    std::size_t low = k, high = k, kept = k;  // this column's points: [k, end)
    for (end = k; end < v.size() && v[end] > 0.0 && column(end) == column(k); ++end) {
      if (v[end] < v[low]) low = end;
      if (v[end] > v[high]) high = end;
    }
    run.push_back(at(k));
    for (const std::size_t i : {std::min(low, high), std::max(low, high)}) {
      const Point p = at(i);  // a point within half a pixel of the one before adds nothing
      if (i > kept && std::abs(p.y - run.back().y) >= 0.5) run.push_back(p), kept = i;
    }
    if (end - 1 > kept && (end == v.size() || !(v[end] > 0.0))) run.push_back(at(end - 1));
  }
  return runs;
}

// What is drawn in the plot area, to place the legend and the tolerance label where they hide
// the least of it.
struct Plot {
  Frame f;
  std::vector<std::vector<Run>> lines;  // per series
  double tol_y;                         // NaN: no tolerance line
  std::vector<Box> taken;               // by the tolerance line and the legend
};

// A family of many series, ordered by their keys: drawn in a sequential colour map.
bool keyed_family(const std::vector<ChartSeries>& series) {
  if (series.size() <= 7 || series[0].family.empty()) return false;  // the palette tells 7 apart
  return std::all_of(series.begin(), series.end(), [&](const ChartSeries& s) {
    return s.family == series[0].family && std::isfinite(s.key);
  });
}

// Each series' colour: the palette's in turn, or a family's by its key (the least key darkest).
std::vector<std::string> series_colours(const std::vector<ChartSeries>& series, bool keyed) {
  std::vector<std::string> colours;
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (const ChartSeries& s : series)
    lo = std::min(lo, s.key), hi = std::max(hi, s.key);
  for (std::size_t s = 0; s < series.size(); ++s)
    colours.push_back(keyed ? sequential_colour(hi > lo ? (series[s].key - lo) / (hi - lo) : 0.0)
                            : colour(s));
  return colours;
}

Plot plot_for(const std::vector<ChartSeries>& series, const ChartOptions& o, double width) {
  Plot p{frame_for(series, o, width), {}, std::numeric_limits<double>::quiet_NaN(), {}};
  for (const ChartSeries& s : series)  // a lone x_0 is no line: the legend says why instead
    p.lines.push_back(s.values.size() > 1 ? runs_of(s.values, p.f) : std::vector<Run>{});
  const bool any = std::any_of(p.lines.begin(), p.lines.end(), [](auto& l) { return !l.empty(); });
  if (o.tolerance > 0.0 && std::isfinite(o.tolerance) && any) {
    p.tol_y = p.f.y(o.tolerance);
    p.taken.push_back({p.f.x0, p.tol_y, p.f.x0 + p.f.w, p.tol_y});
  }
  return p;
}

// The first of the places (in order of preference) that hides the least of the plot.
std::pair<Box, long> least_hiding(const std::vector<Box>& places, const Plot& p) {
  return chart::least_hiding(places, p.taken, p.lines);
}

// "tol 1e-08" above or below its line, at the right, middle or left: where it hides least.
std::string tolerance_label(const Plot& p, double tolerance) {
  if (std::isnan(p.tol_y)) return "";
  char number[32];
  const std::string label =
      "tol " + std::string(number, std::to_chars(number, number + 32, tolerance).ptr);
  const Frame& f = p.f;
  const double w = text_width(label, 12), y = p.tol_y;
  std::vector<Box> places = {{f.x0 + f.w - 6 - w, y - 16, f.x0 + f.w - 6, y - 3}};
  for (const double top : {y - 16, y + 3}) {
    for (const double end : {f.x0 + f.w - 6, f.x0 + (f.w + w) / 2, f.x0 + 6 + w}) {
      if (top >= f.y0 && top + 13 <= f.y0 + f.h) places.push_back({end - w, top, end, top + 13});
    }
  }
  const Box place = least_hiding(places, p).first;
  return text(place.x1, place.y1 - 2,  // a white halo keeps it legible on the grid
              "text-anchor=\"end\" font-size=\"12\" fill=\"#333\" stroke=\"white\" "
              "stroke-width=\"3\" paint-order=\"stroke\"",
              label);
}

// "cg: converged, 41 iterations"; "poisson64: 41 iterations" for a series read back from a
// history, which does not say how its run ended; what a series without a line stands for.
struct LegendText {
  std::string main, aside;  // aside in grey
};
LegendText legend_text(const ChartSeries& s, bool drawn, const std::string& label) {
  LegendText t{label, ""};
  const std::string count =
      std::to_string(s.iterations) + (s.iterations == 1 ? " iteration" : " iterations");
  if (!s.outcome.empty()) {
    t.main += ": " + s.outcome;
    if (s.iterations == 0 && s.values.size() <= 1) {
      t.aside = s.outcome == "converged" ? "at iteration 0: x\u2080 = 0 already meets the tolerance"
                                         : "at iteration 0, before any step";
      return t;
    }
    t.main += ", " + count;
  } else if (s.iterations > 0) {
    t.main += ": " + count;
  }
  if (!drawn) t.aside = "(no data)";
  return t;
}

// A row of the legend: a sample of the series' colour (none: a heading) and its text.
struct LegendRow {
  std::string colour;
  LegendText text;
};

// One row per series; a keyed family's under a heading that names it, in the order of its keys.
std::vector<LegendRow> legend_rows(const std::vector<ChartSeries>& series, const Plot& p,
                                   bool keyed, const std::vector<std::string>& colours) {
  std::vector<std::size_t> order(series.size());
  for (std::size_t s = 0; s < order.size(); ++s)
    order[s] = s;
  std::vector<LegendRow> rows;
  if (keyed) {
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return series[a].key < series[b].key; });
    rows.push_back({"", {series[0].family + ", by its weight \u03c9:", ""}});
  }
  for (const std::size_t s : order) {
    const std::string label = keyed ? "\u03c9 " + format_omega(series[s].key) : series[s].label;
    rows.push_back({colours[s], legend_text(series[s], !p.lines[s].empty(), label)});
  }
  return rows;
}

// The legend goes where it hides nothing (chart::place_legend); a keyed family's many rows never
// go inside the plot, which they would crowd.
Box place_legend(Plot& p, const std::vector<ChartSeries>& series, const ChartOptions& o,
                 const std::vector<LegendRow>& rows, bool keyed, double& grown) {
  double w = 0;
  for (const LegendRow& row : rows)
    w = std::max(
        w, legend_width(row.text.main + (row.text.aside.empty() ? "" : " " + row.text.aside)));
  const chart::LegendPlace place =
      chart::place_legend({p.f.x0, p.f.y0, p.f.x0 + p.f.w, p.f.y0 + p.f.h}, w,
                          legend_height(rows.size()), o.width, o.height, kRight, !keyed,
                          [&](const Box& b) { return chart::hidden_by(b, p.taken, p.lines); });
  if (place.where == chart::LegendWhere::beside) p = plot_for(series, o, place.plot_width);
  // the tolerance label keeps clear of a legend inside the plot
  if (place.where == chart::LegendWhere::inside) p.taken.push_back(place.box);
  grown = place.added_height;
  return place.box;
}

void legend(std::string& svg, const std::vector<LegendRow>& rows, Box box) {
  svg += legend_start(box);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    if (!rows[r].colour.empty()) svg += legend_row_line(box, r, rows[r].colour);
    // a series without a single drawable value would otherwise be a mystery
    const LegendText& t = rows[r].text;
    svg += legend_row_text(
        box, r,
        escape(t.main) +
            (t.aside.empty() ? "" : " <tspan fill=\"#767676\">" + escape(t.aside) + "</tspan>"));
  }
  svg += kLegendEnd;
}

}  // namespace

std::string render_convergence_chart(const std::vector<ChartSeries>& series,
                                     const ChartOptions& o) {
  check_size("convergence chart", o.width, o.height);
  Plot p = plot_for(series, o, o.width - kLeft - kRight);
  const bool keyed = keyed_family(series);
  const std::vector<std::string> colours = series_colours(series, keyed);
  const std::vector<LegendRow> rows = legend_rows(series, p, keyed, colours);
  double grown = 0;  // what the legend adds to the chart's height
  const Box legend_box = series.empty() ? Box{} : place_legend(p, series, o, rows, keyed, grown);
  const Frame& f = p.f;  // as narrowed for the legend
  std::string svg = document_start(o.width, o.height + static_cast<int>(std::ceil(grown)));
  axes(svg, f, o);
  if (std::all_of(p.lines.begin(), p.lines.end(), [](auto& runs) { return runs.empty(); }))
    svg += text(f.x0 + f.w / 2, f.y0 + f.h / 2,
                "text-anchor=\"middle\" font-size=\"16\" fill=\"#555\"", "no data");
  if (!std::isnan(p.tol_y))
    svg += line(f.x0, p.tol_y, f.x0 + f.w, p.tol_y, "stroke=\"#555\" stroke-dasharray=\"6 4\"");
  for (std::size_t s = 0; s < series.size(); ++s) {
    svg += series_start(colours[s]);
    for (Run run : p.lines[s]) {
      // a lone value: a zero-length line, which the round caps of a wide stroke show as a dot
      svg += run.size() == 1 ? "<polyline stroke-width=\"5\" points=\"" : "<polyline points=\"";
      if (run.size() == 1) run.push_back(run[0]);
      for (std::size_t i = 0; i < run.size(); ++i) {
        if (i) svg += ' ';  // appended piece by piece: see quoted() in solver/matrix_market.cpp
        svg += num(run[i].x);
        svg += ',';
        svg += num(run[i].y);
      }
      svg += "\"/>\n";
      // a few iterations make a line whose points matter: mark them
      if (series[s].values.size() <= kMarkedPoints) {
        for (const Point& point : run)
          svg += "<circle class=\"point\" cx=\"" + num(point.x) + "\" cy=\"" + num(point.y) +
                 "\" r=\"3\" fill=\"" + colours[s] + "\"/>\n";
      }
    }
    svg += "</g>\n";
  }
  svg += tolerance_label(p, o.tolerance);  // over the lines, so that none crosses it
  if (!series.empty()) legend(svg, rows, legend_box);
  svg += kEnd;
  return svg;
}

void write_convergence_chart(const std::string& path, const std::vector<ChartSeries>& series,
                             const ChartOptions& options) {
  write_output_file(path, render_convergence_chart(series, options));
}

}  // namespace slae::coordinator
