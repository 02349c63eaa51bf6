// What a standing broker refuses, and how a customer hears it: jobs beyond its limits, a broker
// that is not there, a customer of another protocol version, usage errors, and an address
// beyond this machine without keys.
#include <catch2/catch.hpp>
#include <chrono>

#include "protocol/codec.hpp"
#include "standing_cluster.hpp"

#include <zmq.hpp>

using namespace slae::test;

TEST_CASE("the broker refuses what it cannot serve, and a customer with no broker exits 5",
          "[integration][broker]") {
  SECTION("a job beyond --max-job-bytes") {
    StandingCluster cluster({"--max-job-bytes", "4096"});
    cluster.add_worker();
    const RunResult r = run(cluster.customer({"--matrix", matrix("gr_30_30.mtx"), "--quiet"}), 30);
    CHECK(r.exit_code == 5);
    CHECK_THAT(r.err, Catch::Contains("refused the job") && Catch::Contains("--max-job-bytes"));
  }
  SECTION("a job beyond --max-rows or --max-nnz, from its submit") {
    StandingCluster cluster({"--max-rows", "899", "--max-nnz", "3000"});
    cluster.add_worker();
    const RunResult rows =
        run(cluster.customer({"--matrix", matrix("gr_30_30.mtx"), "--quiet"}), 30);
    CHECK(rows.exit_code == 5);
    CHECK_THAT(rows.err, Catch::Contains("the job has 900 rows, more than this broker's "
                                         "--max-rows of 899"));
    const RunResult nnz = run(cluster.customer({"--matrix", matrix("nos6.mtx"), "--quiet"}), 30);
    CHECK(nnz.exit_code == 5);
    CHECK_THAT(nnz.err, Catch::Contains("--max-nnz of 3000"));
    // and within them, served
    CHECK(run(cluster.customer({"--matrix", matrix("nist_ex1.mtx"), "--quiet"}), 30).exit_code ==
          0);
  }
  SECTION("no broker at the address") {
    TempDir dir;
    const auto start = std::chrono::steady_clock::now();
    const RunResult r = run({binary("customer"), "--broker", "ipc://" + dir.path() + "/nobody",
                             "--connect-timeout", "1", "--double", "1,2"},
                            30);
    CHECK(r.exit_code == 5);
    CHECK_THAT(r.err, Catch::Contains("no answer from the broker"));
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
  }
  SECTION("a customer of another protocol version is told so") {
    StandingCluster cluster;
    zmq::context_t context;
    zmq::socket_t old(context, zmq::socket_type::dealer);
    old.set(zmq::sockopt::linger, 0);
    old.connect(cluster.endpoint());
    // a version 3 frame: [3, type 20 (submit), job 0, epoch 0, iteration 0]
    const unsigned char frame[] = {0x95, 0x03, 0x14, 0x00, 0x00, 0x00};
    (void)old.send(zmq::buffer(frame, sizeof frame), zmq::send_flags::none);
    zmq::pollitem_t item{old.handle(), 0, ZMQ_POLLIN, 0};
    REQUIRE(zmq::poll(&item, 1, std::chrono::milliseconds(5000)) == 1);
    zmq::message_t reply;
    REQUIRE(old.recv(reply));
    const auto m = slae::protocol::decode(
        std::span<const std::byte>(static_cast<const std::byte*>(reply.data()), reply.size()));
    REQUIRE(std::holds_alternative<slae::protocol::Refused>(m.body));
    CHECK_THAT(std::get<slae::protocol::Refused>(m.body).reason,
               Catch::Contains("protocol version " + std::to_string(slae::protocol::kVersion) +
                               ", not 3"));
  }
  SECTION("usage errors of customer and --serve are one line, exit 2") {
    for (const auto& [argv, says] : std::vector<std::pair<std::vector<std::string>, std::string>>{
             {{binary("customer"), "--matrix", matrix("nist_ex1.mtx")}, "--broker"},
             {{binary("customer"), "--broker", "tcp://127.0.0.1:1", "--json"}, "give one of"},
             {{binary("customer"), "--broker", "tcp://127.0.0.1:1", "--double", "1", "--json"},
              "--json goes with --status"},
             {{binary("customer"), "--broker", "tcp://127.0.0.1:1", "--status", "--cancel", "3"},
              "cannot go together"},
             {{binary("customer"), "--broker", "tcp://127.0.0.1:1", "--status", "--tol", "1e-3"},
              "--status takes no --tol"},
             {{binary("coordinator"), "--serve", "tcp://127.0.0.1:5599", "--nodes", "3"},
              "--serve takes no --nodes"},
             {{binary("coordinator"), "--matrix", matrix("nist_ex1.mtx"), "--insecure-bind"},
              "--insecure-bind goes with --serve"},
             {{binary("coordinator"), "--serve", "udp://x"}, "tcp://HOST:PORT or ipc:///PATH"},
             {{binary("coordinator"), "--double", "1,2", "--max-rows", "5"},
              "--max-rows goes with --matrix or --serve"},
             {{binary("coordinator"), "--matrix", matrix("gr_30_30.mtx"), "--max-rows", "899"},
              "gr_30_30.mtx:14: 900 rows, more than the limit of 899 (--max-rows)"},
             {{binary("coordinator"), "--matrix", matrix("gr_30_30.mtx"), "--max-nnz", "100"},
              "gr_30_30.mtx:14: 4322 entries, more than the limit of 100 (--max-nnz)"}}) {
      CAPTURE(says);
      const RunResult r = run(argv, 30);
      CHECK(r.exit_code == 2);
      CHECK_THAT(r.err, Catch::Contains(says));
      CHECK(lines(r.err).size() == 1);
    }
  }
  SECTION("serving beyond this machine needs --insecure-bind") {
    const RunResult r = run({binary("coordinator"), "--serve", "tcp://0.0.0.0:5555"}, 30);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("anyone who can reach the port") &&
                          Catch::Contains("--insecure-bind"));
  }
}
