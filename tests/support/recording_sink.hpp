#pragma once
// A ReplySink for tests: encodes each reply as the transport would put it on the wire (a
// zero-copy send as prefix + the payload's bytes) and keeps the frames for decoding.
#include <catch2/catch.hpp>
#include <span>
#include <vector>

#include "node/reply_sink.hpp"
#include "protocol/codec.hpp"

namespace slae::test {

class RecordingSink final : public node::ReplySink {
 public:
  void send(const protocol::Message& reply) override {
    protocol::FrameBuffer b;
    protocol::encode(reply, b);
    frames.push_back(b.bytes);
  }
  void send(const protocol::Message& reply, protocol::PayloadBuffer& payload) override {
    const protocol::PackedDoubles* tail = protocol::trailing_vector(reply.body);
    REQUIRE(tail != nullptr);
    // what the zero-copy path relies on: the vector starts at the payload's first value
    CHECK(tail->bytes.data() == reinterpret_cast<const std::byte*>(payload.values().data()));
    protocol::FrameBuffer b;
    protocol::encode_prefix(reply, b);
    const auto* bytes = reinterpret_cast<const char*>(tail->bytes.data());
    b.bytes.insert(b.bytes.end(), bytes, bytes + tail->bytes.size());
    frames.push_back(b.bytes);
  }

  std::size_t size() const { return frames.size(); }
  /// Reply i, decoded; its vectors point into the kept frame.
  protocol::Message reply(std::size_t i) const {
    REQUIRE(i < frames.size());
    return protocol::decode(std::as_bytes(std::span<const char>(frames[i])));
  }
  protocol::Message last() const { return reply(frames.size() - 1); }
  template <typename T>
  T last_as() const {
    const protocol::Message m = last();
    REQUIRE(std::holds_alternative<T>(m.body));
    return std::get<T>(m.body);
  }
  void clear() { frames.clear(); }

  std::vector<std::vector<char>> frames;
};

}  // namespace slae::test
