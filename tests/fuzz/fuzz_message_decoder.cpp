// libFuzzer target: every message of the protocol as a frame from the network. The header
// peek (what the broker reads of a frame it passes on), the version probe and the full decoder
// may refuse a frame (ProtocolError), never crash, leak or allocate from a declared length.
#include <cstddef>
#include <cstdint>
#include <span>

#include "protocol/codec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace proto = slae::protocol;
  static proto::Decoder decoder;  // reused, as the broker and the nodes reuse theirs
  const std::span<const std::byte> frame(reinterpret_cast<const std::byte*>(data), size);
  (void)proto::version_of(frame);
  try {
    (void)proto::peek(frame);
  } catch (const proto::ProtocolError&) {
  }
  try {
    const proto::Message message = decoder.decode(frame);
    (void)proto::type_of(message.body);
  } catch (const proto::ProtocolError&) {
  }
  return 0;
}
