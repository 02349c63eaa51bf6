#pragma once
// CurveZMQ keys on disk, for a cluster that lives across machines: `coordinator --keygen NAME`
// writes NAME.key (the pair, mode 0600, like an ssh identity) and NAME.pub (the public key, to
// copy into the broker's worker or customer key directory, like an authorized_keys entry).
//
// NAME.pub:   "# ..." comment lines, then the 40 Z85 characters of the public key
// NAME.key:   "# ..." comment lines, "public-key <Z85>", "secret-key <Z85>"
//
// Keys are never printed: logs name a key by its owner (the .pub file's name) and its
// fingerprint, a short digest of the public key.
#include <string>
#include <string_view>

#include "protocol/curve_keys.hpp"

namespace slae::protocol {

/// Writes NAME.key (mode 0600; refused when it exists) and NAME.pub. Returns the fingerprint.
/// Throws slae::InputError naming the file on any failure.
std::string write_key_pair(const std::string& name);

/// A pair from a .key file. Refuses a file that others may read (as ssh does), a public key
/// that does not belong to the secret one, and anything malformed (naming file and line).
CurveKeyPair read_key_pair(const std::string& path);

/// The Z85 public key of a .pub file (or of a .key file: its public line).
std::string read_public_key(const std::string& path);

/// 16 hexadecimal digits that name a public key in logs without giving it away.
std::string key_fingerprint(std::string_view z85_public_key);

}  // namespace slae::protocol
