// A standing broker with keys (coordinator --serve --key ... --worker-keys ... --customer-keys):
// only the keys of its directories get in, each in its role; strangers, wrong roles and random
// bytes change nothing of a running job; a revoked key is cut off on SIGHUP. Real processes on
// real tcp, the answers compared bit for bit with the one-shot coordinator's.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <random>
#include <thread>

#include "standing_cluster.hpp"

using namespace slae::test;
using nlohmann::json;

namespace {

// A lab's keys: the broker's pair, workers' and customers' pairs, and the broker's two
// directories of admitted public keys.
struct Lab {
  TempDir dir;
  std::string path(const std::string& name) const { return dir.path() + "/" + name; }
  std::string workers() const { return path("workers"); }
  std::string customers() const { return path("customers"); }

  Lab() {
    std::filesystem::create_directories(workers());
    std::filesystem::create_directories(customers());
    for (const char* name : {"broker", "w1", "w2", "alice", "bob", "mallory"}) {
      const RunResult r = run({binary("coordinator"), "--keygen", path(name)});
      if (r.exit_code != 0) throw std::runtime_error("--keygen failed: " + r.err);
    }
    admit("w1", workers());
    admit("w2", workers());
    admit("alice", customers());
    admit("bob", customers());
    // mallory is admitted nowhere
  }
  void admit(const std::string& who, const std::string& directory) const {
    std::filesystem::copy_file(path(who + ".pub"), directory + "/" + who + ".pub");
  }
  std::vector<std::string> broker_flags() const {
    return {"--key",   path("broker.key"), "--worker-keys",
            workers(), "--customer-keys",  customers()};
  }
  std::vector<std::string> keys_of(const std::string& who) const {
    return {"--key", path(who + ".key"), "--broker-key", path("broker.pub")};
  }
  // every line of a key file that is a key (not a comment)
  std::vector<std::string> key_texts() const {
    std::vector<std::string> keys;
    for (const char* name : {"broker", "w1", "w2", "alice", "bob", "mallory"}) {
      for (const char* ext : {".key", ".pub"}) {
        for (const std::string& line : lines(read_text(path(std::string(name) + ext)))) {
          if (line.empty() || line[0] == '#') continue;
          keys.push_back(line.substr(line.size() - 40));  // the Z85 text
        }
      }
    }
    return keys;
  }
};

// A Jacobi solve of gr_30_30 that takes a second or two.
// A plain TCP client that writes `bytes` random bytes to the port, then hangs up.
void write_random_bytes(int port, std::size_t bytes, unsigned seed) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
    std::mt19937 random(seed);
    std::vector<unsigned char> noise(bytes);
    for (auto& b : noise)
      b = static_cast<unsigned char>(random());
    (void)::send(fd, noise.data(), noise.size(), MSG_NOSIGNAL);
  }
  ::close(fd);
}

}  // namespace

