#pragma once
// Internal to the decoder (codec_decode.cpp): a cursor over a
// message's top-level array that reads each field with its type and range checked, and throws
// ProtocolError naming the message and the field otherwise. Bins are referenced, not copied.
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include <msgpack.hpp>

#include "protocol/codec.hpp"

namespace slae::protocol::detail {

class FieldReader {
 public:
  FieldReader(const msgpack::object_array& array, MessageType type) : array_(array), type_(type) {}

  std::size_t remaining() const { return array_.size - next_; }

  std::uint64_t unsigned_int(const char* what) {
    const msgpack::object& o = field(what);
    if (o.type != msgpack::type::POSITIVE_INTEGER) fail(what, "is not a non-negative integer");
    return o.via.u64;
  }
  std::int64_t signed_int(const char* what,
                          std::int64_t max = std::numeric_limits<std::int64_t>::max()) {
    const std::uint64_t v = unsigned_int(what);
    if (v > static_cast<std::uint64_t>(max)) fail(what, "is out of range");
    return static_cast<std::int64_t>(v);
  }
  std::int64_t int_in(const char* what, std::int64_t min, std::int64_t max) {
    const std::int64_t v = signed_int(what, max);
    if (v < min) fail(what, "is out of range");
    return v;
  }
  /// An integer that may be negative (msgpack packs those as NEGATIVE_INTEGER), in [min, max].
  std::int64_t any_int_in(const char* what, std::int64_t min, std::int64_t max) {
    const msgpack::object& o = field(what);
    if (o.type == msgpack::type::NEGATIVE_INTEGER) {
      if (o.via.i64 < min) fail(what, "is out of range");
      return o.via.i64;
    }
    if (o.type != msgpack::type::POSITIVE_INTEGER) fail(what, "is not an integer");
    if (o.via.u64 > static_cast<std::uint64_t>(max) || static_cast<std::int64_t>(o.via.u64) < min)
      fail(what, "is out of range");
    return static_cast<std::int64_t>(o.via.u64);
  }
  bool flag(const char* what) {
    const std::uint64_t v = unsigned_int(what);
    if (v > 1) fail(what, "is not 0 or 1");
    return v == 1;
  }
  double float64(const char* what) {
    const msgpack::object& o = field(what);
    // msgpack-c packs a whole-valued double (0.0, 4.0) as an integer: accept both.
    switch (o.type) {
      case msgpack::type::FLOAT64:
      case msgpack::type::FLOAT32:
        return o.via.f64;
      case msgpack::type::POSITIVE_INTEGER:
        return static_cast<double>(o.via.u64);
      case msgpack::type::NEGATIVE_INTEGER:
        return static_cast<double>(o.via.i64);
      default:
        fail(what, "is not a number");
    }
  }
  std::span<const std::byte> bin(const char* what, std::size_t element_size) {
    const msgpack::object& o = field(what);
    if (o.type != msgpack::type::BIN) fail(what, "is not binary");
    if (o.via.bin.size % element_size != 0)
      fail(what, "has a length that is not a whole number of elements");
    return {reinterpret_cast<const std::byte*>(o.via.bin.ptr), o.via.bin.size};
  }
  PackedDoubles doubles(const char* what) { return PackedDoubles(bin(what, sizeof(double))); }
  template <typename T>
  std::vector<T> array(const char* what) {
    const auto bytes = bin(what, sizeof(T));
    std::vector<T> out(bytes.size() / sizeof(T));
    if (!bytes.empty()) std::memcpy(out.data(), bytes.data(), bytes.size());
    return out;
  }
  std::string str(const char* what) {
    const msgpack::object& o = field(what);
    if (o.type != msgpack::type::STR) fail(what, "is not a string");
    return std::string(o.via.str.ptr, o.via.str.size);
  }

  /// Throws the ProtocolError that names the message and the field.
  [[noreturn]] void fail(const char* what, const std::string& problem) const {
    throw ProtocolError(std::string(type_name(type_)) + " message: field '" + what + "' " +
                        problem);
  }

 private:
  const msgpack::object& field(const char* what) {
    if (next_ >= array_.size) fail(what, "is missing");
    return array_.ptr[next_++];
  }

  const msgpack::object_array& array_;
  MessageType type_;
  std::size_t next_ = kHeaderFields;
};

}  // namespace slae::protocol::detail
