#include "solver/checkpoint.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>

#include "solver/convergence.hpp"
#include "solver/input_error.hpp"
#include "tests/support/small_matrices.hpp"
#include "tests/support/temp_files.hpp"

using namespace slae;
using slae::test::read_text;
using slae::test::TempDir;

namespace {

Checkpoint checkpoint_sample() {
  Checkpoint cp;
  cp.omega = 0.9;
  cp.iteration = 3;
  cp.fingerprint = 0x1234567890abcdefULL;
  cp.x = {1.0, -2.5, 1e-300, 3.0};
  cp.history = {1.0, 0.5, 0.25};
  return cp;
}

void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

}  // namespace

TEST_CASE("a checkpoint reads back bit for bit", "[checkpoint]") {
  const TempDir dir;
  const std::string path = dir.path() + "/c.ckpt";
  write_checkpoint(path, checkpoint_sample());
  const Checkpoint back = read_checkpoint(path);
  CHECK(back.omega == 0.9);
  CHECK(back.iteration == 3);
  CHECK(back.fingerprint == 0x1234567890abcdefULL);
  CHECK(back.x == checkpoint_sample().x);
  CHECK(back.history == checkpoint_sample().history);
  // written atomically: no temporary file is left beside it
  CHECK(::access((path + ".tmp-" + std::to_string(::getpid())).c_str(), F_OK) != 0);
  // and a second write replaces the first whole
  Checkpoint later = checkpoint_sample();
  later.iteration = 4;
  later.history.push_back(0.125);
  write_checkpoint(path, later);
  CHECK(read_checkpoint(path).iteration == 4);
}

TEST_CASE("a CG checkpoint reads back its vectors and scalars bit for bit", "[checkpoint]") {
  const TempDir dir;
  const std::string path = dir.path() + "/cg.ckpt";
  Checkpoint cp = checkpoint_sample();
  cp.method = 2;
  cp.r = {0.5, 0.25, -0.0, 7.0};
  cp.p = {-1.0, 2.0, 3.0, 1e300};
  cp.beta = 0.123456789;
  cp.best = 1e-9;
  cp.restarts = 2;
  cp.fruitless = 1;
  cp.history.push_back(0.125);  // CG's history holds x_m's residual too: m + 1 values
  write_checkpoint(path, cp);
  const Checkpoint back = read_checkpoint(path);
  CHECK(back.method == 2);
  CHECK(back.x == cp.x);
  CHECK(back.r == cp.r);
  CHECK(back.p == cp.p);
  CHECK(std::signbit(back.r[2]));
  CHECK(back.beta == cp.beta);
  CHECK(back.best == cp.best);
  CHECK(back.restarts == 2);
  CHECK(back.fruitless == 1);
  CHECK(back.history == cp.history);
  // a history that does not fit the method is refused
  cp.history.pop_back();
  write_checkpoint(path, cp);
  CHECK_THROWS_WITH(read_checkpoint(path),
                    Catch::Contains("its iteration does not match its history"));
}

TEST_CASE("gauss-seidel and sor checkpoints read back their method and weight and x_m",
          "[checkpoint]") {
  const TempDir dir;
  const std::string path = dir.path() + "/sor.ckpt";
  for (const std::uint8_t method : {std::uint8_t{3}, std::uint8_t{4}}) {
    CAPTURE(int(method));
    Checkpoint cp = checkpoint_sample();
    cp.method = method;
    cp.omega = method == 4 ? 1.85 : 1.0;
    write_checkpoint(path, cp);
    const Checkpoint back = read_checkpoint(path);
    CHECK(back.method == method);
    CHECK(back.omega == cp.omega);
    CHECK(back.x == cp.x);
    CHECK(back.history == cp.history);  // of x_0 .. x_{m-1}, as Jacobi's
    CHECK(back.r.empty());
    // a history that holds x_m's residual too (as CG's does) does not fit these methods
    cp.history.push_back(0.1);
    write_checkpoint(path, cp);
    CHECK_THROWS_WITH(read_checkpoint(path),
                      Catch::Contains("its iteration does not match its history"));
  }
  Checkpoint unknown = checkpoint_sample();
  unknown.method = 5;
  write_checkpoint(path, unknown);
  CHECK_THROWS_WITH(read_checkpoint(path),
                    Catch::Contains("sor.ckpt: a checkpoint of an unknown method"));
}

