#include "solver/matrix_market.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <limits>

#include <sys/stat.h>

#include "solver/csr_matrix.hpp"
#include "solver/input_error.hpp"
#include "tests/support/temp_files.hpp"

using slae::parse_matrix_market;

namespace {

const std::string kCoord = "%%MatrixMarket matrix coordinate real general\n";

double at(const slae::CsrMatrix& a, std::int64_t r, std::int64_t c) {
  for (std::int64_t k = a.row_ptr[r]; k < a.row_ptr[r + 1]; ++k) {
    if (a.col_idx[k] == c) return a.values[k];
  }
  return 0.0;
}

slae::CsrMatrix csr(const std::string& text) {
  return slae::CsrMatrix::from_coo(parse_matrix_market(text, "t.mtx"));
}

}  // namespace

TEST_CASE("coordinate real general, 1-based to 0-based", "[matrix_market]") {
  const auto m = parse_matrix_market(kCoord + "3 3 2\n1 1 2.5\n3 2 -1e-3\n", "t.mtx");
  CHECK(m.rows == 3);
  CHECK(m.cols == 3);
  REQUIRE(m.entries.size() == 2);
  CHECK(m.entries[1].row == 2);
  CHECK(m.entries[1].col == 1);
  CHECK(m.entries[1].value == -1e-3);
}

TEST_CASE("banner is case-insensitive, comments, blank lines, CRLF and tabs anywhere after it",
          "[matrix_market]") {
  const std::string text =
      "%%matrixmarket MATRIX Coordinate REAL General\r\n% comment\r\n\r\n  \t\r\n 2 2 2\r\n"
      "% between entries\r\n\r\n\t1\t1   +4\r\n   2 2 5\r\n% trailing\r\n\r\n";
  const auto a = csr(text);
  CHECK(at(a, 0, 0) == 4.0);
  CHECK(at(a, 1, 1) == 5.0);
}

TEST_CASE("symmetric storage is mirrored without doubling the diagonal", "[matrix_market]") {
  const auto a =
      csr("%%MatrixMarket matrix coordinate real symmetric\n3 3 3\n1 1 4\n2 1 -1\n3 3 2\n");
  CHECK(a.nnz() == 4);
  CHECK(at(a, 0, 0) == 4.0);
  CHECK(at(a, 1, 0) == -1.0);
  CHECK(at(a, 0, 1) == -1.0);
  CHECK(at(a, 2, 2) == 2.0);
}

TEST_CASE("skew-symmetric storage is mirrored negated, a stored diagonal is an error",
          "[matrix_market]") {
  const auto a = csr("%%MatrixMarket matrix coordinate real skew-symmetric\n2 2 1\n2 1 3\n");
  CHECK(at(a, 1, 0) == 3.0);
  CHECK(at(a, 0, 1) == -3.0);
  REQUIRE_THROWS_WITH(
      parse_matrix_market("%%MatrixMarket matrix coordinate real skew-symmetric\n2 2 1\n1 1 3\n",
                          "s.mtx"),
      Catch::StartsWith("s.mtx:3: ") && Catch::Contains("diagonal"));
}

TEST_CASE("pattern entries are 1, integer values are read exactly", "[matrix_market]") {
  const auto p = csr("%%MatrixMarket matrix coordinate pattern symmetric\n2 2 2\n1 1\n2 1\n");
  CHECK(at(p, 0, 0) == 1.0);
  CHECK(at(p, 0, 1) == 1.0);
  const auto i =
      csr("%%MatrixMarket matrix coordinate integer general\n1 1 1\n1 1 -9007199254740992\n");
  CHECK(at(i, 0, 0) == -9007199254740992.0);  // 2^53: still exact
  const auto big =
      csr("%%MatrixMarket matrix coordinate integer general\n1 1 1\n1 1 1152921504606846976\n");
  CHECK(at(big, 0, 0) == 0x1p60);  // beyond 2^53, but a double holds it exactly
}

