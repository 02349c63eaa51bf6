#include "customer/broker_client.hpp"

#include "coordinator/cluster/cluster_error.hpp"
#include "coordinator/process/signals.hpp"
#include "protocol/liveness.hpp"
#include "solver/printable.hpp"

namespace slae::customer {

namespace proto = slae::protocol;
using namespace std::chrono_literals;

BrokerClient::BrokerClient(std::string endpoint, std::chrono::milliseconds silence_limit,
                           const std::optional<proto::NodeKeys>& keys)
    : endpoint_(std::move(endpoint)),
      silence_limit_(silence_limit),
      dealer_(context_, zmq::socket_type::dealer),
      handshake_(context_, dealer_) {
  proto::configure_common(dealer_);
  if (keys) proto::configure_curve_client(dealer_, *keys);
  dealer_.set(zmq::sockopt::linger, 500);  // a cancel on the way out still gets through
  try {
    dealer_.connect(endpoint_);
  } catch (const zmq::error_t& e) {
    throw coordinator::ClusterError("cannot connect to the broker at " + printable(endpoint_, 100) +
                                    ": " + e.what());
  }
  last_heard_ = last_sent_ = Clock::now();
}

void BrokerClient::send(const proto::Message& message) {
  proto::send(dealer_, message, scratch_);
  last_sent_ = Clock::now();
}

proto::Message BrokerClient::ask(const proto::Message& question, proto::Received& frame,
                                 const std::string& waiting_for) {
  send(question);
  last_heard_ = Clock::now();
  return next(frame, waiting_for);
}

proto::Message BrokerClient::next(proto::Received& frame, const std::string& waiting_for) {
  return *wait(frame, waiting_for, std::nullopt);
}

std::optional<proto::Message> BrokerClient::farewell(proto::Received& frame,
                                                     std::chrono::milliseconds within) {
  try {
    return wait(frame, "the job's last words", Clock::now() + within);
  } catch (const coordinator::ClusterError&) {
    return std::nullopt;  // a broker gone or garbled: the customer keeps what it has
  }
}

std::optional<proto::Message> BrokerClient::wait(proto::Received& frame,
                                                 const std::string& waiting_for,
                                                 std::optional<Clock::time_point> deadline) {
  for (;;) {
    if (!deadline) coordinator::throw_if_interrupted();
    while (auto received = proto::receive_from_dealer(dealer_)) {
      last_heard_ = Clock::now();
      proto::Message message;
      try {
        message = decoder_.decode(received->bytes());
      } catch (const proto::ProtocolError& e) {
        const auto version = proto::version_of(received->bytes());
        if (version && *version != proto::kVersion) {
          throw coordinator::ClusterError("the broker at " + printable(endpoint_, 100) +
                                          " speaks protocol version " + std::to_string(*version) +
                                          ", this customer " + std::to_string(proto::kVersion) +
                                          ": use the same release on both sides");
        }
        throw coordinator::ClusterError("the broker at " + printable(endpoint_, 100) +
                                        " sent a malformed message: " + e.what());
      }
      if (const auto* beat = std::get_if<proto::Heartbeat>(&message.body)) {
        interval_ = proto::announced_interval(beat->interval_ms);  // the broker's pace is ours
        continue;
      }
      frame = std::move(*received);
      // the views of a message point into its frame: decode again where the frame now lives
      return decoder_.decode(frame.bytes());
    }
    if (const auto why = handshake_.failure())
      throw coordinator::ClusterError("cannot talk to the broker at " + printable(endpoint_, 100) +
                                      ": " + *why);
    const auto now = Clock::now();
    if (deadline && now >= *deadline) return std::nullopt;
    if (now - last_heard_ > silence_limit_) {
      throw BrokerSilent("no answer from the broker at " + printable(endpoint_, 100) + " within " +
                         std::to_string(silence_limit_.count() / 1000.0).substr(0, 5) +
                         " s while waiting for " + waiting_for +
                         (handshake_.last_seen().empty() ? " (is it running? see --connect-timeout)"
                                                         : " (" + handshake_.last_seen() + ")"));
    }
    if (now - last_sent_ >= interval_) {
      proto::encode(
          proto::Message{{}, proto::Heartbeat{static_cast<std::uint32_t>(interval_.count())}},
          scratch_);
      (void)dealer_.send(zmq::buffer(scratch_.bytes.data(), scratch_.bytes.size()),
                         zmq::send_flags::dontwait);
      last_sent_ = now;
    }
    zmq::pollitem_t item{dealer_.handle(), 0, ZMQ_POLLIN, 0};
    try {
      zmq::poll(&item, 1, std::min<std::chrono::milliseconds>(100ms, interval_));
    } catch (const zmq::error_t& e) {
      if (e.num() != EINTR) throw;
    }
  }
}

}  // namespace slae::customer
