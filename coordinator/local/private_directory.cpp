#include "coordinator/local/private_directory.hpp"

#include <dirent.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "coordinator/cluster/cluster_error.hpp"

namespace slae::coordinator {
namespace {

constexpr std::size_t kMaxIpcPath = 100;  // sockaddr_un holds 108 bytes
constexpr const char* kSocketName = "/coordinator";

// Whether a process listens on the Unix socket at path (a refused or missing socket: no).
bool someone_listens(const std::string& path) {
  sockaddr_un address{};
  if (path.size() >= sizeof address.sun_path) return false;
  address.sun_family = AF_UNIX;
  std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return true;  // cannot tell: keep it
  const int rc = ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address);
  const int error = errno;
  ::close(fd);
  return rc == 0 || (error != ECONNREFUSED && error != ENOENT);
}

}  // namespace

std::string PrivateDirectory::base() {
  const char* tmp = std::getenv("TMPDIR");
  std::string dir = (tmp && *tmp) ? tmp : "/tmp";
  if (dir.size() > kMaxIpcPath - 40) dir = "/tmp";  // keep the socket path short enough
  return dir;
}

int PrivateDirectory::remove_stale(const std::string& base) {
  DIR* dir = ::opendir(base.c_str());
  if (!dir) return 0;
  int removed = 0;
  while (const dirent* entry = ::readdir(dir)) {
    int pid = 0, end = 0;
    if (std::sscanf(entry->d_name, "slae-%d-%*6[A-Za-z0-9]%n", &pid, &end) != 1 || pid <= 0 ||
        entry->d_name[end] != '\0') {
      continue;
    }
    const std::string path = base + "/" + entry->d_name;
    struct stat st {};
    // ours, a real directory (not a link planted by someone else), its creator gone, its socket
    // dead: pids can be reused and namespaces can share /tmp, so the socket has the last word
    if (::lstat(path.c_str(), &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != ::getuid())
      continue;
    if (::kill(pid, 0) == 0 || errno != ESRCH) continue;
    if (someone_listens(path + kSocketName)) continue;
    ::unlink((path + kSocketName).c_str());
    if (::rmdir(path.c_str()) == 0) ++removed;
  }
  ::closedir(dir);
  return removed;
}

PrivateDirectory::PrivateDirectory() {
  const std::string dir = base();
  remove_stale(dir);
  std::string pattern = dir + "/slae-" + std::to_string(::getpid()) + "-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) {  // mkdtemp creates it with mode 0700
    throw ClusterError("cannot create a private directory in " + dir + ": " + std::strerror(errno));
  }
  path_ = pattern;
}

PrivateDirectory::~PrivateDirectory() {
  ::unlink(socket_path().c_str());
  ::rmdir(path_.c_str());
}

}  // namespace slae::coordinator
