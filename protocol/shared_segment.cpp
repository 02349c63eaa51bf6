#include "protocol/shared_segment.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include "solver/splitmix64.hpp"

namespace slae::protocol {
namespace {

std::runtime_error failure(const std::string& what, const std::string& name, int error) {
  return std::runtime_error(what + " shared memory " + name + ": " + std::strerror(error));
}

// "/slae-<pid>-<random>": unguessable enough that O_EXCL never meets a stranger's object.
std::string fresh_name() {
  static std::atomic<std::uint64_t> counter{0};
  const auto now =
      static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
  SplitMix64 rng(now ^ (static_cast<std::uint64_t>(::getpid()) << 32) ^ counter.fetch_add(1));
  char name[64];
  std::snprintf(name, sizeof name, "/slae-%d-%016llx", static_cast<int>(::getpid()),
                static_cast<unsigned long long>(rng.next()));
  return name;
}

}  // namespace

std::size_t shared_iterate_bytes(std::int64_t local_size) {
  return static_cast<std::size_t>(kSharedSlots) * static_cast<std::size_t>(local_size) *
         sizeof(double);
}

SharedSegment SharedSegment::create(std::size_t bytes) {
  SharedSegment s;
  const std::size_t size = bytes == 0 ? sizeof(double) : bytes;  // mmap refuses 0 bytes
  int fd = -1;
  for (int attempt = 0; attempt < 8 && fd < 0; ++attempt) {
    s.name_ = fresh_name();
    fd = ::shm_open(s.name_.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0 && errno != EEXIST) throw failure("cannot create", s.name_, errno);
  }
  if (fd < 0) throw failure("cannot create", s.name_, EEXIST);
  s.owns_name_ = true;
  if (::ftruncate(fd, static_cast<off_t>(size)) != 0) {
    const int error = errno;
    ::close(fd);
    throw failure("cannot size", s.name_, error);
  }
  if (const int error = ::posix_fallocate(fd, 0, static_cast<off_t>(size)); error != 0) {
    ::close(fd);
    throw failure("no room in", s.name_, error);
  }
  s.address_ = ::mmap(nullptr, size, PROT_READ, MAP_SHARED, fd, 0);
  const int error = errno;
  ::close(fd);
  if (s.address_ == MAP_FAILED) {
    s.address_ = nullptr;
    throw failure("cannot map", s.name_, error);
  }
  s.bytes_ = size;
  return s;
}

SharedSegment SharedSegment::open(const std::string& name, std::size_t bytes) {
  SharedSegment s;
  s.name_ = name;
  const std::size_t size = bytes == 0 ? sizeof(double) : bytes;
  const int fd = ::shm_open(name.c_str(), O_RDWR | O_CLOEXEC, 0);
  if (fd < 0) throw failure("cannot open", name, errno);
  struct stat st {};
  if (::fstat(fd, &st) != 0 || static_cast<std::size_t>(st.st_size) != size) {
    ::close(fd);
    throw std::runtime_error("shared memory " + name + " has " + std::to_string(st.st_size) +
                             " bytes, expected " + std::to_string(size));
  }
  s.address_ = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  const int error = errno;
  ::close(fd);
  if (s.address_ == MAP_FAILED) {
    s.address_ = nullptr;
    throw failure("cannot map", name, error);
  }
  s.bytes_ = size;
  s.writable_ = true;
  s.owns_name_ = true;  // mapped: the name has served its purpose
  return s;
}

int SharedSegment::remove_stale() {
  int removed = 0;
  DIR* dir = ::opendir("/dev/shm");  // where Linux keeps POSIX shared-memory objects
  if (!dir) return 0;
  while (const dirent* entry = ::readdir(dir)) {
    int pid = 0;
    char rest[64];
    if (std::sscanf(entry->d_name, "slae-%d-%63s", &pid, rest) != 2 || pid <= 0) continue;
    if (::kill(pid, 0) == 0 || errno != ESRCH) continue;  // alive, or not ours to judge
    if (::shm_unlink(("/" + std::string(entry->d_name)).c_str()) == 0) ++removed;
  }
  ::closedir(dir);
  return removed;
}

SharedSegment::SharedSegment(SharedSegment&& other) noexcept {
  *this = std::move(other);
}

SharedSegment& SharedSegment::operator=(SharedSegment&& other) noexcept {
  if (this != &other) {
    release();
    name_ = std::move(other.name_);
    address_ = other.address_;
    bytes_ = other.bytes_;
    writable_ = other.writable_;
    owns_name_ = other.owns_name_;
    other.address_ = nullptr;
    other.bytes_ = 0;
    other.owns_name_ = false;
  }
  return *this;
}

SharedSegment::~SharedSegment() {
  release();
}

void SharedSegment::release() {
  unlink();
  if (address_) ::munmap(address_, bytes_);
  address_ = nullptr;
}

void SharedSegment::unlink() {
  if (owns_name_) ::shm_unlink(name_.c_str());
  owns_name_ = false;
}

std::span<double> SharedSegment::writable_doubles() {
  if (!writable_) throw std::logic_error("shared memory " + name_ + " is mapped read-only");
  return {static_cast<double*>(address_), bytes_ / sizeof(double)};
}

std::span<const double> SharedSegment::doubles() const {
  return {static_cast<const double*>(address_), address_ ? bytes_ / sizeof(double) : 0};
}

}  // namespace slae::protocol
