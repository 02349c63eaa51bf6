#include "protocol/key_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <vector>

#include "solver/input_error.hpp"
#include "solver/printable.hpp"

namespace slae::protocol {
namespace {

constexpr std::size_t kZ85KeyChars = 40;
constexpr std::size_t kMostKeyFileBytes = 4096;  // a key file is a few lines

[[noreturn]] void fail(const std::string& path, const std::string& why) {
  throw InputError(printable(path, 200) + ": " + why);
}

// The lines of a small text file; comments ('#') and blank lines dropped, each with its number.
std::vector<std::pair<int, std::string>> key_lines(const std::string& path, struct stat* info) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) fail(path, std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    fail(path, "not a regular file");
  }
  if (info) *info = st;
  std::string text(kMostKeyFileBytes + 1, '\0');
  std::size_t got = 0;
  while (got < text.size()) {
    const ssize_t n = ::read(fd, text.data() + got, text.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  ::close(fd);
  if (got > kMostKeyFileBytes) fail(path, "too large for a key file");
  text.resize(got);
  std::vector<std::pair<int, std::string>> lines;
  int number = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    std::string line = text.substr(start, end - start);
    start = end + 1;
    ++number;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
      line.pop_back();
    const std::size_t first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;
    lines.emplace_back(number, line.substr(first));
  }
  return lines;
}

// "public-key <Z85>" -> the key, or fails naming the line.
std::string field(const std::string& path, const std::pair<int, std::string>& line,
                  std::string_view name) {
  const std::string& text = line.second;
  const std::string where = "line " + std::to_string(line.first) + ": ";
  if (text.compare(0, name.size(), name) != 0 || text.size() <= name.size() ||
      text[name.size()] != ' ') {
    fail(path, where + "expected '" + std::string(name) + " <40 Z85 characters>'");
  }
  const std::string key = text.substr(text.find_first_not_of(' ', name.size()));
  if (!is_z85_key(key))
    fail(path, where + "the " + std::string(name) + " is not 40 Z85 characters");
  return key;
}

// Writes text to a new file (O_EXCL) with mode; fails naming it.
void write_new_file(const std::string& path, const std::string& text, mode_t mode) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) {
    fail(path, errno == EEXIST ? "exists already; refusing to overwrite a key (remove it first)"
                               : std::strerror(errno));
  }
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int error = errno;
      ::close(fd);
      ::unlink(path.c_str());
      fail(path, std::strerror(error));
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    ::unlink(path.c_str());
    fail(path, "cannot write it whole");
  }
}

std::string base_name(const std::string& path) {
  const std::size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

std::string key_fingerprint(std::string_view z85_public_key) {
  // FNV-1a over the key's text: stable across builds and machines, and 64 bits tell apart the
  // keys of any lab (it names keys in logs; it authenticates nothing)
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const char c : z85_public_key) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(hash));
  return text;
}

std::string write_key_pair(const std::string& name) {
  if (name.empty() || name.back() == '/') throw InputError("--keygen: give a name, e.g. lab3");
  const CurveKeyPair pair = make_curve_key_pair();
  const std::string owner = base_name(name);
  const std::string secret_path = name + ".key";
  const std::string public_path = name + ".pub";
  // the secret first: if it exists, nothing is written; if the public one exists, the secret
  // is taken back, so that a pair is never half new
  write_new_file(secret_path,
                 "# slae-cluster CurveZMQ key pair of " + owner +
                     ": keep it secret (slae-node/customer --key " + base_name(secret_path) +
                     ")\npublic-key " + pair.public_key + "\nsecret-key " + pair.secret_key + "\n",
                 0600);
  try {
    write_new_file(public_path,
                   "# slae-cluster CurveZMQ public key of " + owner +
                       ": copy it into the broker's --worker-keys or --customer-keys directory "
                       "(or give it as --broker-key when it is the broker's)\n" +
                       pair.public_key + "\n",
                   0644);
  } catch (...) {
    ::unlink(secret_path.c_str());
    throw;
  }
  return key_fingerprint(pair.public_key);
}

CurveKeyPair read_key_pair(const std::string& path) {
  struct stat st {};
  const auto lines = key_lines(path, &st);
  if ((st.st_mode & 077) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    fail(path, std::string("others may read this secret key (mode ") + mode +
                   "); chmod 600 it and make a new pair if it may have been seen");
  }
  if (lines.size() != 2) fail(path, "a key file has a public-key line and a secret-key line");
  CurveKeyPair pair{field(path, lines[0], "public-key"), field(path, lines[1], "secret-key")};
  char derived[kZ85KeyChars + 1];
  if (zmq_curve_public(derived, pair.secret_key.c_str()) != 0 || pair.public_key != derived)
    fail(path, "the public key is not the secret key's");
  return pair;
}

std::string read_public_key(const std::string& path) {
  const auto lines = key_lines(path, nullptr);
  if (lines.empty()) fail(path, "holds no key");
  const auto& [number, text] = lines.front();
  if (text.starts_with("public-key")) return field(path, lines.front(), "public-key");
  if (lines.size() != 1 || !is_z85_key(text)) {
    fail(path, "line " + std::to_string(number) +
                   ": expected a public key (40 Z85 characters, as --keygen writes in NAME.pub)");
  }
  return text;
}

}  // namespace slae::protocol
