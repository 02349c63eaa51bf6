#include "coordinator/run/progress_line.hpp"

#include <catch2/catch.hpp>
#include <cstdio>
#include <string>
#include <vector>

using slae::coordinator::ProgressLine;
using namespace std::chrono_literals;

namespace {

// A ProgressLine drawing into memory, on a terminal `columns` wide, with a clock we move.
struct Terminal {
  char* buffer = nullptr;
  std::size_t size = 0;
  std::FILE* out = ::open_memstream(&buffer, &size);
  ProgressLine::Clock::time_point now = ProgressLine::Clock::time_point{} + 1h;
  ProgressLine line;
  explicit Terminal(int columns) : line(out, columns, [this] { return now; }) {}
  ~Terminal() {
    line.finish();  // its last write, before the stream goes
    std::fclose(out);
    std::free(buffer);
  }
  // Every line drawn, without the control codes.
  std::vector<std::string> drawn() {
    std::fflush(out);
    std::vector<std::string> lines;
    const std::string all(buffer, size);
    for (std::size_t at = all.find("\r\033[K"); at != std::string::npos;) {
      const std::size_t next = all.find("\r\033[K", at + 4);
      lines.push_back(all.substr(at + 4, next == std::string::npos ? next : next - at - 4));
      at = next;
    }
    return lines;
  }
};

}  // namespace

TEST_CASE("the first draw shows only what is known", "[progress]") {
  Terminal t(200);
  t.line.begin("jacobi", 10000, 1e-8);
  t.line.update(0, 1.0);
  const auto lines = t.drawn();
  REQUIRE(lines.size() == 1);
  CHECK(lines[0] == "jacobi  iteration 0/10000  residual 1.000e+00");
}

TEST_CASE("factor, iterations left and speed come from the last second", "[progress]") {
  Terminal t(200);
  t.line.begin("jacobi", 10000, 1e-8);
  // 10 s at 100 iterations per second, the residual halving every 10 iterations; then 1 s at
  // 1000 iterations per second: the speed shown must be the new one, not an average since start
  double r = 1.0;
  std::int64_t k = 0;
  for (int tick = 0; tick < 100; ++tick, k += 10, r /= 2, t.now += 100ms)
    t.line.update(k, r);
  for (int tick = 0; tick < 11; ++tick, k += 100, t.now += 100ms)
    t.line.update(k, r);
  const std::string last = t.drawn().back();
  CHECK_THAT(last, Catch::Contains("1000 it/s"));
  Terminal halving(200);
  halving.line.begin("cg", 500, 1e-8);
  r = 1.0;
  k = 0;
  for (int tick = 0; tick < 20; ++tick, k += 10, r /= 2, halving.now += 100ms)
    halving.line.update(k, r);
  const std::string line = halving.drawn().back();
  CHECK_THAT(line, Catch::StartsWith("cg  iteration 190/500  residual 1.907e-06"));
  CHECK_THAT(line, Catch::Contains("factor 0.93303"));  // 2^(-1/10)
  // from 2^-19 to 1e-8 at 2^(-1/10) an iteration: 10 log2(1e-8 / 2^-19) = 75.75
  CHECK_THAT(line, Catch::Contains("~76 left"));
  CHECK_THAT(line, Catch::Contains("100 it/s"));
}

TEST_CASE("the line is cut to the terminal's width", "[progress]") {
  Terminal t(40);
  t.line.begin("jacobi (omega 0.8)", 10000, 1e-8);
  t.line.update(0, 1.0);
  t.now += 500ms;
  t.line.update(100, 0.5);
  for (const std::string& line : t.drawn())
    CHECK(line.size() <= 39);
}

TEST_CASE("a line that is not a solve's is drawn in its place, cut to the terminal", "[progress]") {
  Terminal t(30);
  t.line.show("queued: position 2 of 2, waiting for a free worker (3 of 3 busy)");
  t.line.begin("jacobi", 100, 1e-8);  // the solve begins: the line is erased first
  const std::vector<std::string> drawn = t.drawn();
  REQUIRE(drawn.size() >= 2);
  CHECK(drawn[0] == "queued: position 2 of 2, wait");  // 29 columns: one is kept free
  CHECK(drawn[1].empty());                             // erased
}
