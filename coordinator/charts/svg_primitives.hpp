#pragma once
// The pieces of SVG our charts are drawn with: numbers that no locale can spoil, text made safe
// for XML, lines, text and boxes, a guess at text widths (there is no font at hand), and the
// steps of a readable axis. No chart logic: chart_style.cpp and the charts compose them.
#include <string>
#include <string_view>

namespace slae::coordinator::svg {

struct Box {
  double x0, y0, x1, y1;
};

struct Point {
  double x, y;
};

/// Text as XML content: the special characters escaped, control characters and malformed UTF-8
/// replaced by U+FFFD.
std::string escape(std::string_view text);
/// A coordinate with two decimals ("-0.00" never).
std::string num(double v);
/// The width of text in pixels at font size `size`; em is the average glyph width in ems.
double text_width(std::string_view text, double size, double em = 0.56);
/// The font size (as an attribute value) at which text fits into room pixels.
std::string fitted_size(std::string_view text, double size, double room, double em = 0.56);
/// 1, 2, 5, 10, 20, 50, ...: the smallest such step that cuts span into at most parts.
double nice_step(double span, double parts);
std::string line(double x1, double y1, double x2, double y2, std::string_view rest);
std::string text(double x, double y, std::string_view attributes, std::string_view content);
std::string rect(const Box& b, std::string_view rest);

}  // namespace slae::coordinator::svg
