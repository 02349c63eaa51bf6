#include <catch2/catch.hpp>

#include "tests/support/xml_check.hpp"

using slae::test::xml_problem;

TEST_CASE("the XML check itself rejects broken documents", "[support]") {
  CHECK(xml_problem("<svg><g></g><text>a &amp; b</text></svg>").empty());
  CHECK_FALSE(xml_problem("<svg><g></svg>").empty());
  CHECK_FALSE(xml_problem("<svg><text>a<b</text></svg>").empty());
  CHECK_FALSE(xml_problem("<svg><text>a & b</text></svg>").empty());
  CHECK_FALSE(xml_problem("<svg><text x=\"<\">a</text></svg>").empty());
  CHECK_FALSE(xml_problem("<svg/><svg/>").empty());
}
