#include "solver/matrix_market_writer.hpp"

#include <cerrno>
#include <charconv>
#include <cstring>
#include <stdexcept>
#include <string>

namespace slae {
namespace {

// Text is built in a buffer of about this size and written in one call: a 1e7-entry matrix
// then costs a few hundred fwrite calls, not ten million.
constexpr std::size_t kFlushBytes = 1 << 20;

class TextOut {
 public:
  explicit TextOut(std::FILE* out) : out_(out) { text_.reserve(kFlushBytes + 256); }

  void append(std::string_view s) { text_.append(s); }
  void integer(std::int64_t v) {
    char buffer[24];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
    text_.append(buffer, end);
  }
  // The shortest decimal that reads back as v (std::to_chars without a precision).
  void real(double v) {
    char buffer[32];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
    text_.append(buffer, end);
  }
  void end_line() {
    text_.push_back('\n');
    if (text_.size() >= kFlushBytes) flush();
  }
  void flush() {
    if (!text_.empty() &&
        (std::fwrite(text_.data(), 1, text_.size(), out_) != text_.size() || std::ferror(out_))) {
      throw std::runtime_error(std::string("cannot write the Matrix Market file: ") +
                               std::strerror(errno));
    }
    text_.clear();
  }

 private:
  std::FILE* out_;
  std::string text_;
};

}  // namespace

void write_matrix_market_vector(std::FILE* out, std::span<const double> x) {
  TextOut text(out);
  text.append("%%MatrixMarket matrix array real general\n");
  text.integer(static_cast<std::int64_t>(x.size()));
  text.append(" 1");
  text.end_line();
  for (const double v : x) {
    text.real(v);
    text.end_line();
  }
  text.flush();
}

void write_matrix_market(std::FILE* out, const CsrMatrix& a) {
  TextOut text(out);
  text.append("%%MatrixMarket matrix coordinate real general\n");
  text.integer(a.rows);
  text.append(" ");
  text.integer(a.cols);
  text.append(" ");
  text.integer(a.nnz());
  text.end_line();
  for (std::int64_t r = 0; r < a.rows; ++r) {
    for (std::int64_t k = a.row_ptr[r]; k < a.row_ptr[r + 1]; ++k) {
      text.integer(r + 1);
      text.append(" ");
      text.integer(a.col_idx[k] + 1);
      text.append(" ");
      text.real(a.values[k]);
      text.end_line();
    }
  }
  text.flush();
}

}  // namespace slae
