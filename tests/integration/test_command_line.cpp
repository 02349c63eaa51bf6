// The command line as a new user types it: mistakes get one line that says what to do instead.
#include <sys/stat.h>

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "process_runner.hpp"
#include "solver/csr_matrix.hpp"
#include "solver/matrix_market.hpp"

using namespace slae::test;

namespace {
// Runs the coordinator on gr_30_30 with `extra` flags; the usage errors come before any solve.
RunResult with_flags(const std::vector<std::string>& extra) {
  std::vector<std::string> argv = {binary("coordinator"), "--matrix", matrix("gr_30_30.mtx"),
                                   "--quiet"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  return run(argv, 60);
}
}  // namespace

TEST_CASE("NaN and infinity are refused in every numeric flag", "[integration][cli]") {
  for (const char* flag : {"--tol", "--omega", "--reply-timeout"}) {
    for (const char* value : {"nan", "NaN", "inf", "-inf", "1e999"}) {
      CAPTURE(flag, value);
      const RunResult r = with_flags({flag, value});
      CHECK(r.exit_code == 2);
      REQUIRE(lines(r.err).size() == 1);
      CHECK_THAT(r.err, Catch::Contains(flag) && Catch::Contains("not a finite number"));
    }
  }
  const RunResult node =
      run({binary("slae-node"), "--connect", "ipc:///nowhere/x", "--idle-timeout", "nan"});
  CHECK(node.exit_code == 2);
}

TEST_CASE("a value that is not a number says so", "[integration][cli]") {
  const RunResult r = with_flags({"--omega", "abc"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err,
             Catch::Contains("--omega: omega list \"abc\": the value \"abc\" is not a number"));
  const RunResult tol = with_flags({"--tol", "abc"});
  CHECK(tol.exit_code == 2);
  CHECK_THAT(tol.err, Catch::Contains("--tol: 'abc' is not a number"));
}

TEST_CASE("a mistyped flag gets a suggestion, a bare path the hint to use --matrix",
          "[integration][cli]") {
  const RunResult typo = with_flags({"--max-iters", "100"});
  CHECK(typo.exit_code == 2);
  REQUIRE(lines(typo.err).size() == 1);
  CHECK_THAT(typo.err, Catch::Contains("unknown flag --max-iters; did you mean --max-iter?"));

  const RunResult bare = run({binary("coordinator"), matrix("gr_30_30.mtx")});
  CHECK(bare.exit_code == 2);
  CHECK_THAT(bare.err, Catch::Contains("did you mean --matrix " + matrix("gr_30_30.mtx")));

  const RunResult method = with_flags({"--method", "jacobbi"});
  CHECK(method.exit_code == 2);
  CHECK_THAT(method.err, Catch::Contains("did you mean jacobi?"));
}

TEST_CASE("method names are case-insensitive and may be spaced", "[integration][cli]") {
  for (const char* methods : {"CG", "Jacobi, cg", " jacobi ,CG "}) {
    CAPTURE(methods);
    CHECK(with_flags({"--method", methods}).exit_code == 0);
  }
}

TEST_CASE("the chart wants a name ending in .svg", "[integration][cli]") {
  TempDir dir;
  const RunResult png = with_flags({"--plot", dir.path() + "/c.png"});
  CHECK(png.exit_code == 2);
  CHECK_THAT(png.err, Catch::Contains("SVG") && Catch::Contains(".svg"));
  CHECK(with_flags({"--plot", dir.path() + "/c.SVG"}).exit_code == 0);
}

TEST_CASE("help shows examples and the exit codes, and no list of exclusions",
          "[integration][cli]") {
  const RunResult r = run({binary("coordinator"), "--help"});
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("Examples:") && Catch::Contains("--method jacobi,cg") &&
                        Catch::Contains("Exit codes:"));
  CHECK_THAT(r.out, !Catch::Contains("Excludes: --double"));
}

TEST_CASE("each program's help says what it is and its exit codes, in its own words, not CLI11's",
          "[integration][cli]") {
  const RunResult coordinator = run({binary("coordinator"), "--help"});
  const RunResult customer = run({binary("customer"), "--help"});
  const RunResult node = run({binary("slae-node"), "--help"});
  const RunResult generate = run({binary("slae-generate"), "--help"});
  for (const RunResult* r : {&coordinator, &customer, &node, &generate}) {
    CHECK(r->exit_code == 0);
    CHECK_THAT(r->out, !Catch::Contains("Excludes:") && !Catch::Contains("Needs:") &&
                           !Catch::Contains("INT:INT") && !Catch::Contains(":FINITE") &&
                           Catch::Contains("Exit codes:"));
  }
  CHECK_THAT(lines(coordinator.out).at(0),
             Catch::Contains("Jacobi, Gauss-Seidel, SOR or conjugate gradients"));
  CHECK_THAT(customer.out, Catch::Contains("--status [--json | --watch [S]]"));
  // slae-node: a worker of every method, with its flags' kinds and its exit codes
  CHECK_THAT(node.out, !Catch::Contains("Jacobi solver") &&
                           Catch::Contains("Jacobi, Gauss-Seidel, SOR and\nCG") &&
                           Catch::Contains("--key-fd FD ") && Catch::Contains("--quiet") &&
                           Catch::Contains("5 the coordinator went silent"));
  // slae-generate: each subcommand with its options, not only its name
  for (const char* usage :
       {"slae-generate poisson1d [--grid N=1000000] [--diagonal D=2] --output FILE [--rhs FILE]",
        "slae-generate poisson2d [--grid N=1000] [--diagonal D=4] --output FILE",
        "slae-generate poisson3d [--grid N=100] [--diagonal D=6] --output FILE",
        "slae-generate anisotropic2d [--grid N=1000] [--epsilon EPS=0.01] --output FILE",
        "slae-generate convection-diffusion [--grid N=1000] [--peclet PE=100] --output FILE",
        "slae-generate random-dominant [--rows N=1000000] [--off-diagonals K=9] [--seed S=1] "
        "--output FILE"}) {
    CHECK_THAT(generate.out, Catch::Contains(usage));
  }
}

TEST_CASE("flags that need or exclude each other say so in one line", "[integration][cli]") {
  const RunResult both = with_flags({"--diagnose", "--no-diagnose"});
  CHECK(both.exit_code == 2);
  REQUIRE(lines(both.err).size() == 1);
  CHECK_THAT(both.err, Catch::Contains("--diagnose and --no-diagnose cannot go together"));
  const std::string nowhere = "ipc:///nowhere/x";
  const RunResult half = run({binary("slae-node"), "--connect", nowhere, "--key", "a.key"});
  CHECK(half.exit_code == 2);
  CHECK_THAT(half.err, Catch::Contains("--key needs --broker-key"));
  const RunResult twice = run({binary("slae-node"), "--connect", nowhere, "--key", "a.key",
                               "--broker-key", "b.pub", "--key-fd", "3"});
  CHECK(twice.exit_code == 2);
  CHECK_THAT(twice.err, Catch::Contains("--key and --key-fd cannot go together"));
  const RunResult nothing = run({binary("slae-node")});
  CHECK(nothing.exit_code == 2);
  CHECK_THAT(nothing.err, Catch::Contains("--connect tcp://HOST:PORT"));
}

TEST_CASE("a FIFO as --matrix or --rhs is refused at once, not waited on", "[integration][input]") {
  TempDir dir;
  const std::string fifo = dir.path() + "/pipe.mtx";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  for (const std::vector<std::string>& flags :
       {std::vector<std::string>{"--matrix", fifo},
        {"--matrix", matrix("gr_30_30.mtx"), "--rhs", fifo}}) {
    std::vector<std::string> argv = {binary("coordinator"), "--quiet"};
    argv.insert(argv.end(), flags.begin(), flags.end());
    const RunResult r = run(argv, 20);  // no writer ever comes: a hang would time out
    CHECK(r.exit_code == 2);
    REQUIRE(lines(r.err).size() == 1);
    CHECK_THAT(r.err, Catch::Contains("pipe.mtx: is a FIFO"));
  }
}

TEST_CASE("a right-hand side declaring far more rows than A is refused on its size line",
          "[integration][input]") {
  TempDir dir;
  const std::string b =
      dir.file("b.mtx", "%%MatrixMarket matrix array real general\n500000000 1\n1\n");
  const RunResult r = with_flags({"--rhs", b});
  CHECK(r.exit_code == 2);
  REQUIRE(lines(r.err).size() == 1);
  CHECK_THAT(r.err, Catch::StartsWith(b + ":2: b has 500000000 rows but A has 900"));
}

TEST_CASE("a 5 MB token in a file is quoted cut short, control bytes escaped",
          "[integration][input]") {
  TempDir dir;
  std::string text = "%%MatrixMarket matrix coordinate real general\n2 2 2\n1 1 ";
  text.append(5'000'000, '9').append("x\x1b\n2 2 1\n");
  const std::string a = dir.file("A.mtx", text);
  const RunResult r = run({binary("coordinator"), "--matrix", a, "--quiet"});
  CHECK(r.exit_code == 2);
  REQUIRE(lines(r.err).size() == 1);
  CHECK(r.err.size() < 300);
  CHECK_THAT(r.err, Catch::StartsWith(a + ":3: '999") && Catch::Contains("5000002 bytes"));
}

TEST_CASE("with --exact the summary and report give the error against x*", "[integration][cli]") {
  TempDir dir;
  // b = A v for v = (1, 2, 3, 4, 5) on nist_ex1, written out with v as the exact solution
  const std::string a = matrix("nist_ex1.mtx");
  const slae::CsrMatrix m = slae::CsrMatrix::from_coo(slae::read_matrix_market(a));
  const std::vector<double> v = {1, 2, 3, 4, 5};
  std::vector<double> b(5);
  m.multiply(v, b);
  std::string b_text = "%%MatrixMarket matrix array real general\n5 1\n", v_text = b_text;
  for (int i = 0; i < 5; ++i) {
    b_text += std::to_string(b[i]) + "\n";
    v_text += std::to_string(v[i]) + "\n";
  }
  const std::string b_file = dir.file("b.mtx", b_text), v_file = dir.file("v.mtx", v_text);
  const RunResult r = run({binary("coordinator"), "--matrix", a, "--rhs", b_file, "--exact", v_file,
                           "--nodes", "1", "--quiet", "--report", dir.path() + "/r.json"});
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.err, Catch::Contains(", 1 node, ") && Catch::Contains(", error "));
  const auto report = nlohmann::json::parse(read_text(dir.path() + "/r.json"));
  CHECK(report["exact"] == v_file);
  CHECK(report["error"].get<double>() < 1e-6);
  // without it, and b from a file, x* is unknown: no error is claimed
  const RunResult unknown = run({binary("coordinator"), "--matrix", a, "--rhs", b_file, "--quiet",
                                 "--report", dir.path() + "/r2.json"});
  CHECK_THAT(unknown.err, !Catch::Contains(", error "));
  CHECK(nlohmann::json::parse(read_text(dir.path() + "/r2.json"))["error"].is_null());
  // an x* of the wrong length is refused like b
  const std::string short_v =
      dir.file("s.mtx", "%%MatrixMarket matrix array real general\n3 1\n1\n2\n3\n");
  const RunResult wrong = run({binary("coordinator"), "--matrix", a, "--exact", short_v});
  CHECK(wrong.exit_code == 2);
  CHECK_THAT(wrong.err, Catch::Contains("s.mtx:2: x* has 3 rows but A has 5"));
}

