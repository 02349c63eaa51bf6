#pragma once
// Lines of a program's output or a written file, for the tests that read them.
#include <sstream>
#include <string>
#include <vector>

namespace slae::test {

/// Lines of text without their '\n' (and without the empty last one).
inline std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string line; std::getline(in, line);)
    out.push_back(line);
  return out;
}

}  // namespace slae::test
