#include "solver/output_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "solver/printable.hpp"

namespace slae {
namespace {

std::runtime_error failure(const std::string& path, const std::string& what, int error) {
  return std::runtime_error(printable(path, 200) + ": " + what +
                            (error != 0 ? std::string(": ") + std::strerror(error) : ""));
}

// Writes into an already open stream and closes it; throws on any failure.
void write_and_close(std::FILE* f, const std::string& path,
                     const std::function<void(std::FILE*)>& write, bool sync) {
  try {
    write(f);
  } catch (const std::runtime_error& e) {
    std::fclose(f);
    throw std::runtime_error(printable(path, 200) + ": " + e.what());
  } catch (...) {
    std::fclose(f);
    throw;
  }
  // errno still tells why, when an earlier buffered write failed and set the error flag
  int error = errno;
  bool ok = !std::ferror(f);
  if (ok && std::fflush(f) != 0) ok = false, error = errno;
  if (ok && sync && ::fsync(fileno(f)) != 0) ok = false, error = errno;
  if (std::fclose(f) != 0 && ok) ok = false, error = errno;
  if (!ok) throw failure(path, "write failed", error);
}

}  // namespace

void write_output_file(const std::string& path, const std::function<void(std::FILE*)>& write) {
  if (path == "-") {
    write(stdout);
    if (std::fflush(stdout) != 0) throw failure("standard output", "write failed", errno);
    return;
  }
  struct stat st {};
  const bool exists = ::stat(path.c_str(), &st) == 0;
  if (exists && !S_ISREG(st.st_mode)) {  // /dev/null, a terminal, a FIFO: write in place
    std::FILE* f = std::fopen(path.c_str(), "w");
    if (!f) throw failure(path, "cannot open for writing", errno);
    write_and_close(f, path, write, /*sync=*/false);
    return;
  }
  const std::size_t slash = path.find_last_of('/');
  const std::string dir = slash == std::string::npos ? "" : path.substr(0, slash + 1);
  const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  std::string temporary = dir + "." + name + ".XXXXXX";
  const int fd = ::mkostemp(temporary.data(), O_CLOEXEC);
  if (fd < 0) throw failure(path, "cannot create a file beside it", errno);
  // the permissions the file would have had, not mkstemp's 0600
  mode_t mode = exists ? st.st_mode & 07777 : 0;
  if (!exists) {
    const mode_t mask = ::umask(0);
    ::umask(mask);
    mode = 0666 & ~mask;
  }
  ::fchmod(fd, mode);
  std::FILE* f = ::fdopen(fd, "w");
  if (!f) {
    const int error = errno;
    ::close(fd);
    ::unlink(temporary.c_str());
    throw failure(path, "cannot open for writing", error);
  }
  try {
    write_and_close(f, path, write, /*sync=*/true);
  } catch (...) {
    ::unlink(temporary.c_str());
    throw;
  }
  if (::rename(temporary.c_str(), path.c_str()) != 0) {
    const int error = errno;
    ::unlink(temporary.c_str());
    throw failure(path, "cannot replace it", error);
  }
}

void write_output_file(const std::string& path, const std::string& content) {
  write_output_file(path, [&](std::FILE* f) {
    if (!content.empty() && std::fwrite(content.data(), 1, content.size(), f) != content.size()) {
      throw std::runtime_error(std::string("write failed: ") + std::strerror(errno));
    }
  });
}

}  // namespace slae
