#include "protocol/zap_handler.hpp"

#include <catch2/catch.hpp>
#include <optional>
#include <thread>
#include <vector>

#include "protocol/curve_keys.hpp"
#include "protocol/key_files.hpp"

using namespace slae;

namespace {

// A CURVE server guarded by a ZapHandler that admits `allowed` as "worker-1".
struct GuardedServer {
  zmq::context_t context;
  protocol::CurveKeyPair keys = protocol::make_curve_key_pair();
  std::vector<std::string> refusals;
  protocol::ZapHandler zap;
  zmq::socket_t router{context, zmq::socket_type::router};
  std::string endpoint;

  explicit GuardedServer(const std::string& allowed)
      : zap(context, {{allowed, "worker-1"}},
            [this](const std::string& line) { refusals.push_back(line); }) {
    router.set(zmq::sockopt::linger, 0);
    protocol::configure_curve_server(router, keys);
    router.bind("tcp://127.0.0.1:*");
    endpoint = router.get(zmq::sockopt::last_endpoint);
  }

  // What arrives within a second: the user id of the first message, or nothing.
  std::optional<std::string> first_user_id() {
    zmq::pollitem_t item{router.handle(), 0, ZMQ_POLLIN, 0};
    if (zmq::poll(&item, 1, std::chrono::milliseconds(1000)) == 0) return std::nullopt;
    zmq::message_t identity, body;
    (void)router.recv(identity);
    (void)router.recv(body);
    const char* user = zmq_msg_gets(body.handle(), "User-Id");
    return user ? std::string(user) : std::string();
  }
};

void send_hello(zmq::context_t& context, const std::string& endpoint,
                const protocol::NodeKeys& keys) {
  zmq::socket_t dealer(context, zmq::socket_type::dealer);
  dealer.set(zmq::sockopt::linger, 200);
  protocol::configure_curve_client(dealer, keys);
  dealer.connect(endpoint);
  (void)dealer.send(zmq::str_buffer("hello"), zmq::send_flags::none);
  // stays connected until the server had its chance to receive
  zmq::pollitem_t item{dealer.handle(), 0, ZMQ_POLLIN, 0};
  zmq::poll(&item, 1, std::chrono::milliseconds(1200));
}

}  // namespace

TEST_CASE("the ZAP handler admits its keys with their user id", "[zap]") {
  const protocol::CurveKeyPair worker = protocol::make_curve_key_pair();
  GuardedServer server(worker.public_key);
  std::optional<std::string> user;
  std::thread client([&] {
    send_hello(server.context, server.endpoint, {server.keys.public_key, worker});
  });
  user = server.first_user_id();
  client.join();
  CHECK(user == "worker-1");
  CHECK(server.zap.refused() == 0);
}

TEST_CASE("the ZAP handler refuses any other key: nothing of that client arrives", "[zap]") {
  const protocol::CurveKeyPair worker = protocol::make_curve_key_pair();
  const protocol::CurveKeyPair stranger = protocol::make_curve_key_pair();
  GuardedServer server(worker.public_key);
  std::thread client([&] {
    send_hello(server.context, server.endpoint, {server.keys.public_key, stranger});
  });
  const auto user = server.first_user_id();
  client.join();
  CHECK_FALSE(user.has_value());
  CHECK(server.zap.refused() >= 1);
  REQUIRE(server.refusals.size() == 1);  // logged once per key, however often it retries
  // named by its fingerprint: no key appears in a log
  CHECK_THAT(server.refusals[0], Catch::Contains(protocol::key_fingerprint(stranger.public_key)));
  CHECK_THAT(server.refusals[0], !Catch::Contains(stranger.public_key));
}

TEST_CASE("a key replaced away is refused from then on, named by its former owner", "[zap]") {
  const protocol::CurveKeyPair worker = protocol::make_curve_key_pair();
  GuardedServer server(worker.public_key);
  server.zap.replace({{protocol::make_curve_key_pair().public_key, "w:other"}});
  std::thread client([&] {
    send_hello(server.context, server.endpoint, {server.keys.public_key, worker});
  });
  const auto user = server.first_user_id();
  client.join();
  CHECK_FALSE(user.has_value());
  REQUIRE(server.refusals.size() == 1);
  CHECK_THAT(server.refusals[0], Catch::Contains("(of worker-1) has been revoked"));
  // admitted again: in again
  server.zap.replace({{worker.public_key, "w:lab3"}});
  std::thread again([&] {
    send_hello(server.context, server.endpoint, {server.keys.public_key, worker});
  });
  const auto back = server.first_user_id();
  again.join();
  CHECK(back == "w:lab3");
}
