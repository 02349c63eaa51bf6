#include "coordinator/local/private_directory.hpp"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstring>
#include <filesystem>

#include "tests/support/temp_files.hpp"

using slae::coordinator::PrivateDirectory;

namespace {

constexpr const char* kDeadPid = "99999999";  // beyond the kernel's pid_max (2^22)

bool exists(const std::string& path) {
  struct stat st {};
  return ::lstat(path.c_str(), &st) == 0;
}

// A Unix socket listening at path, closed on destruction.
struct Listener {
  int fd = -1;
  explicit Listener(const std::string& path) {
    fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, path.c_str(), sizeof address.sun_path - 1);
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    REQUIRE(::listen(fd, 1) == 0);
  }
  ~Listener() { ::close(fd); }
};

}  // namespace

TEST_CASE("only directories of dead coordinators with dead sockets are removed", "[private_dir]") {
  slae::test::TempDir base;
  const std::string dead = base.path() + "/slae-" + kDeadPid + "-abc123";
  const std::string alive = base.path() + "/slae-" + std::to_string(::getpid()) + "-abc123";
  const std::string listening = base.path() + "/slae-" + kDeadPid + "-lsn123";
  const std::string other = base.path() + "/slae-test-abc123";
  for (const std::string& dir : {dead, alive, listening, other})
    REQUIRE(::mkdir(dir.c_str(), 0700) == 0);
  // a socket file nobody listens on any more, as a killed coordinator leaves it
  { Listener closed(dead + "/coordinator"); }
  Listener still(listening + "/coordinator");  // pid reused or another namespace: keep it
  const std::string link = base.path() + "/slae-" + kDeadPid + "-lnk123";
  REQUIRE(::symlink(alive.c_str(), link.c_str()) == 0);  // planted by someone: never followed

  CHECK(PrivateDirectory::remove_stale(base.path()) == 1);
  CHECK_FALSE(exists(dead));
  CHECK(exists(alive));
  CHECK(exists(listening));
  CHECK(exists(other));
  CHECK(exists(link));
}

TEST_CASE("a private directory is 0700, named after this process, and goes with it",
          "[private_dir]") {
  std::string path;
  {
    PrivateDirectory dir;
    path = dir.path();
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0700);
    CHECK(std::filesystem::path(path).filename().string().rfind(
              "slae-" + std::to_string(::getpid()) + "-", 0) == 0);
    CHECK(dir.socket_path() == path + "/coordinator");
  }
  CHECK_FALSE(exists(path));
}
