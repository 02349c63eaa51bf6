#include "coordinator/text/omega_list.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

using slae::coordinator::format_omega;
using slae::coordinator::parse_omega_list;

namespace {

// The message parse_omega_list refuses `text` with ("" when it accepts it).
std::string omega_refusal(const std::string& text) {
  try {
    parse_omega_list(text);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

// The doubles strtod reads from each text: what a range must give, bit for bit.
std::vector<double> read(const std::vector<const char*>& texts) {
  std::vector<double> out;
  for (const char* t : texts)
    out.push_back(std::strtod(t, nullptr));
  return out;
}

}  // namespace

TEST_CASE("omega: one number, or a comma list in the order given", "[omega_list]") {
  CHECK(parse_omega_list("1.2") == std::vector<double>{1.2});
  CHECK(parse_omega_list(" 1.2\t") == std::vector<double>{1.2});
  CHECK(parse_omega_list("+0.75") == std::vector<double>{0.75});
  CHECK(parse_omega_list("0.8,1,1.2") == std::vector<double>{0.8, 1.0, 1.2});
  CHECK(parse_omega_list("1.2 , 0.8,  1") == std::vector<double>{1.2, 0.8, 1.0});
  CHECK(parse_omega_list("1e-1,.5,2E0") == std::vector<double>{0.1, 0.5, 2.0});
  // not checked against (0, 2): the caller does, per method
  CHECK(parse_omega_list("-1,0,7") == std::vector<double>{-1.0, 0.0, 7.0});
}

TEST_CASE("omega: a range gives START + i STEP rounded to 12 digits, STOP included",
          "[omega_list]") {
  const std::vector<double> sweep = parse_omega_list("0.5:1.5:0.1");
  CHECK(sweep == read({"0.5", "0.6", "0.7", "0.8", "0.9", "1", "1.1", "1.2", "1.3", "1.4", "1.5"}));
  // 0.1 * 3 is 0.30000000000000004 in doubles: the range gives the double of "0.3"
  CHECK(parse_omega_list("0:0.3:0.1") == read({"0", "0.1", "0.2", "0.3"}));
  CHECK(parse_omega_list("0:0.3:0.1")[3] != 0.1 * 3);
  CHECK(parse_omega_list(" 1 : 1.9 : 0.3 ") == read({"1", "1.3", "1.6", "1.9"}));
  // STOP off the grid is not reached; STOP within 1e-9 of a step is
  CHECK(parse_omega_list("1:1.25:0.1") == read({"1", "1.1", "1.2"}));
  CHECK(parse_omega_list("1:1.1999999999999:0.1") == read({"1", "1.1", "1.2"}));
  CHECK(parse_omega_list("1:1.19:0.1") == read({"1", "1.1"}));
  CHECK(parse_omega_list("1.2:1.2:0.1") == read({"1.2"}));
  CHECK(parse_omega_list("0.01:1.99:0.01").size() == 199);
  CHECK(parse_omega_list("0.01:1.99:0.01")[56] == std::strtod("0.57", nullptr));
  CHECK(parse_omega_list("0:999:1").size() == 1000);
}

TEST_CASE("omega: every refusal quotes the text and says what is wrong", "[omega_list]") {
  CHECK(omega_refusal("") ==
        "omega list \"\": no value; give one (1.2), a list (0.8,1,1.2) or a range (0.5:1.5:0.1)");
  CHECK(omega_refusal("  ") ==
        "omega list \"  \": no value; give one (1.2), a list (0.8,1,1.2) or a "
        "range (0.5:1.5:0.1)");
  CHECK(omega_refusal("0.8,,1") == "omega list \"0.8,,1\": item 2 is empty");
  CHECK(omega_refusal("0.8,1,") == "omega list \"0.8,1,\": item 3 is empty");
  CHECK(omega_refusal("abc") == "omega list \"abc\": the value \"abc\" is not a number");
  CHECK(omega_refusal("0.8,1x") == "omega list \"0.8,1x\": item 2 \"1x\" is not a number");
  CHECK(omega_refusal("0,8") == "");  // two values, 0 and 8: not a German 0.8, and no error
  CHECK(omega_refusal("1 2") == "omega list \"1 2\": the value \"1 2\" is not a number");
  CHECK(omega_refusal("0x1p0") == "omega list \"0x1p0\": the value \"0x1p0\" is not a number");
  CHECK(omega_refusal("+-1") == "omega list \"+-1\": the value \"+-1\" is not a number");
  CHECK(omega_refusal("+") == "omega list \"+\": the value \"+\" is not a number");
  CHECK(omega_refusal("1,nan") == "omega list \"1,nan\": item 2 \"nan\" is not a finite number");
  CHECK(omega_refusal("inf") == "omega list \"inf\": the value \"inf\" is not a finite number");
  CHECK(omega_refusal("-infinity") ==
        "omega list \"-infinity\": the value \"-infinity\" is not a finite number");
  CHECK(omega_refusal("1e999") ==
        "omega list \"1e999\": the value \"1e999\" is beyond the range of a double (not a "
        "finite number, or too close to 0)");
  CHECK(omega_refusal("1,1.0") == "omega list \"1,1.0\": 1 is given twice (\"1\" and \"1.0\")");
  CHECK(omega_refusal("0.5, 1, 0.50") ==
        "omega list \"0.5, 1, 0.50\": 0.5 is given twice (\"0.5\" and \"0.50\")");
  // a newline in the text stays escaped: the message is one line
  CHECK(omega_refusal("1\n2") == "omega list \"1\\n2\": the value \"1\\n2\" is not a number");

  CHECK(omega_refusal("0.5:1.5") ==
        "omega range \"0.5:1.5\": a range is START:STOP:STEP, three numbers");
  CHECK(omega_refusal("0.5:1.5:0.1:2") ==
        "omega range \"0.5:1.5:0.1:2\": a range is START:STOP:STEP, three numbers");
  CHECK(omega_refusal("0.5:1.5:") == "omega range \"0.5:1.5:\": STEP is empty");
  CHECK(omega_refusal(":1.5:0.1") == "omega range \":1.5:0.1\": START is empty");
  CHECK(omega_refusal("0.5:x:0.1") == "omega range \"0.5:x:0.1\": STOP \"x\" is not a number");
  CHECK(omega_refusal("0.5:inf:0.1") ==
        "omega range \"0.5:inf:0.1\": STOP \"inf\" is not a finite number");
  CHECK(omega_refusal("0.5:1.5:0") == "omega range \"0.5:1.5:0\": STEP \"0\" is not above 0");
  CHECK(omega_refusal("0.5:1.5:-0.1") ==
        "omega range \"0.5:1.5:-0.1\": STEP \"-0.1\" is not above 0");
  CHECK(omega_refusal("1.5:0.5:0.1") ==
        "omega range \"1.5:0.5:0.1\": STOP \"0.5\" is below START \"1.5\"");
  CHECK(omega_refusal("0:1000:1") == "omega range \"0:1000:1\": more than 1000 values");
  CHECK(omega_refusal("0:1:1e-300") == "omega range \"0:1:1e-300\": more than 1000 values");
  CHECK(omega_refusal("-1e308:1e308:1") == "omega range \"-1e308:1e308:1\": more than 1000 values");
  CHECK(omega_refusal("1:1.000000000001:1e-13") ==
        "omega range \"1:1.000000000001:1e-13\": 1 comes twice: STEP \"1e-13\" is below the 12 "
        "significant digits the values are rounded to");
  CHECK(omega_refusal("0.5:1.5:0.1,1.7") ==
        "omega list \"0.5:1.5:0.1,1.7\": a range START:STOP:STEP cannot be part of a list");

  std::string list = "1";
  for (int k = 2; k <= 1000; ++k)
    list.append(",").append(std::to_string(k));  // not "," + ...: GCC 12's false -Wrestrict
  CHECK(parse_omega_list(list).size() == 1000);
  CHECK(omega_refusal(list + ",1001").find("more than 1000 values") != std::string::npos);
  CHECK(omega_refusal(list + ",1001").find('\n') == std::string::npos);
}

TEST_CASE("omega: format_omega writes %.12g when it reads back, else the shortest that does",
          "[omega_list]") {
  CHECK(format_omega(0.3) == "0.3");
  CHECK(format_omega(1.25) == "1.25");
  CHECK(format_omega(1.0) == "1");
  CHECK(format_omega(1e-5) == "1e-05");
  CHECK(format_omega(1000.0) == "1000");
  for (const double omega : parse_omega_list("0:2:0.05")) {
    const std::string text = format_omega(omega);
    CHECK(text.size() <= 4);
    CHECK(std::strtod(text.c_str(), nullptr) == omega);
  }
  // 0.1 * 3 is not the double of "0.3": its text must not say it is
  CHECK(format_omega(0.1 * 3) == "0.30000000000000004");
  CHECK(format_omega(1.0000000000001) == "1.0000000000001");
}
