#include "process_runner.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace slae::test {

Process::Process(const std::vector<std::string>& argv) {
  char out_template[] = "/tmp/slae-test-out-XXXXXX";
  char err_template[] = "/tmp/slae-test-err-XXXXXX";
  const int out_fd = ::mkstemp(out_template);
  const int err_fd = ::mkstemp(err_template);
  out_path_ = out_template;
  err_path_ = err_template;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out_fd, STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err_fd, STDERR_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  std::vector<char*> args;
  for (const std::string& a : argv)
    args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const int rc = ::posix_spawn(&pid_, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(out_fd);
  ::close(err_fd);
  if (rc != 0) throw std::runtime_error("cannot start " + argv[0]);
}

Process::~Process() {
  if (!reaped_ && pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  ::unlink(out_path_.c_str());
  ::unlink(err_path_.c_str());
}

void Process::signal(int sig) const {
  ::kill(pid_, sig);
}

std::string Process::stderr_so_far() const {
  return read_text(err_path_);
}

std::string Process::stdout_so_far() const {
  return read_text(out_path_);
}

std::string Process::wait_for_stderr_line(const std::string& text, double timeout_s) const {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  do {
    for (const std::string& line : lines(stderr_so_far())) {
      if (line.find(text) != std::string::npos) return line;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  } while (std::chrono::steady_clock::now() < deadline);
  return {};
}

RunResult Process::wait(double timeout_s) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  int status = 0;
  while (::waitpid(pid_, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
      reaped_ = true;
      throw std::runtime_error("process " + std::to_string(pid_) + " timed out");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  reaped_ = true;
  RunResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = read_text(out_path_);
  r.err = read_text(err_path_);
  return r;
}

RunResult run(const std::vector<std::string>& argv, double timeout_s) {
  Process p(argv);
  return p.wait(timeout_s);
}

// Built by appending: GCC 12 warns falsely (-Warray-bounds) about string + "/" + name when
// these are inlined into a precompiled-header build.
std::string binary(const std::string& name) {
  std::string path = SLAE_BINARY_DIR;
  path.append("/").append(name);
  return path;
}
std::string matrix(const std::string& name) {
  std::string path = SLAE_MATRICES_DIR;
  path.append("/").append(name);
  return path;
}

std::vector<pid_t> node_pids(const std::string& stderr_text) {
  std::vector<pid_t> pids;
  const std::regex started("node [0-9]+ started, pid ([0-9]+)");
  for (std::sregex_iterator it(stderr_text.begin(), stderr_text.end(), started), end; it != end;
       ++it) {
    pids.push_back(static_cast<pid_t>(std::stol((*it)[1].str())));
  }
  return pids;
}

bool wait_for_file(const std::string& path, double timeout_s) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  while (std::chrono::steady_clock::now() < deadline) {
    if (std::filesystem::exists(path)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return false;
}

bool process_running(pid_t pid) {
  const std::string stat = read_text("/proc/" + std::to_string(pid) + "/stat");
  if (stat.empty()) return false;
  const std::size_t paren = stat.rfind(')');
  return paren != std::string::npos && paren + 2 < stat.size() && stat[paren + 2] != 'Z';
}

std::vector<pid_t> children_of(pid_t pid) {
  const std::string p = std::to_string(pid);
  std::vector<pid_t> children;
  std::istringstream in(read_text("/proc/" + p + "/task/" + p + "/children"));
  for (long child = 0; in >> child;)
    children.push_back(static_cast<pid_t>(child));
  return children;
}

long status_kb(pid_t pid, const std::string& field) {
  for (const std::string& line : lines(read_text("/proc/" + std::to_string(pid) + "/status"))) {
    if (line.rfind(field + ":", 0) == 0) return std::stol(line.substr(field.size() + 1));
  }
  return -1;
}

}  // namespace slae::test
