#include "protocol/key_ring.hpp"

#include <dirent.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include "protocol/key_files.hpp"
#include "solver/input_error.hpp"
#include "solver/printable.hpp"

namespace slae::protocol {
namespace {

constexpr std::size_t kMostKeysPerDirectory = 100000;  // a lab, not a denial of service

bool good_owner(std::string_view name) {
  if (name.empty() || name.size() > 64 || name.front() == '.') return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-' || c == '@';
  });
}

// NAME.pub files of dir, sorted (so that which of two files with one key wins does not depend on
// the directory's order).
std::vector<std::string> pub_files(const std::string& dir, bool strict,
                                   const std::function<void(const std::string&)>& warn) {
  std::vector<std::string> names;
  DIR* d = ::opendir(dir.c_str());
  if (!d) {
    const std::string why =
        printable(dir, 200) + ": cannot read this key directory: " + std::strerror(errno);
    if (strict) throw InputError(why);
    warn(why + "; nobody is admitted from it");
    return names;
  }
  while (const dirent* entry = ::readdir(d)) {
    const std::string name = entry->d_name;
    if (name.size() > 4 && name.ends_with(".pub")) names.push_back(name);
    if (names.size() > kMostKeysPerDirectory) break;
  }
  ::closedir(d);
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

PeerRoles roles_of(std::string_view user_id) {
  PeerRoles roles;
  const std::size_t colon = user_id.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 2) return roles;
  const std::string_view flags = user_id.substr(0, colon);
  if (flags != "w" && flags != "c" && flags != "wc") return roles;
  roles.worker = flags.find('w') != std::string_view::npos;
  roles.customer = flags.find('c') != std::string_view::npos;
  roles.owner = std::string(user_id.substr(colon + 1));
  return roles;
}

KeyRing KeyRing::read(const std::string& worker_dir, const std::string& customer_dir, bool strict,
                      const std::function<void(const std::string&)>& warn) {
  // key -> (roles, owner): the owner is the first file's name that holds the key
  std::map<std::string, std::pair<std::string, std::string>> keys;
  KeyRing ring;
  for (const auto& [dir, role] : {std::pair{worker_dir, 'w'}, std::pair{customer_dir, 'c'}}) {
    if (dir.empty()) continue;
    for (const std::string& file : pub_files(dir, strict, warn)) {
      const std::string path = dir + "/" + file;
      const std::string owner = file.substr(0, file.size() - 4);
      try {
        if (!good_owner(owner)) {
          throw InputError(printable(path, 200) +
                           ": a key's file name names its owner: letters, digits and . _ - @ "
                           "(at most 64)");
        }
        const std::string key = protocol::read_public_key(path);
        auto& [roles, first_owner] = keys[key];
        if (first_owner.empty()) first_owner = owner;
        if (roles.find(role) == std::string::npos) {
          roles += role;
          (role == 'w' ? ring.workers_ : ring.customers_) += 1;
        }
      } catch (const InputError& e) {
        if (strict) throw;
        warn(std::string(e.what()) + "; that key is not admitted");
      }
    }
  }
  for (const auto& [key, entry] : keys) {
    std::string roles = entry.first;
    std::sort(roles.begin(), roles.end(), std::greater<>());  // "wc", never "cw"
    ring.admitted_.emplace(key, roles + ":" + entry.second);
  }
  return ring;
}

std::set<std::string> KeyRing::revoked_by(const KeyRing& next) const {
  std::set<std::string> revoked;
  for (const auto& [key, user] : admitted_) {
    const auto it = next.admitted_.find(key);
    if (it == next.admitted_.end() || it->second != user) revoked.insert(user);
  }
  return revoked;
}

}  // namespace slae::protocol
