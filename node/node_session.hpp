#pragma once
// What a node does with each message from its coordinator. No sockets here: the session is fed
// decoded messages and answers with the replies to send, so that tests can drive it directly.
#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

#include "protocol/messages.hpp"
#include "solver/row_block.hpp"

namespace slae::node {

struct NodeOptions {
  /// Test only: wait this long before each reply, to make replies arrive out of order.
  std::chrono::milliseconds reply_delay{0};
};

class NodeSession {
 public:
  explicit NodeSession(NodeOptions options = {}) : options_(options) {}

  /// Handles one message; returns the reply to send, if any. The reply's PackedDoubles point
  /// into this session's buffers: send it before handling the next message.
  std::optional<protocol::Message> handle(const protocol::Message& message);

  bool shutdown_requested() const { return shutdown_; }

 private:
  protocol::Message on_setup(const protocol::Header& h, const protocol::Setup& m);
  protocol::Message on_iterate(const protocol::Header& h, const protocol::Iterate& m);
  protocol::Message on_double_task(const protocol::Header& h, const protocol::DoubleTask& m);
  protocol::Message error(const protocol::Header& h, std::string text) const;
  void delay_reply() const;

  NodeOptions options_;
  bool shutdown_ = false;
  std::optional<RowBlock> block_;
  std::uint64_t job_ = 0;
  std::uint32_t epoch_ = 0;
  std::uint64_t next_iteration_ = 0;  ///< the k whose x_k this node's own block holds
  // x as [own block | ghosts], twice: the sweep reads one and writes the other's own block.
  std::vector<double> x_current_;
  std::vector<double> x_next_;
  std::vector<double> doubled_;
};

}  // namespace slae::node
