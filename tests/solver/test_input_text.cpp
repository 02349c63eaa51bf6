// Reading an input whole (solver/input_text.cpp): gzip data inflated, its faults named, progress
// told; and the 1 x n vector that matrix_market.cpp reads as its column.
#include "solver/input_text.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "solver/input_error.hpp"
#include "solver/matrix_market.hpp"
#include "tests/support/temp_files.hpp"

using slae::InputError;
using slae::read_input;
using slae::test::read_text;
using slae::test::TempDir;

namespace {

const std::string kMatrix =
    "%%MatrixMarket matrix coordinate real general\n3 3 4\n1 1 4\n2 2 4\n3 3 4\n1 3 -1\n";

std::string gzip(const std::string& path) {
  const std::string gz = path + ".gz";
  REQUIRE(std::system(("gzip -c '" + path + "' > '" + gz + "'").c_str()) == 0);
  return gz;
}

}  // namespace

TEST_CASE("gzip data is inflated to the bytes of the plain file", "[matrix_market]") {
  TempDir dir;
  const std::string plain = dir.file("a.mtx", kMatrix);
  const std::string gz = gzip(plain);
  const slae::InputText text = read_input(gz);
  CHECK(text.gzip);
  CHECK(std::string(text.view()) == kMatrix);
  CHECK(text.stored_bytes == read_text(gz).size());
  CHECK_FALSE(read_input(plain).gzip);
  CHECK(slae::read_matrix_market(gz).entries.size() == 4);
  // two members one after another, as gzip -c a b writes them
  const std::string both = dir.path() + "/both.gz";
  REQUIRE(std::system(("cat '" + gz + "' '" + gz + "' > '" + both + "'").c_str()) == 0);
  CHECK(std::string(read_input(both).view()) == kMatrix + kMatrix);
}

TEST_CASE("cut short or corrupt gzip data is refused naming the file", "[matrix_market]") {
  TempDir dir;
  const std::string gz = gzip(dir.file("a.mtx", kMatrix));
  const std::string bytes = read_text(gz);
  const std::string cut = dir.file("cut.mtx.gz", bytes.substr(0, bytes.size() - 6));
  CHECK_THROWS_WITH(read_input(cut), cut + ": the gzip data ends early (truncated?)");
  std::string broken = bytes;
  broken[3] = '\xff';  // reserved flag bits
  const std::string bad = dir.file("bad.mtx.gz", broken);
  CHECK_THROWS_AS(read_input(bad), InputError);
  CHECK_THROWS_WITH(read_input(bad), Catch::StartsWith(bad + ": not valid gzip data"));
  const std::string tail = dir.file("tail.mtx.gz", bytes + "junk");
  CHECK_THROWS_WITH(read_input(tail), tail + ": data after the end of the gzip data");
}

TEST_CASE("reading tells its progress up to the file's size", "[matrix_market]") {
  TempDir dir;
  std::string big = "%%MatrixMarket matrix array real general\n300000 1\n";
  for (int i = 0; i < 300000; ++i)
    big += std::to_string(i + 1) + ".5\n";  // about 2.5 MB
  const std::string path = dir.file("big.mtx", big);
  for (const std::string& p : {path, gzip(path)}) {
    std::vector<std::uint64_t> seen;
    std::uint64_t total = 0;
    const slae::InputText text = read_input(p, {}, [&](std::uint64_t done, std::uint64_t t) {
      seen.push_back(done);
      total = t;
    });
    CHECK(std::string(text.view()) == big);
    REQUIRE_FALSE(seen.empty());
    CHECK(std::is_sorted(seen.begin(), seen.end()));
    CHECK(seen.back() == read_text(p).size());
    CHECK(total == read_text(p).size());
  }
}

TEST_CASE("a FIFO or a directory is refused and - is named <stdin>", "[matrix_market]") {
  TempDir dir;
  CHECK_THROWS_WITH(read_input(dir.path()),
                    Catch::Contains("is a directory; give a regular Matrix Market file"));
  const slae::InputText empty = read_input(dir.file("empty.mtx", ""));
  CHECK(empty.size == 0);
  CHECK_FALSE(empty.gzip);
  CHECK(empty.bytes != nullptr);
  CHECK(slae::input_name("-") == "<stdin>");
  CHECK(slae::input_name(dir.path() + "/a.mtx") == dir.path() + "/a.mtx");
}

TEST_CASE("a 1 x n vector is read as its column with a note", "[matrix_market]") {
  TempDir dir;
  const std::string row =
      dir.file("row.mtx", "%%MatrixMarket matrix array real general\n1 3\n1\n2\n3\n");
  std::vector<std::string> notes;
  const std::vector<double> b = slae::read_matrix_market_vector(
      row, 3, "b", {}, [&](const std::string& n) { notes.push_back(n); });
  CHECK(b == std::vector<double>{1, 2, 3});
  REQUIRE(notes.size() == 1);
  CHECK(notes[0] == row + ": a 1 x 3 row vector, read as b (3 x 1)");
  CHECK_THROWS_WITH(slae::read_matrix_market_vector(row, 4, "b"),
                    row + ":2: b has 3 entries but A has 4 rows");
  const std::string square =
      dir.file("sq.mtx", "%%MatrixMarket matrix array real general\n2 2\n1\n2\n3\n4\n");
  CHECK_THROWS_WITH(slae::read_matrix_market_vector(square, 0, "b"),
                    square + ":2: expected an n x 1 vector (or 1 x n), found 2 x 2");
}
