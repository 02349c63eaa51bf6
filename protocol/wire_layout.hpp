#pragma once
// How a message describes itself on the wire (each struct of messages.hpp has a `wire()`): its
// name, whether it asks for or is a reply, and its fields in wire order, each with where it
// lives in the struct, its name and its limits. This is the one place a message's fields are
// listed: the codec derives packing, the field count, the bytes to reserve and checked decoding
// from it (codec.cpp, codec_decode.cpp), and a test holds PROTOCOL.md to it. No msgpack here: a
// layout is plain compile-time data.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <tuple>
#include <vector>

namespace slae::protocol::wire {

/// Whether a coordinator's message asks its node for exactly one reply, or a node's message is
/// such a reply (messages.hpp: expects_reply, is_reply).
enum class Role : std::uint8_t { none, request, reply };

/// The longest text field, unless a field says less: also the decoder's limit on any string, so
/// text longer than this is cut short by its sender rather than refused by its receiver.
inline constexpr std::size_t kMaxText = 4096;

/// Whether a member is a std::vector (a bin of numbers on the wire).
template <class T>
constexpr bool is_vector = false;
template <class T>
constexpr bool is_vector<std::vector<T>> = true;

/// One field of a message. Path is the chain of member pointers from the message to the value:
/// one for most fields; setup reaches into its RowBlock (&Setup::block, &RowBlock::rhs). What the
/// field is on the wire follows from the member's type: a flag (bool), an integer (integers and
/// enums), a float64 (double), a str (std::string), or a bin (PackedDoubles, std::vector of
/// numbers, raw bytes; and text marked binary()).
template <auto... Path>
struct Field {
  const char* name;
  std::int64_t min = 0;  ///< integers: the least value (below 0 only when a field says so)
  std::uint64_t max = std::numeric_limits<std::uint64_t>::max();  ///< ... and the most (capped
                                                                  ///< at the member type's)
  std::size_t longest = std::numeric_limits<std::size_t>::max();  ///< text: bytes (capped at
                                                                  ///< kMaxText); bins: elements
  std::size_t element_bytes = 0;  ///< raw bytes (std::span<const std::byte>): one element's size
  bool is_trailing = false;       ///< the large vector last in the message (payload_buffer.hpp)
  bool is_binary = false;         ///< text that travels as bin, free of kMaxText

  /// An integer in [lo, hi].
  constexpr Field in(std::int64_t lo, std::uint64_t hi) const {
    Field f = *this;
    f.min = lo;
    f.max = hi;
    return f;
  }
  /// An integer of at most hi; text of at most hi bytes; a bin of at most hi elements.
  constexpr Field at_most(std::uint64_t hi) const {
    Field f = *this;
    f.max = hi;
    f.longest = static_cast<std::size_t>(hi);
    return f;
  }
  /// Raw bytes whose elements are `bytes` long (a bin of another length is refused).
  constexpr Field of_elements(std::size_t bytes) const {
    Field f = *this;
    f.element_bytes = bytes;
    return f;
  }
  /// The message's last field, which a sender may send from its own buffer (encode_prefix).
  constexpr Field trailing() const {
    Field f = *this;
    f.is_trailing = true;
    return f;
  }
  /// Text that travels as a bin, so that it may exceed kMaxText (status's JSON).
  constexpr Field binary() const {
    Field f = *this;
    f.is_binary = true;
    return f;
  }

  /// The field's value in a message (const or not).
  template <class M>
  static constexpr decltype(auto) of(M& message) {
    return (message.*....*Path);
  }
};

template <auto... Path>
constexpr Field<Path...> field(const char* name) {
  return Field<Path...>{name};
}

/// A message's name (as logs, errors and PROTOCOL.md call it), its role, and its fields in order.
template <class... Fields>
struct Layout {
  const char* name;
  Role role;
  std::tuple<Fields...> fields;

  static constexpr std::size_t field_count = sizeof...(Fields);

  constexpr Layout request() const { return {name, Role::request, fields}; }
  constexpr Layout reply() const { return {name, Role::reply, fields}; }
};

template <class... Fields>
constexpr Layout<Fields...> layout(const char* name, Fields... fields) {
  return {name, Role::none, {fields...}};
}

}  // namespace slae::protocol::wire
