#include "coordinator/serve_run.hpp"

#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <thread>

#include <zmq.hpp>

#include "coordinator/broker.hpp"
#include "coordinator/exit_codes.hpp"
#include "coordinator/signals.hpp"
#include "protocol/codec.hpp"
#include "solver/input_error.hpp"
#include "solver/printable.hpp"

namespace slae::coordinator {
namespace {

void to_stderr(const std::string& line) {
  std::fprintf(stderr, "coordinator: %s\n", line.c_str());
}

}  // namespace

int run_serve(const Options& o) {
  if (o.insecure_bind && !is_local_endpoint(o.serve_endpoint)) {
    to_stderr("warning: --insecure-bind: anyone who can reach " + printable(o.serve_endpoint, 80) +
              " can submit jobs and join as a worker, and workers see the rows they are given");
  }
  zmq::context_t context(1);
  BrokerOptions b;
  b.bind = o.serve_endpoint;
  b.own_thread = true;
  b.serve_customers = true;
  b.max_job_bytes = o.max_job_bytes;
  // the largest frame: a customer's job data (workers' frames are smaller than their blocks)
  b.max_message_bytes = std::min<std::size_t>(static_cast<std::size_t>(o.max_job_bytes) + (1 << 20),
                                              protocol::kMaxFrameBytes);
  b.log = to_stderr;  // a standing broker says what happens: workers, jobs, customers
  b.warn = to_stderr;
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
  to_stderr("broker ready: workers join with  slae-node --connect " + reach +
            "  and customers submit with  customer --broker " + reach);
  while (pending_signal() == 0)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  const int signal = pending_signal();
  broker.reset();  // customers of running jobs are told; the workers reconnect to the next one
  to_stderr(std::string("stopped (") + (signal == SIGTERM ? "SIGTERM" : "SIGINT") + ")");
  return kExitConverged;
}

}  // namespace slae::coordinator
