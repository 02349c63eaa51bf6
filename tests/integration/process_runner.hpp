#pragma once
// Runs the real binaries for the integration tests: captured stdout/stderr, exit code, a hard
// timeout, and RAII so that no process outlives its test.
#include <sys/types.h>

#include <string>
#include <vector>

#include "tests/support/temp_files.hpp"  // TempDir, read_text()
#include "tests/support/text_lines.hpp"  // lines()

namespace slae::test {

struct RunResult {
  int exit_code = -1;  ///< exit status, or 128 + signal
  std::string out;
  std::string err;
};

/// A started process whose output goes to temp files; killed and reaped on destruction.
class Process {
 public:
  explicit Process(const std::vector<std::string>& argv);
  ~Process();
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  pid_t pid() const { return pid_; }
  void signal(int sig) const;
  /// What the process has written to stderr (stdout) so far.
  std::string stderr_so_far() const;
  std::string stdout_so_far() const;
  /// Waits up to timeout_s for a line of stderr that contains `text`, and returns that line
  /// (empty when it did not come).
  std::string wait_for_stderr_line(const std::string& text, double timeout_s) const;
  /// Waits up to timeout_s; on timeout kills it and throws.
  RunResult wait(double timeout_s);

 private:
  pid_t pid_ = -1;
  bool reaped_ = false;
  std::string out_path_, err_path_;
};

/// Runs to completion (timeout 300 s).
RunResult run(const std::vector<std::string>& argv, double timeout_s = 300);

/// Path of a built binary ("coordinator", "slae-node") and of a shipped matrix.
std::string binary(const std::string& name);
std::string matrix(const std::string& name);

/// Node pids from "--verbose" output ("node 3 started, pid 1234").
std::vector<pid_t> node_pids(const std::string& stderr_text);
/// Waits up to timeout_s for a file to exist; true if it came.
bool wait_for_file(const std::string& path, double timeout_s);
/// True while a process exists and is not a zombie.
bool process_running(pid_t pid);
/// The children of a process (from /proc/PID/task/PID/children).
std::vector<pid_t> children_of(pid_t pid);
/// A field of /proc/PID/status in kB ("VmHWM", "VmRSS"); -1 if it cannot be read.
long status_kb(pid_t pid, const std::string& field);

}  // namespace slae::test
