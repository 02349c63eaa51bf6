#pragma once
// Test only (slae-node --test-die-on WHEN): the node kills itself with SIGKILL, as a crash or
// the kernel's OOM killer would, at a known moment of a run: while it starts, just after it has
// said ready, or on receiving its n-th message of a type (its block: "setup"; the final collect:
// "collect"). The recovery tests lose a node in each phase of a run that way, whatever the
// machine's speed, where a signal sent from outside at a time would land anywhere.
#include <string>

#include "protocol/messages.hpp"

namespace slae::node {

class TestDeath {
 public:
  enum class When { never, start_up, ready, message };

  /// "start-up", "ready", or a message type's name with an optional occurrence ("setup",
  /// "collect:2"). Throws InputError naming a spec it cannot read.
  static TestDeath parse(const std::string& spec);

  When when() const { return when_; }
  /// Dies if it is due at this moment (start_up or ready); returns otherwise.
  void at(When moment) const;
  /// Counts a received message; dies when it is the one.
  void on_message(const protocol::Message& message);

 private:
  [[noreturn]] static void die();

  When when_ = When::never;
  protocol::MessageType type_ = protocol::MessageType::setup;
  int occurrence_ = 1;
  int seen_ = 0;
};

}  // namespace slae::node
