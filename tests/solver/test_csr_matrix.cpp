#include "solver/csr_matrix.hpp"

#include <catch2/catch.hpp>

#include "solver/input_error.hpp"

using slae::CooMatrix;
using slae::CsrMatrix;

TEST_CASE("from_coo sorts each row by column and sums duplicates in file order", "[csr]") {
  CooMatrix coo{3, 4, {{2, 3, 1.0}, {0, 2, 5.0}, {0, 0, 1.0}, {0, 2, -2.0}, {2, 0, 7.0}}};
  const CsrMatrix a = CsrMatrix::from_coo(coo);
  CHECK(a.rows == 3);
  CHECK(a.cols == 4);
  CHECK(a.row_ptr == std::vector<std::int64_t>{0, 2, 2, 4});  // row 1 is empty
  CHECK(a.col_idx == std::vector<std::int32_t>{0, 2, 0, 3});
  CHECK(a.values == std::vector<double>{1.0, 3.0, 7.0, 1.0});
  CHECK(a.nnz() == 4);
}

TEST_CASE("duplicates are summed in the order the file gives them", "[csr]") {
  // 1e16 + 1 - 1e16 is 0 in that order; a reordering would give 1 or 2
  CooMatrix coo{1, 1, {{0, 0, 1e16}, {0, 0, 1.0}, {0, 0, -1e16}}};
  CHECK(CsrMatrix::from_coo(coo).values == std::vector<double>{0.0});
}

TEST_CASE("multiply is y = A x, wrong sizes are refused", "[csr]") {
  CooMatrix coo{2, 3, {{0, 0, 2.0}, {0, 2, 1.0}, {1, 1, -1.0}}};
  const CsrMatrix a = CsrMatrix::from_coo(coo);
  const std::vector<double> x = {1.0, 2.0, 3.0};
  std::vector<double> y(2);
  a.multiply(x, y);
  CHECK(y == std::vector<double>{5.0, -2.0});
  std::vector<double> short_y(1);
  CHECK_THROWS_AS(a.multiply(x, short_y), std::invalid_argument);
  CHECK_THROWS_AS(a.multiply(std::vector<double>(2), y), std::invalid_argument);
}

TEST_CASE("the diagonal has 0 where no entry is stored", "[csr]") {
  CooMatrix coo{3, 3, {{0, 0, 4.0}, {1, 0, 1.0}, {2, 2, -3.0}}};
  CHECK(CsrMatrix::from_coo(coo).diagonal() == std::vector<double>{4.0, 0.0, -3.0});
}

TEST_CASE("dimensions beyond 32-bit column indices are an input error", "[csr]") {
  CooMatrix coo{3000000000LL, 3000000000LL, {}};
  CHECK_THROWS_AS(CsrMatrix::from_coo(coo), slae::InputError);
}
