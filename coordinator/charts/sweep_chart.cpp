#include "coordinator/charts/sweep_chart.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string_view>

#include "coordinator/charts/chart_layout.hpp"
#include "coordinator/charts/chart_style.hpp"
#include "coordinator/charts/svg_primitives.hpp"
#include "coordinator/text/omega_list.hpp"
#include "solver/output_file.hpp"
#include "solver/printable.hpp"

namespace slae::coordinator {
namespace {

using namespace svg;
using namespace chart;

constexpr double kLogZero = -0.5;  // where 0 iterations sit on a log axis, in decades
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr const char* kHollowNote = "hollow: did not converge";

bool converged(const SweepPoint& p) {
  return p.outcome == "converged";
}

struct Frame : Area {  // the plot area and its scales
  double lo, hi;       // omega at the left and right edges
  double omega_step;   // between labelled omegas
  double bottom, top;  // iterations (linear) or decades (log) at the bottom and top edges
  double step;         // between labelled levels: iterations, or decades
  bool log_y;
  double x(double omega) const { return x0 + w * (omega - lo) / (hi - lo); }
  double y_at(double level) const { return y0 + h * (top - level) / (top - bottom); }
  double y(double iterations) const {
    if (!log_y) return y_at(iterations);
    return y_at(iterations > 0 ? std::log10(iterations) : kLogZero);
  }
};

Frame frame_for(const std::vector<SweepSeries>& series, const SweepChartOptions& o, double width) {
  Frame f{{kLeft, kTop, width, o.height - kTop - kBottom}, kInf, -kInf, 1, 0, 1, 1, o.log_y};
  double most = 0, least = kInf;  // iterations: the most, and the least above 0
  bool zero = false;
  for (const SweepSeries& s : series) {
    for (const SweepPoint& p : s.points) {
      f.lo = std::min(f.lo, p.omega), f.hi = std::max(f.hi, p.omega);
      const auto n = static_cast<double>(p.iterations);
      most = std::max(most, n);
      if (n > 0) least = std::min(least, n);
      zero = zero || n == 0;
    }
  }
  if (f.hi == f.lo) {  // one omega: in the middle
    const double pad = std::max(0.1, 0.1 * std::abs(f.lo));
    f.lo -= pad, f.hi += pad;
  }
  // labels like "0.55" at least 16 px apart, at most 10; markers 8 px clear of the frame
  const double span = f.hi - f.lo;
  f.omega_step = nice_step(span, std::min(10.0, f.w / (text_width("0.55", 12) + 16)));
  f.lo -= span * 8 / (f.w - 16), f.hi += span * 8 / (f.w - 16);
  if (!f.log_y) {  // labels at most 8 and 30 px apart, whole numbers
    f.step = std::max(1.0, nice_step(most, std::min(8.0, f.h / 30)));
    f.top = std::max(f.step, std::ceil(most / f.step) * f.step);
    return f;
  }
  double lo = zero || least == kInf ? 0 : std::floor(std::log10(least));
  double hi = std::max(lo + 1, std::ceil(std::log10(std::max(1.0, most))));
  f.step = std::max(1.0, nice_step(hi - lo, std::min(10.0, f.h / 20)));
  f.bottom = zero ? kLogZero : std::floor(lo / f.step) * f.step;
  f.top = std::ceil(hi / f.step) * f.step;
  return f;
}

// k * step exactly as the decimal it stands for (3 * 0.1 is 0.30000000000000004; 3 / 10 is 0.3).
double multiple(double k, double step) {
  const double e = std::floor(std::log10(step) + 1e-9);
  const double mantissa = std::round(step / std::pow(10.0, e));
  return e < 0 ? k * mantissa / std::pow(10.0, -e) : k * mantissa * std::pow(10.0, e);
}

void axes(std::string& svg, const Frame& f, const SweepChartOptions& o) {
  if (!f.log_y) {
    for (double k = 0; k * f.step <= f.top; ++k)
      svg += y_grid_line(f, f.y(k * f.step), std::to_string(std::llround(k * f.step)));
  } else {
    if (f.bottom < 0) svg += y_grid_line(f, f.y_at(kLogZero), "0");
    const bool minor = f.step > 1 && f.h / (f.top - f.bottom) >= 4.0;  // unlabelled decades
    for (double d = std::max(0.0, f.bottom); d <= f.top; ++d) {
      if (std::fmod(d, f.step) != 0) {
        if (minor) svg += y_minor_tick(f, f.y_at(d));
        continue;
      }
      std::string power = "1";  // appended: see quoted() in solver/matrix_market.cpp
      power.append(static_cast<std::size_t>(d), '0');
      svg += y_grid_line(f, f.y_at(d), power);
    }
  }
  const double step = f.omega_step;
  for (double k = std::ceil(f.lo / step - 1e-9); k <= std::floor(f.hi / step + 1e-9); ++k) {
    const double omega = multiple(k, step);
    svg += x_tick(f, f.x(omega), format_omega(omega));
  }
  svg += frame_and_titles(f, o.width, o.height, o.x_label,
                          o.y_label + (f.log_y ? " (log scale)" : ""), o.title);
}

// What is drawn in the plot, to place the legend and the labels where they hide least of it.
struct Plot {
  Frame f;
  std::vector<std::vector<SweepPoint>> sorted;  // per series, by omega
  std::vector<std::vector<Run>> lines;          // per series: its converged points, or nothing
  std::vector<Box> taken;                       // markers, then the legend and labels
  Point at(const SweepPoint& p) const {
    return {f.x(p.omega), f.y(static_cast<double>(p.iterations))};
  }
};

Plot plot_for(const std::vector<SweepSeries>& series, const SweepChartOptions& o, double width) {
  Plot p{frame_for(series, o, width), {}, {}, {}};
  for (const SweepSeries& s : series) {
    p.sorted.push_back(s.points);
    std::stable_sort(p.sorted.back().begin(), p.sorted.back().end(),
                     [](const SweepPoint& a, const SweepPoint& b) { return a.omega < b.omega; });
    Run run;
    for (const SweepPoint& point : p.sorted.back()) {
      const Point xy = p.at(point);
      p.taken.push_back({xy.x - 5, xy.y - 5, xy.x + 5, xy.y + 5});
      if (converged(point)) run.push_back(xy);
    }
    p.lines.push_back(run.empty() ? std::vector<Run>{} : std::vector<Run>{run});
  }
  return p;
}

// A row of the legend: its text, and an aside in grey.
struct Row {
  std::string main, aside;
};

// One row per series, and the hollow marker's once if one is drawn.
std::vector<Row> legend_rows(const Plot& p, const std::vector<SweepSeries>& series) {
  std::vector<Row> rows;
  bool hollow = false;
  for (std::size_t s = 0; s < series.size(); ++s) {
    const std::vector<SweepPoint>& points = p.sorted[s];
    const auto converged_points = std::count_if(points.begin(), points.end(), converged);
    hollow = hollow || converged_points < static_cast<long>(points.size());
    rows.push_back({series[s].label, points.empty()          ? "(no points)"
                                     : converged_points == 0 ? "(none converged)"
                                                             : ""});
  }
  if (hollow) rows.push_back({kHollowNote, ""});
  return rows;
}

// The legend goes where it hides nothing (chart::place_legend); `grown` is what the chart
// grows by to hold it.
Box place_legend(Plot& p, const std::vector<SweepSeries>& series, const SweepChartOptions& o,
                 const std::vector<Row>& rows, double& grown) {
  double w = 0;
  for (const Row& row : rows)
    w = std::max(w, legend_width(row.main + (row.aside.empty() ? "" : " " + row.aside)));
  const chart::LegendPlace place = chart::place_legend(
      {p.f.x0, p.f.y0, p.f.x0 + p.f.w, p.f.y0 + p.f.h}, w, legend_height(rows.size()), o.width,
      o.height, kRight, true, [&](const Box& b) { return chart::hidden_by(b, p.taken, p.lines); });
  if (place.where == chart::LegendWhere::beside) p = plot_for(series, o, place.plot_width);
  if (place.where == chart::LegendWhere::inside) p.taken.push_back(place.box);  // labels avoid it
  grown = place.added_height;
  return place.box;
}

// "ω 1.7: 41 iterations" by the best point of each series, where it hides least.
std::string best_labels(Plot& p) {
  std::string svg;
  for (std::size_t s = 0; s < p.sorted.size(); ++s) {
    const SweepPoint* best = nullptr;
    for (const SweepPoint& q : p.sorted[s]) {
      if (converged(q) && (!best || q.iterations < best->iterations)) best = &q;
    }
    if (!best) continue;
    const std::string label = "\u03c9 " + format_omega(best->omega) + ": " +
                              std::to_string(best->iterations) +
                              (best->iterations == 1 ? " iteration" : " iterations");
    const Point at = p.at(*best);
    const double w = text_width(label, 12), left = p.f.x0 + 4, right = p.f.x0 + p.f.w - 4;
    const auto place = [&](double x, double y) {  // kept within the plot
      const double x0 = std::clamp(x, left, std::max(left, right - w));
      const double y0 = std::clamp(y, p.f.y0 + 2, p.f.y0 + p.f.h - 15);
      return Box{x0, y0, x0 + w, y0 + 13};
    };
    std::vector<Box> places;  // above, below, then further off; centred, right, left
    for (const double y : {at.y - 22, at.y + 9, at.y - 38, at.y + 25}) {
      for (const double x : {at.x - w / 2, at.x + 8, at.x - 8 - w})
        places.push_back(place(x, y));
    }
    const Box box = least_hiding(places, p.taken, p.lines).first;
    p.taken.push_back(box);
    svg += "<circle class=\"best\" cx=\"" + num(at.x) + "\" cy=\"" + num(at.y) +
           "\" r=\"7\" fill=\"none\" stroke=\"" + colour(s) + "\" stroke-width=\"1.5\"/>\n";
    svg += text((box.x0 + box.x1) / 2, box.y1 - 2,
                "class=\"best\" text-anchor=\"middle\" font-size=\"12\" fill=\"#333\" "
                "stroke=\"white\" stroke-width=\"3\" paint-order=\"stroke\"",
                escape(label));
  }
  return svg;
}

// A filled marker on a converged point, a hollow one (with a tooltip) on another.
std::string marker(Point at, const SweepPoint& point, std::string_view label, std::size_t s) {
  const std::string circle = "<circle cx=\"" + num(at.x) + "\" cy=\"" + num(at.y) + "\" ";
  if (converged(point)) return circle + "class=\"point\" r=\"3\" fill=\"" + colour(s) + "\"/>\n";
  return circle + "class=\"unconverged\" r=\"4.5\" fill=\"white\"><title>" + escape(label) +
         ", \u03c9 " + format_omega(point.omega) + ": " + escape(point.outcome) + ", " +
         std::to_string(point.iterations) + " iterations</title></circle>\n";
}

void legend(std::string& svg, const std::vector<Row>& rows, std::size_t series, Box box) {
  svg += legend_start(box);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const std::string x = num(box.x0 + 22), y = num(legend_row_y(box, r));
    if (r < series) {
      svg += legend_row_line(box, r, colour(r));
      svg += "<circle cx=\"" + x + "\" cy=\"" + y + "\" r=\"3\" fill=\"" + colour(r) +
             "\" stroke=\"" + colour(r) + "\" stroke-width=\"2\"/>\n";
    } else {  // the hollow marker's key
      svg += "<circle class=\"unconverged\" cx=\"" + x + "\" cy=\"" + y +
             "\" r=\"4.5\" fill=\"white\" stroke=\"#555\" stroke-width=\"2\"/>\n";
    }
    svg += legend_row_text(
        box, r,
        escape(rows[r].main) + (rows[r].aside.empty() ? ""
                                                      : " <tspan fill=\"#767676\">" +
                                                            escape(rows[r].aside) + "</tspan>"));
  }
  svg += kLegendEnd;
}

}  // namespace

