#include "node/node_session.hpp"

#include <catch2/catch.hpp>

#include "solver/jacobi_solver.hpp"
#include "solver/system_checks.hpp"

using namespace slae::protocol;

namespace {
slae::CsrMatrix tridiagonal(int n) {
  slae::CooMatrix coo{n, n, {}};
  for (int i = 0; i < n; ++i) {
    coo.entries.push_back({i, i, 4.0});
    if (i > 0) coo.entries.push_back({i, i - 1, -1.0});
    if (i + 1 < n) coo.entries.push_back({i, i + 1, -1.0});
  }
  return slae::CsrMatrix::from_coo(coo);
}
}  // namespace

TEST_CASE("a one-node session reproduces the reference solve's iterates", "[node]") {
  const slae::CsrMatrix a = tridiagonal(6);
  const std::vector<double> b = {1, 2, 3, 4, 5, 6};
  const slae::SolveResult reference = slae::solve_jacobi(a, b, {1e-10, 1000, 1e5});
  slae::node::NodeSession session;
  const auto inv = slae::inverted_diagonal(a);
  const auto ack = session.handle({{1, 1, 0}, Setup{0, slae::make_row_block(a, inv, b, {0, 6})}});
  REQUIRE(ack);
  REQUIRE(std::holds_alternative<SetupAck>(ack->body));
  std::vector<double> x;
  for (std::int64_t k = 0; k < reference.iterations; ++k) {
    const auto reply = session.handle({{1, 1, static_cast<std::uint64_t>(k)}, Iterate{}});
    REQUIRE(reply);
    x = std::get<BlockResult>(reply->body).x_next.to_vector();
  }
  CHECK(x == reference.x);
}

TEST_CASE("the session answers errors instead of crashing", "[node]") {
  slae::node::NodeSession session;
  SECTION("iterate before setup") {
    const auto reply = session.handle({{1, 1, 0}, Iterate{}});
    REQUIRE(reply);
    CHECK(std::holds_alternative<ErrorReport>(reply->body));
  }
  SECTION("an inconsistent block") {
    slae::RowBlock block;
    block.global_rows = 2;
    block.range = {0, 2};
    block.row_ptr = {0, 1};  // too short
    const auto reply = session.handle({{1, 1, 0}, Setup{0, block}});
    REQUIRE(reply);
    CHECK_THAT(std::get<ErrorReport>(reply->body).message, Catch::Contains("row_ptr"));
  }
  SECTION("wrong ghost count and wrong iteration") {
    const slae::CsrMatrix a = tridiagonal(4);
    const std::vector<double> b(4, 1.0);
    session.handle(
        {{1, 1, 0}, Setup{0, slae::make_row_block(a, slae::inverted_diagonal(a), b, {0, 2})}});
    const std::vector<double> two = {1, 2};
    auto reply = session.handle({{1, 1, 0}, Iterate{PackedDoubles(std::span<const double>(two))}});
    CHECK_THAT(std::get<ErrorReport>(reply->body).message, Catch::Contains("ghost"));
    const std::vector<double> one = {1};
    reply = session.handle({{1, 1, 5}, Iterate{PackedDoubles(std::span<const double>(one))}});
    CHECK_THAT(std::get<ErrorReport>(reply->body).message, Catch::Contains("iterate 5"));
  }
}

TEST_CASE("a double task comes back doubled", "[node]") {
  slae::node::NodeSession session;
  const std::vector<double> v = {1.5, -2, 0};
  const auto reply =
      session.handle({{1, 0, 0}, DoubleTask{9, PackedDoubles(std::span<const double>(v))}});
  REQUIRE(reply);
  const auto& r = std::get<DoubleResult>(reply->body);
  CHECK(r.chunk == 9);
  CHECK(r.values.to_vector() == std::vector<double>{3, -4, 0});
}
