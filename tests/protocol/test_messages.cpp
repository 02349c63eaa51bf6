// The message table (protocol/messages.hpp): what each type's layout says of its name and role,
// and PROTOCOL.md held to the layouts, so that the specification cannot drift from the wire.
#include "protocol/messages.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

using namespace slae::protocol;

namespace {

struct Described {
  std::string name;
  std::vector<std::string> fields;
};

template <std::size_t... I>
std::vector<Described> describe(std::index_sequence<I...>) {
  std::vector<Described> out;
  const auto one = [&](auto layout) {
    Described d{layout.name, {}};
    std::apply([&](const auto&... f) { (d.fields.emplace_back(f.name), ...); }, layout.fields);
    out.push_back(d);
  };
  (one(std::variant_alternative_t<I, Body>::wire()), ...);
  return out;
}

// Index: type - 1.
std::vector<Described> every_message() {
  return describe(std::make_index_sequence<std::variant_size_v<Body>>{});
}

// PROTOCOL.md's message tables: type number -> (name, the backquoted words of the fields column)
std::map<int, std::pair<std::string, std::vector<std::string>>> specified_messages() {
  std::ifstream in(SLAE_PROTOCOL_MD);
  REQUIRE(in);
  std::map<int, std::pair<std::string, std::vector<std::string>>> out;
  const std::regex row(R"(^\| (\d+) \| ([a-z_]+) \| [^|]+ \| (.*) \|$)");
  const std::regex quoted("`([^`]+)`");
  bool in_types = false;
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("## ", 0) == 0) in_types = line == "## Message types";
    std::smatch m;
    if (!in_types || !std::regex_match(line, m, row)) continue;
    std::vector<std::string> words;
    const std::string fields = m[3].str();
    if (fields.rfind("none", 0) != 0 && fields.rfind("the state", 0) != 0) {
      // a field list opens with its first field, unless the message has none
      CAPTURE(line);
      CHECK(fields.front() == '`');
    }
    for (auto w = std::sregex_iterator(fields.begin(), fields.end(), quoted);
         w != std::sregex_iterator(); ++w)
      words.push_back((*w)[1].str());
    const int type = std::stoi(m[1].str());
    CAPTURE(line);
    CHECK(out.count(type) == 0);
    out[type] = {m[2].str(), words};
  }
  return out;
}

}  // namespace

TEST_CASE("each message type is named by its layout", "[messages]") {
  const auto messages = every_message();
  REQUIRE(messages.size() == kLastMessageType);
  CHECK(std::string(type_name(MessageType::ready)) == "ready");
  CHECK(std::string(type_name(MessageType::error)) == "error");
  CHECK(std::string(type_name(MessageType::job_event)) == "job_event");
  CHECK(std::string(type_name(MessageType::welcome)) == "welcome");
  CHECK(std::string(type_name(static_cast<MessageType>(0))) == "unknown");
  CHECK(std::string(type_name(static_cast<MessageType>(kLastMessageType + 1))) == "unknown");
  for (std::size_t i = 0; i < messages.size(); ++i)
    CHECK(type_name(static_cast<MessageType>(i + 1)) == messages[i].name);
}

TEST_CASE("the requests a node answers and its answers are the layouts' roles", "[messages]") {
  std::vector<std::string> requests, replies;
  for (std::uint8_t t = 1; t <= kLastMessageType; ++t) {
    const auto type = static_cast<MessageType>(t);
    CHECK_FALSE((expects_reply(type) && is_reply(type)));
    if (expects_reply(type)) requests.emplace_back(type_name(type));
    if (is_reply(type)) replies.emplace_back(type_name(type));
  }
  // each request is answered by exactly one reply: as many of one as of the other
  CHECK(requests == std::vector<std::string>{"setup", "iterate", "double_task", "cg_direction",
                                             "cg_step", "collect"});
  CHECK(replies == std::vector<std::string>{"setup_ack", "block_result", "double_result",
                                            "cg_curvature", "cg_residual", "block_values"});
  CHECK_FALSE(expects_reply(static_cast<MessageType>(0)));
  CHECK_FALSE(is_reply(static_cast<MessageType>(kLastMessageType + 1)));
}

TEST_CASE("PROTOCOL.md names every message and lists its fields in wire order", "[messages]") {
  const auto messages = every_message();
  const auto specified = specified_messages();
  CHECK(specified.size() == messages.size());
  for (std::size_t i = 0; i < messages.size(); ++i) {
    const Described& message = messages[i];
    CAPTURE(message.name);
    const auto it = specified.find(static_cast<int>(i + 1));
    REQUIRE(it != specified.end());
    CHECK(it->second.first == message.name);
    // the layout's fields appear among the row's quoted words, in the same order (the row may
    // quote other words too: values, other messages)
    const std::vector<std::string>& words = it->second.second;
    std::size_t at = 0;
    for (const std::string& field : message.fields) {
      CAPTURE(field);
      while (at < words.size() && words[at] != field)
        ++at;
      CHECK(at < words.size());
      if (at < words.size()) ++at;
    }
  }
}
