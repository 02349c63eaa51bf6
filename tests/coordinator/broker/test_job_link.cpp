#include "coordinator/broker/job_link.hpp"

#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <vector>

#include <zmq.hpp>

using slae::coordinator::carry;
using slae::coordinator::take;

TEST_CASE("a carried value comes out of its frame whole, and the frame still frees what is left",
          "[job_link]") {
  zmq::message_t frame = carry(std::vector<std::string>{"node-0", "node-1"});
  const auto taken = take<std::vector<std::string>>(frame);
  REQUIRE(taken);
  CHECK(*taken == std::vector<std::string>{"node-0", "node-1"});
}

TEST_CASE("a carried frame dropped unread frees its value", "[job_link]") {
  const auto value = std::make_shared<int>(7);
  {
    zmq::message_t frame = carry(value);
    CHECK(value.use_count() == 2);  // one held by the frame
  }
  CHECK(value.use_count() == 1);
}

TEST_CASE("an empty frame carries nothing", "[job_link]") {
  zmq::message_t empty;
  CHECK_FALSE(take<std::vector<int>>(empty));
}

TEST_CASE("a carried value crosses an inproc socket as the value itself, not a copy of its bytes",
          "[job_link]") {
  // as a job's DEALER and the broker's ROUTER hand a claim or a grant to each other
  zmq::context_t context;
  zmq::socket_t a(context, zmq::socket_type::pair), b(context, zmq::socket_type::pair);
  a.bind("inproc://job-link-test");
  b.connect("inproc://job-link-test");
  const auto value = std::make_shared<std::string>(std::string(1000, 'x'));
  (void)a.send(carry(value), zmq::send_flags::none);
  zmq::message_t received;
  REQUIRE(b.recv(received, zmq::recv_flags::none));
  const auto taken = take<std::shared_ptr<std::string>>(received);
  REQUIRE(taken);
  CHECK(taken->get() == value.get());  // the same object: nothing was copied byte by byte
  CHECK(**taken == std::string(1000, 'x'));
}
