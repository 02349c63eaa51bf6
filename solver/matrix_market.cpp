#include "solver/matrix_market.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <stdexcept>

#include "solver/input_error.hpp"
#include "solver/input_text.hpp"
#include "solver/printable.hpp"

namespace slae {
namespace {

enum class Format { coordinate, array };
enum class Field { real, integer, pattern };
enum class Symmetry { general, symmetric, skew };
enum class Shape { square, column };  // a matrix A, or a vector b (n x 1)

constexpr std::int64_t kMaxDim = std::numeric_limits<std::int32_t>::max();

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return out;
}

// Quoted tokens are cut to this many characters in messages.
constexpr std::size_t kQuoted = 40;

std::string quoted(std::string_view token) {
  // appended, not "'" + string: GCC 12 at -O3 warns falsely (-Wrestrict, its bug 105329)
  // about inserting in front of a temporary string
  std::string text = "'";
  text += printable(token, kQuoted);
  text += '\'';
  return text;
}

// Walks the text line by line, keeping the line number for error messages. Lines are views into
// the one buffer: no per-line allocation. Lines end in LF, CRLF (the CR is then whitespace) or,
// in files written on old Macs, a lone CR: the first line end of the file decides which.
class LineCursor {
 public:
  LineCursor(std::string_view text, const std::string& name, const StopCheck& stop)
      : text_(text), name_(printable(name, 200)), stop_(stop) {
    const std::size_t lf = text.find('\n');
    const std::size_t cr = text.find('\r');
    if (cr < lf && (cr + 1 == text.size() || text[cr + 1] != '\n')) eol_ = '\r';
  }

  /// The next line that is neither blank nor a comment; false at end of text.
  bool next_content_line(std::string_view& line) {
    while (next_line(line)) {
      std::size_t i = 0;
      while (i < line.size() && is_space(line[i]))
        ++i;
      if (i < line.size() && line[i] != '%') return true;
    }
    return false;
  }
  bool next_line(std::string_view& line) {
    if (pos_ >= text_.size()) return false;
    const std::size_t end = std::min(text_.find(eol_, pos_), text_.size());
    line = text_.substr(pos_, end - pos_);
    pos_ = end + 1;
    if ((++line_no_ & 0xFFFF) == 0) poll_stop(stop_);  // a large file takes a while
    return true;
  }
  std::size_t remaining_bytes() const { return pos_ >= text_.size() ? 0 : text_.size() - pos_; }
  std::int64_t line_no() const { return line_no_; }
  [[noreturn]] void fail(const std::string& what) const { fail_at(line_no_, what); }
  [[noreturn]] void fail_at(std::int64_t line, const std::string& what) const {
    throw InputError(name_ + ":" + std::to_string(line) + ": " + what);
  }

 private:
  std::string_view text_;
  std::string name_;
  const StopCheck& stop_;
  char eol_ = '\n';
  std::size_t pos_ = 0;
  std::int64_t line_no_ = 0;
};

// Splits one line into whitespace-separated tokens, in place.
class Tokens {
 public:
  explicit Tokens(std::string_view line) : line_(line) {}
  bool next(std::string_view& token) {
    while (pos_ < line_.size() && is_space(line_[pos_]))
      ++pos_;
    if (pos_ >= line_.size()) return false;
    const std::size_t start = pos_;
    while (pos_ < line_.size() && !is_space(line_[pos_]))
      ++pos_;
    token = line_.substr(start, pos_ - start);
    return true;
  }

