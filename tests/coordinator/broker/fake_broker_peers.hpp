#pragma once
// The broker's tests' peers: a broker on an inproc endpoint, workers played by the test (DEALERs
// that say ready and answer when told to), and jobs opened on it.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "coordinator/broker/broker.hpp"
#include "coordinator/broker/job_channel.hpp"

namespace slae::test {

namespace proto = slae::protocol;
using slae::coordinator::Broker;
using slae::coordinator::BrokerOptions;
using slae::coordinator::ChannelOptions;
using slae::coordinator::ClaimRequest;
using slae::coordinator::JobChannel;
using slae::coordinator::WorkerSelector;
using namespace std::chrono_literals;

inline std::atomic<int> endpoints{0};

// A broker on an inproc endpoint, its loop on a thread of its own (or on the test's).
// SLAE_TEST_BROKER_LOG=1 prints what it logs and warns, to see why a test fails.
struct TestBroker {
  zmq::context_t context;
  std::vector<std::string> warnings;
  std::unique_ptr<Broker> broker;

  explicit TestBroker(bool own_thread = true,
                      slae::coordinator::ProcessWatch* processes = nullptr) {
    BrokerOptions o;
    o.bind = "inproc://test-broker-" + std::to_string(endpoints++);
    o.own_thread = own_thread;
    o.processes = processes;
    if (std::getenv("SLAE_TEST_BROKER_LOG"))
      o.log =
          o.warn = [](const std::string& s) { std::fprintf(stderr, "broker: %s\n", s.c_str()); };
    broker = std::make_unique<Broker>(context, std::move(o));
  }
  ~TestBroker() { broker.reset(); }
};

// A worker played by the test: a DEALER that says ready and answers when told to.
struct FakeWorker {
  zmq::socket_t dealer;
  proto::FrameBuffer buffer;
  std::int64_t pid;
  std::optional<std::int64_t> welcomed_as;  ///< the worker id the broker's welcome gave

  // boot_id: the machine's, as a real worker sends it (empty: unknown)
  FakeWorker(TestBroker& b, std::int64_t worker_pid, std::string boot_id = {})
      : dealer(b.context, zmq::socket_type::dealer), pid(worker_pid) {
    dealer.set(zmq::sockopt::linger, 0);
    dealer.connect(b.broker->endpoint());
    send({{}, proto::Ready{pid, 1, "test", std::move(boot_id)}});
  }
  void send(const proto::Message& m) {
    proto::encode(m, buffer);
    (void)dealer.send(zmq::buffer(buffer.bytes), zmq::send_flags::none);
  }
  // The next message other than a heartbeat or a welcome (noted), within the timeout.
  std::optional<proto::Message> next(std::chrono::milliseconds timeout = 2000ms) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < until) {
      zmq::pollitem_t item{dealer.handle(), 0, ZMQ_POLLIN, 0};
      zmq::poll(&item, 1, 20ms);
      zmq::message_t frame;
      while (dealer.recv(frame, zmq::recv_flags::dontwait)) {
        proto::Message m = proto::decode(
            std::span<const std::byte>(static_cast<const std::byte*>(frame.data()), frame.size()));
        if (const auto* welcome = std::get_if<proto::Welcome>(&m.body)) {
          welcomed_as = welcome->worker;
          continue;
        }
        if (!std::holds_alternative<proto::Heartbeat>(m.body)) {
          // keep the views valid: only small messages are used here, so copy what matters
          return proto::Message{m.header, std::holds_alternative<proto::Collect>(m.body)
                                              ? proto::Body{proto::Collect{}}
                                          : std::holds_alternative<proto::Release>(m.body)
                                              ? proto::Body{proto::Release{}}
                                              : proto::Body{proto::Shutdown{}}};
        }
      }
    }
    return std::nullopt;
  }
};

inline ClaimRequest any(int want) {
  ClaimRequest r;
  r.want = want;
  return r;
}

inline ClaimRequest exactly(const std::vector<std::int64_t>& pids) {
  ClaimRequest r;
  for (const std::int64_t pid : pids)
    r.exact.push_back(WorkerSelector{{}, pid});
  return r;
}

inline JobChannel open(TestBroker& b, ClaimRequest request, std::chrono::milliseconds wait = 3000ms,
                       bool name_by_worker = false) {
  return JobChannel(*b.broker, std::move(request), wait,
                    ChannelOptions{10000ms, {}, true, name_by_worker});
}

// Receives one message on channel (turning the loop itself when it runs on this thread).
inline std::pair<int, proto::Message> receive_one(JobChannel& channel) {
  std::pair<int, proto::Message> got{-1, {}};
  channel.receive([&](int part, const proto::Message& m, proto::Received&) {
    if (got.first < 0) got = {part, proto::Message{m.header, proto::Body{proto::SetupAck{}}}};
  });
  return got;
}

}  // namespace slae::test
