#include "protocol/curve_keys.hpp"

#include <stdexcept>

namespace slae::protocol {
namespace {

constexpr std::size_t kZ85KeyChars = 40;
constexpr std::size_t kBinaryKeyBytes = 32;
constexpr int kZapEnforceDomain = 93;  // ZMQ_ZAP_ENFORCE_DOMAIN, a draft option Debian's build has

}  // namespace

bool is_z85_key(std::string_view text) {
  if (text.size() != kZ85KeyChars) return false;
  std::uint8_t binary[kBinaryKeyBytes];
  return zmq_z85_decode(binary, std::string(text).c_str()) != nullptr;
}

CurveKeyPair make_curve_key_pair() {
  if (!zmq_has("curve")) throw std::runtime_error("this libzmq was built without CURVE");
  char public_key[kZ85KeyChars + 1];
  char secret_key[kZ85KeyChars + 1];
  if (zmq_curve_keypair(public_key, secret_key) != 0) {
    throw std::runtime_error(std::string("cannot make a CURVE key pair: ") +
                             zmq_strerror(zmq_errno()));
  }
  return {public_key, secret_key};
}

std::string z85_to_binary(std::string_view z85) {
  if (!is_z85_key(z85)) throw std::runtime_error("not a Z85 CURVE key");
  std::uint8_t binary[kBinaryKeyBytes];
  zmq_z85_decode(binary, std::string(z85).c_str());
  return std::string(reinterpret_cast<const char*>(binary), kBinaryKeyBytes);
}

std::string binary_to_z85(std::string_view binary) {
  if (binary.size() != kBinaryKeyBytes) throw std::runtime_error("a CURVE key has 32 bytes");
  char z85[kZ85KeyChars + 1];
  zmq_z85_encode(z85, reinterpret_cast<const std::uint8_t*>(binary.data()), kBinaryKeyBytes);
  return z85;
}

std::string format_node_keys(const NodeKeys& keys) {
  return "server-public-key " + keys.server_public_key + "\npublic-key " + keys.own.public_key +
         "\nsecret-key " + keys.own.secret_key + "\n";
}

NodeKeys parse_node_keys(std::string_view text) {
  NodeKeys keys;
  std::string* fields[] = {&keys.server_public_key, &keys.own.public_key, &keys.own.secret_key};
  const char* names[] = {"server-public-key ", "public-key ", "secret-key "};
  for (int i = 0; i < 3; ++i) {
    const std::string_view name = names[i];
    const std::size_t end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    if (line.substr(0, name.size()) != name || !is_z85_key(line.substr(name.size()))) {
      throw std::runtime_error("malformed node keys (expected the line '" + std::string(name) +
                               "<40 Z85 characters>')");
    }
    *fields[i] = std::string(line.substr(name.size()));
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
  }
  if (!text.empty()) throw std::runtime_error("malformed node keys: extra text after the keys");
  return keys;
}

void configure_curve_server(zmq::socket_t& socket, const CurveKeyPair& server) {
  const int one = 1;
  if (zmq_setsockopt(socket.handle(), kZapEnforceDomain, &one, sizeof one) != 0) {
    throw std::runtime_error(
        "this libzmq cannot enforce ZAP authentication (ZMQ_ZAP_ENFORCE_DOMAIN); refusing to "
        "listen on tcp without it");
  }
  socket.set(zmq::sockopt::zap_domain, kZapDomain);
  socket.set(zmq::sockopt::curve_server, true);
  socket.set(zmq::sockopt::curve_secretkey, server.secret_key);
}

void configure_curve_client(zmq::socket_t& socket, const NodeKeys& keys) {
  socket.set(zmq::sockopt::curve_serverkey, keys.server_public_key);
  socket.set(zmq::sockopt::curve_publickey, keys.own.public_key);
  socket.set(zmq::sockopt::curve_secretkey, keys.own.secret_key);
}

}  // namespace slae::protocol
