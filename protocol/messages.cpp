// What messages.hpp declares beside the structs: the views of packed doubles, and what each
// message type is called and whether it asks for or is a reply. No bytes are made here
// (codec.cpp encodes, codec_decode.cpp decodes).
#include "protocol/messages.hpp"

#include <cstring>
#include <iterator>
#include <stdexcept>

namespace slae::protocol {

double PackedDoubles::operator[](std::size_t i) const {
  double v;
  std::memcpy(&v, bytes.data() + i * sizeof(double), sizeof(double));
  return v;
}

void PackedDoubles::copy_to(std::span<double> out) const {
  if (out.size() != size()) throw std::length_error("PackedDoubles::copy_to: size mismatch");
  if (!bytes.empty()) std::memcpy(out.data(), bytes.data(), bytes.size());
}

std::vector<double> PackedDoubles::to_vector() const {
  std::vector<double> out(size());
  copy_to(out);
  return out;
}

MessageType type_of(const Body& body) {
  static_assert(std::variant_size_v<Body> == kLastMessageType,
                "Body's alternatives are the message types in order");
  return static_cast<MessageType>(body.index() + 1);
}

const char* type_name(MessageType type) {
  static constexpr const char* kNames[] = {
      "ready",        "setup",         "setup_ack",      "iterate",        "block_result",
      "double_task",  "double_result", "heartbeat",      "shutdown",       "error",
      "start",        "exports",       "cg_direction",   "cg_curvature",   "cg_step",
      "cg_residual",  "collect",       "block_values",   "release",        "submit",
      "accepted",     "refused",       "job_data",       "progress",       "method_result",
      "job_done",     "job_failed",    "status_request", "status",         "cancel",
      "cancel_reply", "job_started",   "job_event",      "job_checkpoint", "job_queued",
      "welcome"};
  static_assert(std::size(kNames) == kLastMessageType);
  const auto index = static_cast<std::size_t>(type);
  return index >= 1 && index <= kLastMessageType ? kNames[index - 1] : "unknown";
}

bool expects_reply(MessageType type) {
  switch (type) {
    case MessageType::setup:
    case MessageType::iterate:
    case MessageType::cg_step:
    case MessageType::cg_direction:
    case MessageType::collect:
    case MessageType::double_task:
      return true;
    default:
      return false;
  }
}

bool is_reply(MessageType type) {
  switch (type) {
    case MessageType::setup_ack:
    case MessageType::block_result:
    case MessageType::cg_residual:
    case MessageType::cg_curvature:
    case MessageType::block_values:
    case MessageType::double_result:
      return true;
    default:
      return false;
  }
}

}  // namespace slae::protocol
