#include "protocol/key_files.hpp"

#include <sys/stat.h>

#include <catch2/catch.hpp>

#include "solver/input_error.hpp"
#include "tests/support/temp_files.hpp"

using namespace slae;
using slae::test::read_text;
using slae::test::TempDir;

namespace {

mode_t mode_of(const std::string& path) {
  struct stat info {};
  ::stat(path.c_str(), &info);
  return info.st_mode & 0777;
}

}  // namespace

TEST_CASE("keygen writes a secret pair readable only by its owner and a public key", "[keys]") {
  const TempDir dir;
  const std::string name = dir.path() + "/lab3";
  const std::string fingerprint = protocol::write_key_pair(name);
  CHECK(mode_of(name + ".key") == 0600);
  const protocol::CurveKeyPair pair = protocol::read_key_pair(name + ".key");
  CHECK(protocol::read_public_key(name + ".pub") == pair.public_key);
  CHECK(protocol::read_public_key(name + ".key") == pair.public_key);
  CHECK(protocol::key_fingerprint(pair.public_key) == fingerprint);
  CHECK(fingerprint.size() == 16);
  // the public file does not hold the secret
  CHECK(read_text(name + ".pub").find(pair.secret_key) == std::string::npos);
  // and a second pair is another pair
  protocol::write_key_pair(dir.path() + "/lab4");
  CHECK(protocol::read_key_pair(dir.path() + "/lab4.key").secret_key != pair.secret_key);
}

TEST_CASE("keygen never overwrites a key, and leaves no half pair", "[keys]") {
  const TempDir dir;
  const std::string name = dir.path() + "/lab3";
  protocol::write_key_pair(name);
  const std::string before = read_text(name + ".key");
  CHECK_THROWS_WITH(protocol::write_key_pair(name), Catch::Contains("exists already"));
  CHECK(read_text(name + ".key") == before);
  // a public file in the way: the new secret is taken back
  const std::string other = dir.file("lab5.pub", "somebody's\n");
  CHECK_THROWS_AS(protocol::write_key_pair(dir.path() + "/lab5"), InputError);
  CHECK(::access((dir.path() + "/lab5.key").c_str(), F_OK) != 0);
  CHECK(read_text(other) == "somebody's\n");
}

TEST_CASE("a secret key file others may read is refused, as ssh does", "[keys]") {
  const TempDir dir;
  protocol::write_key_pair(dir.path() + "/lab3");
  ::chmod((dir.path() + "/lab3.key").c_str(), 0640);
  CHECK_THROWS_WITH(protocol::read_key_pair(dir.path() + "/lab3.key"),
                    Catch::Contains("others may read this secret key (mode 0640)"));
}

TEST_CASE("malformed key files are refused naming the file and line", "[keys]") {
  const TempDir dir;
  const protocol::CurveKeyPair a = protocol::make_curve_key_pair();
  const protocol::CurveKeyPair b = protocol::make_curve_key_pair();
  const auto secret = [&](const std::string& name, const std::string& text) {
    const std::string path = dir.file(name, text);
    ::chmod(path.c_str(), 0600);
    return path;
  };
  CHECK_THROWS_WITH(
      protocol::read_key_pair(secret(
          "mixed.key", "public-key " + a.public_key + "\nsecret-key " + b.secret_key + "\n")),
      Catch::Contains("the public key is not the secret key's"));
  CHECK_THROWS_WITH(
      protocol::read_key_pair(
          secret("short.key", "# comment\npublic-key " + a.public_key + "\nsecret-key abc\n")),
      Catch::Contains("short.key: line 3: the secret-key is not 40 Z85 characters"));
  CHECK_THROWS_WITH(protocol::read_key_pair(secret("one.key", "public-key " + a.public_key)),
                    Catch::Contains("a public-key line and a secret-key line"));
  CHECK_THROWS_WITH(protocol::read_public_key(dir.file("bad.pub", "# c\n\nnot a key\n")),
                    Catch::Contains("bad.pub: line 3: expected a public key"));
  CHECK_THROWS_WITH(protocol::read_public_key(dir.file("empty.pub", "# only a comment\n")),
                    Catch::Contains("holds no key"));
  CHECK_THROWS_WITH(protocol::read_public_key(dir.path()), Catch::Contains("not a regular file"));
  CHECK_THROWS_WITH(protocol::read_public_key(dir.path() + "/none.pub"),
                    Catch::Contains("No such file"));
  CHECK_THROWS_WITH(protocol::read_public_key(dir.file("big.pub", std::string(5000, '#'))),
                    Catch::Contains("too large"));
  // CRLF line ends and spaces around are fine
  CHECK(protocol::read_public_key(dir.file("crlf.pub", "# c\r\n  " + a.public_key + " \r\n")) ==
        a.public_key);
}

TEST_CASE("fingerprints are stable and tell keys apart", "[keys]") {
  const protocol::CurveKeyPair a = protocol::make_curve_key_pair();
  const protocol::CurveKeyPair b = protocol::make_curve_key_pair();
  CHECK(protocol::key_fingerprint(a.public_key) == protocol::key_fingerprint(a.public_key));
  CHECK(protocol::key_fingerprint(a.public_key) != protocol::key_fingerprint(b.public_key));
  CHECK(protocol::key_fingerprint("") == "cbf29ce484222325");  // FNV-1a's offset basis
}