TEST_CASE("with keys only admitted workers and customers get in, and the others change nothing",
          "[integration][broker][keys]") {
  const Lab lab;
  StandingCluster cluster(lab.broker_flags(), "tcp://127.0.0.1:*");
  // its first words say which keys a worker and a customer connect with
  const std::string keys = " --key NAME.key --broker-key " + lab.path("broker.pub");
  CHECK_THAT(cluster.broker().wait_for_stderr_line("broker ready", 1),
             Catch::Contains("slae-node --connect " + cluster.endpoint() + keys) &&
                 Catch::Contains("customer --broker " + cluster.endpoint() + keys));
  cluster.set_customer_flags(lab.keys_of("alice"));
  cluster.add_worker(lab.keys_of("w1"));
  REQUIRE(cluster.wait_for([](const json& s) { return s["workers"].size() == 1; }, 20));

  Process job(cluster.customer(gr_30_30_solve()));
  REQUIRE(cluster.wait_for([](const json& s) { return count_workers(s, "busy") == 1; }, 20));
  // beside the running job: a worker with an unknown key, one with no key, one with a
  // customer's key, and plain TCP clients writing noise
  Process stranger({binary("slae-node"), "--connect", cluster.endpoint(), "--key",
                    lab.path("mallory.key"), "--broker-key", lab.path("broker.pub")});
  Process keyless({binary("slae-node"), "--connect", cluster.endpoint()});
  Process customer_as_worker({binary("slae-node"), "--connect", cluster.endpoint(), "--key",
                              lab.path("alice.key"), "--broker-key", lab.path("broker.pub")});
  for (unsigned i = 0; i < 20; ++i)
    write_random_bytes(port_of(cluster.endpoint()), 64 * 1024, i);
  CHECK_FALSE(stranger.wait_for_stderr_line("refused our key", 10).empty());
  CHECK_FALSE(keyless.wait_for_stderr_line("the broker checks keys", 10).empty());
  CHECK_FALSE(cluster.broker()
                  .wait_for_stderr_line("the key of alice, which is not in --worker-keys", 10)
                  .empty());
  const RunResult r = job.wait(120);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out == one_shot_x("gr_30_30.mtx", {"--tol", "1e-14", "--max-iter", "100000"}));
  // none of them ever joined
  const json s = cluster.status();
  REQUIRE(s.is_object());
  CHECK(s["workers"].size() == 1);
  const std::string log = cluster.broker().stderr_so_far();
  CHECK_THAT(log, Catch::Contains("refused a connection: key "));
  CHECK_THAT(log, Catch::Contains("is not one of ours"));
  // no key, secret or public, in any log
  for (const std::string& key : lab.key_texts()) {
    CHECK(log.find(key) == std::string::npos);
    CHECK(stranger.stderr_so_far().find(key) == std::string::npos);
  }
}

TEST_CASE(
    "a worker's key cannot submit, and a customer without a key or with a stranger's is "
    "told why",
    "[integration][broker][keys]") {
  const Lab lab;
  StandingCluster cluster(lab.broker_flags(), "tcp://127.0.0.1:*");
  const auto submit_with = [&](const std::vector<std::string>& keys) {
    std::vector<std::string> argv = {binary("customer"), "--broker", cluster.endpoint(),
                                     "--connect-timeout", "5"};
    argv.insert(argv.end(), keys.begin(), keys.end());
    for (const std::string& a : gr_30_30_solve())
      argv.push_back(a);
    return run(argv, 60);
  };
  const RunResult worker_key = submit_with(lab.keys_of("w1"));
  CHECK(worker_key.exit_code == 5);
  CHECK_THAT(worker_key.err, Catch::Contains("the key of w1 may not submit"));
  const RunResult no_key = submit_with({});
  CHECK(no_key.exit_code == 5);
  CHECK_THAT(no_key.err, Catch::Contains("the broker checks keys: give --key"));
  const RunResult unknown = submit_with(lab.keys_of("mallory"));
  CHECK(unknown.exit_code == 5);
  CHECK_THAT(unknown.err, Catch::Contains("the broker refused our key"));
}

TEST_CASE("only the key that submitted a job may cancel it, and --status says which are yours",
          "[integration][broker][keys]") {
  const Lab lab;
  StandingCluster cluster(lab.broker_flags(), "tcp://127.0.0.1:*");
  cluster.add_worker(lab.keys_of("w1"));
  cluster.set_customer_flags(lab.keys_of("alice"));
  REQUIRE(cluster.wait_for([](const json& s) { return s["workers"].size() == 1; }, 20));
  Process alices(cluster.customer(endless_solve()));
  REQUIRE(cluster.wait_for([](const json& s) { return count_jobs(s, "running") == 1; }, 20));
  const json mine = cluster.status();
  REQUIRE(mine["jobs"].size() == 1);
  CHECK(mine["jobs"][0]["yours"] == true);
  const std::string id = std::to_string(mine["jobs"][0]["id"].get<std::int64_t>());

  cluster.set_customer_flags(lab.keys_of("bob"));
  const json theirs = cluster.status();
  REQUIRE(theirs["jobs"].size() == 1);
  CHECK(theirs["jobs"][0]["yours"] == false);
  const RunResult refused = run(cluster.customer({"--cancel", id}), 30);
  CHECK(refused.exit_code != 0);
  CHECK_THAT(refused.err, Catch::Contains("is not yours"));
  CHECK(count_jobs(cluster.status(), "running") == 1);

  cluster.set_customer_flags(lab.keys_of("alice"));
  const RunResult cancelled = run(cluster.customer({"--cancel", id}), 30);
  CHECK(cancelled.exit_code == 0);
  const RunResult alice = alices.wait(20);
  CHECK(alice.exit_code == 6);
  // with keys, the canceller is the key's owner, not what its customer says it is
  CHECK_THAT(alice.err,
             Catch::Contains("job " + id + " was cancelled by alice (customer --cancel)"));
}

