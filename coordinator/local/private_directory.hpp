#pragma once
// The private directory (mode 0700) that holds a coordinator's ipc socket, so that no other user
// can connect to it. Named "slae-<pid>-XXXXXX" under $TMPDIR or /tmp and removed when the
// coordinator ends; one that a killed coordinator left behind is removed by the next.
#include <string>

namespace slae::coordinator {

class PrivateDirectory {
 public:
  /// Removes stale directories (remove_stale), then makes a fresh one. Throws ClusterError.
  PrivateDirectory();
  ~PrivateDirectory();
  PrivateDirectory(const PrivateDirectory&) = delete;
  PrivateDirectory& operator=(const PrivateDirectory&) = delete;

  const std::string& path() const { return path_; }
  /// The socket's path inside the directory.
  std::string socket_path() const { return path_ + "/coordinator"; }

  /// The directory new ones go into: $TMPDIR if set and short enough for a socket path, else
  /// /tmp.
  static std::string base();
  /// Removes the directories in base() that coordinators of this user left behind: their
  /// process is gone and no one listens on their socket. Returns how many.
  static int remove_stale(const std::string& base);

 private:
  std::string path_;
};

}  // namespace slae::coordinator
