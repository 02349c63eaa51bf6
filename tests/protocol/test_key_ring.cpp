#include "protocol/key_ring.hpp"

#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "protocol/curve_keys.hpp"
#include "protocol/key_files.hpp"
#include "solver/input_error.hpp"
#include "tests/support/temp_files.hpp"

using namespace slae;
using protocol::KeyRing;
using slae::test::TempDir;

namespace {

// Two key directories and the keys put in them.
struct Directories {
  TempDir dir;
  std::string workers = dir.path() + "/workers";
  std::string customers = dir.path() + "/customers";
  std::vector<std::string> warnings;

  Directories() {
    std::filesystem::create_directories(workers);
    std::filesystem::create_directories(customers);
  }
  std::string put(const std::string& directory, const std::string& owner, const std::string& key) {
    std::filesystem::create_directories(directory);
    dir.file(directory.substr(dir.path().size() + 1) + "/" + owner + ".pub", key + "\n");
    return key;
  }
  KeyRing read(bool strict = true) {
    return KeyRing::read(workers, customers, strict,
                         [this](const std::string& line) { warnings.push_back(line); });
  }
};

std::string new_key() {
  return protocol::make_curve_key_pair().public_key;
}

}  // namespace

TEST_CASE("user ids carry roles and owner", "[keys]") {
  CHECK(protocol::roles_of("w:lab3").worker);
  CHECK_FALSE(protocol::roles_of("w:lab3").customer);
  CHECK(protocol::roles_of("w:lab3").owner == "lab3");
  CHECK(protocol::roles_of("c:alice").customer);
  CHECK(protocol::roles_of("wc:a:b").owner == "a:b");
  CHECK(protocol::roles_of("wc:alice").worker);
  for (const char* none : {"", "node-3", "x:alice", ":alice", "cw:alice", "wcc:alice"}) {
    CHECK_FALSE(protocol::roles_of(none).worker);
    CHECK_FALSE(protocol::roles_of(none).customer);
  }
}

TEST_CASE("a key ring admits each key with the roles of the directories it is in", "[keys]") {
  Directories d;
  const std::string w = d.put(d.workers, "lab3", new_key());
  const std::string c = d.put(d.customers, "alice", new_key());
  const std::string both = d.put(d.workers, "bob", new_key());
  d.put(d.customers, "bob", both);
  d.dir.file("workers/README", "not a key file: ignored\n");
  const KeyRing ring = d.read();
  CHECK(ring.admitted().at(w) == "w:lab3");
  CHECK(ring.admitted().at(c) == "c:alice");
  CHECK(ring.admitted().at(both) == "wc:bob");
  CHECK(ring.admitted().size() == 3);
  CHECK(ring.workers() == 2);
  CHECK(ring.customers() == 2);
}

TEST_CASE("a bad key file stops the broker at start, and is left out on SIGHUP", "[keys]") {
  Directories d;
  const std::string good = d.put(d.workers, "lab3", new_key());
  d.put(d.workers, "lab4", "not a key");
  CHECK_THROWS_WITH(d.read(true), Catch::Contains("lab4.pub: line 1: expected a public key"));
  const KeyRing ring = d.read(false);
  CHECK(ring.admitted().size() == 1);
  CHECK(ring.admitted().count(good) == 1);
  REQUIRE(d.warnings.size() == 1);
  CHECK_THAT(d.warnings[0], Catch::Contains("lab4.pub") && Catch::Contains("not admitted"));
  // an owner name that could mislead a log line is refused
  Directories e;
  e.put(e.workers, "bad name", new_key());
  CHECK_THROWS_WITH(e.read(true), Catch::Contains("names its owner"));
}

TEST_CASE("a key directory that cannot be read admits nobody (fail closed)", "[keys]") {
  Directories d;
  d.put(d.workers, "lab3", new_key());
  std::filesystem::remove_all(d.workers);
  CHECK_THROWS_WITH(d.read(true), Catch::Contains("cannot read this key directory"));
  const KeyRing ring = d.read(false);
  CHECK(ring.admitted().empty());
  CHECK_THAT(d.warnings.at(0), Catch::Contains("nobody is admitted from it"));
}

TEST_CASE("revoked_by names the user ids whose keys went or changed", "[keys]") {
  Directories d;
  const std::string a = d.put(d.workers, "lab3", new_key());
  d.put(d.workers, "lab4", new_key());
  d.put(d.customers, "alice", new_key());
  const KeyRing before = d.read();
  std::filesystem::remove(d.workers + "/lab4.pub");
  d.put(d.customers, "alice", new_key());  // a new key under the old name
  d.put(d.customers, "lab3", a);           // lab3 gains the customer role
  const KeyRing after = d.read();
  CHECK(before.revoked_by(after) == std::set<std::string>{"w:lab4", "c:alice", "w:lab3"});
  CHECK(after.revoked_by(after).empty());
}
