// Several machines on one: the broker and its workers each in a network namespace of their own
// ("hosts" with their own addresses, joined by veth links to a bridge), the answer compared bit
// for bit with the one-shot coordinator's, and a host cut off by taking its link down: idle, it
// leaves the table; busy, its job goes on on another host with the same answer.
// Needs root (ip netns); says why and skips where it cannot run.
#include <signal.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <memory>
#include <thread>

#include "protocol/key_files.hpp"
#include "standing_cluster.hpp"

using namespace slae::test;
using nlohmann::json;

namespace {

std::string ip_program() {
  for (const char* path : {"/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"})
    if (::access(path, X_OK) == 0) return path;
  return "ip";
}

int sh(const std::string& command) {
  return std::system((command + " >/dev/null 2>&1").c_str());
}

// Hosts h0 (the broker) .. hN on a bridge, 10.231.<subnet>.<i+1>/24; all removed on every path.
class Hosts {
 public:
  explicit Hosts(int count) {
    const std::string tag = std::to_string(::getpid() % 100000);
    bridge_ = "slbr" + tag;
    subnet_ = "10.231." + std::to_string(::getpid() % 250);
    ok_ = sh("ip link add " + bridge_ + " type bridge") == 0 &&
          sh("ip link set " + bridge_ + " up") == 0;
    for (int i = 0; ok_ && i < count; ++i) {
      const std::string ns = "slns" + tag + "h" + std::to_string(i);
      const std::string outside = "slv" + tag + "h" + std::to_string(i);
      names_.push_back(ns);
      links_.push_back(outside);
      ok_ = sh("ip netns add " + ns) == 0 &&
            sh("ip link add " + outside + " type veth peer name eth0 netns " + ns) == 0 &&
            sh("ip link set " + outside + " master " + bridge_ + " up") == 0 &&
            sh("ip -n " + ns + " addr add " + address(i) + "/24 dev eth0") == 0 &&
            sh("ip -n " + ns + " link set eth0 up") == 0 &&
            sh("ip -n " + ns + " link set lo up") == 0;
    }
  }
  ~Hosts() {
    for (const std::string& link : links_)
      sh("ip link del " + link);
    for (const std::string& ns : names_)
      sh("ip netns del " + ns);
    sh("ip link del " + bridge_);
  }
  bool ok() const { return ok_; }
  std::string address(int host) const { return subnet_ + "." + std::to_string(host + 1); }
  /// argv run inside host's namespace
  std::vector<std::string> on(int host, std::vector<std::string> argv) const {
    argv.insert(argv.begin(),
                {ip_program(), "netns", "exec", names_[static_cast<std::size_t>(host)]});
    return argv;
  }
  /// Cuts host off: its link to the bridge goes down (inside: nothing closes, nothing is sent).
  void cut(int host) const {
    sh("ip -n " + names_[static_cast<std::size_t>(host)] + " link set eth0 down");
  }

