#include "coordinator/text/omega_list.hpp"

#include <charconv>
#include <cmath>
#include <stdexcept>
#include <string_view>
#include <system_error>

#include "solver/printable.hpp"

namespace slae::coordinator {
namespace {

std::string_view trimmed(std::string_view s) {
  const std::size_t first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t") + 1 - first);
}

// What every refusal starts with: the whole text, quoted on one line.
[[noreturn]] void refuse(std::string_view kind, std::string_view text, const std::string& why) {
  throw std::invalid_argument("omega " + std::string(kind) + " \"" + printable(text, 80) +
                              "\": " + why);
}

std::string quoted(std::string_view item) {
  // appended, not "\"" + string: GCC 12 at -O3 warns falsely (-Wrestrict, its bug 105329)
  // about inserting in front of a temporary string
  std::string out = "\"";
  out += printable(item, 40);
  out += '"';
  return out;
}

// One item of the text: the finite number all of it spells (an optional '+' first), or a
// refusal that names it.
double number(std::string_view kind, std::string_view text, std::string_view what,
              std::string_view item) {
  if (item.empty()) refuse(kind, text, std::string(what) + " is empty");
  const bool plus = item.starts_with('+');
  const char* first = item.data() + (plus ? 1 : 0);
  const char* last = item.data() + item.size();
  double value = 0.0;
  const auto [end, ec] = std::from_chars(first, last, value, std::chars_format::general);
  const std::string named = std::string(what) + " " + quoted(item);
  if (end != last || first == last || (plus && *first == '-')) {
    refuse(kind, text, named + " is not a number");
  }
  if (ec == std::errc::result_out_of_range) {
    refuse(kind, text,
           named + " is beyond the range of a double (not a finite number, or too close to 0)");
  }
  if (ec != std::errc() || !std::isfinite(value)) {
    refuse(kind, text, named + " is not a finite number");
  }
  return value;
}

double rounded_to_12_digits(double v) {
  char buffer[32];
  const auto written =
      std::to_chars(buffer, buffer + sizeof buffer, v, std::chars_format::general, 12);
  double back = v;
  std::from_chars(buffer, written.ptr, back, std::chars_format::general);
  return back;
}

std::vector<double> range(std::string_view text) {
  std::string_view part[3];
  std::string_view rest = text;
  for (int k = 0; k < 3; ++k) {
    const std::size_t colon = rest.find(':');
    if ((colon == std::string_view::npos) != (k == 2)) {
      refuse("range", text, "a range is START:STOP:STEP, three numbers");
    }
    part[k] = trimmed(rest.substr(0, colon));
    rest = colon == std::string_view::npos ? std::string_view() : rest.substr(colon + 1);
  }
  const double start = number("range", text, "START", part[0]);
  const double stop = number("range", text, "STOP", part[1]);
  const double step = number("range", text, "STEP", part[2]);
  if (!(step > 0.0)) refuse("range", text, "STEP " + quoted(part[2]) + " is not above 0");
  if (stop < start) {
    refuse("range", text, "STOP " + quoted(part[1]) + " is below START " + quoted(part[0]));
  }
  const double steps = std::floor((stop - start) / step + 1e-9);  // STOP on the grid: included
  if (!(steps < static_cast<double>(kMaxOmegas))) {
    refuse("range", text, "more than " + std::to_string(kMaxOmegas) + " values");
  }
  std::vector<double> values;
  for (int i = 0; i <= static_cast<int>(steps); ++i) {
    const double v = rounded_to_12_digits(start + static_cast<double>(i) * step);
    if (!values.empty() && v == values.back()) {
      refuse("range", text,
             format_omega(v) + " comes twice: STEP " + quoted(part[2]) +
                 " is below the 12 significant digits the values are rounded to");
    }
    values.push_back(v);
  }
  return values;
}

}  // namespace

std::vector<double> parse_omega_list(const std::string& text) {
  if (trimmed(text).empty()) {
    refuse("list", text, "no value; give one (1.2), a list (0.8,1,1.2) or a range (0.5:1.5:0.1)");
  }
  const bool has_comma = text.find(',') != std::string::npos;
  if (text.find(':') != std::string::npos) {
    if (has_comma) refuse("list", text, "a range START:STOP:STEP cannot be part of a list");
    return range(text);
  }
  std::vector<double> values;
  std::vector<std::string_view> items;
  for (std::size_t start = 0;;) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    items.push_back(trimmed(std::string_view(text).substr(start, comma - start)));
    if (comma == text.size()) break;
    start = comma + 1;
  }
  if (items.size() > kMaxOmegas) {
    refuse("list", text, "more than " + std::to_string(kMaxOmegas) + " values");
  }
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string what = has_comma ? "item " + std::to_string(i + 1) : "the value";
    values.push_back(number("list", text, what, items[i]));
    for (std::size_t j = 0; j < i; ++j) {
      if (values[j] == values[i]) {
        refuse("list", text,
               format_omega(values[i]) + " is given twice (" + quoted(items[j]) + " and " +
                   quoted(items[i]) + ")");
      }
    }
  }
  return values;
}

std::string format_omega(double omega) {
  char buffer[32];
  auto written =
      std::to_chars(buffer, buffer + sizeof buffer, omega, std::chars_format::general, 12);
  double back = 0.0;
  std::from_chars(buffer, written.ptr, back, std::chars_format::general);
  if (back != omega) {
    written = std::to_chars(buffer, buffer + sizeof buffer, omega, std::chars_format::general);
  }
  return {buffer, written.ptr};
}

}  // namespace slae::coordinator
