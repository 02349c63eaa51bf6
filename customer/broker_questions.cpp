#include "customer/broker_questions.hpp"

#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "coordinator/cluster/cluster_error.hpp"
#include "coordinator/process/exit_codes.hpp"
#include "coordinator/process/signals.hpp"
#include "customer/broker_client.hpp"
#include "customer/broker_connection.hpp"
#include "solver/printable.hpp"

namespace slae::customer {

namespace proto = slae::protocol;
using namespace slae::coordinator;

namespace {

// "alice@lab3": how a cancel names its sender to a broker without keys (with keys, the broker
// names the key's owner instead).
std::string who_am_i() {
  const passwd* user = ::getpwuid(::geteuid());
  char host[256] = "";
  if (::gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  return std::string(user && user->pw_name ? user->pw_name : "someone") + "@" +
         (host[0] ? host : "somewhere");
}

// The status as tables for people: the workers, then the jobs.
std::string status_table(const std::string& json_text) {
  const auto json = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.contains("workers") || !json.contains("jobs"))
    throw ClusterError("the broker's status is not the JSON expected");
  const auto text = [](const nlohmann::json& v) {
    if (v.is_null()) return std::string("-");
    if (v.is_string()) return v.get<std::string>();
    return v.dump();
  };
  std::string out;
  char line[512];
  const auto add = [&](int n) { out.append(line, static_cast<std::size_t>(std::max(0, n))); };
  add(std::snprintf(line, sizeof line, "workers: %zu\n", json["workers"].size()));
  if (!json["workers"].empty())
    add(std::snprintf(line, sizeof line, "  %-5s %-16s %-8s %-6s %-6s %-20s %s\n", "id", "host",
                      "pid", "state", "job", "rows", "last heard"));
  for (const auto& w : json["workers"]) {
    std::string rows = "-";
    if (w["rows"].is_array() && w["rows"].size() == 2)
      rows = w["rows"][0].dump() + "-" + w["rows"][1].dump();
    add(std::snprintf(line, sizeof line, "  %-5s %-16s %-8s %-6s %-6s %-20s %.1f s ago\n",
                      text(w["id"]).c_str(), printable(text(w["host"]), 16).c_str(),
                      text(w["pid"]).c_str(), text(w["state"]).c_str(), text(w["job"]).c_str(),
                      rows.c_str(), w.value("last_heard_seconds", 0.0)));
  }
  add(std::snprintf(line, sizeof line, "jobs: %zu\n", json["jobs"].size()));
  if (!json["jobs"].empty())
    add(std::snprintf(line, sizeof line, "  %-5s %-10s %-14s %-7s %-10s %-10s %s\n", "id", "state",
                      "workers", "method", "iteration", "residual", "elapsed"));
  for (const auto& j : json["jobs"]) {
    std::string workers;
    for (const auto& w : j["workers"]) {
      if (!workers.empty()) workers += ',';
      workers += w.dump();
    }
    char residual[32] = "-";
    if (j["relative_residual"].is_number())
      std::snprintf(residual, sizeof residual, "%.3e", j["relative_residual"].get<double>());
    add(std::snprintf(line, sizeof line, "  %-5s %-10s %-14s %-7s %-10s %-10s %.1f s\n",
                      text(j["id"]).c_str(), text(j["state"]).c_str(),
                      workers.empty() ? "-" : workers.c_str(), text(j["method"]).c_str(),
                      text(j["iteration"]).c_str(), residual, j.value("elapsed_seconds", 0.0)));
  }
  return out;
}

// Waits `seconds`, or less when a signal comes; returns whether it waited them all.
bool wait_unless_interrupted(double seconds) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < until) {
    if (pending_signal() != 0) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return pending_signal() == 0;
}

}  // namespace

int run_status(const Options& o) {
  BrokerClient client(o.broker_endpoint, ask_timeout(o), keys_of(o));
  const bool terminal = ::isatty(STDOUT_FILENO) == 1;
  for (bool first = true;; first = false) {
    std::string json_text;
    try {
      proto::Received frame;
      const proto::Message m = client.ask({{}, proto::StatusRequest{}}, frame, "its status");
      const auto* status = std::get_if<proto::Status>(&m.body);
      if (!status) unexpected(m, "its status");
      json_text = status->json;
    } catch (const BrokerSilent&) {
      return not_answering(o);
    } catch (const Interrupted&) {
      if (o.watch_seconds > 0) return kExitConverged;  // Ctrl-C is how a watch ends
      throw;
    }
    if (o.status_json) {
      std::printf("%s\n", json_text.c_str());
      return kExitConverged;
    }
    const std::string table = status_table(json_text);
    if (o.watch_seconds <= 0) {
      std::fputs(table.c_str(), stdout);
      return kExitConverged;
    }
    if (terminal) {
      // the table in place of the last one: home, clear the screen, then a heading
      const std::time_t now = std::time(nullptr);
      char clock[16] = "";
      std::strftime(clock, sizeof clock, "%H:%M:%S", std::localtime(&now));
      std::printf("\033[H\033[2J%s at %s, every %g s (Ctrl-C to stop)\n%s",
                  printable(o.broker_endpoint, 100).c_str(), clock, o.watch_seconds, table.c_str());
    } else {
      std::printf("%s%s", first ? "" : "\n", table.c_str());  // a blank line between tables
    }
    std::fflush(stdout);
    if (!wait_unless_interrupted(o.watch_seconds)) return kExitConverged;
  }
}

int run_cancel(const Options& o) {
  BrokerClient client(o.broker_endpoint, ask_timeout(o), keys_of(o));
  proto::Received frame;
  proto::Message m;
  try {
    m = client.ask({{o.cancel_job, 0, 0}, proto::Cancel{proto::CancelHow::command, who_am_i()}},
                   frame, "its answer to the cancel");
  } catch (const BrokerSilent&) {
    return not_answering(o);
  }
  const auto* reply = std::get_if<proto::CancelReply>(&m.body);
  if (!reply) unexpected(m, "its answer to the cancel");
  std::fprintf(stderr, "customer: %s\n", printable(reply->text, 300).c_str());
  return reply->cancelled ? kExitConverged : kExitInput;
}

}  // namespace slae::customer
