// What a user meets at the edges of the command line: outputs that cannot be written, flags that
// make no sense together, right-hand sides a double cannot measure, a node program that cannot
// run. Each is exit 2 with one line, or, after a solve, a line per failed output and x kept.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "process_runner.hpp"

using namespace slae::test;

namespace {
const std::string kIdentity =
    "%%MatrixMarket matrix coordinate real general\n2 2 2\n1 1 1\n2 2 1\n";

mode_t current_umask() {
  const mode_t mask = ::umask(0);
  ::umask(mask);
  return mask;
}

std::size_t private_dirs_in(const std::string& dir) {
  std::size_t n = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    n += entry.path().filename().string().rfind("slae-", 0) == 0;
  return n;
}
}  // namespace

TEST_CASE("an output path that is a directory is refused before solving", "[integration][output]") {
  TempDir dir;
  const std::string directory = dir.path() + "/out.svg";  // a name --plot accepts
  REQUIRE(::mkdir(directory.c_str(), 0700) == 0);
  for (const char* flag : {"--output", "--report", "--history", "--plot"}) {
    CAPTURE(flag);
    const RunResult r = run(
        {binary("coordinator"), "--matrix", matrix("gr_30_30.mtx"), flag, directory, "--quiet"});
    CHECK(r.exit_code == 2);
    REQUIRE(lines(r.err).size() == 1);
    CHECK_THAT(r.err, Catch::Contains(flag) && Catch::Contains("is a directory"));
  }
}

TEST_CASE("an output that fails after the solve is reported, the others are still written",
          "[integration][output]") {
  TempDir dir;
  // /dev/full accepts the open and fails the write: what a full disk does at the end of a run
  const RunResult r =
      run({binary("coordinator"), "--matrix", matrix("gr_30_30.mtx"), "--quiet", "--history",
           "/dev/full", "--output", dir.path() + "/x.mtx", "--plot", dir.path() + "/c.svg"});
  CHECK(r.exit_code == 2);  // converged, but not everything asked for was written
  CHECK_THAT(r.err, Catch::Contains("converged") && Catch::Contains("/dev/full") &&
                        Catch::Contains("No space left"));
  CHECK_FALSE(read_text(dir.path() + "/x.mtx").empty());
  CHECK_FALSE(read_text(dir.path() + "/c.svg").empty());  // written after the failed one
  // the summary names the files written, not the one that failed
  CHECK_THAT(r.err,
             Catch::Contains("\nwrote " + dir.path() + "/x.mtx, " + dir.path() + "/c.svg\n"));

  // a solve that did not converge keeps its own exit code
  const RunResult capped = run({binary("coordinator"), "--matrix", matrix("gr_30_30.mtx"),
                                "--quiet", "--max-iter", "10", "--report", "/dev/full"});
  CHECK(capped.exit_code == 3);
  CHECK_THAT(capped.err, Catch::Contains("/dev/full"));
}

TEST_CASE("the summary says in one line where each output went", "[integration][output]") {
  TempDir dir;
  const std::string d = dir.path() + "/";
  const RunResult r = run({binary("coordinator"), "--matrix", matrix("gr_30_30.mtx"), "--quiet",
                           "--nodes", "2", "--plot", d + "c.svg", "--history", d + "h.csv",
                           "--report", d + "run.json", "--output", d + "x.mtx"});
  CHECK(r.exit_code == 0);
  // x first, then the report, the history and the chart, whatever the flags' order
  CHECK_THAT(r.err, Catch::Contains("\nwrote " + d + "x.mtx, " + d + "run.json, " + d + "h.csv, " +
                                    d + "c.svg\ntotal "));
  const RunResult to_stdout = run({binary("coordinator"), "--matrix", matrix("gr_30_30.mtx"),
                                   "--quiet", "--output", "-", "--report", d + "run.json"});
  CHECK(to_stdout.exit_code == 0);
  CHECK_THAT(to_stdout.err, Catch::Contains("\nwrote x to standard output, " + d + "run.json\n"));
  // nothing asked for, nothing said
  const RunResult none =
      run({binary("coordinator"), "--matrix", matrix("gr_30_30.mtx"), "--quiet"});
  CHECK(none.exit_code == 0);
  CHECK_THAT(none.err, !Catch::Contains("wrote"));
}

TEST_CASE("only --output writes to stdout", "[integration][output]") {
  for (const char* flag : {"--report", "--history", "--plot"}) {
    CAPTURE(flag);
    const RunResult r =
        run({binary("coordinator"), "--matrix", matrix("gr_30_30.mtx"), flag, "-", "--quiet"});
    CHECK(r.exit_code == 2);
    REQUIRE(lines(r.err).size() == 1);
    CHECK_THAT(r.err, Catch::Contains(flag) && Catch::Contains("only --output"));
  }
}

