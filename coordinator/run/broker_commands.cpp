#include "coordinator/run/broker_commands.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <optional>
#include <set>
#include <thread>

#include <zmq.hpp>

#include "coordinator/broker/broker.hpp"
#include "coordinator/process/exit_codes.hpp"
#include "coordinator/process/signals.hpp"
#include "coordinator/service/customer_job.hpp"
#include "protocol/codec.hpp"
#include "protocol/key_files.hpp"
#include "protocol/key_ring.hpp"
#include "protocol/zap_handler.hpp"
#include "solver/input_error.hpp"
#include "solver/printable.hpp"

namespace slae::coordinator {
namespace {

void to_stderr(const std::string& line) {
  std::fprintf(stderr, "coordinator: %s\n", line.c_str());
}

// Each connection takes a file descriptor: raise the soft limit so that --max-peers can be
// reached (up to the hard limit; say so when it cannot).
void allow_descriptors(int max_peers) {
  constexpr rlim_t kSpare = 256;  // ZeroMQ's own descriptors, files, the job threads' sockets
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  const rlim_t wanted = static_cast<rlim_t>(max_peers) + kSpare;
  if (limit.rlim_cur >= wanted) return;
  limit.rlim_cur = std::min(wanted, limit.rlim_max);
  ::setrlimit(RLIMIT_NOFILE, &limit);
  if (limit.rlim_cur < wanted) {
    to_stderr("warning: --max-peers " + std::to_string(max_peers) + " needs " +
              std::to_string(wanted) + " file descriptors, and the hard limit is " +
              std::to_string(limit.rlim_max) + " (ulimit -Hn): connections beyond it fail");
  }
}

std::string admitted(const protocol::KeyRing& ring) {
  return std::to_string(ring.workers()) +
         (ring.workers() == 1 ? " worker key, " : " worker keys, ") +
         std::to_string(ring.customers()) +
         (ring.customers() == 1 ? " customer key admitted" : " customer keys admitted");
}

// The broker's keys: its pair, the admitted keys, and the ZAP handler that checks them.
struct ServedKeys {
  ServedKeys(zmq::context_t& context, const Options& o)
      : options(o),
        pair(protocol::read_key_pair(o.key_path)),
        ring(protocol::KeyRing::read(o.worker_keys_dir, o.customer_keys_dir, /*strict=*/true,
                                     to_stderr)),
        zap(context, ring.admitted(), to_stderr) {
    to_stderr("keys: " + admitted(ring) + " (key " + protocol::key_fingerprint(pair.public_key) +
              " is the broker's; SIGHUP re-reads the directories)");
  }

  // SIGHUP: the directories again; keys gone from them are refused from now on, and the
  // connections made with them are cut off.
  void reload(Broker& broker) {
    protocol::KeyRing next =
        protocol::KeyRing::read(options.worker_keys_dir, options.customer_keys_dir,
                                /*strict=*/false, to_stderr);
    zap.replace(next.admitted());
    std::set<std::string> revoked = ring.revoked_by(next);
    to_stderr("SIGHUP: keys re-read: " + admitted(next) +
              (revoked.empty() ? "" : ", " + std::to_string(revoked.size()) + " revoked"));
    broker.revoke(std::move(revoked));
    ring = std::move(next);
  }

