#include "protocol/curve_keys.hpp"

#include <catch2/catch.hpp>

using namespace slae::protocol;

TEST_CASE("key pairs are fresh Z85 keys that survive the binary form", "[curve]") {
  const CurveKeyPair a = make_curve_key_pair(), b = make_curve_key_pair();
  CHECK(a.public_key.size() == 40);
  CHECK(a.secret_key.size() == 40);
  CHECK(a.public_key != b.public_key);
  CHECK(z85_to_binary(a.public_key).size() == 32);
  CHECK(binary_to_z85(z85_to_binary(a.public_key)) == a.public_key);
  CHECK_THROWS(z85_to_binary("not a key"));
}

TEST_CASE("a node's keys go through their text form and back, and nothing else does", "[curve]") {
  const NodeKeys keys{make_curve_key_pair().public_key, make_curve_key_pair()};
  const std::string text = format_node_keys(keys);
  const NodeKeys back = parse_node_keys(text);
  CHECK(back.server_public_key == keys.server_public_key);
  CHECK(back.own.public_key == keys.own.public_key);
  CHECK(back.own.secret_key == keys.own.secret_key);
  CHECK_THROWS(parse_node_keys(""));
  CHECK_THROWS(parse_node_keys(text.substr(0, text.size() - 5)));
  CHECK_THROWS(parse_node_keys(text + "more\n"));
  CHECK_THROWS(parse_node_keys("public-key " + keys.own.public_key + "\n" + text));
}