TEST_CASE("a revoked key is cut off on SIGHUP and cannot reconnect, and admitted again it rejoins",
          "[integration][broker][keys]") {
  const Lab lab;
  StandingCluster cluster(lab.broker_flags(), "tcp://127.0.0.1:*");
  cluster.set_customer_flags(lab.keys_of("alice"));
  Process& w1 = cluster.add_worker(lab.keys_of("w1"));
  cluster.add_worker(lab.keys_of("w2"));
  REQUIRE(cluster.wait_for([](const json& s) { return s["workers"].size() == 2; }, 20));

  std::filesystem::remove(lab.workers() + "/w1.pub");
  cluster.broker().signal(SIGHUP);
  CHECK_FALSE(cluster.broker().wait_for_stderr_line("1 revoked", 10).empty());
  // cut off at once; the worker then hears nothing, reconnects, and is refused
  CHECK(cluster.wait_for([](const json& s) { return s["workers"].size() == 1; }, 5));
  // hung up on at its next heartbeat, named as it was
  const std::string hung_up =
      cluster.broker().wait_for_stderr_line("which holds a revoked key", 10);
  CHECK_THAT(hung_up, Catch::Contains("hung up on a connection: worker ") &&
                          Catch::Contains("(pid " + std::to_string(w1.pid())) &&
                          Catch::EndsWith(", key of w1), which holds a revoked key"));
  CHECK_FALSE(cluster.broker().wait_for_stderr_line("(of w1) has been revoked", 15).empty());
  CHECK_FALSE(w1.wait_for_stderr_line("the broker refused our key", 15).empty());
  std::this_thread::sleep_for(std::chrono::seconds(1));
  CHECK(cluster.status()["workers"].size() == 1);
  // the other worker still serves
  const RunResult r = run(cluster.customer(gr_30_30_solve()), 120);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out == one_shot_x("gr_30_30.mtx", {"--tol", "1e-14", "--max-iter", "100000"}));

  lab.admit("w1", lab.workers());
  cluster.broker().signal(SIGHUP);
  CHECK(cluster.wait_for([](const json& s) { return s["workers"].size() == 2; }, 30));
}

TEST_CASE(
    "keys: --keygen never overwrites, a readable secret key is refused, and a broker "
    "beyond loopback without keys explains --keygen",
    "[integration][broker][keys]") {
  const Lab lab;
  const RunResult again = run({binary("coordinator"), "--keygen", lab.path("w1")});
  CHECK(again.exit_code == 2);
  CHECK_THAT(again.err, Catch::Contains("exists already"));
  struct stat info {};
  REQUIRE(::stat(lab.path("w1.key").c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);

  ::chmod(lab.path("broker.key").c_str(), 0644);
  std::vector<std::string> argv = {binary("coordinator"), "--serve", "tcp://127.0.0.1:*"};
  for (const std::string& f : lab.broker_flags())
    argv.push_back(f);
  const RunResult readable = run(argv, 30);
  CHECK(readable.exit_code == 2);
  CHECK_THAT(readable.err, Catch::Contains("others may read this secret key"));

  const RunResult open = run({binary("coordinator"), "--serve", "tcp://0.0.0.0:0"}, 30);
  CHECK(open.exit_code == 2);
  CHECK_THAT(open.err, Catch::Contains("coordinator --keygen"));
  // unless told so, with a warning at start
  Process insecure({binary("coordinator"), "--serve", "tcp://0.0.0.0:0", "--insecure-bind"});
  CHECK_FALSE(insecure.wait_for_stderr_line("warning: --insecure-bind", 20).empty());
  const RunResult half =
      run({binary("coordinator"), "--serve", "tcp://127.0.0.1:0", "--key", lab.path("w1.key")}, 30);
  CHECK(half.exit_code == 2);
  CHECK_THAT(half.err, Catch::Contains("--worker-keys DIR and/or --customer-keys DIR"));
}