TEST_CASE("an integer a double cannot hold exactly is refused, not rounded", "[matrix_market]") {
  const std::string banner = "%%MatrixMarket matrix coordinate integer general\n1 1 1\n";
  REQUIRE_THROWS_WITH(
      parse_matrix_market(banner + "1 1 9007199254740993\n", "i.mtx"),
      Catch::StartsWith("i.mtx:3: ") && Catch::Contains("2^53") && Catch::Contains("'real'"));
  REQUIRE_THROWS_WITH(parse_matrix_market(banner + "1 1 -9223372036854775807\n", "i.mtx"),
                      Catch::StartsWith("i.mtx:3: ") && Catch::Contains("2^53"));
  REQUIRE_THROWS_WITH(parse_matrix_market(banner + "1 1 99999999999999999999\n", "i.mtx"),
                      Catch::StartsWith("i.mtx:3: ") && Catch::Contains("out of range"));
}

TEST_CASE("lines may end in a lone CR (old Mac files)", "[matrix_market]") {
  std::string text = slae::test::read_text(SLAE_MATRICES_DIR "/nist_ex1.mtx");
  const auto lf = slae::CsrMatrix::from_coo(parse_matrix_market(text, "lf.mtx"));
  std::replace(text.begin(), text.end(), '\n', '\r');
  const auto cr = slae::CsrMatrix::from_coo(parse_matrix_market(text, "cr.mtx"));
  CHECK(cr.values == lf.values);
  CHECK(cr.col_idx == lf.col_idx);
  CHECK(cr.row_ptr == lf.row_ptr);
  // and errors still name the right line
  std::string bad = kCoord + "2 2 1\n1 3 1\n";
  std::replace(bad.begin(), bad.end(), '\n', '\r');
  REQUIRE_THROWS_WITH(parse_matrix_market(bad, "cr.mtx"), Catch::StartsWith("cr.mtx:3: "));
}

TEST_CASE("quoted tokens are cut and escaped", "[matrix_market]") {
  const std::string huge(5'000'000, 'x');
  try {
    parse_matrix_market(kCoord + "2 2 1\n1 1 " + huge + "\n", "t.mtx");
    FAIL("no error");
  } catch (const slae::InputError& e) {
    const std::string what = e.what();
    CHECK(what.size() < 200);
    CHECK_THAT(what, Catch::StartsWith("t.mtx:3: 'xxxx") && Catch::Contains("5000000 bytes"));
  }
  using namespace std::string_literals;
  REQUIRE_THROWS_WITH(parse_matrix_market(kCoord + "2 2 1\n1 1 4\x1b[2J\x00z\n"s, "t.mtx"),
                      Catch::Contains("'4\\x1b[2J\\0z'"));
}

TEST_CASE("the stop check is asked while a large text is parsed", "[matrix_market]") {
  std::string text = kCoord + "200000 200000 200000\n";
  for (int i = 1; i <= 200000; ++i)
    text += std::to_string(i) + " " + std::to_string(i) + " 1\n";
  int asked = 0;
  const auto m = parse_matrix_market(text, "big.mtx", [&] { ++asked; });
  CHECK(m.entries.size() == 200000);
  CHECK(asked >= 3);
  struct Stop {};
  CHECK_THROWS_AS(parse_matrix_market(text, "big.mtx", [] { throw Stop{}; }), Stop);
}

TEST_CASE("duplicates are summed in CSR", "[matrix_market]") {
  const auto a = csr(kCoord + "2 2 3\n1 1 1\n2 2 1\n1 1 0.5\n");
  CHECK(a.nnz() == 2);
  CHECK(at(a, 0, 0) == 1.5);
}

TEST_CASE("array format: column-major, symmetric holds the lower triangle, zeros dropped",
          "[matrix_market]") {
  const auto g = csr("%%MatrixMarket matrix array real general\n2 2\n1\n2\n3\n0\n");
  CHECK(at(g, 0, 0) == 1.0);
  CHECK(at(g, 1, 0) == 2.0);
  CHECK(at(g, 0, 1) == 3.0);
  CHECK(g.nnz() == 3);
  const auto s = csr("%%MatrixMarket matrix array real symmetric\n3 3\n1\n2\n3\n4\n5\n6\n");
  CHECK(at(s, 1, 0) == 2.0);
  CHECK(at(s, 0, 1) == 2.0);
  CHECK(at(s, 2, 0) == 3.0);
  CHECK(at(s, 1, 1) == 4.0);
  CHECK(at(s, 2, 1) == 5.0);
  CHECK(at(s, 1, 2) == 5.0);
  CHECK(at(s, 2, 2) == 6.0);
}