TEST_CASE("with --method cg a zero diagonal is the preconditioner's problem",
          "[integration][cli]") {
  TempDir dir;
  const std::string a =
      dir.file("A.mtx", "%%MatrixMarket matrix coordinate real symmetric\n2 2 2\n2 1 1\n2 2 2\n");
  const RunResult cg = run({binary("coordinator"), "--matrix", a, "--method", "cg"});
  CHECK(cg.exit_code == 2);
  CHECK_THAT(cg.err, Catch::Contains("row 1 has no diagonal entry; CG's Jacobi preconditioner "
                                     "needs a non-zero diagonal"));
  const RunResult jacobi = run({binary("coordinator"), "--matrix", a});
  CHECK_THAT(jacobi.err, Catch::Contains("; Jacobi needs a non-zero diagonal"));
}

TEST_CASE("a matrix read from standard input or gzip-compressed gives the same x as its file",
          "[integration][cli]") {
  TempDir dir;
  const std::string a = matrix("gr_30_30.mtx");
  const std::string gz = dir.path() + "/gr_30_30.mtx.gz";
  REQUIRE(run({"/bin/sh", "-c", "gzip -c '" + a + "' > '" + gz + "'"}).exit_code == 0);
  const std::string coordinator = binary("coordinator");
  const RunResult plain = run({coordinator, "--matrix", a, "--nodes", "2", "--output", "-"});
  REQUIRE(plain.exit_code == 0);
  const RunResult piped =
      run({"/bin/sh", "-c",
           "gunzip -c '" + gz + "' | '" + coordinator + "' --matrix - --nodes 2 --output -"});
  CHECK(piped.exit_code == 0);
  CHECK(piped.out == plain.out);
  CHECK_THAT(piped.err, Catch::Contains("<stdin>: jacobi, 900 rows"));
  const RunResult zipped = run({coordinator, "--matrix", gz, "--nodes", "2", "--output", "-"});
  CHECK(zipped.exit_code == 0);
  CHECK(zipped.out == plain.out);

  const RunResult bad =
      run({"/bin/sh", "-c",
           "printf '%%%%MatrixMarket matrix coordinate real general\\n2 2 x\\n' | '" + coordinator +
               "' --matrix - --nodes 2"});
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.err, Catch::StartsWith("<stdin>:2: entry count"));
  const RunResult twice = run({coordinator, "--matrix", "-", "--rhs", "-"});
  CHECK(twice.exit_code == 2);
  CHECK_THAT(twice.err,
             Catch::Contains("--matrix and --rhs cannot both read standard input ('-')"));
}
