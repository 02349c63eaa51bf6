#include "coordinator/broker/job_channel.hpp"

#include <cstdio>
#include <stdexcept>

#include "coordinator/broker/job_link.hpp"
#include "coordinator/cluster/cluster_error.hpp"
#include "coordinator/process/exit_codes.hpp"
#include "coordinator/process/signals.hpp"
#include "solver/printable.hpp"

namespace slae::coordinator {

namespace proto = slae::protocol;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

constexpr auto kSlice = 100ms;  // how often interruptions and local workers are checked
constexpr int kMostRegrants = 64;

}  // namespace

JobChannel::JobChannel(Broker& broker, ClaimRequest request,
                       std::chrono::milliseconds grant_timeout, ChannelOptions options)
    : JobChannel(broker, broker.next_job_id(), std::optional(std::move(request)), grant_timeout,
                 std::move(options)) {}

JobChannel::JobChannel(Broker& broker, JobId job, std::chrono::milliseconds grant_timeout,
                       ChannelOptions options)
    : JobChannel(broker, job, std::nullopt, grant_timeout, std::move(options)) {}

JobChannel::JobChannel(Broker& broker, JobId job, std::optional<ClaimRequest> request,
                       std::chrono::milliseconds grant_timeout, ChannelOptions options)
    : broker_(broker),
      options_(std::move(options)),
      id_(job),
      inline_(broker.on_caller_thread()),
      grant_timeout_(grant_timeout) {
  const std::size_t wanted = request ? request->exact.size() : 0;
  if (inline_) {
    broker_.attach_inbox(id_, &inbox_);
  } else {
    dealer_ = zmq::socket_t(broker.context(), zmq::socket_type::dealer);
    const std::string routing_id = job_routing_id(id_);
    dealer_.set(zmq::sockopt::routing_id, zmq::buffer(routing_id));
    dealer_.set(zmq::sockopt::sndhwm, 0);
    dealer_.set(zmq::sockopt::rcvhwm, 0);
    dealer_.set(zmq::sockopt::linger, 0);
    dealer_.connect(broker_.jobs_endpoint());
  }
  link_post(LinkKind::claim, 0, request ? carry(std::move(*request)) : zmq::message_t());

  const auto deadline = Clock::now() + grant_timeout;
  try {
    while (!granted_) {
      if (options_.stop_on_signal) throw_if_interrupted();
      if (Clock::now() > deadline) {
        if (wanted > 0) {
          throw ClusterError("only " + std::to_string(matched_) + " of " + std::to_string(wanted) +
                             " nodes connected within " + std::to_string(grant_timeout.count()) +
                             " ms");
        }
        throw ClusterError("no worker became free within " + std::to_string(grant_timeout.count()) +
                           " ms");
      }
      drain(nullptr);
      if (granted_) break;
      link_wait(kSlice);
    }
  } catch (...) {
    release();
    throw;
  }
}

JobChannel::~JobChannel() {
  try {
    release();
  } catch (...) {
    // destructors must not throw; the broker frees the workers when they fall silent anyway
  }
}

void JobChannel::release() {
  if (released_) return;
  released_ = true;
  link_post(LinkKind::release, 0, zmq::message_t());
}

void JobChannel::to_customer(const proto::Message& message) {
  if (released_) return;
  link_post(LinkKind::to_customer, 0, proto::frame_for(message, scratch_));
}

void JobChannel::announce_placement(const std::vector<std::int64_t>& begin_end) {
  link_post(LinkKind::placement, 0,
            zmq::message_t(begin_end.data(), begin_end.size() * sizeof(std::int64_t)));
}

void JobChannel::send(int part, const proto::Message& message) {
  post(proto::frame_for(message, scratch_), part, proto::type_of(message.body));
}

void JobChannel::send(int part, const proto::Message& message, proto::PayloadBuffer& payload) {
  post(proto::frame_for(message, payload, scratch_), part, proto::type_of(message.body));
}

void JobChannel::post(zmq::message_t frame, int part, proto::MessageType type) {
  if (released_) throw ClusterError("the job has released its workers");
  bytes_sent_ += frame.size();
  sent_to_[static_cast<std::size_t>(part)] += frame.size();
  if (proto::expects_reply(type)) ++owed_[static_cast<std::size_t>(part)];
  link_post(LinkKind::to_worker, static_cast<std::uint32_t>(part), std::move(frame));
}

void JobChannel::link_post(LinkKind kind, std::uint32_t part, zmq::message_t payload) {
  if (!inline_) {
    (void)dealer_.send(envelope_frame(kind, part), zmq::send_flags::sndmore);
    (void)dealer_.send(payload, zmq::send_flags::none);
    return;
  }
  broker_.post(id_, kind, part, std::move(payload));
  // a job that sends a lot between waits (its blocks, at the start) still keeps the loop's
  // heartbeats going
  if (Clock::now() - last_turn_ >= kSlice) link_wait(0ms);
}

