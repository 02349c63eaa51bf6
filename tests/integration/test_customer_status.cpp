// customer --status for a person: an answer within about a second, or one line saying that the
// broker is not answering; --watch redraws the table until Ctrl-C, in place on a terminal and as
// successive tables otherwise. Real broker, real workers.
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cerrno>
#include <chrono>
#include <thread>

#include "standing_cluster.hpp"

using namespace slae::test;
using nlohmann::json;

namespace {

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
    ++n;
  return n;
}

// argv run on a pseudo-terminal until `enough` holds of what it wrote (up to timeout_s), then
// sent SIGINT; returns what it wrote and its exit code.
std::pair<std::string, int> run_on_terminal(const std::vector<std::string>& argv,
                                            const std::function<bool(const std::string&)>& enough,
                                            double timeout_s) {
  int master = -1;
  const pid_t pid = ::forkpty(&master, nullptr, nullptr, nullptr);
  if (pid < 0) throw std::runtime_error("forkpty failed");
  if (pid == 0) {
    std::vector<char*> args;
    for (const std::string& a : argv)
      args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  std::string seen;
  bool interrupted = false;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  for (;;) {
    if (!interrupted && (enough(seen) || std::chrono::steady_clock::now() > deadline)) {
      ::kill(pid, SIGINT);
      interrupted = true;
    }
    fd_set readable;
    FD_ZERO(&readable);
    FD_SET(master, &readable);
    timeval slice{0, 50000};
    if (::select(master + 1, &readable, nullptr, nullptr, &slice) <= 0) continue;
    char buffer[4096];
    const ssize_t got = ::read(master, buffer, sizeof buffer);
    if (got <= 0) break;  // EIO once the child has gone and the terminal closed
    seen.append(buffer, static_cast<std::size_t>(got));
  }
  ::close(master);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return {seen, WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status)};
}

}  // namespace

TEST_CASE("customer --status against a stopped broker says within a second it is not answering",
          "[integration][broker][status]") {
  StandingCluster cluster;
  REQUIRE(cluster.status().is_object());
  cluster.broker().signal(SIGSTOP);  // there, listening, and answering nothing
  // (the default --connect-timeout, 10 s, would outlast run()'s limit of 8 s)
  const RunResult r = run(cluster.customer({"--status"}), 8);
  CHECK(r.exit_code == 5);
  CHECK(r.out.empty());
  CHECK(r.err == "customer: the broker at " + cluster.endpoint() +
                     " is not answering (no answer within 1.0 s; is it running? "
                     "--connect-timeout S waits longer)\n");
  // --cancel asks the same way; --connect-timeout given sets the wait
  const RunResult cancel = run(cluster.customer({"--cancel", "3", "--connect-timeout", "2"}), 8);
  CHECK(cancel.exit_code == 5);
  CHECK_THAT(cancel.err, Catch::StartsWith("customer: the broker at " + cluster.endpoint() +
                                           " is not answering (no answer within 2.0 s;"));
  cluster.broker().signal(SIGCONT);
  CHECK(run(cluster.customer({"--status"}), 8).exit_code == 0);
}

TEST_CASE("customer --status --watch prints the table every S seconds until Ctrl-C then exits 0",
          "[integration][broker][status]") {
  StandingCluster cluster;
  cluster.add_worker();
  REQUIRE(cluster.wait_for([](const json& s) { return s["workers"].size() == 1; }, 20));

  SECTION("not on a terminal: successive tables, a blank line between") {
    Process watch(cluster.customer({"--status", "--watch", "0.2"}));
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (count_of(watch.stdout_so_far(), "workers: 1\n") < 3 &&
           std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    watch.signal(SIGINT);
    const RunResult r = watch.wait(10);
    CHECK(r.exit_code == 0);
    CHECK(r.err.empty());
    CHECK(count_of(r.out, "workers: 1\n") >= 3);
    CHECK(count_of(r.out, "\njobs: 0\n\nworkers: 1\n") >= 2);
    CHECK(r.out.find('\033') == std::string::npos);  // no terminal codes in a file
  }
  SECTION("on a terminal: the screen cleared and the table drawn in place") {
    const auto [seen, code] = run_on_terminal(
        cluster.customer({"--status", "--watch", "0.2"}),
        [](const std::string& s) { return count_of(s, "workers: 1") >= 3; }, 20);
    CHECK(code == 0);
    CHECK(count_of(seen, "\033[H\033[2J") >= 3);
    CHECK_THAT(seen, Catch::Contains(cluster.endpoint() + " at ") &&
                         Catch::Contains(", every 0.2 s (Ctrl-C to stop)"));
  }
}

TEST_CASE("customer --watch goes with --status for people and not with --json",
          "[integration][cli]") {
  const RunResult alone =
      run({binary("customer"), "--broker", "ipc:///nowhere", "--cancel", "1", "--watch"}, 10);
  CHECK(alone.exit_code == 2);
  CHECK_THAT(alone.err, Catch::Contains("--watch goes with --status"));
  const RunResult json_too =
      run({binary("customer"), "--broker", "ipc:///nowhere", "--status", "--json", "--watch"}, 10);
  CHECK(json_too.exit_code == 2);
  CHECK_THAT(json_too.err, Catch::Contains("without --json"));
}
