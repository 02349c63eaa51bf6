#include "node/broker_link.hpp"

#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <thread>

#include "protocol/liveness.hpp"

namespace slae::node {

namespace proto = slae::protocol;

proto::Ready describe_this_worker() {
  proto::Ready ready;
  ready.pid = static_cast<std::int64_t>(::getpid());
  ready.cores = static_cast<std::int32_t>(std::max(1U, std::thread::hardware_concurrency()));
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) == 0) ready.host = host;
  std::ifstream boot("/proc/sys/kernel/random/boot_id");
  std::getline(boot, ready.boot_id);
  return ready;  // a host name or boot id longer than a ready carries is cut short by encode
}

BrokerLink::BrokerLink(zmq::context_t& context, std::string endpoint,
                       std::optional<proto::NodeKeys> keys, std::chrono::milliseconds interval,
                       proto::Ready self)
    : endpoint_(std::move(endpoint)),
      keys_(std::move(keys)),
      self_(std::move(self)),
      context_(context),
      interval_(interval) {
  open();
}

void BrokerLink::open() {
  dealer_ = zmq::socket_t(context_, zmq::socket_type::dealer);
  proto::configure_common(dealer_);
  // our pings tell the broker to drop us after zmtp_ttl(interval_) unheard: a frozen worker is
  // gone at the broker's pace even while busy; its answers late by as much drop the broker
  proto::configure_heartbeats(dealer_, interval_, proto::zmtp_ttl(interval_));
  if (keys_) proto::configure_curve_client(dealer_, *keys_);
  watch_.emplace(context_, dealer_);
  dealer_.connect(endpoint_);
  last_heard_ = opened_ = Clock::now();
  send(proto::Message{{}, self_});
}

void BrokerLink::reconnect() {
  // linger is short (transport.cpp): what the old socket had queued is dropped, not sent late
  watch_.reset();
  dealer_.close();
  open();
}

BrokerLink::Clock::duration BrokerLink::unconnected() {
  if (watch_->connected()) {
    opened_ = Clock::now();  // from here, a drop is what counts (dropped())
    return Clock::duration::zero();
  }
  return Clock::now() - opened_;
}

std::optional<proto::Received> BrokerLink::poll(std::chrono::milliseconds timeout) {
  if (Clock::now() - last_sent_ >= interval_) beat();
  if (auto received = proto::receive_from_dealer(dealer_)) {
    last_heard_ = Clock::now();
    return received;
  }
  const auto until_beat = interval_ - (Clock::now() - last_sent_);
  zmq::pollitem_t item{dealer_.handle(), 0, ZMQ_POLLIN, 0};
  try {
    zmq::poll(
        &item, 1,
        std::max(
            std::chrono::milliseconds(1),
            std::min(timeout, std::chrono::duration_cast<std::chrono::milliseconds>(until_beat))));
  } catch (const zmq::error_t& e) {
    if (e.num() != EINTR) throw;
  }
  auto received = proto::receive_from_dealer(dealer_);
  if (received) last_heard_ = Clock::now();
  return received;
}

void BrokerLink::beat() {
  // never blocks: while the broker is away its queue may be full, and a missed beat costs nothing
  proto::encode(proto::Message{{}, proto::Heartbeat{static_cast<std::uint32_t>(interval_.count())}},
                scratch_);
  (void)dealer_.send(zmq::buffer(scratch_.bytes.data(), scratch_.bytes.size()),
                     zmq::send_flags::dontwait);
  last_sent_ = Clock::now();
}

void BrokerLink::send(const proto::Message& reply) {
  proto::send(dealer_, reply, scratch_);
  last_sent_ = Clock::now();
}

void BrokerLink::send(const proto::Message& reply, proto::PayloadBuffer& payload) {
  proto::send(dealer_, reply, payload, scratch_);
  last_sent_ = Clock::now();
}

}  // namespace slae::node