TEST_CASE("the --double smoke test refuses the flags of a solve", "[integration][cli]") {
  for (const std::vector<std::string>& extra : {std::vector<std::string>{"--method", "cg"},
                                                {"--output", "x.mtx"},
                                                {"--tol", "5"},
                                                {"--omega", "0.5"},
                                                {"--history", "h.csv"},
                                                {"--no-shared-memory"}}) {
    CAPTURE(extra[0]);
    std::vector<std::string> argv = {binary("coordinator"), "--double", "1,2,3"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    const RunResult r = run(argv);
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    REQUIRE(lines(r.err).size() == 1);
    CHECK_THAT(r.err, Catch::Contains("--double") && Catch::Contains(extra[0]));
  }
}

TEST_CASE("a right-hand side whose norm a double cannot hold is an input error",
          "[integration][input]") {
  TempDir dir;
  const std::string a = dir.file("I.mtx", kIdentity);
  const auto [label, b, says] = GENERATE(table<std::string, std::string, std::string>({
      {"overflow", "%%MatrixMarket matrix array real general\n2 1\n1e200\n1e200\n",
       "scale the "
       "system down"},
      {"underflow", "%%MatrixMarket matrix array real general\n2 1\n1e-170\n0\n",
       "scale the "
       "system up"},
  }));
  CAPTURE(label);
  const std::string rhs = dir.file("b.mtx", b);
  const RunResult r = run({binary("coordinator"), "--matrix", a, "--rhs", rhs, "--quiet"});
  CHECK(r.exit_code == 2);
  REQUIRE(lines(r.err).size() == 1);
  CHECK_THAT(r.err, Catch::Contains("b.mtx") && Catch::Contains(says));
}

TEST_CASE("a node program that cannot run is exit 2, one that dies leaves no socket behind",
          "[integration][cli]") {
  const RunResult missing = run({binary("coordinator"), "--matrix", matrix("gr_30_30.mtx"),
                                 "--node-program", "/nonexistent/slae-node", "--quiet"});
  CHECK(missing.exit_code == 2);
  REQUIRE(lines(missing.err).size() == 1);
  CHECK_THAT(missing.err, Catch::Contains("/nonexistent/slae-node"));

  TempDir tmp;  // the coordinator makes its private socket directory under $TMPDIR
  const RunResult dies =
      run({"/usr/bin/env", "TMPDIR=" + tmp.path(), binary("coordinator"), "--matrix",
           matrix("gr_30_30.mtx"), "--nodes", "2", "--node-program", "/bin/false", "--quiet"});
  CHECK(dies.exit_code == 5);
  // a node lost before it joins is started again, as many times in all as there are nodes;
  // the end after that is the error
  CHECK_THAT(lines(dies.err).back(),
             Catch::Contains("exited with status 1 before it joined, as 2 others did before it"));
  CHECK(private_dirs_in(tmp.path()) == 0);
}

TEST_CASE("more nodes than row chunks: a warning only for a --nodes the user gave",
          "[integration][cli]") {
  // nist_ex1 has 5 rows, so 5 chunks; the default node count is the number of cores
  const RunResult asked =
      run({binary("coordinator"), "--matrix", matrix("nist_ex1.mtx"), "--nodes", "8", "--quiet"});
  CHECK(asked.exit_code == 0);
  CHECK_THAT(asked.err, Catch::Contains("--nodes 8 is more than the 5 row chunks"));
  const RunResult by_default =
      run({binary("coordinator"), "--matrix", matrix("nist_ex1.mtx"), "--quiet"});
  CHECK(by_default.exit_code == 0);
  CHECK_THAT(by_default.err, !Catch::Contains("--nodes"));
}

TEST_CASE("a reply timeout beyond a week is refused", "[integration][cli]") {
  const RunResult r = run({binary("coordinator"), "--matrix", matrix("gr_30_30.mtx"),
                           "--reply-timeout", "1e300", "--quiet"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("--reply-timeout"));
}

TEST_CASE("an output that cannot be written whole leaves the old file as it was",
          "[integration][output]") {
  TempDir dir;
  const std::string x = dir.file("x.mtx", "the x of an earlier run\n");
  const std::string report = dir.file("r.json", "{\"the report of\": \"an earlier run\"}\n");
  // A file size limit makes every write past 4 KiB fail (EFBIG): x (900 values) does not fit,
  // the report does not either; before, each was left truncated, looking like the new one.
  const RunResult r = run({"/usr/bin/prlimit", "--fsize=4096", binary("coordinator"), "--matrix",
                           matrix("gr_30_30.mtx"), "--quiet", "--output", x, "--report", report});
  CHECK(r.exit_code == 2);  // converged, but the outputs could not be written
  for (const std::string& name : {x, report}) {
    CAPTURE(name);
    bool said = false;  // one line per output: its path and why
    for (const std::string& line : lines(r.err))
      said = said || (line.find(name + ": ") != std::string::npos &&
                      line.find("File too large") != std::string::npos);
    CHECK(said);
  }
  CHECK(read_text(x) == "the x of an earlier run\n");
  CHECK(read_text(report) == "{\"the report of\": \"an earlier run\"}\n");
  CHECK(private_dirs_in(dir.path()) == 0);
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir.path()))
    ++files;
  CHECK(files == 2);  // no temporary file left beside them
}

TEST_CASE("outputs are replaced whole and keep the permissions of the file they replace",
          "[integration][output]") {
  TempDir dir;
  const std::string x = dir.file("x.mtx", "old\n");
  REQUIRE(::chmod(x.c_str(), 0640) == 0);
  const RunResult r = run({binary("coordinator"), "--matrix", matrix("LFAT5.mtx"), "--quiet",
                           "--output", x, "--report", dir.path() + "/new.json"});
  REQUIRE(r.exit_code == 0);
  CHECK(read_text(x).rfind("%%MatrixMarket matrix array real general", 0) == 0);
  struct stat st {};
  REQUIRE(::stat(x.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0640);
  REQUIRE(::stat((dir.path() + "/new.json").c_str(), &st) == 0);
  CHECK((st.st_mode & 0600) == 0600);  // a new file gets 0666 less the umask, not mkstemp's 0600
  CHECK((st.st_mode & 0044) == (0666 & ~current_umask() & 0044));
}
