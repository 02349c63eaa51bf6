#pragma once
// Errors in what a user gave us (a file, a flag). The executables turn these into exit code 2
// and one line on stderr, so the message must stand alone: "A.mtx:17: column index 0 is ...".
#include <stdexcept>
#include <string>

namespace slae {

class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace slae