 private:
  bool ok_ = false;
  std::string bridge_, subnet_;
  std::vector<std::string> names_, links_;
};

// The lab's keys: the broker's, one per worker host, one customer's.
struct LabKeys {
  TempDir dir;
  LabKeys() {
    std::filesystem::create_directories(dir.path() + "/workers");
    std::filesystem::create_directories(dir.path() + "/customers");
    for (const char* name : {"broker", "host1", "host2", "host3", "student"})
      slae::protocol::write_key_pair(dir.path() + "/" + name);
    for (const char* w : {"host1", "host2", "host3"})
      std::filesystem::copy_file(key(w, ".pub"), dir.path() + "/workers/" + w + ".pub");
    std::filesystem::copy_file(key("student", ".pub"), dir.path() + "/customers/student.pub");
  }
  std::string key(const std::string& who, const std::string& ext) const {
    return dir.path() + "/" + who + ext;
  }
  std::vector<std::string> broker() const {
    return {"--key",           key("broker", ".key"),    "--worker-keys", dir.path() + "/workers",
            "--customer-keys", dir.path() + "/customers"};
  }
  std::vector<std::string> of(const std::string& who) const {
    return {"--key", key(who, ".key"), "--broker-key", key("broker", ".pub")};
  }
};

std::vector<std::string> with(std::vector<std::string> argv, const std::vector<std::string>& more) {
  argv.insert(argv.end(), more.begin(), more.end());
  return argv;
}

json status_of(const Hosts& hosts, const std::string& endpoint, const LabKeys& keys) {
  const RunResult r =
      run(hosts.on(0, with({binary("customer"), "--broker", endpoint, "--status", "--json"},
                           keys.of("student"))),
          30);
  return r.exit_code == 0 ? json::parse(r.out, nullptr, false) : json();
}

bool wait_status(const Hosts& hosts, const std::string& endpoint, const LabKeys& keys,
                 const std::function<bool(const json&)>& condition, double timeout_s) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  for (;;) {
    const json s = status_of(hosts, endpoint, keys);
    if (s.is_object() && condition(s)) return true;
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

// Whether this machine can make the hosts (root, ip netns); says why not.
bool can_make_hosts(const Hosts& hosts) {
  if (::geteuid() != 0) {
    WARN("skipped: network namespaces need root (ip netns); this test runs in CI as root");
    return false;
  }
  if (!hosts.ok()) {
    WARN("skipped: cannot make network namespaces, veth links and a bridge here (ip netns)");
    return false;
  }
  return true;
}

// The broker on host 0, on the bridge's address (so with keys), ready.
std::unique_ptr<Process> start_broker(const Hosts& hosts, const LabKeys& keys,
                                      const std::string& endpoint) {
  auto broker = std::make_unique<Process>(
      hosts.on(0, with({binary("coordinator"), "--serve", endpoint}, keys.broker())));
  REQUIRE_FALSE(broker->wait_for_stderr_line("broker ready", 20).empty());
  return broker;
}

}  // namespace

TEST_CASE(
    "workers on two other hosts solve bit for bit as on one machine, and a host cut off leaves "
    "the table",
    "[integration][broker][multihost]") {
  Hosts hosts(3);
  if (!can_make_hosts(hosts)) return;
  // a lab on a network: the broker on the bridge's address, so with keys
  const LabKeys keys;
  const std::string endpoint = "tcp://" + hosts.address(0) + ":5555";
  const auto broker = start_broker(hosts, keys, endpoint);
  CHECK_THAT(broker->stderr_so_far(), Catch::Contains("3 worker keys, 1 customer key admitted"));
  Process w1(hosts.on(1, with({binary("slae-node"), "--connect", endpoint}, keys.of("host1"))));
  Process w2(hosts.on(2, with({binary("slae-node"), "--connect", endpoint}, keys.of("host2"))));
  REQUIRE(wait_status(
      hosts, endpoint, keys, [](const json& s) { return s["workers"].size() == 2; }, 20));

  const RunResult r = run(hosts.on(0, with({binary("customer"), "--broker", endpoint, "--matrix",
                                            matrix("gr_30_30.mtx"), "--method", "jacobi,cg",
                                            "--nodes", "2", "--quiet", "--output", "-"},
                                           keys.of("student"))),
                          120);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out == one_shot_x("gr_30_30.mtx", {"--method", "jacobi,cg"}));
  CHECK_THAT(r.err, Catch::Contains("2 nodes"));
  // as workers on other machines do: no shared memory, a block every few iterations
  const RunResult thin =
      run(hosts.on(0, with({binary("customer"), "--broker", endpoint, "--matrix",
                            matrix("gr_30_30.mtx"), "--nodes", "2", "--no-shared-memory",
                            "--collect-every", "7", "--quiet", "--output", "-"},
                           keys.of("student"))),
          120);
  REQUIRE(thin.exit_code == 0);
  CHECK(thin.out == one_shot_x("gr_30_30.mtx"));

  // host 2 loses its link while its worker is idle: no connection closes, the heartbeats stop
  const auto start = std::chrono::steady_clock::now();
  hosts.cut(2);
  CHECK(wait_status(
      hosts, endpoint, keys,
      [&](const json& s) {
        for (const auto& w : s["workers"])
          if (w["pid"] == w2.pid()) return false;
        return s["workers"].size() == 1;
      },
      10));
  // gone by the heartbeats' expiry (2.5 s at the default pace) and a few status round trips of
  // a customer process, which take a second or more under the sanitizers: not by a reply timeout
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(6));
}

TEST_CASE(
    "a busy host cut off mid-solve: its part goes to an idle host and the answer is "
    "unchanged, bit for bit",
    "[integration][broker][multihost][fault]") {
  Hosts hosts(4);
  if (!can_make_hosts(hosts)) return;
  const LabKeys keys;
  const std::string endpoint = "tcp://" + hosts.address(0) + ":5555";
  const auto broker = start_broker(hosts, keys, endpoint);
  // each reply at least 2 ms late: the solve lasts long enough to lose a host in the middle
  std::vector<std::unique_ptr<Process>> workers;
  for (int host = 1; host <= 3; ++host) {
    workers.push_back(std::make_unique<Process>(hosts.on(
        host, with({binary("slae-node"), "--connect", endpoint, "--test-reply-delay-ms", "2"},
                   keys.of("host" + std::to_string(host))))));
  }
  REQUIRE(wait_status(
      hosts, endpoint, keys, [](const json& s) { return s["workers"].size() == 3; }, 20));
  // thin workers, as on other machines: a whole block every 7 iterations
  Process customer(
      hosts.on(0, with({binary("customer"), "--broker", endpoint, "--matrix",
                        matrix("gr_30_30.mtx"), "--nodes", "2", "--no-shared-memory",
                        "--collect-every", "7", "--tol", "1e-12", "--quiet", "--output", "-"},
                       keys.of("student"))));
  json busy;
  REQUIRE(wait_status(
      hosts, endpoint, keys,
      [&](const json& s) {
        busy = s;
        return count_workers(s, "busy") == 2;
      },
      30));
  int cut = 0;
  for (int host = 1; host <= 3 && cut == 0; ++host) {
    for (const auto& w : busy["workers"])
      if (w["pid"] == workers[static_cast<std::size_t>(host - 1)]->pid() && w["state"] == "busy")
        cut = host;
  }
  REQUIRE(cut != 0);
  hosts.cut(cut);
  const RunResult r = customer.wait(300);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out == one_shot_x("gr_30_30.mtx", {"--tol", "1e-12"}));
  CHECK_THAT(r.err, Catch::Contains("went silent"));
  CHECK_THAT(r.err, Catch::Contains("iterations redone"));
}
