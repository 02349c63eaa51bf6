#include "protocol/shared_segment.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <string>

using slae::protocol::SharedSegment;

TEST_CASE("a segment created here is seen by whoever opens it by name", "[shared]") {
  SharedSegment created = SharedSegment::create(3 * 4 * sizeof(double));
  CHECK(created.name().rfind("/slae-", 0) == 0);
  CHECK_THROWS_AS(created.writable_doubles(), std::logic_error);  // the coordinator only reads
  SharedSegment opened = SharedSegment::open(created.name(), 3 * 4 * sizeof(double));
  REQUIRE(opened.writable_doubles().size() == 12);
  opened.writable_doubles()[5] = 2.5;
  CHECK(created.doubles()[5] == 2.5);
  const auto slot =
      slae::protocol::shared_iterate_slot(opened.writable_doubles(), 4, 7);  // 7 % 3 == 1
  CHECK(slot.data() == opened.writable_doubles().data() + 4);
  CHECK(slot.size() == 4);
}

TEST_CASE("unlinking removes the name, not the mappings", "[shared]") {
  SharedSegment created = SharedSegment::create(64);
  SharedSegment opened = SharedSegment::open(created.name(), 64);
  const std::string name = created.name();
  created.unlink();
  CHECK_THROWS_AS(SharedSegment::open(name, 64), std::runtime_error);
  opened.writable_doubles()[0] = 1.0;
  CHECK(created.doubles()[0] == 1.0);
}

TEST_CASE("the creator removes the name when it goes, and sizes must match", "[shared]") {
  std::string name;
  {
    SharedSegment created = SharedSegment::create(64);
    name = created.name();
    CHECK_THROWS_WITH(SharedSegment::open(name, 128), Catch::Contains("expected 128"));
  }
  CHECK_THROWS_AS(SharedSegment::open(name, 64), std::runtime_error);
  CHECK(slae::protocol::shared_iterate_bytes(10) == 3 * 10 * sizeof(double));
}

TEST_CASE("objects left by dead coordinators are removed, live ones are kept", "[shared]") {
  // a pid that cannot exist (beyond the kernel's pid_max limit of 2^22)
  const std::string stale = "/slae-99999999-0123456789abcdef";
  {
    const int fd = ::shm_open(stale.c_str(), O_RDWR | O_CREAT, 0600);
    REQUIRE(fd >= 0);
    ::close(fd);
  }
  SharedSegment live = SharedSegment::create(64);  // named after this (living) process
  CHECK(SharedSegment::remove_stale() >= 1);
  CHECK(::shm_open(stale.c_str(), O_RDWR, 0) < 0);
  CHECK_NOTHROW(SharedSegment::open(live.name(), 64));
}
