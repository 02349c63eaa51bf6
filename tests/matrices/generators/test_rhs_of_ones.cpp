#include "matrices/generators/rhs_of_ones.hpp"

#include <catch2/catch.hpp>
#include <cstdio>
#include <string>
#include <vector>

#include "matrices/generators/anisotropic2d.hpp"
#include "matrices/generators/convection_diffusion2d.hpp"
#include "matrices/generators/poisson1d.hpp"
#include "matrices/generators/poisson2d.hpp"
#include "matrices/generators/random_dominant.hpp"
#include "solver/matrix_market.hpp"
#include "solver/matrix_market_writer.hpp"
#include "tests/support/csr_entries.hpp"
#include "tests/support/temp_files.hpp"

using slae::generators::rhs_of_ones;

TEST_CASE("rhs_of_ones: the Laplacians' b = A*1, worked by hand", "[generators]") {
  CHECK(rhs_of_ones(slae::generators::poisson_1d(4)) == std::vector<double>{1, 0, 0, 1});
  // on a 3 x 3 grid: 2 at the corners, 1 on the edges, 0 at the centre
  CHECK(rhs_of_ones(slae::generators::poisson_2d(3)) ==
        std::vector<double>{2, 1, 2, 1, 0, 1, 2, 1, 2});
}

TEST_CASE("rhs_of_ones: A * 1 is each row summed, in the coordinator's order", "[generators]") {
  for (const slae::CsrMatrix& a : {slae::generators::convection_diffusion_2d(6, 37.0),
                                   slae::generators::random_diagonally_dominant(200, 7, 3)}) {
    const std::vector<double> b = rhs_of_ones(a);
    REQUIRE(static_cast<std::int64_t>(b.size()) == a.rows);
    std::vector<double> expected(b.size());
    a.multiply(std::vector<double>(b.size(), 1.0), expected);
    CHECK(b == expected);
    for (std::int64_t r = 0; r < a.rows; ++r)
      CHECK(b[static_cast<std::size_t>(r)] == slae::test::row_sum(a, r));
  }
}

TEST_CASE("rhs_of_ones: written as --rhs writes it, our reader gives the same bits back",
          "[generators]") {
  // eps = 0.1 leaves rounding in the sums: values that need all 17 digits to come back
  const std::vector<double> b = rhs_of_ones(slae::generators::anisotropic_2d(5, 0.1));
  const slae::test::TempDir dir;
  const std::string path = dir.path() + "/b.mtx";
  std::FILE* f = std::fopen(path.c_str(), "w");
  REQUIRE(f != nullptr);
  slae::write_matrix_market_vector(f, b);
  REQUIRE(std::fclose(f) == 0);
  CHECK(slae::read_matrix_market_vector(path, static_cast<std::int64_t>(b.size())) == b);
}