TEST_CASE("a checkpoint of format 1 (Jacobi, before CG had them) is still read", "[checkpoint]") {
  // format 1 by hand: magic, format, method, omega, iteration, fingerprint, n, history length,
  // x, history, FNV-1a of all that
  std::string bytes = "SLAE-CHECKPOINT\n";
  const auto put = [&](const auto& v) {
    bytes.append(reinterpret_cast<const char*>(&v), sizeof v);
  };
  put(std::uint32_t{1});
  put(std::uint32_t{1});
  put(0.9);
  put(std::int64_t{2});
  put(std::uint64_t{42});
  put(std::uint64_t{3});
  put(std::uint64_t{2});
  for (const double v : {1.0, 2.0, 3.0, 1.0, 0.5})
    put(v);
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  put(hash);
  const TempDir dir;
  write_bytes(dir.path() + "/old.ckpt", bytes);
  const Checkpoint cp = read_checkpoint(dir.path() + "/old.ckpt");
  CHECK(cp.method == 1);
  CHECK(cp.omega == 0.9);
  CHECK(cp.iteration == 2);
  CHECK(cp.fingerprint == 42);
  CHECK(cp.x == std::vector<double>{1.0, 2.0, 3.0});
  CHECK(cp.history == std::vector<double>{1.0, 0.5});
  CHECK(cp.r.empty());
}

TEST_CASE("a truncated, damaged or foreign checkpoint is refused naming the file", "[checkpoint]") {
  const TempDir dir;
  const std::string path = dir.path() + "/c.ckpt";
  write_checkpoint(path, checkpoint_sample());
  const std::string whole = read_text(path);
  write_bytes(path, whole.substr(0, whole.size() - 9));
  CHECK_THROWS_WITH(read_checkpoint(path), Catch::Contains("c.ckpt: truncated or damaged"));
  std::string flipped = whole;
  flipped[flipped.size() - 20] ^= 1;  // a bit of x
  write_bytes(path, flipped);
  CHECK_THROWS_WITH(read_checkpoint(path), Catch::Contains("its digest does not match"));
  write_bytes(
      path, "%%MatrixMarket matrix coordinate real general\n1 1 1\n1 1 1\n" + std::string(64, '%'));
  CHECK_THROWS_WITH(read_checkpoint(path), Catch::Contains("not a checkpoint of slae-cluster"));
  write_bytes(path, "short");
  CHECK_THROWS_WITH(read_checkpoint(path), Catch::Contains("too short"));
  std::string other_format = whole;
  other_format[16] = 9;
  write_bytes(path, other_format);
  CHECK_THROWS_WITH(read_checkpoint(path), Catch::Contains("format 9"));
  CHECK_THROWS_AS(read_checkpoint(dir.path()), InputError);
  CHECK_THROWS_AS(read_checkpoint(dir.path() + "/none"), InputError);
}

TEST_CASE("the fingerprint changes with any value of A or b", "[checkpoint]") {
  CsrMatrix a = slae::test::random_dominant_matrix(30, 0.2, 3);
  std::vector<double> b(30, 1.0);
  const std::uint64_t f = system_fingerprint(a, b);
  CHECK(system_fingerprint(a, b) == f);
  b[7] = std::nextafter(1.0, 2.0);
  CHECK(system_fingerprint(a, b) != f);
  b[7] = 1.0;
  a.values[11] = -a.values[11];
  CHECK(system_fingerprint(a, b) != f);
}

TEST_CASE("a monitor resumed from a history judges as if it had seen it", "[checkpoint]") {
  StopCriteria criteria{1e-3, 10, 1e5};
  ConvergenceMonitor fresh(criteria, 1.0), resumed(criteria, 1.0);
  for (const double r : {1.0, 1e-2, 1e-1})
    fresh.observe(r);
  resumed.resume({1.0, 1e-2, 1e-1});
  CHECK(resumed.iterations() == fresh.iterations());
  // the smallest residual seen (for divergence) came back too: 1e-2 * 1e5 = 1e3
  CHECK(fresh.observe(2e3) == SolveOutcome::diverged);
  CHECK(resumed.observe(2e3) == SolveOutcome::diverged);
  ConvergenceMonitor used(criteria, 1.0);
  used.observe(1.0);
  CHECK_THROWS_AS(used.resume({1.0}), std::logic_error);
}

TEST_CASE("a checkpoint that cannot be written says so, naming its path", "[checkpoint]") {
  const TempDir dir;
  CHECK_THROWS_WITH(
      write_checkpoint(dir.path() + "/gone/c.ckpt", checkpoint_sample()),
      Catch::StartsWith("cannot write the checkpoint ") && Catch::Contains("/gone/c.ckpt"));
}
