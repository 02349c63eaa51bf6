#pragma once
// Temporary directories for tests, removed with their files on every path out of a test.
#include <string>

namespace slae::test {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  /// Writes `content` to path()/name and returns that path.
  std::string file(const std::string& name, const std::string& content) const;

 private:
  std::string path_;
};

/// The whole file as text (empty when it cannot be read).
std::string read_text(const std::string& path);

}  // namespace slae::test