TEST_CASE("every malformed input names the file and line", "[matrix_market]") {
  const auto [text, prefix, phrase] = GENERATE(table<std::string, std::string, std::string>({
      {"", "e.mtx:1: ", "empty file"},
      {"%%MatrixMarket matrix coordinate real\n1 1 1\n1 1 1\n", "e.mtx:1: ", "banner"},
      {"%%MatrixMarket vector coordinate real general\n1 1 1\n1 1 1\n", "e.mtx:1: ", "banner"},
      {"%%MatrixMarket matrix coordinate complex general\n1 1 1\n1 1 1 0\n",
       "e.mtx:1: ", "complex"},
      {"%%MatrixMarket matrix coordinate real hermitian\n1 1 1\n1 1 1\n", "e.mtx:1: ", "hermitian"},
      {"%%MatrixMarket matrix array pattern general\n1 1\n1\n", "e.mtx:1: ", "pattern"},
      {kCoord + "2 3 1\n1 1 1\n", "e.mtx:2: ", "square"},
      {kCoord + "2 2\n1 1 1\n", "e.mtx:2: ", "size line"},
      {kCoord + "2 -2 1\n1 1 1\n", "e.mtx:2: ", "non-negative"},
      {kCoord + "0 0 0\n", "e.mtx:2: ", "no rows"},
      {kCoord + "3000000000 3000000000 1\n1 1 1\n", "e.mtx:2: ", "2147483647"},
      {kCoord + "2 2 5\n1 1 1\n", "e.mtx:2: ", "more entries than"},
      {kCoord + "2 2 1\n0 1 1\n", "e.mtx:3: ", "row index 0 is outside 1..2"},
      {kCoord + "2 2 1\n1 3 1\n", "e.mtx:3: ", "column index 3 is outside 1..2"},
      {kCoord + "2 2 1\n1 1 1\n2 2 1\n", "e.mtx:4: ", "more entries than the 1 declared"},
      {kCoord + "2 2 2\n1 1 1\n", "e.mtx:3: ", "file ends after 1 of 2"},
      {kCoord + "2 2 1\n1 1\n", "e.mtx:3: ", "missing value"},
      {kCoord + "2 2 1\n1\n", "e.mtx:3: ", "no column index"},
      {kCoord + "2 2 1\n1 1 x1\n", "e.mtx:3: ", "not a number"},
      {kCoord + "2 2 1\n1 1 1 7\n", "e.mtx:3: ", "after the entry"},
      {kCoord + "2 2 1\n1 1 NaN\n", "e.mtx:3: ", "not finite"},
      {kCoord + "2 2 1\n1 1 -Infinity\n", "e.mtx:3: ", "not finite"},
      {kCoord + "2 2 1\n1 1 1e999\n", "e.mtx:3: ", "out of range"},
      {"%%MatrixMarket matrix coordinate integer general\n1 1 1\n1 1 1.5\n",
       "e.mtx:3: ", "not an integer"},
      {"%%MatrixMarket matrix array real general\n2 2\n1\n2\n3\n",
       "e.mtx:5: ", "file ends after 3 of 4"},
      {"%%MatrixMarket matrix array real general\n1 1\n1\n2\n", "e.mtx:4: ", "more values"},
  }));
  CAPTURE(text);
  REQUIRE_THROWS_AS(parse_matrix_market(text, "e.mtx"), slae::InputError);
  REQUIRE_THROWS_WITH(parse_matrix_market(text, "e.mtx"),
                      Catch::StartsWith(prefix) && Catch::Contains(phrase));
}

TEST_CASE("a header promising more than the file holds reserves nothing of that size",
          "[matrix_market]") {
  // 5e8 entries would be 12 GB of COO: the reader must find the truncation cheaply.
  REQUIRE_THROWS_WITH(parse_matrix_market(kCoord + "100000 100000 500000000\n1 1 1\n", "h.mtx"),
                      Catch::StartsWith("h.mtx:3: ") && Catch::Contains("1 of 500000000"));
}

TEST_CASE("tiny values underflow to zero instead of failing", "[matrix_market]") {
  const auto m = parse_matrix_market(kCoord + "1 1 1\n1 1 1e-400\n", "u.mtx");
  CHECK(m.entries[0].value == 0.0);
}

