#include "customer/broker_connection.hpp"

#include <cstdio>

#include "coordinator/cluster/cluster_error.hpp"
#include "coordinator/process/exit_codes.hpp"
#include "protocol/key_files.hpp"
#include "solver/printable.hpp"

namespace slae::customer {

namespace proto = slae::protocol;
using namespace slae::coordinator;

namespace {

// How long --status and --cancel wait for their answer: the broker's event loop answers at
// once, even while jobs run, so a second of silence means nobody is there (unless
// --connect-timeout says to wait longer, or less).
constexpr auto kAskTimeout = std::chrono::seconds(1);

}  // namespace

std::chrono::milliseconds connect_timeout(const Options& o) {
  return std::chrono::milliseconds(static_cast<long long>(o.connect_timeout_s * 1000));
}

std::chrono::milliseconds ask_timeout(const Options& o) {
  return o.connect_timeout_given ? connect_timeout(o) : kAskTimeout;
}

// The broker did not answer a question within ask_timeout: one line, exit 5.
int not_answering(const Options& o) {
  char within[32];
  std::snprintf(within, sizeof within, "%.1f s", ask_timeout(o).count() / 1000.0);
  std::fprintf(stderr,
               "customer: the broker at %s is not answering (no answer within %s; is it "
               "running? --connect-timeout S waits longer)\n",
               printable(o.broker_endpoint, 100).c_str(), within);
  return kExitCluster;
}

// Our pair and the broker's public key, when the broker checks keys (--key, --broker-key).
std::optional<proto::NodeKeys> keys_of(const Options& o) {
  if (o.key_path.empty()) return std::nullopt;
  return proto::NodeKeys{proto::read_public_key(o.broker_key_path),
                         proto::read_key_pair(o.key_path)};
}

[[noreturn]] void unexpected(const proto::Message& m, const std::string& waiting_for) {
  throw ClusterError("the broker sent a " + std::string(proto::type_name(proto::type_of(m.body))) +
                     " message while " + waiting_for + " was due");
}

}  // namespace slae::customer
