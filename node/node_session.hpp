#pragma once
// What a node does with each message from its coordinator. No sockets here: the session is fed
// decoded messages and hands its replies to a ReplySink, so that tests can drive it directly.
//
// A node is set up once with its row block (setup), then runs one solve after another on it:
// each `start` opens a new epoch with a method (Jacobi, CG, Gauss-Seidel or SOR), and messages of
// any other epoch are answered with an error (the coordinator drops late replies of old epochs
// itself).
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "node/cg_worker.hpp"
#include "node/jacobi_worker.hpp"
#include "node/reply_sink.hpp"
#include "node/sor_worker.hpp"
#include "protocol/messages.hpp"
#include "protocol/shared_segment.hpp"
#include "solver/row_block.hpp"

namespace slae::node {

struct NodeOptions {
  /// Test only: wait this long before each reply, to make replies arrive out of order.
  std::chrono::milliseconds reply_delay{0};
  /// Test only: act as if no shared-memory segment could be mapped (the socket fallback).
  bool refuse_shared_memory = false;
  /// Test only: act as a hostile node would and try to shrink the segment to nothing after
  /// mapping it (the seals must refuse; see protocol/shared_segment.hpp).
  bool shrink_shared_memory = false;
};

class NodeSession {
 public:
  explicit NodeSession(NodeOptions options = {}) : options_(options) {}

  /// Handles one message, sending any replies to `out` before returning. Takes the message by
  /// value so that a setup's block (tens of megabytes) is moved in, not copied.
  void handle(protocol::Message&& message, ReplySink& out);

  bool shutdown_requested() const { return shutdown_; }
  /// Whether the session holds a job's block (between its setup and its release).
  bool holds_job() const { return block_.has_value(); }

 private:
  void on_setup(const protocol::Header& h, protocol::Setup&& m, ReplySink& out);
  void on_start(const protocol::Header& h, const protocol::Start& m);
  /// The broker is done with job h.job: its block, solve and segment go (memory back, idle).
  void on_release(const protocol::Header& h);
  void on_collect(const protocol::Header& h, const protocol::Collect& m, ReplySink& out);
  void on_double_task(const protocol::Header& h, const protocol::DoubleTask& m, ReplySink& out);
  /// Throws std::invalid_argument unless h belongs to the current solve.
  void require_current(const protocol::Header& h, const char* what) const;
  void delay_reply() const;
  static void shrink(const std::string& segment);

  NodeOptions options_;
  bool shutdown_ = false;
  std::optional<RowBlock> block_;
  std::vector<std::int32_t> exports_;
  bool early_exports_ = false;
  std::optional<protocol::SharedSegment> segment_;  ///< where Jacobi's iterates go, if shared
  std::uint64_t job_ = 0;
  std::optional<std::uint32_t> epoch_;  ///< of the current start
  // The current solve: at most one of the three.
  std::unique_ptr<JacobiWorker> jacobi_;
  std::unique_ptr<CgWorker> cg_;
  std::unique_ptr<SorWorker> sor_;
  std::vector<double> doubled_;
};

}  // namespace slae::node
