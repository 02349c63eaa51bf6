#include "coordinator/cluster/array_doubling.hpp"

#include <catch2/catch.hpp>

#include "coordinator/cluster/cluster_error.hpp"
#include "solver/input_error.hpp"

using namespace slae::coordinator;

TEST_CASE("chunk plans: one per node for short lists, more for long ones", "[doubling]") {
  CHECK(plan_chunks(7, 3).parts() == 3);
  CHECK(plan_chunks(2, 8).parts() == 2);  // never more chunks than values
  const slae::RowPartition many = plan_chunks(20000, 3, 4096);
  CHECK(many.parts() == 5);
  CHECK(many.rows() == 20000);
}

TEST_CASE("number lists parse and print", "[doubling]") {
  CHECK(parse_number_list("1, +2.5,-3e2 ,4") == std::vector<double>{1, 2.5, -300, 4});
  CHECK(format_number_list(std::vector<double>{2, 4, -6, 0.1, 1e300}) == "2,4,-6,0.1,1e+300");
  CHECK_THROWS_AS(parse_number_list(""), slae::InputError);
  CHECK_THROWS_WITH(parse_number_list("1,,3"), Catch::Contains("item 2"));
  CHECK_THROWS_WITH(parse_number_list("1,2,abc"), Catch::Contains("item 3 ('abc')"));
  CHECK_THROWS_AS(parse_number_list("1,inf"), slae::InputError);
}

TEST_CASE("chunks are glued in order whatever order they arrive in", "[doubling]") {
  ChunkAssembler assembler(slae::RowPartition({0, 2, 3, 5}));
  assembler.accept(1, 2, std::vector<double>{8, 10});
  assembler.accept(0, 0, std::vector<double>{2, 4});
  CHECK_FALSE(assembler.complete());
  assembler.accept(2, 1, std::vector<double>{6});
  CHECK(assembler.complete());
  CHECK(assembler.result() == std::vector<double>{2, 4, 6, 8, 10});
  CHECK(assembler.arrival_order() == std::vector<std::int64_t>{2, 0, 1});
}

TEST_CASE("bad, wrongly sized or repeated chunks are refused", "[doubling]") {
  ChunkAssembler assembler(slae::RowPartition({0, 2, 3}));
  CHECK_THROWS_AS(assembler.accept(0, 5, std::vector<double>{1}), ClusterError);
  CHECK_THROWS_AS(assembler.accept(0, 0, std::vector<double>{1}), ClusterError);
  assembler.accept(0, 1, std::vector<double>{1});
  CHECK_THROWS_AS(assembler.accept(0, 1, std::vector<double>{1}), ClusterError);
}
