#include "solver/input_text.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <new>

#include "solver/input_error.hpp"
#include "solver/printable.hpp"

namespace slae {
namespace {

constexpr std::size_t kSlice = std::size_t{4} << 20;  // read between stop checks and progress

const char* file_kind(mode_t mode) {
  return S_ISDIR(mode)    ? "a directory"
         : S_ISFIFO(mode) ? "a FIFO (named pipe)"
         : S_ISSOCK(mode) ? "a socket"
         : S_ISCHR(mode)  ? "a character device"
         : S_ISBLK(mode)  ? "a block device"
                          : "not a regular file";
}

// The output grows by doubling with realloc and is never zeroed: on these machines every fresh
// page costs ~11 us to fault in, so zeroing 85 MB first would cost 0.2 s during which nothing
// could stop it; uninitialised, the pages fault in slice by slice as they are filled.
char* room_for(InputText& text, std::size_t& capacity, std::size_t more) {
  // never null, even for an empty file: memcpy and read() are given a real buffer
  if (!text.bytes || text.size + more > capacity) {
    const std::size_t wanted = std::max<std::size_t>({text.size + more, capacity * 2, 1});
    void* grown = std::realloc(text.bytes.get(), wanted);
    if (!grown) throw std::bad_alloc();
    (void)text.bytes.release();
    text.bytes.reset(static_cast<char*>(grown));
    capacity = wanted;
  }
  return text.bytes.get() + text.size;
}

// The file, open: a regular file by path, or standard input.
struct Source {
  int fd = -1;
  bool owned = false;
  bool is_pipe = false;     // poll before reading, so that a slow writer never blocks a stop
  std::uint64_t total = 0;  // bytes, when known
  ~Source() {
    if (owned) ::close(fd);
  }
};

void open_source(Source& s, const std::string& path, const std::string& name) {
  struct stat st {};
  if (path == kStdinPath) {
    s.fd = STDIN_FILENO;
    if (::isatty(s.fd) == 1) {
      throw InputError(name +
                       ": standard input is a terminal; pipe or redirect a file into it "
                       "(--matrix - < A.mtx)");
    }
    if (::fstat(s.fd, &st) != 0) throw InputError(name + ": cannot stat: " + std::strerror(errno));
    if (S_ISREG(st.st_mode)) s.total = static_cast<std::uint64_t>(st.st_size);
    s.is_pipe = !S_ISREG(st.st_mode);
    return;
  }
  // O_NONBLOCK: a FIFO with no writer would block open() forever; fstat then tells what it is
  s.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (s.fd < 0) throw InputError(name + ": cannot open: " + std::strerror(errno));
  s.owned = true;
  if (::fstat(s.fd, &st) != 0) throw InputError(name + ": cannot stat: " + std::strerror(errno));
  if (!S_ISREG(st.st_mode)) {
    throw InputError(name + ": is " + file_kind(st.st_mode) +
                     "; give a regular Matrix Market file (or - for standard input)");
  }
  s.total = static_cast<std::uint64_t>(st.st_size);
}

// Up to `n` bytes into `to`; 0 at the end. Asks `stop` at least every 0.1 s while a pipe is empty.
std::size_t read_some(const Source& s, char* to, std::size_t n, const std::string& name,
                      const StopCheck& stop) {
  for (;;) {
    poll_stop(stop);
    if (s.is_pipe) {
      pollfd p{s.fd, POLLIN, 0};
      const int ready = ::poll(&p, 1, 100);
      if (ready == 0 || (ready < 0 && errno == EINTR)) continue;
    }
    const ssize_t got = ::read(s.fd, to, n);
    if (got >= 0) return static_cast<std::size_t>(got);
    if (errno == EINTR || errno == EAGAIN) continue;
    throw InputError(name + ": read failed: " + std::strerror(errno));
  }
}

// Inflates gzip members one after another into `text`.
class Inflater {
 public:
  explicit Inflater(const std::string& name) : name_(name) {
    if (inflateInit2(&z_, 15 + 16) != Z_OK) throw std::bad_alloc();  // 16: gzip only
  }
  ~Inflater() { inflateEnd(&z_); }
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;