 private:
  std::string_view line_;
  std::size_t pos_ = 0;
};

std::int64_t parse_count(const LineCursor& at, std::string_view token, const char* what) {
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
  if (ec != std::errc() || end != token.data() + token.size() || value < 0) {
    at.fail(std::string(what) + " " + quoted(token) + " is not a non-negative integer");
  }
  return value;
}

double parse_value(const LineCursor& at, std::string_view token, Field field) {
  std::string_view digits = token;
  if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);  // from_chars has no '+'
  const char* first = digits.data();
  const char* last = digits.data() + digits.size();
  if (field == Field::integer) {
    std::int64_t v = 0;
    const auto [end, ec] = std::from_chars(first, last, v);
    if (ec == std::errc::result_out_of_range && end == last) {
      at.fail("integer " + quoted(token) + " is out of range (beyond 64 bits)");
    }
    if (ec != std::errc() || end != last) {
      at.fail(quoted(token) + " is not an integer (the field is 'integer')");
    }
    // Beyond 2^53 a double cannot hold every integer: refuse to round one silently.
    constexpr std::int64_t kExact = std::int64_t{1} << 53;
    const double d = static_cast<double>(v);
    if ((v > kExact || v < -kExact) &&
        (std::abs(d) >= 0x1p63 || static_cast<std::int64_t>(d) != v)) {
      at.fail("integer " + quoted(token) +
              " cannot be held exactly in a double (beyond 2^53); declare the field 'real' to "
              "accept it rounded");
    }
    return d;
  }
  double v = 0.0;
  const auto [end, ec] = std::from_chars(first, last, v);
  if (end != last || (ec != std::errc() && ec != std::errc::result_out_of_range) ||
      digits.empty()) {
    at.fail(quoted(token) + " is not a number");
  }
  if (ec == std::errc::result_out_of_range) {
    // from_chars leaves v untouched on overflow and underflow alike; strtod tells them apart
    // (this path is rare, so the copy costs nothing that matters).
    const std::string copy(digits);
    const double magnitude = std::strtod(copy.c_str(), nullptr);
    if (std::abs(magnitude) > 1.0) at.fail("value " + quoted(token) + " is out of range");
    v = 0.0;  // underflow: the value is zero to double precision
  }
  if (!std::isfinite(v)) at.fail("value " + quoted(token) + " is not finite (NaN or Inf)");
  return v;
}

struct Header {
  Format format = Format::coordinate;
  Field field = Field::real;
  Symmetry symmetry = Symmetry::general;
};

Header parse_banner(LineCursor& in) {
  const char* expected =
      "not a Matrix Market banner (expected '%%MatrixMarket matrix coordinate|array "
      "real|integer|pattern general|symmetric|skew-symmetric')";
  std::string_view line;
  if (!in.next_line(line)) in.fail_at(1, "empty file (expected a Matrix Market banner)");
  Tokens tokens(line);
  std::string_view t[6];
  int count = 0;
  while (count < 6 && tokens.next(t[count]))
    ++count;
  if (count != 5 || lower(t[0]) != "%%matrixmarket" || lower(t[1]) != "matrix") in.fail(expected);
  Header h;
  const std::string format = lower(t[2]), field = lower(t[3]), symmetry = lower(t[4]);
  if (format == "coordinate")
    h.format = Format::coordinate;
  else if (format == "array")
    h.format = Format::array;
  else
    in.fail(expected);
  if (field == "complex") in.fail("complex matrices are not supported");
  if (field == "real" || field == "double")
    h.field = Field::real;
  else if (field == "integer")
    h.field = Field::integer;
  else if (field == "pattern")
    h.field = Field::pattern;
  else
    in.fail(expected);
  if (symmetry == "hermitian") in.fail("hermitian matrices are not supported");
  if (symmetry == "general")
    h.symmetry = Symmetry::general;
  else if (symmetry == "symmetric")
    h.symmetry = Symmetry::symmetric;
  else if (symmetry == "skew-symmetric")
    h.symmetry = Symmetry::skew;
  else
    in.fail(expected);
  if (h.format == Format::array && h.field == Field::pattern) {
    in.fail("the 'pattern' field is only valid with the 'coordinate' format");
  }
  return h;
}

// Appends (row, col, value) and, for symmetric storage, its mirror image.
void add_entry(CooMatrix& m, const Header& h, const LineCursor& at, std::int64_t row,
               std::int64_t col, double value) {
  if (h.symmetry == Symmetry::skew && row == col) {
    at.fail("skew-symmetric matrix stores a diagonal entry");
  }
  m.entries.push_back({row, col, value});
  if (h.symmetry != Symmetry::general && row != col) {
    m.entries.push_back({col, row, h.symmetry == Symmetry::skew ? -value : value});
  }
}

