#pragma once
// CurveZMQ keys (libzmq's CURVE: Curve25519 key exchange, every frame encrypted and
// authenticated) and how a node is handed its keys.
//
// A coordinator that listens on tcp makes keys for each run: one pair for itself, one pair per
// node it starts. A node receives its pair and the coordinator's public key through a pipe on an
// inherited file descriptor (never on its command line, which /proc shows to every user), and
// the coordinator's ZAP handler admits exactly the nodes' public keys. So a peer without those
// keys gets nothing through the handshake: no message of it reaches the coordinator's logic.
#include <string>
#include <string_view>

#include <zmq.hpp>

namespace slae::protocol {

/// A key pair in Z85 text (40 characters each).
struct CurveKeyPair {
  std::string public_key;
  std::string secret_key;
};

/// A fresh key pair. Throws std::runtime_error when libzmq was built without CURVE.
CurveKeyPair make_curve_key_pair();

/// Whether text is a key in Z85: 40 characters that decode to 32 bytes.
bool is_z85_key(std::string_view text);

/// The 32 raw bytes of a Z85 public key as the ZAP credentials carry it, and back.
std::string z85_to_binary(std::string_view z85);
std::string binary_to_z85(std::string_view binary);

/// What a node needs to connect to its coordinator over CURVE.
struct NodeKeys {
  std::string server_public_key;  ///< the coordinator's public key (Z85)
  CurveKeyPair own;               ///< the node's pair
};

/// NodeKeys as the text a node reads from its key descriptor, and back. parse throws
/// std::runtime_error on anything else than three well-formed keys.
std::string format_node_keys(const NodeKeys& keys);
NodeKeys parse_node_keys(std::string_view text);

/// The ZAP domain our coordinators authenticate in.
inline constexpr const char* kZapDomain = "slae-cluster";

/// A ROUTER as a CURVE server whose clients must pass the ZAP handler (zap_handler.hpp in
/// coordinator/): ZAP_ENFORCE_DOMAIN makes a missing or dead handler refuse everyone instead of
/// letting everyone in. Throws std::runtime_error if libzmq will not enforce it.
void configure_curve_server(zmq::socket_t& socket, const CurveKeyPair& server);
/// A DEALER as a CURVE client that only talks to the server holding server_public_key.
void configure_curve_client(zmq::socket_t& socket, const NodeKeys& keys);

}  // namespace slae::protocol
