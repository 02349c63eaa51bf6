#include "standing_cluster.hpp"

#include <chrono>
#include <stdexcept>
#include <thread>

namespace slae::test {

StandingCluster::StandingCluster(const std::vector<std::string>& extra, const std::string& endpoint)
    : endpoint_(endpoint.empty() ? "ipc://" + dir_.path() + "/broker" : endpoint) {
  std::vector<std::string> argv = {binary("coordinator"), "--serve", endpoint_};
  argv.insert(argv.end(), extra.begin(), extra.end());
  broker_ = std::make_unique<Process>(argv);
  if (broker_->wait_for_stderr_line("broker ready", 20).empty())
    throw std::runtime_error("the broker did not start: " + broker_->stderr_so_far());
  // "coordinator: listening on tcp://127.0.0.1:41234": the port a wildcard got
  const std::string listening = broker_->wait_for_stderr_line("listening on ", 1);
  endpoint_ = listening.substr(listening.find("listening on ") + 13);
}

Process& StandingCluster::add_worker(const std::vector<std::string>& extra) {
  std::vector<std::string> argv = {binary("slae-node"), "--connect", endpoint_};
  argv.insert(argv.end(), extra.begin(), extra.end());
  workers_.push_back(std::make_unique<Process>(argv));
  return *workers_.back();
}

std::vector<std::string> StandingCluster::customer(const std::vector<std::string>& args) const {
  std::vector<std::string> argv = {binary("customer"), "--broker", endpoint_};
  argv.insert(argv.end(), customer_flags_.begin(), customer_flags_.end());
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

nlohmann::json StandingCluster::status() const {
  const RunResult r = run(customer({"--status", "--json"}), 30);
  if (r.exit_code != 0) return nullptr;
  return nlohmann::json::parse(r.out, nullptr, false);
}

bool StandingCluster::wait_for(const std::function<bool(const nlohmann::json&)>& condition,
                               double timeout_s) const {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  for (;;) {
    const nlohmann::json s = status();
    if (s.is_object() && condition(s)) return true;
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

int count_workers(const nlohmann::json& status, const std::string& state) {
  int n = 0;
  for (const auto& w : status["workers"])
    n += w["state"] == state ? 1 : 0;
  return n;
}

int count_jobs(const nlohmann::json& status, const std::string& state) {
  int n = 0;
  for (const auto& j : status["jobs"])
    n += j["state"] == state ? 1 : 0;
  return n;
}

std::string state_of_worker(const nlohmann::json& status, std::int64_t pid) {
  for (const auto& w : status["workers"])
    if (w["pid"] == pid) return w["state"];
  return "gone";
}

bool worker_gone(const nlohmann::json& status, std::int64_t pid) {
  return state_of_worker(status, pid) == "gone";
}

std::vector<std::string> gr_30_30_solve(const std::vector<std::string>& extra) {
  std::vector<std::string> args = {"--matrix",   matrix("gr_30_30.mtx"),
                                   "--tol",      "1e-14",
                                   "--max-iter", "100000",
                                   "--quiet",    "--output",
                                   "-"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

const std::string& undisturbed_gr_30_30_x() {
  static const std::string x =
      one_shot_x("gr_30_30.mtx", {"--tol", "1e-14", "--max-iter", "100000"});
  return x;
}

std::vector<std::string> endless_solve() {
  return {"--matrix",  matrix("nos6.mtx"), "--tol",   "0", "--max-iter",
          "100000000", "--quiet",          "--nodes", "1"};
}

int port_of(const std::string& endpoint) {
  return std::stoi(endpoint.substr(endpoint.rfind(':') + 1));
}

std::string one_shot_x(const std::string& matrix_name, const std::vector<std::string>& extra) {
  std::vector<std::string> argv = {binary("coordinator"),
                                   "--matrix",
                                   matrix(matrix_name),
                                   "--nodes",
                                   "1",
                                   "--quiet",
                                   "--output",
                                   "-"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  const RunResult r = run(argv);
  if (r.out.empty()) throw std::runtime_error("the one-shot solve wrote no x: " + r.err);
  return r.out;
}

}  // namespace slae::test
