// What the message headers declare beside the structs (messages.hpp and the headers it
// includes): the views of packed doubles, the checks that span a message's fields, and each
// type's name and role, read from the layouts. No bytes are
// made here (codec.cpp encodes, codec_decode.cpp decodes).
#include "protocol/messages.hpp"

#include <array>
#include <cstring>
#include <stdexcept>
#include <utility>

#include "protocol/shared_segment.hpp"

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

const char* Setup::malformed() const {
  // a node maps what setup names: nothing but one of our sealed segments may be named
  if (!segment.empty() && !is_shared_segment_name(segment))
    return "field 'segment' is not a shared-memory name";
  return nullptr;
}

const char* Start::malformed() const {
  const bool multicolour = method == Method::gauss_seidel || method == Method::sor;
  if (multicolour != (colour_count > 0))
    return "a colour count belongs to gauss-seidel and sor alone";
  for (const std::int32_t c : colours) {
    if (c < 0 || static_cast<std::uint32_t>(c) >= colour_count)
      return "a row's colour is outside the colour count";
  }
  return nullptr;
}

const char* MethodResult::malformed() const {
  return traffic.size() != 6 && !traffic.empty() ? "traffic is not 6 numbers" : nullptr;
}

const char* JobStarted::malformed() const {
  return parts.size() % 6 != 0 ? "parts is not 6 per part" : nullptr;
}

MessageType type_of(const Body& body) {
  static_assert(std::variant_size_v<Body> == kLastMessageType,
                "Body's alternatives are the message types in order");
  return static_cast<MessageType>(body.index() + 1);
}

namespace {

struct TypeFacts {
  const char* name;
  wire::Role role;
};

template <std::size_t... I>
constexpr std::array<TypeFacts, sizeof...(I)> facts_of(std::index_sequence<I...>) {
  return {TypeFacts{std::variant_alternative_t<I, Body>::wire().name,
                    std::variant_alternative_t<I, Body>::wire().role}...};
}

// Index: type - 1.
constexpr auto kFacts = facts_of(std::make_index_sequence<std::variant_size_v<Body>>{});

wire::Role role_of(MessageType type) {
  const auto index = static_cast<std::size_t>(type);
  return index >= 1 && index <= kLastMessageType ? kFacts[index - 1].role : wire::Role::none;
}

}  // namespace

const char* type_name(MessageType type) {
  const auto index = static_cast<std::size_t>(type);
  return index >= 1 && index <= kLastMessageType ? kFacts[index - 1].name : "unknown";
}

bool expects_reply(MessageType type) {
  return role_of(type) == wire::Role::request;
}

bool is_reply(MessageType type) {
  return role_of(type) == wire::Role::reply;
}

}  // namespace slae::protocol
