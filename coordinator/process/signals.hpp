#pragma once
// SIGINT and SIGTERM become a flag that the coordinator's loops check between polls, so that
// shutdown runs through the ordinary destructors (nodes stopped, temp files removed).
#include <stdexcept>
#include <string>

namespace slae::coordinator {

void install_signal_handlers();
/// The signal received (SIGINT, SIGTERM), or 0.
int pending_signal();

/// SIGHUP becomes a flag too (a standing broker re-reads its keys); until this is called it
/// keeps its default action.
void install_hangup_handler();
/// Whether SIGHUP arrived since the last call.
bool take_hangup();

/// Thrown by a loop that noticed a pending signal.
class Interrupted : public std::runtime_error {
 public:
  explicit Interrupted(int signal_number);
  int signal_number() const { return signal_number_; }

 private:
  int signal_number_;
};

/// Throws Interrupted if a signal is pending.
void throw_if_interrupted();

}  // namespace slae::coordinator
