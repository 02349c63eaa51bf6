#pragma once
// Test only (slae-node --test-corrupt): a worker that holds a valid key and lies. It passes every
// reply on, but a Jacobi block result from the sixth iteration on is corrupted: `short` drops
// its last residual partial sum, `nan` writes NaN over the first value of the block of x it
// carries. The broker and the job must fail that worker's job alone, naming it.
#include <limits>
#include <span>
#include <variant>

#include "node/reply_sink.hpp"

namespace slae::node {

enum class Corruption { none, short_sums, nan_values };

class CorruptingSink final : public ReplySink {
 public:
  CorruptingSink(ReplySink& out, Corruption how) : out_(out), how_(how) {}

  void send(const protocol::Message& reply) override { out_.send(corrupted(reply)); }

  void send(const protocol::Message& reply, protocol::PayloadBuffer& payload) override {
    const protocol::Message changed = corrupted(reply);
    const auto* block = std::get_if<protocol::BlockResult>(&changed.body);
    if (how_ == Corruption::nan_values && block && reply.header.iteration >= 5 &&
        block->x_next.size() > 0) {
      payload.values()[0] = std::numeric_limits<double>::quiet_NaN();  // x_next starts there
    }
    out_.send(changed, payload);
  }

 private:
  protocol::Message corrupted(const protocol::Message& reply) const {
    protocol::Message changed = reply;
    auto* block = std::get_if<protocol::BlockResult>(&changed.body);
    if (how_ == Corruption::short_sums && block && reply.header.iteration >= 5 &&
        block->residual_sq.size() > 0) {
      const auto& bytes = block->residual_sq.bytes;
      block->residual_sq = protocol::PackedDoubles(bytes.first(bytes.size() - sizeof(double)));
    }
    return changed;
  }

  ReplySink& out_;
  Corruption how_;
};

}  // namespace slae::node
