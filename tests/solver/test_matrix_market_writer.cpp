#include "solver/matrix_market_writer.hpp"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

#include "solver/matrix_market.hpp"

namespace {

// A temporary file that is removed on every path out of the test.
class TempFile {
 public:
  TempFile() {
    const int fd = ::mkstemp(path_);
    REQUIRE(fd >= 0);
    file_ = ::fdopen(fd, "w");
    REQUIRE(file_ != nullptr);
  }
  ~TempFile() {
    if (file_) std::fclose(file_);
    std::remove(path_);
  }
  std::FILE* file() { return file_; }
  /// Closes the file for writing and returns its path for reading.
  std::string finish() {
    std::fclose(file_);
    file_ = nullptr;
    return path_;
  }

 private:
  char path_[32] = "/tmp/slae-mm-XXXXXX";
  std::FILE* file_ = nullptr;
};

}  // namespace

// (-0.0 is left out: array files drop zeros as non-structural, so it reads back as +0.0.)
TEST_CASE("written vectors read back bit for bit", "[matrix_market]") {
  const std::vector<double> x = {0.1,
                                 1.0 / 3.0,
                                 -1e-300,
                                 1e300,
                                 4.9e-324,
                                 -2.5e-310,
                                 123456789.123456789,
                                 std::numeric_limits<double>::max()};
  TempFile f;
  slae::write_matrix_market_vector(f.file(), x);
  const auto back = slae::read_matrix_market_vector(f.finish());
  REQUIRE(back.size() == x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    CHECK(std::signbit(back[i]) == std::signbit(x[i]));
    CHECK(back[i] == x[i]);
  }
}

TEST_CASE("written matrices read back entry for entry", "[matrix_market]") {
  slae::CsrMatrix a;
  a.rows = 3;
  a.cols = 3;
  a.row_ptr = {0, 2, 3, 5};
  a.col_idx = {0, 2, 1, 0, 2};
  a.values = {4.5, -1.0 / 3.0, 2e-300, -7.25, 1e17};
  TempFile f;
  slae::write_matrix_market(f.file(), a);
  const slae::CsrMatrix back = slae::CsrMatrix::from_coo(slae::read_matrix_market(f.finish()));
  CHECK(back.rows == a.rows);
  CHECK(back.cols == a.cols);
  CHECK(back.row_ptr == a.row_ptr);
  CHECK(back.col_idx == a.col_idx);
  CHECK(back.values == a.values);
}
