#include "protocol/shared_segment.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace slae::protocol {
namespace {

constexpr int kSeals = F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL;

std::runtime_error failure(const std::string& what, const std::string& name, int error) {
  return std::runtime_error(what + " shared memory " + name + ": " + std::strerror(error));
}

}  // namespace

bool is_shared_segment_name(std::string_view name) {
  const auto digits = [](std::string_view s) {
    return !s.empty() && s.size() <= 10 && s.find_first_not_of("0123456789") == s.npos;
  };
  if (!name.starts_with("/proc/")) return false;
  name.remove_prefix(6);
  const std::size_t slash = name.find('/');
  if (slash == name.npos || !digits(name.substr(0, slash))) return false;
  name.remove_prefix(slash);
  return name.starts_with("/fd/") && digits(name.substr(4));
}

std::size_t shared_iterate_bytes(std::int64_t local_size) {
  return static_cast<std::size_t>(kSharedSlots) * static_cast<std::size_t>(local_size) *
         sizeof(double);
}

SharedSegment SharedSegment::create(std::size_t bytes) {
  SharedSegment s;
  const std::size_t size = bytes == 0 ? sizeof(double) : bytes;  // mmap refuses 0 bytes
  s.fd_ = ::memfd_create("slae-iterates", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (s.fd_ < 0) throw failure("cannot create", "(memfd)", errno);
  s.name_ = "/proc/" + std::to_string(::getpid()) + "/fd/" + std::to_string(s.fd_);
  if (::ftruncate(s.fd_, static_cast<off_t>(size)) != 0)
    throw failure("cannot size", s.name_, errno);
  if (const int error = ::posix_fallocate(s.fd_, 0, static_cast<off_t>(size)); error != 0) {
    throw failure("no room for", s.name_, error);
  }
  if (::fcntl(s.fd_, F_ADD_SEALS, kSeals) != 0) throw failure("cannot seal", s.name_, errno);
  s.address_ = ::mmap(nullptr, size, PROT_READ, MAP_SHARED, s.fd_, 0);
  if (s.address_ == MAP_FAILED) {
    s.address_ = nullptr;
    throw failure("cannot map", s.name_, errno);
  }
  s.bytes_ = size;
  return s;
}

SharedSegment SharedSegment::open(const std::string& name, std::size_t bytes) {
  if (!is_shared_segment_name(name)) {
    throw std::runtime_error("'" + name + "' does not name a shared-memory segment");
  }
  SharedSegment s;
  s.name_ = name;
  const std::size_t size = bytes == 0 ? sizeof(double) : bytes;
  s.fd_ = ::open(name.c_str(), O_RDWR | O_CLOEXEC);
  if (s.fd_ < 0) throw failure("cannot open", name, errno);
  // Sealed, it cannot shrink under our mapping (SIGBUS); unsealed or not a memfd, refuse it.
  const int seals = ::fcntl(s.fd_, F_GET_SEALS);
  if (seals < 0 || (seals & kSeals) != kSeals) {
    throw std::runtime_error("shared memory " + name + " is not sealed against resizing");
  }
  struct stat st {};
  if (::fstat(s.fd_, &st) != 0 || static_cast<std::size_t>(st.st_size) != size) {
    throw std::runtime_error("shared memory " + name + " has " + std::to_string(st.st_size) +
                             " bytes, expected " + std::to_string(size));
  }
  s.address_ = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, s.fd_, 0);
  if (s.address_ == MAP_FAILED) {
    s.address_ = nullptr;
    throw failure("cannot map", name, errno);
  }
  s.bytes_ = size;
  s.writable_ = true;
  s.release_name();  // mapped: the descriptor has served its purpose
  return s;
}

SharedSegment::SharedSegment(SharedSegment&& other) noexcept {
  *this = std::move(other);
}

SharedSegment& SharedSegment::operator=(SharedSegment&& other) noexcept {
  if (this != &other) {
    release();
    name_ = std::move(other.name_);
    fd_ = other.fd_;
    address_ = other.address_;
    bytes_ = other.bytes_;
    writable_ = other.writable_;
    other.fd_ = -1;
    other.address_ = nullptr;
    other.bytes_ = 0;
  }
  return *this;
}

SharedSegment::~SharedSegment() {
  release();
}

void SharedSegment::release() {
  release_name();
  if (address_) ::munmap(address_, bytes_);
  address_ = nullptr;
}

void SharedSegment::release_name() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

std::span<double> SharedSegment::writable_doubles() {
  if (!writable_) throw std::logic_error("shared memory " + name_ + " is mapped read-only");
  return {static_cast<double*>(address_), bytes_ / sizeof(double)};
}

std::span<const double> SharedSegment::doubles() const {
  return {static_cast<const double*>(address_), address_ ? bytes_ / sizeof(double) : 0};
}

}  // namespace slae::protocol
