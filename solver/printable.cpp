#include "solver/printable.hpp"

#include <cstdio>

namespace slae {
namespace {

// Length of the valid UTF-8 sequence starting at text[i] (a printable character), or 0.
std::size_t utf8_length(std::string_view text, std::size_t i) {
  const auto c = static_cast<unsigned char>(text[i]);
  const std::size_t n = c >> 5 == 6 ? 2 : c >> 4 == 14 ? 3 : c >> 3 == 30 ? 4 : 0;
  if (n == 0 || i + n > text.size()) return 0;
  char32_t code = c & (0x7Fu >> n);
  for (std::size_t j = 1; j < n; ++j) {
    const auto cont = static_cast<unsigned char>(text[i + j]);
    if ((cont & 0xC0) != 0x80) return 0;
    code = (code << 6) | (cont & 0x3F);
  }
  constexpr char32_t kShortest[] = {0, 0, 0x80, 0x800, 0x10000};  // no overlong forms
  const bool ok = code >= kShortest[n] && code <= 0x10FFFF && (code < 0xD800 || code > 0xDFFF) &&
                  !(code >= 0x80 && code < 0xA0);  // C1 controls
  return ok ? n : 0;
}

}  // namespace

std::string printable(std::string_view text, std::size_t max_chars) {
  std::string out;
  std::size_t chars = 0;
  std::size_t i = 0;
  for (; i < text.size() && chars < max_chars; ++chars) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7F) {
      out += static_cast<char>(c);
      ++i;
    } else if (const std::size_t n = c >= 0x80 ? utf8_length(text, i) : 0; n > 0) {
      out.append(text.substr(i, n));
      i += n;
    } else {
      char escaped[8];
      switch (c) {
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        case '\t':
          out += "\\t";
          break;
        case '\0':
          out += "\\0";
          break;
        default:
          std::snprintf(escaped, sizeof escaped, "\\x%02x", c);
          out += escaped;
      }
      ++i;
    }
  }
  if (i < text.size()) out += "\u2026 (" + std::to_string(text.size()) + " bytes)";
  return out;
}

}  // namespace slae
