#include "coordinator/text/method_list.hpp"

#include <catch2/catch.hpp>

using namespace slae::coordinator;

TEST_CASE("methods are read by name, in order, each once", "[method_list]") {
  CHECK(parse_methods("jacobi, GS,sor , cg") ==
        std::vector<SolveMethod>{SolveMethod::jacobi, SolveMethod::gauss_seidel, SolveMethod::sor,
                                 SolveMethod::cg});
  CHECK(parse_methods("gauss_seidel") == std::vector<SolveMethod>{SolveMethod::gauss_seidel});
  CHECK_THROWS_WITH(parse_methods("gauss-sidel"), Catch::EndsWith("did you mean gauss-seidel?"));
  CHECK_THROWS_WITH(parse_methods("gs,gauss-seidel"), "'gauss-seidel' is listed twice");
  CHECK_THROWS_WITH(parse_methods("jacobi,"), Catch::StartsWith("'' is not a method"));
}

TEST_CASE("names and wire codes go both ways", "[method_list]") {
  for (const SolveMethod m :
       {SolveMethod::jacobi, SolveMethod::cg, SolveMethod::gauss_seidel, SolveMethod::sor}) {
    CHECK(from_wire(static_cast<std::uint8_t>(wire_method(m))) == m);
    CHECK(parse_methods(method_name(m)) == std::vector<SolveMethod>{m});
  }
  CHECK_FALSE(from_wire(0));
  CHECK_FALSE(from_wire(5));
  CHECK(takes_omega(SolveMethod::sor));
  CHECK_FALSE(takes_omega(SolveMethod::gauss_seidel));
  CHECK(multicolour(SolveMethod::gauss_seidel));
  CHECK_FALSE(multicolour(SolveMethod::jacobi));
}

TEST_CASE("a run plan repeats the weighed methods once per weight", "[method_list]") {
  const auto runs =
      plan_runs({SolveMethod::gauss_seidel, SolveMethod::sor, SolveMethod::cg, SolveMethod::jacobi},
                {0.8, 1.2});
  REQUIRE(runs.size() == 6);
  CHECK(runs[0].method == SolveMethod::gauss_seidel);
  CHECK(runs[0].omega == 1.0);
  CHECK(runs[1].method == SolveMethod::sor);
  CHECK(runs[1].omega == 0.8);
  CHECK(runs[2].omega == 1.2);
  CHECK(runs[3].method == SolveMethod::cg);
  CHECK(runs[5].method == SolveMethod::jacobi);
  CHECK(runs[5].omega == 1.2);
  const auto plain = plan_runs({SolveMethod::jacobi}, {});
  REQUIRE(plain.size() == 1);
  CHECK(plain[0].omega == 1.0);
}
