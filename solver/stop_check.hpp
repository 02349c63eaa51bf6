#pragma once
// How a long computation (parsing a large file, estimating a spectrum) learns that its caller
// wants it to stop, without the math knowing of signals: it calls the check now and then, and
// the check throws whatever its owner chose (the coordinator: Interrupted after Ctrl-C). An
// empty check never stops anything.
#include <functional>

namespace slae {

using StopCheck = std::function<void()>;

/// Calls check if there is one.
inline void poll_stop(const StopCheck& check) {
  if (check) check();
}

}  // namespace slae
