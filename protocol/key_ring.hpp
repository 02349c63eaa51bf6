#pragma once
// Who may connect to a standing broker, and as what: the public keys in its --worker-keys and
// --customer-keys directories (one NAME.pub per key, like ssh's authorized_keys; the file's name
// names the owner; a key in both directories has both roles).
//
// The ZAP handler admits a key under a user id that carries its roles and owner ("w:lab3",
// "c:alice", "wc:alice"); libzmq attaches that id to every message of the connection, so the
// broker knows each message's roles without a lookup, and a job records which key submitted it.
#include <cstddef>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>

namespace slae::protocol {

/// What a user id allows.
struct PeerRoles {
  bool worker = false;
  bool customer = false;
  std::string owner;  ///< the .pub file's name without .pub; empty when no key was checked
};

/// The roles in a user id ("wc:alice"). Anything else (no id, the one-shot's "node-3") has none.
PeerRoles roles_of(std::string_view user_id);

class KeyRing {
 public:
  KeyRing() = default;

  /// Reads both directories (either may be empty: nobody in that role). strict: a file that is
  /// not a public key, or a directory that cannot be read, throws InputError naming it (at
  /// start). Otherwise (on SIGHUP) it is left out, fail-closed, with a line to warn.
  static KeyRing read(const std::string& worker_dir, const std::string& customer_dir, bool strict,
                      const std::function<void(const std::string&)>& warn);

  /// Z85 public key -> user id, for the ZAP handler.
  const std::map<std::string, std::string>& admitted() const { return admitted_; }
  std::size_t workers() const { return workers_; }
  std::size_t customers() const { return customers_; }

  /// The user ids of this ring that `next` no longer admits with the same key: the connections
  /// to cut when next replaces this one.
  std::set<std::string> revoked_by(const KeyRing& next) const;

 private:
  std::map<std::string, std::string> admitted_;
  std::size_t workers_ = 0;
  std::size_t customers_ = 0;
};

}  // namespace slae::protocol
