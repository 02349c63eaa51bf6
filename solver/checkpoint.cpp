#include "solver/checkpoint.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include "solver/input_error.hpp"
#include "solver/output_file.hpp"
#include "solver/printable.hpp"

namespace slae {
namespace {

constexpr char kMagic[16] = {'S', 'L', 'A', 'E', '-', 'C', 'H', 'E',
                             'C', 'K', 'P', 'O', 'I', 'N', 'T', '\n'};
constexpr std::uint32_t kFormat = 2;
// format 1: magic, format, method (padded to 4), omega, iteration, fingerprint, n, history length
constexpr std::size_t kHeaderBytes1 = 16 + 4 + 4 + 8 + 8 + 8 + 8 + 8;
// format 2 goes on with: the number of n-long vectors, beta, best, restarts, fruitless
constexpr std::size_t kHeaderBytes2 = kHeaderBytes1 + 8 + 8 + 8 + 8 + 8;
constexpr std::size_t kDigestBytes = 8;

struct Fnv {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  void add(const void* data, std::size_t size) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < size; ++i) {
      hash ^= p[i];
      hash *= 0x100000001b3ULL;
    }
  }
};

void append(std::vector<unsigned char>& out, const void* data, std::size_t size) {
  const std::size_t at = out.size();
  out.resize(at + size);
  if (size > 0) std::memcpy(out.data() + at, data, size);
}

template <typename T>
void put(std::vector<unsigned char>& out, const T& value) {
  append(out, &value, sizeof value);
}

template <typename T>
T take(const unsigned char*& p) {
  T value;
  std::memcpy(&value, p, sizeof value);
  p += sizeof value;
  return value;
}

[[noreturn]] void refuse(const std::string& path, const std::string& why) {
  throw InputError(printable(path, 200) + ": " + why);
}

}  // namespace

std::uint64_t system_fingerprint(const CsrMatrix& a, std::span<const double> b) {
  Fnv f;
  f.add(&a.rows, sizeof a.rows);
  f.add(&a.cols, sizeof a.cols);
  f.add(a.row_ptr.data(), a.row_ptr.size() * sizeof(std::int64_t));
  f.add(a.col_idx.data(), a.col_idx.size() * sizeof(std::int32_t));
  f.add(a.values.data(), a.values.size() * sizeof(double));
  f.add(b.data(), b.size() * sizeof(double));
  return f.hash;
}

void write_checkpoint(const std::string& path, const Checkpoint& cp) {
  const bool cg = cp.method == 2;
  if (cg && (cp.r.size() != cp.x.size() || cp.p.size() != cp.x.size()))
    throw std::invalid_argument("write_checkpoint: CG's x, r and p differ in length");
  const std::uint64_t vectors = cg ? 3 : 1;
  std::vector<unsigned char> bytes;
  bytes.reserve(kHeaderBytes2 + (vectors * cp.x.size() + cp.history.size()) * 8 + kDigestBytes);
  append(bytes, kMagic, sizeof kMagic);
  put(bytes, kFormat);
  put(bytes, static_cast<std::uint32_t>(cp.method));
  put(bytes, cp.omega);
  put(bytes, cp.iteration);
  put(bytes, cp.fingerprint);
  put(bytes, static_cast<std::uint64_t>(cp.x.size()));
  put(bytes, static_cast<std::uint64_t>(cp.history.size()));
  put(bytes, vectors);
  put(bytes, cp.beta);
  put(bytes, cp.best);
  put(bytes, cp.restarts);
  put(bytes, cp.fruitless);
  append(bytes, cp.x.data(), cp.x.size() * sizeof(double));
  if (cg) {
    append(bytes, cp.r.data(), cp.r.size() * sizeof(double));
    append(bytes, cp.p.data(), cp.p.size() * sizeof(double));
  }
  append(bytes, cp.history.data(), cp.history.size() * sizeof(double));
  Fnv digest;
  digest.add(bytes.data(), bytes.size());
  put(bytes, digest.hash);

  try {
    write_output_file(path, [&](std::FILE* f) {
      if (std::fwrite(bytes.data(), 1, bytes.size(), f) != bytes.size())
        throw std::runtime_error(std::string("write failed: ") + std::strerror(errno));
    });
  } catch (const std::runtime_error& e) {
    throw std::runtime_error(std::string("cannot write the checkpoint ") + e.what());
  }
}

