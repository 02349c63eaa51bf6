#include "coordinator/run/terminal_observer.hpp"

#include <catch2/catch.hpp>

using slae::coordinator::describe;
using slae::coordinator::QueuePlace;

TEST_CASE("a job's place in the queue is said in words", "[terminal]") {
  CHECK(describe(QueuePlace{2, 2, 3, 3}) ==
        "queued: position 2 of 2, waiting for a free worker (3 of 3 busy)");
  CHECK(describe(QueuePlace{1, 1, 0, 0}) ==
        "queued: position 1 of 1, waiting for a worker to join (the broker has none)");
  // idle workers a job cannot have yet (the job ahead takes them first)
  CHECK(describe(QueuePlace{3, 3, 1, 4}) ==
        "queued: position 3 of 3, waiting for a free worker (1 of 4 busy)");
}