  const Options& options;
  protocol::CurveKeyPair pair;
  protocol::KeyRing ring;
  protocol::ZapHandler zap;
};

}  // namespace

std::string ready_line(const Options& o, const std::string& reach) {
  const std::string workers = "workers join with  slae-node --connect " + reach;
  const std::string customers = "customers submit with  customer --broker " + reach;
  if (o.key_path.empty()) return "broker ready: " + workers + "  and " + customers;
  // the public half beside the pair: what --keygen wrote (never the secret .key itself)
  const std::string& pair = o.key_path;
  const std::string pub =
      pair.ends_with(".key") ? pair.substr(0, pair.size() - 4) + ".pub" : "BROKER.pub";
  const std::string keys = " --key NAME.key --broker-key " + printable(pub, 200);
  std::string line = "broker ready: ";
  line += o.worker_keys_dir.empty() ? "no worker may join (no --worker-keys)" : workers + keys;
  line += "  and ";
  line += o.customer_keys_dir.empty() ? "no customer may submit (no --customer-keys)"
                                      : customers + keys;
  return line + "  (NAME.key: a pair of coordinator --keygen NAME whose NAME.pub is in " +
         (o.worker_keys_dir.empty()     ? "--customer-keys"
          : o.customer_keys_dir.empty() ? "--worker-keys"
                                        : "--worker-keys or --customer-keys") +
         ")";
}

int run_keygen(const Options& o) {
  const std::string fingerprint = protocol::write_key_pair(o.keygen_name);
  std::printf(
      "wrote %s.key (secret: keep it on the machine that uses it, mode 0600) and %s.pub "
      "(public; fingerprint %s)\n",
      o.keygen_name.c_str(), o.keygen_name.c_str(), fingerprint.c_str());
  return kExitConverged;
}

int run_serve(const Options& o) {
  if (o.insecure_bind && !is_local_endpoint(o.serve_endpoint)) {
    to_stderr("warning: --insecure-bind: anyone who can reach " + printable(o.serve_endpoint, 80) +
              " can submit jobs and join as a worker, and workers see the rows they are given");
  }
  // SIGHUP re-reads the keys; without keys it is said to change nothing (never a stop)
  install_hangup_handler();
  zmq::context_t context(1);
  // With keys, the ZAP handler (before the broker binds) admits the directories' keys, each
  // under a user id with its roles; SIGHUP re-reads them.
  std::optional<ServedKeys> keys;
  if (!o.key_path.empty()) keys.emplace(context, o);
  BrokerOptions b;
  b.bind = o.serve_endpoint;
  b.own_thread = true;
  b.serve_customers = true;
  b.start_job = [](Broker& broker, JobId id, protocol::Submit spec, CustomerSystem system) {
    return std::make_unique<CustomerJob>(broker, id, std::move(spec), std::move(system));
  };
  b.heartbeat_interval = std::chrono::milliseconds(o.heartbeat_ms);
  b.job_limits = {o.max_job_bytes, o.max_rows, o.max_nnz};
  b.max_peers = o.max_peers;
  allow_descriptors(o.max_peers);
  // the largest frame: a customer's job data (workers' frames are smaller than their blocks)
  b.max_message_bytes = std::min<std::size_t>(static_cast<std::size_t>(o.max_job_bytes) + (1 << 20),
                                              protocol::kMaxFrameBytes);
  b.log = to_stderr;  // a standing broker says what happens: workers, jobs, customers
  b.warn = to_stderr;
  if (keys) {
    b.server_keys = keys->pair;
    b.check_roles = true;
  }
  std::unique_ptr<Broker> broker;
  try {
    broker = std::make_unique<Broker>(context, std::move(b));
  } catch (const zmq::error_t& e) {
    throw InputError("--serve " + printable(o.serve_endpoint, 80) +
                     ": cannot listen there: " + e.what());
  }
  // a wildcard address is no address to connect to: name this host instead
  std::string reach = broker->endpoint();
  if (const auto wild = reach.find("://0.0.0.0:"); wild != std::string::npos) {
    char host[256] = {};
    ::gethostname(host, sizeof host - 1);
    reach.replace(wild + 3, 7, host[0] ? host : "THIS-HOST");
  }
  to_stderr(ready_line(o, reach));
  while (pending_signal() == 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (take_hangup()) {
      if (keys)
        keys->reload(*broker);
      else
        to_stderr("SIGHUP: no keys to re-read (the broker runs without --key)");
    }
  }
  const int signal = pending_signal();
  broker.reset();  // customers of running jobs are told; the workers reconnect to the next one
  to_stderr(std::string("stopped (") + (signal == SIGTERM ? "SIGTERM" : "SIGINT") + ")");
  return kExitConverged;
}

}  // namespace slae::coordinator