TEST_CASE("real files from the collection", "[matrix_market]") {
  const std::string dir = SLAE_MATRICES_DIR;
  const auto nist = slae::read_matrix_market(dir + "/nist_ex1.mtx");
  const auto crlf =
      slae::read_matrix_market(dir + "/windows_lineendings_nist_ex1_more_freeformat.mtx");
  CHECK(nist.rows == 5);
  CHECK(nist.entries.size() == 8);
  const auto a = slae::CsrMatrix::from_coo(nist), b = slae::CsrMatrix::from_coo(crlf);
  CHECK(a.values == b.values);
  CHECK(a.col_idx == b.col_idx);
  CHECK(slae::CsrMatrix::from_coo(slae::read_matrix_market(dir + "/full_symmetric.mtx")).nnz() ==
        16);
  CHECK(slae::CsrMatrix::from_coo(slae::read_matrix_market(dir + "/can___24.mtx")).nnz() == 160);
  CHECK(slae::CsrMatrix::from_coo(slae::read_matrix_market(dir + "/gr_30_30.mtx")).nnz() == 7744);
  REQUIRE_THROWS_WITH(slae::read_matrix_market(dir + "/no-such.mtx"),
                      Catch::Contains("no-such.mtx: cannot open"));
}

TEST_CASE("vectors: n x 1 array or coordinate, other shapes are refused", "[matrix_market]") {
  const auto b =
      slae::read_matrix_market_vector(std::string(SLAE_MATRICES_DIR) + "/Trefethen_20b_b.mtx");
  CHECK(b.size() == 19);
  CHECK(std::all_of(b.begin(), b.end(), [](double v) { return v == 1.0; }));
  REQUIRE_THROWS_WITH(
      slae::read_matrix_market_vector(std::string(SLAE_MATRICES_DIR) + "/nist_ex1.mtx"),
      Catch::Contains(":") && Catch::Contains("n x 1"));
}

TEST_CASE("a vector of the wrong length is refused on its size line, before allocating",
          "[matrix_market]") {
  slae::test::TempDir dir;
  // 500,000,000 rows in 66 bytes: reading them first would take 4 GB
  const std::string path =
      dir.file("b.mtx", "%%MatrixMarket matrix array real general\n500000000 1\n1\n");
  REQUIRE_THROWS_WITH(slae::read_matrix_market_vector(path, 14),
                      Catch::Equals(path + ":2: b has 500000000 rows but A has 14 rows"));
  std::string shipped = SLAE_MATRICES_DIR;  // appended: GCC 12's -Warray-bounds misfires on "+"
  shipped += "/Trefethen_20b_b.mtx";
  CHECK(slae::read_matrix_market_vector(shipped, 19).size() == 19);
}

TEST_CASE(
    "the limits of --max-rows and --max-nnz refuse a matrix on its size line, before allocating",
    "[matrix_market]") {
  const slae::SizeLimits limits{1000, 50};
  // a billion declared entries in a few bytes: refused from the size line alone
  REQUIRE_THROWS_WITH(
      slae::parse_matrix_market("%%MatrixMarket matrix coordinate real general\n2000 2000 5\n",
                                "A.mtx", {}, limits),
      Catch::Equals("A.mtx:2: 2000 rows, more than the limit of 1000 (--max-rows)"));
  REQUIRE_THROWS_WITH(
      slae::parse_matrix_market(
          "%%MatrixMarket matrix coordinate real general\n% c\n1000 1000 999999\n", "A.mtx", {},
          limits),
      Catch::Equals("A.mtx:3: 999999 entries, more than the limit of 50 (--max-nnz)"));
  // array format: rows x columns entries
  REQUIRE_THROWS_WITH(slae::parse_matrix_market("%%MatrixMarket matrix array real general\n8 8\n",
                                                "A.mtx", {}, limits),
                      Catch::Contains("64 entries, more than the limit of 50"));
  // at the limits: read
  CHECK(slae::parse_matrix_market(
            "%%MatrixMarket matrix coordinate real general\n1000 1000 1\n1 1 2\n", "A.mtx", {},
            limits)
            .rows == 1000);
}

TEST_CASE("only regular files are read: a FIFO is refused at once, not waited on",
          "[matrix_market]") {
  slae::test::TempDir dir;
  const std::string fifo = dir.path() + "/pipe.mtx";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  REQUIRE_THROWS_WITH(slae::read_matrix_market(fifo), Catch::Contains("is a FIFO"));
  REQUIRE_THROWS_WITH(slae::read_matrix_market(dir.path()), Catch::Contains("is a directory"));
  REQUIRE_THROWS_WITH(slae::read_matrix_market("/dev/zero"),
                      Catch::Contains("is a character device"));
}
