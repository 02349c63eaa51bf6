#pragma once
// How a customer command reaches its broker: the timeouts and keys its options ask for, and the
// errors every command reports alike (a broker that does not answer, an answer out of turn).
#include <chrono>
#include <optional>
#include <string>

#include "coordinator/cli/options.hpp"
#include "protocol/curve_keys.hpp"
#include "protocol/messages.hpp"

namespace slae::customer {

/// How long to wait for the broker to answer a job's submission (--connect-timeout).
std::chrono::milliseconds connect_timeout(const coordinator::Options& o);
/// How long --status and --cancel wait for their answer.
std::chrono::milliseconds ask_timeout(const coordinator::Options& o);
/// The broker did not answer a question within ask_timeout: says so in one line; returns 5.
int not_answering(const coordinator::Options& o);
/// Our key pair and the broker's public key, when the broker checks keys (--key, --broker-key).
std::optional<protocol::NodeKeys> keys_of(const coordinator::Options& o);
/// Throws ClusterError: the broker sent m while `waiting_for` was due.
[[noreturn]] void unexpected(const protocol::Message& m, const std::string& waiting_for);

}  // namespace slae::customer
