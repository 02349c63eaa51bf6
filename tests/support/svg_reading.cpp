#include "tests/support/svg_reading.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <sstream>

namespace slae::test::svg {

std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + needle.size()))
    ++n;
  return n;
}

std::vector<std::string> texts(const std::string& doc) {
  std::vector<std::string> out;
  for (std::size_t at = doc.find("<text"); at != std::string::npos; at = doc.find("<text", at)) {
    const std::size_t start = doc.find('>', at) + 1;
    const std::size_t end = doc.find("</text>", start);
    std::string plain;
    bool in_tag = false;
    for (std::size_t k = start; k < end; ++k) {
      if (doc[k] == '<') in_tag = true;
      if (!in_tag) plain += doc[k];
      if (doc[k] == '>') in_tag = false;
    }
    out.push_back(plain);
    at = end;
  }
  return out;
}

bool has_text(const std::string& doc, const std::string& wanted) {
  for (const std::string& t : texts(doc)) {
    if (t == wanted) return true;
  }
  return false;
}

std::string series_group(const std::string& doc, int s) {
  std::size_t at = doc.find("<g class=\"series\"");
  for (int k = 0; k < s && at != std::string::npos; ++k)
    at = doc.find("<g class=\"series\"", at + 1);
  REQUIRE(at != std::string::npos);
  return doc.substr(at, doc.find("</g>", at) - at);
}

Rect rect_at(const std::string& svg, std::size_t at) {
  REQUIRE(at != std::string::npos);
  const std::size_t end = svg.find("/>", at);
  const auto value = [&](const std::string& name) {
    const std::size_t found = svg.find(" " + name + "=\"", at);
    REQUIRE(found < end);
    return std::strtod(svg.c_str() + found + name.size() + 3, nullptr);
  };
  return {value("x"), value("y"), value("width"), value("height")};
}

Rect plot_frame(const std::string& svg) {
  return rect_at(svg, svg.rfind("<rect", svg.find("fill=\"none\" stroke=\"#333\"")));
}

Rect legend_box(const std::string& svg) {
  return rect_at(svg, svg.find("<rect", svg.find("<g font-size=\"13\">")));
}

std::vector<std::string> x_tick_labels(const std::string& svg) {
  const Rect frame = plot_frame(svg);
  std::vector<std::string> labels;
  for (std::size_t at = svg.find("<text x=\""); at != std::string::npos;
       at = svg.find("<text x=\"", at + 1)) {
    const std::size_t y = svg.find("\" y=\"", at);
    if (std::abs(std::strtod(svg.c_str() + y + 5, nullptr) - (frame.y + frame.height + 20)) > 0.01)
      continue;
    const std::size_t start = svg.find('>', at) + 1;
    labels.push_back(svg.substr(start, svg.find("</text>", start) - start));
  }
  return labels;
}

std::vector<Points> polylines(const std::string& part) {
  std::vector<Points> out;
  for (std::size_t at = part.find("<polyline"); at != std::string::npos;
       at = part.find("<polyline", at + 1)) {
    const std::size_t start = part.find("points=\"", at) + 8;
    std::istringstream in(part.substr(start, part.find('"', start) - start));
    Points points;
    double x = 0, y = 0;
    char comma = 0;
    while (in >> x >> comma >> y)
      points.emplace_back(x, y);
    out.push_back(points);
  }
  return out;
}

}  // namespace slae::test::svg
