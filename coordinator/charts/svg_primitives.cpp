#include "coordinator/charts/svg_primitives.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace slae::coordinator::svg {

// Text as XML content: the five special characters escaped, and control characters and
// malformed UTF-8 (a matrix file name may hold any bytes) replaced by U+FFFD, because one bad
// byte makes the whole document unreadable to an XML parser.
std::string escape(std::string_view text) {
  std::string out;
  for (std::size_t i = 0, n = 1; i < text.size(); i += n) {
    const auto c = static_cast<unsigned char>(text[i]);
    n = c < 0x80 ? 1 : c >> 5 == 6 ? 2 : c >> 4 == 14 ? 3 : c >> 3 == 30 ? 4 : 0;
    bool ok = n != 0 && i + n <= text.size();
    char32_t code = n == 1 ? c : c & (0x7Fu >> n);
    for (std::size_t j = 1; ok && j < n; ++j) {
      ok = (text[i + j] & 0xC0) == 0x80;
      code = (code << 6) | (text[i + j] & 0x3F);
    }
    constexpr char32_t kShortest[] = {0, 0, 0x80, 0x800, 0x10000};  // no overlong forms
    ok = ok && code >= kShortest[n] && code <= 0x10FFFF && (code < 0xD800 || code > 0xDFFF) &&
         code != 0xFFFE && code != 0xFFFF && (code >= 0x20 || c == '\t' || c == '\n');
    const std::size_t special = std::string_view("&<>\"'").find(static_cast<char>(c));
    constexpr const char* kEntities[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&apos;"};
    if (!ok) n = 1;
    out += !ok                                 ? "\uFFFD"
           : special != std::string_view::npos ? kEntities[special]
                                               : text.substr(i, n);
  }
  return out;
}

// Two decimals through to_chars: no locale can turn the point into a comma.
std::string num(double v) {
  char buffer[64];
  if (std::abs(v) < 0.005) v = 0.0;  // never "-0.00"
  return {buffer, std::to_chars(buffer, buffer + 64, v, std::chars_format::fixed, 2).ptr};
}

// A guess at the width of `text` in pixels (there is no font at hand): `em` is the average
// glyph width of DejaVu Sans in ems, about 0.56 (0.65 in bold).
double text_width(std::string_view text, double size, double em) {
  return em * size * static_cast<double>(std::count_if(text.begin(), text.end(), [](char c) {
           return (c & 0xC0) != 0x80;  // one per UTF-8 character
         }));
}

// The font size at which `text` fits into `room` pixels: long titles shrink, not overflow.
std::string fitted_size(std::string_view text, double size, double room, double em) {
  const double wanted = text_width(text, size, em);
  return num(wanted > room ? std::max(7.0, size * room / wanted) : size);
}

// 1, 2, 5, 10, 20, 50, ... : the smallest such step that cuts `span` into at most `parts`.
double nice_step(double span, double parts) {
  const double raw = span / std::max(1.0, parts);
  const double step = std::pow(10.0, std::floor(std::log10(raw)));
  return step * (raw <= step ? 1 : raw <= 2 * step ? 2 : raw <= 5 * step ? 5 : 10);
}

std::string line(double x1, double y1, double x2, double y2, std::string_view rest) {
  return "<line x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" + num(x2) + "\" y2=\"" +
         num(y2) + "\" " + std::string(rest) + "/>\n";
}

std::string text(double x, double y, std::string_view attributes, std::string_view content) {
  return "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" " + std::string(attributes) + ">" +
         std::string(content) + "</text>\n";
}

std::string rect(const Box& b, std::string_view rest) {
  return "<rect x=\"" + num(b.x0) + "\" y=\"" + num(b.y0) + "\" width=\"" + num(b.x1 - b.x0) +
         "\" height=\"" + num(b.y1 - b.y0) + "\" " + std::string(rest) + "/>\n";
}

}  // namespace slae::coordinator::svg
