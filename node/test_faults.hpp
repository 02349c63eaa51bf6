#pragma once
// Test only: every fault a worker can be told to commit, behind this one seam. slae-node takes
// them from its hidden --test-* options; the in-process cluster of the tests sets them on a
// worker thread. A worker
// - dies at a known moment of a run (--test-die-on WHEN): while it starts, just after it has
//   said ready, or on receiving its n-th message of a type (its block: "setup"; the final
//   collect: "collect"), so that the recovery tests lose a node in each phase of a run whatever
//   the machine's speed, where a signal sent from outside at a time would land anywhere;
// - lies in its Jacobi block results from the sixth iteration on (--test-corrupt): `short`
//   drops the last residual partial sum, `nan` writes NaN over the first value of the block of
//   x; the broker and the job must fail that worker's job alone, naming it.
// How a worker dies depends on where it runs: slae-node kills its own process with SIGKILL, as
// a crash or the kernel's OOM killer would; a worker thread ends its loop at once and its
// connection drops unannounced, which the broker sees in the same way.
#include <optional>
#include <string>

#include "node/reply_sink.hpp"
#include "protocol/messages.hpp"

namespace slae::node {

enum class Corruption { none, short_sums, nan_values };

class TestFaults {
 public:
  enum class When { never, start_up, ready, message };
  enum class Death { kill_process, end_loop };

  /// No fault at all: what every worker outside the tests has.
  TestFaults() = default;

  /// "start-up", "ready", or a message type's name with an optional occurrence ("setup",
  /// "collect:2"). Throws InputError naming a spec it cannot read.
  void die_on(const std::string& spec);
  void die_as(Death death) { death_ = death; }
  void corrupt(Corruption how) { corruption_ = how; }

  When death_moment() const { return when_; }
  /// Whether the worker dies at this moment (start_up or ready). A process killed does not
  /// return; a thread's loop returns at once when this is true.
  bool dies_at(When moment) const;
  /// Counts a received message; the same when it is the one to die on.
  bool dies_on(const protocol::Message& message);

  /// Where the session's replies go: `out` itself, or a sink that lies on its way (corrupt).
  ReplySink& replies(ReplySink& out);

 private:
  class CorruptingSink final : public ReplySink {
   public:
    CorruptingSink(ReplySink& out, Corruption how) : out_(&out), how_(how) {}
    void send(const protocol::Message& reply) override;
    void send(const protocol::Message& reply, protocol::PayloadBuffer& payload) override;
    ReplySink* inner() const { return out_; }

   private:
    protocol::Message corrupted(const protocol::Message& reply) const;
    ReplySink* out_;
    Corruption how_;
  };

  /// Dies as death_ says; true when the caller is to end its loop.
  bool die() const;

  When when_ = When::never;
  protocol::MessageType type_ = protocol::MessageType::setup;
  int occurrence_ = 1;
  int seen_ = 0;
  Death death_ = Death::kill_process;
  Corruption corruption_ = Corruption::none;
  std::optional<CorruptingSink> liar_;
};

}  // namespace slae::node
