#include "tests/support/in_process_cluster.hpp"

#include <cstdio>
#include <stdexcept>

namespace slae::test {

namespace {

// What workers and broker say goes nowhere unless a test fails: Catch shows its own account.
void quiet(const std::string&) {}

}  // namespace

InProcessCluster::InProcessCluster(Options options) : options_(options) {
  coordinator::BrokerOptions b;
  b.bind = "ipc://" + directory_.socket_path();
  b.own_thread = options_.broker_thread;
  b.heartbeat_interval = options_.heartbeat;
  b.warn = quiet;
  broker_ = std::make_unique<coordinator::Broker>(context_, std::move(b));
  for (int i = 0; i < options_.workers; ++i)
    add_worker();
}

InProcessCluster::~InProcessCluster() {
  for (auto& w : workers_)
    w->stop = true;
  for (auto& w : workers_) {
    if (w->thread.joinable()) w->thread.join();
  }
  broker_.reset();  // before the context it lives on
}

int InProcessCluster::add_worker(node::TestFaults faults) {
  faults.die_as(node::TestFaults::Death::end_loop);
  auto worker = std::make_unique<Worker>();
  Worker* w = worker.get();
  node::WorkerSettings settings;
  settings.endpoint = broker_->endpoint();
  settings.interval = options_.heartbeat;
  // as a node of a one-shot run: it leaves when its broker is gone, and does not reconnect
  settings.on_silence = node::OnSilence::exit;
  settings.limit.local = true;
  settings.warn = quiet;
  settings.self = node::describe_this_worker();
  settings.self->pid = pid_of(static_cast<int>(workers_.size()));
  w->thread = std::thread([this, w, settings, faults]() mutable {
    // its only line is that it joined: the broker has it in its table from then on
    node::LinkNews news(settings.endpoint, /*quiet=*/false, [w](const std::string& line) {
      if (line.starts_with("joined")) w->joined = true;
    });
    try {
      w->end = node::run_worker(context_, settings, news, faults, &w->stop);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "in-process worker: %s\n", e.what());
      w->end = node::WorkerEnd::died;
    }
    w->ended = true;
  });
  workers_.push_back(std::move(worker));
  // Joined before this returns, so that a test knows which workers a loss may fall back on.
  // With the loop on the caller's thread (broker_thread false) nobody else turns it.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!w->joined && !w->ended) {
    if (std::chrono::steady_clock::now() > deadline)
      throw std::runtime_error("InProcessCluster: a worker did not join within 10 s");
    if (options_.broker_thread)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    else
      broker_->turn(std::chrono::milliseconds(5));
  }
  return static_cast<int>(workers_.size()) - 1;
}

void InProcessCluster::kill(int index) {
  workers_.at(static_cast<std::size_t>(index))->stop = true;
}

std::optional<node::WorkerEnd> InProcessCluster::end_of(int index) const {
  const Worker& w = *workers_.at(static_cast<std::size_t>(index));
  if (!w.ended) return std::nullopt;
  return w.end;
}

std::unique_ptr<coordinator::JobChannel> InProcessCluster::claim(
    int nodes, coordinator::ChannelOptions options) {
  // by name, where a plain count would start on however many had joined so far
  coordinator::ClaimRequest request;
  for (std::size_t i = 0; i < workers_.size() && static_cast<int>(request.exact.size()) < nodes;
       ++i) {
    if (workers_[i]->claimed) continue;
    workers_[i]->claimed = true;
    request.exact.push_back({{}, pid_of(static_cast<int>(i))});
  }
  if (static_cast<int>(request.exact.size()) != nodes)
    throw std::logic_error("InProcessCluster: fewer unclaimed workers than the claim wants");
  options.stop_on_signal = false;  // a test's Ctrl-C is Catch's business
  return std::make_unique<coordinator::JobChannel>(*broker_, request, std::chrono::seconds(10),
                                                   std::move(options));
}

}  // namespace slae::test
