#include "node/node_session.hpp"

#include <span>
#include <stdexcept>
#include <string>
#include <thread>
#include <type_traits>

#include "solver/jacobi.hpp"

namespace slae::node {

using namespace slae::protocol;

std::optional<Message> NodeSession::handle(const Message& message) {
  const Header& h = message.header;
  return std::visit(
      [&](const auto& body) -> std::optional<Message> {
        using T = std::decay_t<decltype(body)>;
        if constexpr (std::is_same_v<T, Setup>)
          return on_setup(h, body);
        else if constexpr (std::is_same_v<T, Iterate>)
          return on_iterate(h, body);
        else if constexpr (std::is_same_v<T, DoubleTask>)
          return on_double_task(h, body);
        else if constexpr (std::is_same_v<T, Shutdown>) {
          shutdown_ = true;
          return std::nullopt;
        } else if constexpr (std::is_same_v<T, Heartbeat>)
          return std::nullopt;
        else
          return error(h, std::string("a node does not accept ") +
                              type_name(type_of(message.body)) + " messages");
      },
      message.body);
}

Message NodeSession::on_setup(const Header& h, const Setup& m) {
  try {
    m.block.validate();
  } catch (const std::invalid_argument& e) {
    return error(h, e.what());
  }
  block_ = m.block;
  job_ = h.job;
  epoch_ = h.epoch;
  next_iteration_ = h.iteration;
  // x_k starts at 0: allocate and touch everything now, never in the iteration loop.
  x_current_.assign(block_->local_size(), 0.0);
  x_next_.assign(block_->local_size(), 0.0);
  return Message{h, SetupAck{}};
}

Message NodeSession::on_iterate(const Header& h, const Iterate& m) {
  if (!block_ || h.job != job_ || h.epoch != epoch_) {
    return error(h, "iterate for a job or epoch this node was not set up for");
  }
  if (h.iteration != next_iteration_) {
    return error(h, "iterate " + std::to_string(h.iteration) + " but this node holds x_" +
                        std::to_string(next_iteration_));
  }
  const std::size_t own = static_cast<std::size_t>(block_->rows());
  if (m.ghost_values.size() != block_->ghost_cols.size()) {
    return error(h, "iterate carries " + std::to_string(m.ghost_values.size()) +
                        " ghost values, expected " + std::to_string(block_->ghost_cols.size()));
  }
  m.ghost_values.copy_to(std::span<double>(x_current_).subspan(own));
  const double residual_sq =
      jacobi_sweep(*block_, x_current_, std::span<double>(x_next_).first(own));
  std::swap(x_current_, x_next_);  // our own block of x_{k+1} is now current
  ++next_iteration_;
  delay_reply();
  BlockResult result;
  result.row_begin = block_->range.begin;
  result.row_end = block_->range.end;
  result.residual_sq = residual_sq;
  result.x_next = PackedDoubles(std::span<const double>(x_current_).first(own));
  return Message{h, result};
}

Message NodeSession::on_double_task(const Header& h, const DoubleTask& m) {
  doubled_.resize(m.values.size());
  m.values.copy_to(doubled_);
  for (double& v : doubled_)
    v *= 2.0;
  delay_reply();
  return Message{h, DoubleResult{m.chunk, PackedDoubles(std::span<const double>(doubled_))}};
}

Message NodeSession::error(const Header& h, std::string text) const {
  return Message{h, ErrorReport{std::move(text)}};
}

void NodeSession::delay_reply() const {
  if (options_.reply_delay.count() > 0) std::this_thread::sleep_for(options_.reply_delay);
}

}  // namespace slae::node
