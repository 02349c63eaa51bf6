#include "solver/printable.hpp"

#include <catch2/catch.hpp>
#include <string>

using slae::printable;

TEST_CASE("printable keeps ordinary text and valid UTF-8 as it is", "[printable]") {
  CHECK(printable("1e-3") == "1e-3");
  CHECK(printable("r\u00e9sidu \u2016b\u2016") == "r\u00e9sidu \u2016b\u2016");
}

TEST_CASE("printable escapes control bytes, NUL and malformed UTF-8", "[printable]") {
  using namespace std::string_literals;
  CHECK(printable("a\nb\tc\rd"s) == "a\\nb\\tc\\rd");
  CHECK(printable("x\0y"s) == "x\\0y");
  CHECK(printable("\x1b[2J"s) == "\\x1b[2J");
  CHECK(printable("\xff\xfe"s) == "\\xff\\xfe");
  CHECK(printable("\xc0\xaf"s) == "\\xc0\\xaf");  // an overlong '/'
  CHECK(printable("\xc2\x85"s) == "\\xc2\\x85");  // C1 control NEL
}

TEST_CASE("printable cuts long text with an ellipsis and the length", "[printable]") {
  const std::string token(5'000'000, '7');
  const std::string shown = printable(token, 10);
  CHECK(shown == "7777777777\u2026 (5000000 bytes)");
  CHECK(printable("exactly10!", 10) == "exactly10!");
  // a cut never splits a character or an escape
  CHECK(printable("\u00e9\u00e9\u00e9", 2) == "\u00e9\u00e9\u2026 (6 bytes)");
  CHECK(printable("\n\n\n", 2) == "\\n\\n\u2026 (3 bytes)");
}