bool JobChannel::link_next(LinkDelivery& out) {
  if (inline_) {
    if (inbox_.empty()) return false;
    out = std::move(inbox_.front());
    inbox_.pop_front();
    return true;
  }
  zmq::message_t parts[2];
  while (proto::receive_shaped(dealer_, parts, 2)) {
    const auto envelope = read_envelope(parts[0]);
    if (!envelope) continue;  // cannot happen: the broker is ours
    out = {envelope->kind, envelope->part, std::move(parts[1])};
    return true;
  }
  return false;
}

void JobChannel::link_wait(std::chrono::milliseconds timeout) {
  if (inline_) {
    last_turn_ = Clock::now();
    broker_.turn(timeout);
    return;
  }
  zmq::pollitem_t item{dealer_.handle(), 0, ZMQ_POLLIN, 0};
  try {
    zmq::poll(&item, 1, timeout);
  } catch (const zmq::error_t& e) {
    if (e.num() != EINTR) throw;
  }
}

void JobChannel::receive(const Handler& handler) {
  const auto deadline = Clock::now() + options_.reply_timeout;
  for (;;) {
    if (drain(&handler) > 0) return;
    // nothing to hand on: before waiting, look for what would keep the replies from coming
    if (options_.stop_on_signal) throw_if_interrupted();
    if (Clock::now() > deadline) timed_out();
    link_wait(kSlice);
  }
}

int JobChannel::drain(const Handler* handler) {
  int handled = 0;
  LinkDelivery delivery;
  while (link_next(delivery)) {
    const int part = static_cast<int>(delivery.part);
    zmq::message_t& payload = delivery.payload;
    switch (delivery.kind) {
      case LinkKind::granted:
        if (delivery.part != regrant_seq_) break;  // an answer to a regrant asked again since
        take_grant(payload);
        if (regrant_seq_ > 0) regrant_answer_ = true;
        if (!handler) return handled;  // the wait for it is over
        break;
      case LinkKind::claim_slot_lost:
        if (granted_) break;  // a claim met already: whatever it was, it is not a worker of ours
        throw ClaimSlotLost(
            part,
            printable(std::string(static_cast<const char*>(payload.data()), payload.size()), 300));
      case LinkKind::claim_matched:
        matched_ = static_cast<int>(delivery.part);
        break;
      case LinkKind::regrant_failed:
        if (delivery.part == regrant_seq_) regrant_answer_ = false;
        break;
      case LinkKind::cancel: {
        // the broker says why: the customer's exit code, then the reason (cancel_payload)
        const auto* bytes = static_cast<const char*>(payload.data());
        if (payload.size() < 2)
          throw JobCancelled("job " + std::to_string(id_) + " was cancelled", kExitCancelled);
        throw JobCancelled(std::string(bytes + 1, payload.size() - 1),
                           static_cast<unsigned char>(bytes[0]));
      }
      case LinkKind::worker_lost: {
        if (part < 0 || part >= size() || lost_.count(part) != 0) break;
        const std::string text(static_cast<const char*>(payload.data()), payload.size());
        const std::size_t split = text.find('\0');
        const std::string how = split == std::string::npos ? "broker" : text.substr(0, split);
        const std::string why = split == std::string::npos ? text : text.substr(split + 1);
        if (recovering_) {
          lost_.insert(part);
          break;
        }
        throw WorkerLost(part, who(part) + " " + printable(why, 300), how);
      }
      case LinkKind::from_worker: {
        if (part < 0 || part >= size()) break;
        if (!handler || lost_.count(part) != 0) {
          ++stale_;  // a reply the job was no longer waiting for (it is recovering)
          break;
        }
        proto::Received received;
        received.frame = std::move(payload);
        bytes_received_ += received.frame.size();
        received_from_[static_cast<std::size_t>(part)] += received.frame.size();
        // the broker has only peeked at its header: the whole of it is checked here
        proto::Message message;
        try {
          message = decoder_.decode(received.bytes());
        } catch (const proto::ProtocolError& e) {
          throw ClusterError(who(part) + " sent a malformed message: " + e.what());
        }
        last_heard_[static_cast<std::size_t>(part)] = Clock::now();
        const proto::MessageType type = proto::type_of(message.body);
        auto& owed = owed_[static_cast<std::size_t>(part)];
        if (proto::is_reply(type) && owed > 0) --owed;
        if (const auto* error = std::get_if<proto::ErrorReport>(&message.body)) {
          throw ClusterError(who(part) + " reported: " + printable(error->message, 300));
        }
        try {
          (*handler)(part, message, received);
        } catch (const NodeFault& fault) {
          if (fault.node() < 0 || fault.node() >= size()) throw;
          throw ClusterError(who(fault.node()) + " " + fault.fault());
        }
        ++handled;
        break;
      }
      default:
        break;
    }
  }
  return handled;
}

void JobChannel::take_grant(zmq::message_t& payload) {
  std::optional<Grant> grant = take<Grant>(payload);
  if (!grant) throw std::logic_error("a granted message without its grant");  // ours: cannot be
  workers_ = std::move(grant->workers);
  broker_stale_ = std::move(grant->stale);
  if (regrant_seq_ == 0) queued_seconds_ = grant->queued_seconds;
  owed_.assign(workers_.size(), 0);
  sent_to_.assign(workers_.size(), 0);
  received_from_.assign(workers_.size(), 0);
  last_heard_.assign(workers_.size(), Clock::now());
  granted_ = true;
}