std::string render_sweep_chart(const std::vector<SweepSeries>& series, const SweepChartOptions& o) {
  check_size("omega sweep chart", o.width, o.height);
  bool any = false;
  for (const SweepSeries& s : series) {
    for (const SweepPoint& p : s.points) {
      const auto refuse = [&](const std::string& why) {
        throw std::invalid_argument("omega sweep chart: series \"" + printable(s.label) +
                                    "\": " + why);
      };
      if (!std::isfinite(p.omega)) refuse("omega " + format_omega(p.omega) + " is not finite");
      if (p.iterations < 0) {
        refuse(std::to_string(p.iterations) + " iterations at omega " + format_omega(p.omega));
      }
      any = true;
    }
  }
  if (!any) throw std::invalid_argument("omega sweep chart: no points to draw");
  Plot p = plot_for(series, o, o.width - kLeft - kRight);
  const std::vector<Row> rows = legend_rows(p, series);
  double grown = 0;  // what the legend adds to the chart's height
  const Box legend_box = place_legend(p, series, o, rows, grown);
  std::string svg = document_start(o.width, o.height + static_cast<int>(std::ceil(grown)));
  axes(svg, p.f, o);
  for (std::size_t s = 0; s < series.size(); ++s) {
    svg += series_start(colour(s));
    if (!p.lines[s].empty()) {
      const Run& run = p.lines[s][0];
      svg += "<polyline points=\"";
      for (std::size_t i = 0; i < run.size(); ++i) {
        if (i) svg += ' ';  // appended piece by piece: see quoted() in solver/matrix_market.cpp
        svg += num(run[i].x);
        svg += ',';
        svg += num(run[i].y);
      }
      svg += "\"/>\n";
    }
    for (const SweepPoint& point : p.sorted[s])
      svg += marker(p.at(point), point, series[s].label, s);
    svg += "</g>\n";
  }
  svg += best_labels(p);  // over the lines, so that none crosses them
  legend(svg, rows, series.size(), legend_box);
  svg += kEnd;
  return svg;
}

void write_sweep_chart(const std::string& path, const std::vector<SweepSeries>& series,
                       const SweepChartOptions& options) {
  write_output_file(path, render_sweep_chart(series, options));
}

}  // namespace slae::coordinator
