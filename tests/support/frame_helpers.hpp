#pragma once
// Encoded frames as the codec's decoder takes them, and vectors as the messages carry them: the
// small conversions the protocol's and the node's unit tests share.
#include <cstddef>
#include <span>
#include <vector>

#include "protocol/codec.hpp"

namespace slae::test {

inline std::span<const std::byte> bytes_of(const protocol::FrameBuffer& buffer) {
  return {reinterpret_cast<const std::byte*>(buffer.bytes.data()), buffer.bytes.size()};
}
inline std::span<const std::byte> bytes_of(const std::vector<unsigned char>& bytes) {
  return {reinterpret_cast<const std::byte*>(bytes.data()), bytes.size()};
}

/// m encoded into buffer, then decoded from it.
inline protocol::Message round_trip(const protocol::Message& m, protocol::FrameBuffer& buffer) {
  protocol::encode(m, buffer);
  return protocol::decode(bytes_of(buffer));
}

/// A message's view of v (it points into v: keep v alive).
inline protocol::PackedDoubles packed_view(const std::vector<double>& v) {
  return protocol::PackedDoubles(std::span<const double>(v));
}

}  // namespace slae::test