std::vector<int> JobChannel::recover(const WorkerLost& loss) {
  if (released_) throw ClusterError("the job has released its workers");
  struct Recovering {
    JobChannel& channel;
    ~Recovering() {
      channel.recovering_ = false;
      channel.lost_.clear();
    }
  } recovering{*this};
  recovering_ = true;
  lost_.insert(loss.part());
  std::map<int, Taker> takers;
  std::vector<int> origin;
  // each failed try has news (a part lost, a replacement late, no idle worker): a few suffice
  for (int tries = 1; !try_recover(takers, origin); ++tries) {
    if (tries >= kMostRegrants) {
      throw ClusterError("the broker could not place job " + std::to_string(id_) + " again in " +
                         std::to_string(kMostRegrants) + " tries");
    }
  }
  return origin;
}

bool JobChannel::try_recover(std::map<int, Taker>& takers, std::vector<int>& origin) {
  using Kind = Taker::Kind;
  drain(nullptr);
  for (const int part : lost_) {
    if (takers.count(part) != 0) continue;
    // asked once per lost part: the one-shot starts a process each time it is asked
    Taker& taker = takers[part];
    if (!options_.replacement) continue;  // any idle worker
    const std::optional<WorkerSelector> named = options_.replacement(part);
    taker.kind = named ? Kind::named : Kind::nobody;
    if (named) taker.named = *named;
  }
  std::vector<RegrantSlot> slots;
  origin.clear();
  for (int part = 0; part < size(); ++part) {
    if (lost_.count(part) == 0) {
      slots.push_back({workers_[static_cast<std::size_t>(part)].id, std::nullopt});
      origin.push_back(part);
      continue;
    }
    const Taker& taker = takers[part];
    if (taker.kind == Kind::nobody) continue;  // dropped: its rows go to the others
    slots.push_back({0, taker.kind == Kind::named ? std::optional(taker.named) : std::nullopt});
    origin.push_back(-1);
  }
  if (slots.empty()) {
    throw ClusterError(size() == 1 ? std::string("no worker is left: the last one is lost and "
                                                 "none can take its place")
                                   : "no worker is left: all " + std::to_string(size()) +
                                         " are lost and none can take their place");
  }
  ++regrant_seq_;
  regrant_answer_.reset();
  link_post(LinkKind::regrant, regrant_seq_, carry(std::move(slots)));
  const std::size_t known = lost_.size();
  const auto deadline = Clock::now() + grant_timeout_;
  for (;;) {
    drain(nullptr);
    if (regrant_answer_) break;
    if (lost_.size() != known) return false;  // another part lost meanwhile: ask again
    if (options_.stop_on_signal) throw_if_interrupted();
    if (Clock::now() > deadline) {
      // the replacements waited for did not join in time: their parts go to the others
      for (auto& [part, taker] : takers) {
        if (taker.kind == Kind::named) taker.kind = Kind::nobody;
      }
      return false;
    }
    link_wait(kSlice);
  }
  if (*regrant_answer_) return true;
  // no idle worker for a part that wanted any: it goes to the others (a kept worker lost
  // meanwhile is in lost_ by now, and is asked about on the next try)
  for (auto& [part, taker] : takers) {
    if (taker.kind == Kind::any_idle) taker.kind = Kind::nobody;
  }
  return false;
}

void JobChannel::timed_out() const {
  const auto now = Clock::now();
  std::string silent;
  for (int i = 0; i < size(); ++i) {
    const int owed = owed_[static_cast<std::size_t>(i)];
    if (owed == 0) continue;
    const double quiet =
        std::chrono::duration<double>(now - last_heard_[static_cast<std::size_t>(i)]).count();
    char detail[96];
    std::snprintf(detail, sizeof detail, ", owes %d repl%s, silent for %.1f s)", owed,
                  owed == 1 ? "y" : "ies", quiet);
    std::string name = who(i);
    name.pop_back();  // its closing parenthesis: the detail goes inside
    silent += (silent.empty() ? "" : ", ") + name + detail;
  }
  throw ClusterError("no reply within the reply timeout of " +
                     std::to_string(options_.reply_timeout.count()) + " ms from " +
                     (!silent.empty()           ? silent
                      : options_.name_by_worker ? std::string("any worker")
                                                : std::string("any node")));
}

std::string JobChannel::who(int part) const {
  const GrantedWorker& w = workers_[static_cast<std::size_t>(part)];
  if (!options_.name_by_worker)
    return "node " + std::to_string(part) + " (pid " + std::to_string(w.pid) + ")";
  std::string text = "worker " + std::to_string(w.id) + " (pid " + std::to_string(w.pid);
  if (!w.host.empty()) text += " on " + printable(w.host, 64);
  return text + ")";
}

}  // namespace slae::coordinator
