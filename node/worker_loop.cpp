#include "node/worker_loop.hpp"

#include <cstdio>
#include <thread>

#include "protocol/codec.hpp"
#include "protocol/transport.hpp"

namespace slae::node {

namespace {

namespace proto = slae::protocol;
using Clock = std::chrono::steady_clock;

constexpr auto kPollInterval = std::chrono::milliseconds(250);
// A node started for one run dies with its coordinator (slae-node sets PR_SET_PDEATHSIG); this
// wait for a connection is only a backstop, as lenient as it always was.
constexpr auto kLocalIdleTimeout = std::chrono::seconds(5);

}  // namespace

std::chrono::duration<double> SilenceLimit::of(const BrokerLink& link) const {
  if (fixed) return *fixed;
  const std::chrono::duration<double> beats = proto::peer_expiry(link.interval());
  return local ? std::max<std::chrono::duration<double>>(beats, kLocalIdleTimeout) : beats;
}

WorkerEnd run_worker(zmq::context_t& context, const WorkerSettings& settings, LinkNews& news,
                     TestFaults& faults, const std::atomic<bool>* stop) {
  using namespace std::chrono;
  const auto warn = [&](const std::string& line) {
    if (settings.warn)
      settings.warn(line);
    else
      std::fprintf(stderr, "slae-node: %s\n", line.c_str());
  };
  const std::string& endpoint = settings.endpoint;
  const SilenceLimit& limit = settings.limit;
  // The session goes before the link: the session's buffers lent to ZeroMQ are counted
  // (protocol/payload_buffer.hpp), so they outlive the frames that point into them either way.
  std::optional<NodeSession> session(std::in_place, settings.session);
  if (faults.dies_at(TestFaults::When::start_up)) return WorkerEnd::died;
  BrokerLink link(context, endpoint, settings.keys, settings.interval,
                  settings.self ? *settings.self : describe_this_worker());
  if (faults.death_moment() == TestFaults::When::ready) {
    std::this_thread::sleep_for(milliseconds(100));  // the ready is on its way by then
    if (faults.dies_at(TestFaults::When::ready)) return WorkerEnd::died;
  }
  proto::Decoder decoder;
  std::size_t dropped = 0;
  auto backoff = proto::kReconnectInitial;
  std::string told;                 // the last handshake failure said, to say each only once
  Clock::time_point last_chance{};  // of a silent connection; the epoch: none yet
  while (!session->shutdown_requested()) {
    if (stop && stop->load()) return WorkerEnd::stopped;
    auto received = link.poll(kPollInterval);
    if (const auto why = link.handshake_failure(); why && *why != told) {
      warn(endpoint + ": " + *why + "; still trying");
      told = *why;
    }
    if (!received) {
      // what the old connection brought has been read: a dropped one is given up at once
      const bool cut = !limit.fixed && link.dropped();
      const duration<double> idle = limit.of(link);
      if (!cut) {
        const auto away = limit.fixed ? link.silence() : link.unconnected();
        if (away < idle) {
          last_chance = {};
          continue;
        }
        // A process that was stopped (SIGSTOP) sees all of its silence at once when it goes
        // on: one more heartbeat interval to read what waits in its socket and to be heard (the
        // broker then tells it to drop the job it was taken off), before it gives up.
        if (last_chance == Clock::time_point{}) last_chance = Clock::now() + link.interval();
        if (Clock::now() < last_chance) continue;
        last_chance = {};
      }
      if (settings.on_silence == OnSilence::exit) {
        if (cut) {
          warn("lost the connection to the coordinator at " + endpoint + "; exiting");
        } else {
          char seconds[32];
          std::snprintf(seconds, sizeof seconds, "%.1f", idle.count());
          warn("no word from the coordinator at " + endpoint + " for " + seconds + " s; exiting");
        }
        return WorkerEnd::broker_lost;
      }
      if (cut)
        news.reconnecting_after_drop();
      else
        news.reconnecting(duration<double>(link.silence()).count());
      std::this_thread::sleep_for(backoff);
      backoff = std::min(backoff * 2, proto::kReconnectMax);
      link.reconnect();                   // a fresh connection: the old one's frames are dropped,
      session.emplace(settings.session);  // and the job we had, gone with it, goes too
      continue;
    }
    backoff = proto::kReconnectInitial;
    proto::Message message;
    try {
      message = decoder.decode(received->bytes());
    } catch (const proto::ProtocolError& e) {
      // Untrusted input: say so, count it, carry on.
      warn("dropped malformed message #" + std::to_string(++dropped) + ": " + e.what());
      continue;
    }
    if (const auto* beat = std::get_if<proto::Heartbeat>(&message.body)) link.adopt(*beat);
    if (faults.dies_on(message)) return WorkerEnd::died;
    if (const auto* welcome = std::get_if<proto::Welcome>(&message.body)) {
      news.welcomed(welcome->worker);
      continue;
    }
    session->handle(std::move(message), faults.replies(link));
  }
  return WorkerEnd::shut_down;
}

}  // namespace slae::node