  void feed(const char* in, std::size_t n, InputText& text, std::size_t& capacity) {
    z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in));
    z_.avail_in = static_cast<uInt>(n);
    while (z_.avail_in > 0) {
      if (!in_member_) {  // another member follows the last one
        if (z_.avail_in >= 2 && (z_.next_in[0] != 0x1f || z_.next_in[1] != 0x8b))
          throw InputError(name_ + ": data after the end of the gzip data");
        inflateReset(&z_);
        in_member_ = true;
      }
      const std::size_t room = std::clamp<std::size_t>(capacity / 4, kSlice, std::size_t{1} << 30);
      z_.next_out = reinterpret_cast<Bytef*>(room_for(text, capacity, room));
      z_.avail_out = static_cast<uInt>(room);
      const int ret = inflate(&z_, Z_NO_FLUSH);
      text.size += room - z_.avail_out;
      if (ret == Z_STREAM_END) {
        in_member_ = false;
      } else if (ret != Z_OK && ret != Z_BUF_ERROR) {
        throw InputError(name_ + ": not valid gzip data (" + (z_.msg ? z_.msg : "corrupt") + ")");
      }
    }
  }

  void finish() const {
    if (in_member_) throw InputError(name_ + ": the gzip data ends early (truncated?)");
  }

 private:
  std::string name_;
  z_stream z_{};
  bool in_member_ = true;
};

}  // namespace

std::string input_name(const std::string& path) {
  return path == kStdinPath ? std::string(kStdinName) : printable(path, 200);
}

InputText read_input(const std::string& path, const StopCheck& stop, const ReadProgress& progress) {
  const std::string name = input_name(path);
  Source source;
  open_source(source, path, name);
  InputText text;
  std::size_t capacity = 0;
  // A plain regular file is read straight into a buffer of its size; anything else through a
  // slice, which is appended or inflated.
  std::unique_ptr<char[]> slice(new char[kSlice]);
  std::size_t head = 0;  // the first bytes, until two of them tell whether this is gzip
  bool eof = false;
  while (head < 2 && !eof) {
    const std::size_t got = read_some(source, slice.get() + head, kSlice - head, name, stop);
    eof = got == 0;
    head += got;
  }
  text.stored_bytes = head;
  text.gzip = head >= 2 && static_cast<unsigned char>(slice[0]) == 0x1f &&
              static_cast<unsigned char>(slice[1]) == 0x8b;
  std::unique_ptr<Inflater> inflater;
  if (text.gzip) {
    inflater = std::make_unique<Inflater>(name);
    inflater->feed(slice.get(), head, text, capacity);
  } else {
    std::memcpy(room_for(text, capacity, std::max<std::size_t>(head, source.total)), slice.get(),
                head);
    text.size = head;
  }
  if (progress) progress(text.stored_bytes, source.total);
  while (!eof) {
    std::size_t got;
    if (text.gzip) {
      got = read_some(source, slice.get(), kSlice, name, stop);
      if (got) inflater->feed(slice.get(), got, text, capacity);
    } else if (source.total != 0 && text.size < source.total) {  // straight into place
      const std::size_t want = std::min<std::size_t>(kSlice, source.total - text.size);
      got = read_some(source, room_for(text, capacity, want), want, name, stop);
      text.size += got;
    } else {  // a pipe, or past the size the file had (which the check below refuses)
      got = read_some(source, slice.get(), kSlice, name, stop);
      std::memcpy(room_for(text, capacity, got), slice.get(), got);
      text.size += got;
    }
    eof = got == 0;
    text.stored_bytes += got;
    if (progress && got) progress(text.stored_bytes, source.total);
  }
  if (inflater) inflater->finish();
  if (source.total != 0 && text.stored_bytes != source.total && path != kStdinPath)
    throw InputError(name + ": read failed: the file changed size while it was read");
  return text;
}

}  // namespace slae
