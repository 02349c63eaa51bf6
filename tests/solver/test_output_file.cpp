// solver/output_file.cpp: an output is wholly its new content or left as it was, with no
// temporary file left behind either way.
#include "solver/output_file.hpp"

#include <dirent.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "tests/support/temp_files.hpp"

using namespace slae;
using slae::test::read_text;
using slae::test::TempDir;

namespace {

std::vector<std::string> names_in(const std::string& dir) {
  std::vector<std::string> names;
  DIR* d = ::opendir(dir.c_str());
  REQUIRE(d != nullptr);
  while (const dirent* e = ::readdir(d)) {
    const std::string name = e->d_name;
    if (name != "." && name != "..") names.push_back(name);
  }
  ::closedir(d);
  return names;
}

}  // namespace

TEST_CASE("an output replaces the old file whole and keeps its permissions", "[output_file]") {
  const TempDir dir;
  const std::string path = dir.file("x.txt", "old content\n");
  REQUIRE(::chmod(path.c_str(), 0640) == 0);
  write_output_file(path, std::string("new\n"));
  CHECK(read_text(path) == "new\n");
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0640);
  CHECK(names_in(dir.path()) == std::vector<std::string>{"x.txt"});
}

TEST_CASE("an output whose writer fails leaves the old file and no temporary one",
          "[output_file]") {
  const TempDir dir;
  const std::string path = dir.file("x.txt", "old content\n");
  CHECK_THROWS_WITH(write_output_file(path,
                                      [](std::FILE* f) {
                                        std::fputs("half of it", f);
                                        throw std::runtime_error("the disk is full");
                                      }),
                    Catch::Contains("x.txt") && Catch::Contains("the disk is full"));
  CHECK(read_text(path) == "old content\n");
  CHECK(names_in(dir.path()) == std::vector<std::string>{"x.txt"});
}

TEST_CASE("an output in a directory that does not exist names the path", "[output_file]") {
  const TempDir dir;
  const std::string path = dir.path() + "/no-such-dir/x.txt";
  CHECK_THROWS_WITH(write_output_file(path, std::string("x")),
                    Catch::Contains(path) && Catch::Contains("cannot create a file beside it"));
}
