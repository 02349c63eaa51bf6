#include "coordinator/local/node_processes.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace slae::coordinator {
namespace {

std::string describe(int status) {
  if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) {
    return std::string("was killed by signal ") + std::to_string(WTERMSIG(status)) + " (" +
           ::strsignal(WTERMSIG(status)) + ")";
  }
  return "ended";
}

}  // namespace

NodeProcesses::~NodeProcesses() {
  terminate_all();
}

pid_t NodeProcesses::spawn(const std::string& program, const std::vector<std::string>& args,
                           const std::string& secret) {
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(program.c_str()));
  for (const std::string& a : args)
    argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);

  // The secret waits in the pipe (a few hundred bytes: far below its capacity) for the child.
  int pipe_fds[2] = {-1, -1};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (!secret.empty()) {
    if (::pipe2(pipe_fds, O_CLOEXEC) != 0 ||
        ::write(pipe_fds[1], secret.data(), secret.size()) != static_cast<ssize_t>(secret.size())) {
      const int error = errno;
      for (const int fd : pipe_fds)
        if (fd >= 0) ::close(fd);
      posix_spawn_file_actions_destroy(&actions);
      throw std::runtime_error(std::string("cannot pass a node its keys: ") + std::strerror(error));
    }
    ::close(pipe_fds[1]);
    // dup2 onto kSecretFd clears close-on-exec there (also when the pipe already is fd 3)
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[0], kSecretFd);
  }
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attr, 0);
  pid_t pid = 0;
  const int rc = ::posix_spawn(&pid, program.c_str(), &actions, &attr, argv.data(), environ);
  posix_spawnattr_destroy(&attr);
  posix_spawn_file_actions_destroy(&actions);
  if (pipe_fds[0] >= 0) ::close(pipe_fds[0]);
  if (rc != 0) {
    throw std::runtime_error("cannot start " + program + ": " + std::strerror(rc));
  }
  pids_.push_back(pid);
  alive_.push_back(true);
  return pid;
}

std::vector<ProcessExit> NodeProcesses::reap() {
  std::vector<ProcessExit> ended;
  for (std::size_t i = 0; i < pids_.size(); ++i) {
    if (!alive_[i]) continue;
    int status = 0;
    if (::waitpid(pids_[i], &status, WNOHANG) == pids_[i]) {
      alive_[i] = false;
      ended.push_back({static_cast<int>(i), pids_[i], describe(status)});
    }
  }
  return ended;
}

bool NodeProcesses::wait_all(int wait_ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(wait_ms);
  for (;;) {
    reap();
    bool any = false;
    for (const bool a : alive_)
      any = any || a;
    if (!any) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

void NodeProcesses::terminate_all(int grace_ms) {
  for (std::size_t i = 0; i < pids_.size(); ++i) {
    if (alive_[i]) ::kill(pids_[i], SIGTERM);
  }
  if (wait_all(grace_ms)) return;
  for (std::size_t i = 0; i < pids_.size(); ++i) {
    if (!alive_[i]) continue;
    ::kill(pids_[i], SIGKILL);
    ::waitpid(pids_[i], nullptr, 0);
    alive_[i] = false;
  }
}

void NodeProcesses::kill(int index) {
  const auto i = static_cast<std::size_t>(index);
  if (i >= pids_.size() || !alive_[i]) return;
  ::kill(pids_[i], SIGKILL);
  ::waitpid(pids_[i], nullptr, 0);
  alive_[i] = false;
}

std::optional<int> NodeProcesses::index_of(pid_t pid) const {
  for (std::size_t i = 0; i < pids_.size(); ++i) {
    if (pids_[i] == pid) return static_cast<int>(i);
  }
  return std::nullopt;
}

}  // namespace slae::coordinator
