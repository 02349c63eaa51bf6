#include "protocol/shared_segment.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <string>

using slae::protocol::SharedSegment;

TEST_CASE("a segment created here is seen by whoever opens it by name", "[shared]") {
  SharedSegment created = SharedSegment::create(3 * 4 * sizeof(double));
  CHECK(created.name().rfind("/proc/" + std::to_string(::getpid()) + "/fd/", 0) == 0);
  CHECK(slae::protocol::is_shared_segment_name(created.name()));
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

TEST_CASE("releasing the name closes it for others, the mappings stay", "[shared]") {
  SharedSegment created = SharedSegment::create(64);
  SharedSegment opened = SharedSegment::open(created.name(), 64);
  const std::string name = created.name();
  created.release_name();
  CHECK_THROWS_AS(SharedSegment::open(name, 64), std::runtime_error);
  opened.writable_doubles()[0] = 1.0;
  CHECK(created.doubles()[0] == 1.0);
}

TEST_CASE("sizes must match, and only segment names are opened", "[shared]") {
  SharedSegment created = SharedSegment::create(64);
  CHECK_THROWS_WITH(SharedSegment::open(created.name(), 128), Catch::Contains("expected 128"));
  CHECK_THROWS_AS(SharedSegment::open("/etc/passwd", 64), std::runtime_error);
  CHECK_FALSE(slae::protocol::is_shared_segment_name("/proc/1/fd/../../etc/passwd"));
  CHECK_FALSE(slae::protocol::is_shared_segment_name("/proc/self/fd/3"));
  CHECK(slae::protocol::shared_iterate_bytes(10) == 3 * 10 * sizeof(double));
}

TEST_CASE("a node cannot shrink the segment under the coordinator's mapping", "[shared]") {
  // Truncating the object would make the coordinator's next read a SIGBUS: the seals refuse it.
  SharedSegment created = SharedSegment::create(4096 * 4);
  const int fd = ::open(created.name().c_str(), O_RDWR | O_CLOEXEC);
  REQUIRE(fd >= 0);
  CHECK(::ftruncate(fd, 0) != 0);
  CHECK(errno == EPERM);
  CHECK(::ftruncate(fd, 4096 * 8) != 0);               // nor grow it
  CHECK(::fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE) != 0);  // nor change its seals
  ::close(fd);
  CHECK(created.doubles()[4095 * 4 / 8] == 0.0);  // still readable to the last page
}

TEST_CASE("an unsealed file is refused even under a segment-like name", "[shared]") {
  const int fd = ::memfd_create("unsealed", MFD_CLOEXEC);
  REQUIRE(fd >= 0);
  REQUIRE(::ftruncate(fd, 64) == 0);
  const std::string name = "/proc/" + std::to_string(::getpid()) + "/fd/" + std::to_string(fd);
  CHECK_THROWS_WITH(SharedSegment::open(name, 64), Catch::Contains("not sealed"));
  ::close(fd);
}
