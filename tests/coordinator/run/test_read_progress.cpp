// The line a large input's read shows (coordinator/run/read_progress.cpp): nothing for a read that
// is over within half a second, then how far it is, at most ten times a second.
#include "coordinator/run/read_progress.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <string>

using slae::coordinator::ProgressLine;
using slae::coordinator::reading_text;
using slae::coordinator::ReadProgressShown;

namespace {

std::string written(std::FILE* f) {
  std::fflush(f);
  std::rewind(f);
  std::string s;
  char buf[512];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;)
    s.append(buf, n);
  return s;
}

}  // namespace

TEST_CASE("the read line says how many MB of how many and the share", "[progress]") {
  CHECK(reading_text("A.mtx.gz", 62'100'000, 145'300'000) ==
        "reading A.mtx.gz: 62.1 of 145.3 MB (42%)");
  CHECK(reading_text("<stdin>", 5'000'000, 0) == "reading <stdin>: 5.0 MB");
}

TEST_CASE("a read shows its line only after half a second and not more than every 0.1 s",
          "[progress]") {
  std::FILE* out = std::tmpfile();
  REQUIRE(out);
  auto now = ProgressLine::Clock::time_point{} + std::chrono::hours(1);
  {
    ProgressLine line(out, 120, [&] { return now; });
    ReadProgressShown reading(line, "A.mtx", [&] { return now; });
    const auto progress = reading.callback();
    now += std::chrono::milliseconds(400);
    progress(1'000'000, 10'000'000);
    CHECK(written(out).empty());  // a quick read says nothing
    now += std::chrono::milliseconds(200);
    progress(2'000'000, 10'000'000);
    CHECK(written(out).find("reading A.mtx: 2.0 of 10.0 MB (20%)") != std::string::npos);
    now += std::chrono::milliseconds(50);
    progress(3'000'000, 10'000'000);
    CHECK(written(out).find("3.0 of") == std::string::npos);
    now += std::chrono::milliseconds(60);
    progress(4'000'000, 10'000'000);
    CHECK(written(out).find("4.0 of 10.0 MB (40%)") != std::string::npos);
    CHECK(reading.done() == 4'000'000);
  }
  std::fclose(out);
}
