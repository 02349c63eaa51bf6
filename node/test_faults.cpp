#include "node/test_faults.hpp"

#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <limits>
#include <variant>

#include "solver/input_error.hpp"

namespace slae::node {

namespace proto = slae::protocol;

namespace {

constexpr std::uint64_t kFirstLie = 5;  // the sixth iteration: the solve is well under way

}  // namespace

void TestFaults::die_on(const std::string& spec) {
  if (spec == "start-up") {
    when_ = When::start_up;
    return;
  }
  if (spec == "ready") {
    when_ = When::ready;
    return;
  }
  const std::size_t colon = spec.find(':');
  const std::string name = spec.substr(0, colon);
  int occurrence = 1;
  if (colon != std::string::npos) {
    const std::string count = spec.substr(colon + 1);
    char* end = nullptr;
    const long n = std::strtol(count.c_str(), &end, 10);
    if (count.empty() || *end != '\0' || n < 1 || n > 1000000)
      throw InputError("--test-die-on " + spec + ": the occurrence must be a whole number >= 1");
    occurrence = static_cast<int>(n);
  }
  for (std::uint8_t t = 1; t <= proto::kLastMessageType; ++t) {
    if (name == proto::type_name(static_cast<proto::MessageType>(t))) {
      when_ = When::message;
      type_ = static_cast<proto::MessageType>(t);
      occurrence_ = occurrence;
      seen_ = 0;
      return;
    }
  }
  throw InputError("--test-die-on " + spec +
                   ": expected start-up, ready or a message type such as setup or collect:2");
}

bool TestFaults::dies_at(When moment) const {
  return when_ == moment && die();
}

bool TestFaults::dies_on(const proto::Message& message) {
  if (when_ != When::message || proto::type_of(message.body) != type_) return false;
  return ++seen_ == occurrence_ && die();
}

bool TestFaults::die() const {
  if (death_ == Death::end_loop) return true;
  ::kill(::getpid(), SIGKILL);
  ::_exit(137);  // not reached
}

ReplySink& TestFaults::replies(ReplySink& out) {
  if (corruption_ == Corruption::none) return out;
  if (!liar_ || liar_->inner() != &out) liar_.emplace(out, corruption_);
  return *liar_;
}

void TestFaults::CorruptingSink::send(const proto::Message& reply) {
  out_->send(corrupted(reply));
}

void TestFaults::CorruptingSink::send(const proto::Message& reply, proto::PayloadBuffer& payload) {
  const proto::Message changed = corrupted(reply);
  const auto* block = std::get_if<proto::BlockResult>(&changed.body);
  if (how_ == Corruption::nan_values && block && reply.header.iteration >= kFirstLie &&
      block->x_next.size() > 0) {
    payload.values()[0] = std::numeric_limits<double>::quiet_NaN();  // x_next starts there
  }
  out_->send(changed, payload);
}

proto::Message TestFaults::CorruptingSink::corrupted(const proto::Message& reply) const {
  proto::Message changed = reply;
  auto* block = std::get_if<proto::BlockResult>(&changed.body);
  if (how_ == Corruption::short_sums && block && reply.header.iteration >= kFirstLie &&
      block->residual_sq.size() > 0) {
    const auto& bytes = block->residual_sq.bytes;
    block->residual_sq = proto::PackedDoubles(bytes.first(bytes.size() - sizeof(double)));
  }
  return changed;
}

}  // namespace slae::node