// expected_rows: for a vector, the length it must have (checked on the size line, before anything
// is allocated from it); 0: any.
CooMatrix parse(std::string_view text, const std::string& name, Shape shape,
                std::int64_t expected_rows, const std::string& vector_name, const StopCheck& stop,
                const SizeLimits& limits = {}, const ReadNote& note = {}) {
  LineCursor in(text, name, stop);
  const Header h = parse_banner(in);

  std::string_view line;
  if (!in.next_content_line(line)) in.fail("file ends before the size line");
  const std::int64_t size_line = in.line_no();
  Tokens size_tokens(line);
  std::string_view t[4];
  int count = 0;
  while (count < 4 && size_tokens.next(t[count]))
    ++count;
  const int wanted = h.format == Format::coordinate ? 3 : 2;
  if (count != wanted) {
    in.fail(h.format == Format::coordinate ? "size line must be 'rows columns entries'"
                                           : "size line must be 'rows columns'");
  }
  CooMatrix m;
  m.rows = parse_count(in, t[0], "row count");
  m.cols = parse_count(in, t[1], "column count");
  if (m.rows == 0 || m.cols == 0) in.fail("matrix has no rows or no columns");
  if (m.rows > kMaxDim || m.cols > kMaxDim) in.fail("dimensions larger than 2147483647");
  if (limits.max_rows > 0 && m.rows > limits.max_rows) {
    in.fail(std::to_string(m.rows) + " rows, more than the limit of " +
            std::to_string(limits.max_rows) + " (--max-rows)");
  }
  if (shape == Shape::square && m.rows != m.cols) {
    in.fail("matrix is " + std::to_string(m.rows) + " x " + std::to_string(m.cols) +
            "; a linear system needs a square matrix");
  }
  // a 1 x n array is what numpy's savetxt-style writers and some tools give for a vector
  const bool row_vector = shape == Shape::column && m.rows == 1 && m.cols > 1;
  if (shape == Shape::column && m.cols != 1 && !row_vector) {
    in.fail("expected an n x 1 vector (or 1 x n), found " + std::to_string(m.rows) + " x " +
            std::to_string(m.cols));
  }
  const std::int64_t length = row_vector ? m.cols : m.rows;
  if (shape == Shape::column && expected_rows > 0 && length != expected_rows) {
    in.fail(vector_name + " has " + std::to_string(length) + (row_vector ? " entries" : " rows") +
            " but A has " + std::to_string(expected_rows) + " rows");
  }
  if (h.symmetry != Symmetry::general && m.rows != m.cols) {
    in.fail("a symmetric or skew-symmetric matrix must be square");
  }

  // How many stored values the header promises, and the most the matrix can hold.
  const std::int64_t n = m.rows;
  std::int64_t capacity = 0;  // (capacity computed in 128 bits: rows * cols may overflow int64)
  const __int128 full = static_cast<__int128>(m.rows) * m.cols;
  const __int128 lower_tri = static_cast<__int128>(n) * (n + 1) / 2;
  const __int128 strict_tri = static_cast<__int128>(n) * (n - 1) / 2;
  __int128 declared128 = 0;
  if (h.format == Format::coordinate) {
    declared128 = parse_count(in, t[2], "entry count");
    const __int128 limit = h.symmetry == Symmetry::general ? full : lower_tri;
    if (declared128 > limit) in.fail("declares more entries than a matrix of this size holds");
  } else {
    declared128 = h.symmetry == Symmetry::general     ? full
                  : h.symmetry == Symmetry::symmetric ? lower_tri
                                                      : strict_tri;
  }
  if (limits.max_entries > 0 && declared128 > limits.max_entries) {
    in.fail(std::to_string(static_cast<std::int64_t>(declared128)) +
            " entries, more than the limit of " + std::to_string(limits.max_entries) +
            " (--max-nnz)");
  }
  // Never size anything from the header alone: a 44-byte file may claim 5e8 entries. Reserve
  // only what the rest of the file can hold (every entry takes at least min_bytes); a header
  // that promises more is then reported, at the end of the file, as a truncated file.
  const std::size_t min_bytes = h.format == Format::array ? 2 : h.field == Field::pattern ? 4 : 6;
  const __int128 room = static_cast<__int128>(in.remaining_bytes() + 1) / min_bytes;
  const std::int64_t declared = static_cast<std::int64_t>(declared128);
  capacity = static_cast<std::int64_t>(std::min(declared128, room)) *
             (h.symmetry == Symmetry::general ? 1 : 2);
  m.entries.reserve(static_cast<std::size_t>(capacity));

  std::int64_t stored = 0;
  if (h.format == Format::coordinate) {
    while (in.next_content_line(line)) {
      if (stored == declared) {
        in.fail("more entries than the " + std::to_string(declared) + " declared on line " +
                std::to_string(size_line));
      }
      Tokens tokens(line);
      std::string_view ti, tj, tv, extra;
      tokens.next(ti);
      if (!tokens.next(tj)) in.fail("entry has a row index but no column index");
      const std::int64_t i = parse_count(in, ti, "row index");
      const std::int64_t j = parse_count(in, tj, "column index");
      if (i < 1 || i > m.rows) {
        in.fail("row index " + std::to_string(i) + " is outside 1.." + std::to_string(m.rows));
      }
      if (j < 1 || j > m.cols) {
        in.fail("column index " + std::to_string(j) + " is outside 1.." + std::to_string(m.cols));
      }
      double value = 1.0;
      if (h.field != Field::pattern) {
        if (!tokens.next(tv)) in.fail("missing value");
        value = parse_value(in, tv, h.field);
      }
      if (tokens.next(extra)) in.fail("unexpected " + quoted(extra) + " after the entry");
      add_entry(m, h, in, i - 1, j - 1, value);
      ++stored;
    }
  } else {
    // Column-major; symmetric storage holds the lower triangle (skew: strictly lower).
    std::int64_t row = 0, col = 0;
    if (h.symmetry == Symmetry::skew) row = 1;
    while (in.next_content_line(line)) {
      Tokens tokens(line);
      std::string_view tv;
      while (tokens.next(tv)) {
        if (stored == declared) {
          in.fail("more values than the " + std::to_string(declared) + " a " +
                  std::to_string(m.rows) + " x " + std::to_string(m.cols) + " array holds");
        }
        const double value = parse_value(in, tv, h.field);
        if (value != 0.0) add_entry(m, h, in, row, col, value);  // zeros are not structural
        ++stored;
        if (++row == m.rows) {
          ++col;
          row = h.symmetry == Symmetry::general     ? 0
                : h.symmetry == Symmetry::symmetric ? col
                                                    : col + 1;
        }
      }
    }
  }
  if (stored < declared) {
    in.fail("file ends after " + std::to_string(stored) + " of " + std::to_string(declared) +
            " entries (truncated?)");
  }
  if (row_vector) {  // read as the column it stands for
    for (MatrixEntry& e : m.entries)
      std::swap(e.row, e.col);
    std::swap(m.rows, m.cols);
    if (note) {
      note(printable(name, 200) + ": a 1 x " + std::to_string(m.rows) + " row vector, read as " +
           vector_name + " (" + std::to_string(m.rows) + " x 1)");
    }
  }
  return m;
}

// How errors name the input: the reader makes it printable
std::string shown(const std::string& path) {
  return path == kStdinPath ? std::string(kStdinName) : path;
}

}  // namespace

CooMatrix parse_matrix_market(std::string_view text, const std::string& name, const StopCheck& stop,
                              const SizeLimits& limits) {
  return parse(text, name, Shape::square, 0, {}, stop, limits);
}

CooMatrix read_matrix_market(const std::string& path, const StopCheck& stop,
                             const SizeLimits& limits, const ReadProgress& progress) {
  return parse(read_input(path, stop, progress).view(), shown(path), Shape::square, 0, {}, stop,
               limits);
}

std::vector<double> read_matrix_market_vector(const std::string& path, std::int64_t expected_rows,
                                              const std::string& name, const StopCheck& stop,
                                              const ReadNote& note) {
  const CooMatrix m = parse(read_input(path, stop).view(), shown(path), Shape::column,
                            expected_rows, name, stop, {}, note);
  std::vector<double> v(static_cast<std::size_t>(m.rows), 0.0);
  for (const MatrixEntry& e : m.entries)
    v[static_cast<std::size_t>(e.row)] += e.value;
  return v;
}

}  // namespace slae
