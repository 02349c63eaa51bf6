#include "coordinator/run/broker_commands.hpp"

#include <catch2/catch.hpp>

using namespace slae::coordinator;

TEST_CASE("the broker's ready line says how to connect, with the keys it requires", "[serve]") {
  Options o;
  CHECK(ready_line(o, "tcp://lab1:5555") ==
        "broker ready: workers join with  slae-node --connect tcp://lab1:5555  and customers "
        "submit with  customer --broker tcp://lab1:5555");
  o.key_path = "/etc/slae/broker.key";
  o.worker_keys_dir = "workers";
  o.customer_keys_dir = "customers";
  CHECK(ready_line(o, "tcp://lab1:5555") ==
        "broker ready: workers join with  slae-node --connect tcp://lab1:5555 --key NAME.key "
        "--broker-key /etc/slae/broker.pub  and customers submit with  customer --broker "
        "tcp://lab1:5555 --key NAME.key --broker-key /etc/slae/broker.pub  (NAME.key: a pair "
        "of coordinator --keygen NAME whose NAME.pub is in --worker-keys or --customer-keys)");
  // a role without a directory of keys cannot connect at all: said so, not how to
  o.customer_keys_dir.clear();
  const std::string workers_only = ready_line(o, "tcp://lab1:5555");
  CHECK_THAT(workers_only, Catch::Contains("no customer may submit (no --customer-keys)") &&
                               Catch::Contains("whose NAME.pub is in --worker-keys)") &&
                               !Catch::Contains("customer --broker"));
}