Checkpoint read_checkpoint(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) refuse(path, std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    refuse(path, "not a regular file");
  }
  const auto size = static_cast<std::size_t>(st.st_size);
  if (size < kHeaderBytes1 + kDigestBytes) {
    ::close(fd);
    refuse(path, "not a checkpoint (too short)");
  }
  // the header first: the lengths it declares are checked against the file's size before the
  // rest is read
  std::vector<unsigned char> bytes(kHeaderBytes1);
  const auto read_into = [&](unsigned char* out, std::size_t count) {
    std::size_t got = 0;
    while (got < count) {
      const ssize_t n = ::read(fd, out + got, count - got);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      got += static_cast<std::size_t>(n);
    }
    return true;
  };
  const auto fail = [&](const std::string& why) {
    ::close(fd);
    refuse(path, why);
  };
  if (!read_into(bytes.data(), kHeaderBytes1) || std::memcmp(bytes.data(), kMagic, 16) != 0)
    fail("not a checkpoint of slae-cluster");
  const unsigned char* p = bytes.data() + 16;
  const auto format = take<std::uint32_t>(p);
  if (format != 1 && format != kFormat) {
    fail("a checkpoint of format " + std::to_string(format) + ", this program reads 1 and " +
         std::to_string(kFormat));
  }
  const std::size_t header = format == 1 ? kHeaderBytes1 : kHeaderBytes2;
  if (size < header + kDigestBytes) fail("truncated or damaged (shorter than its header)");
  bytes.resize(header);
  if (!read_into(bytes.data() + kHeaderBytes1, header - kHeaderBytes1))
    fail("truncated (it changed while it was read)");
  p = bytes.data() + 20;
  Checkpoint cp;
  cp.method = static_cast<std::uint8_t>(take<std::uint32_t>(p));
  cp.omega = take<double>(p);
  cp.iteration = take<std::int64_t>(p);
  cp.fingerprint = take<std::uint64_t>(p);
  const auto n = take<std::uint64_t>(p);
  const auto history = take<std::uint64_t>(p);
  std::uint64_t vectors = 1;
  if (format != 1) {
    vectors = take<std::uint64_t>(p);
    cp.beta = take<double>(p);
    cp.best = take<double>(p);
    cp.restarts = take<std::int64_t>(p);
    cp.fruitless = take<std::int64_t>(p);
  }
  const std::uint64_t values = (size - header - kDigestBytes) / 8;
  if ((size - header - kDigestBytes) % 8 != 0 || vectors > 3 || n > values || history > values ||
      vectors * n + history != values) {
    fail("truncated or damaged (its length does not match its header)");
  }
  bytes.resize(size);
  const bool whole = read_into(bytes.data() + header, size - header);
  ::close(fd);
  if (!whole) refuse(path, "truncated (it changed while it was read)");
  Fnv digest;
  digest.add(bytes.data(), size - kDigestBytes);
  p = bytes.data() + size - kDigestBytes;
  if (take<std::uint64_t>(p) != digest.hash) refuse(path, "damaged (its digest does not match)");
  if (cp.method < 1 || cp.method > 4) refuse(path, "a checkpoint of an unknown method");
  const bool cg = cp.method == 2;
  // the history of the stationary methods stops before x_m (its residual comes with the next
  // sweep), CG's holds it
  const std::uint64_t judged = static_cast<std::uint64_t>(cp.iteration) + (cg ? 1 : 0);
  if (cp.iteration < 0 || judged != history)
    refuse(path, "damaged (its iteration does not match its history)");
  if (vectors != (cg ? 3u : 1u)) refuse(path, "damaged (its vectors do not match its method)");
  const unsigned char* at = bytes.data() + header;
  const auto load = [&](std::vector<double>& v, std::uint64_t count) {
    v.resize(count);
    std::memcpy(v.data(), at, count * 8);
    at += count * 8;
  };
  load(cp.x, n);
  if (cg) {
    load(cp.r, n);
    load(cp.p, n);
  }
  load(cp.history, history);
  return cp;
}

}  // namespace slae
