#include "tests/regression/regression_expectations.hpp"

#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

namespace slae::test {

namespace {

// The fields whose values differ, "key recorded -> now"; a field on one side only shows
// "(none)" on the other.
std::string json_change(const std::string& recorded, const std::string& now) {
  const auto old_json = nlohmann::json::parse(recorded, nullptr, false);
  const auto new_json = nlohmann::json::parse(now, nullptr, false);
  if (old_json.is_discarded() || !old_json.is_object() || !new_json.is_object()) {
    return "it is not the JSON object an update writes";
  }
  std::set<std::string> keys;
  for (const auto& [key, value] : old_json.items())
    keys.insert(key);
  for (const auto& [key, value] : new_json.items())
    keys.insert(key);
  std::string out;
  for (const std::string& key : keys) {
    const std::string before = old_json.contains(key) ? old_json[key].dump() : "(none)";
    const std::string after = new_json.contains(key) ? new_json[key].dump() : "(none)";
    if (before == after) continue;
    out.append(out.empty() ? "" : ", ").append(key).append(" ").append(before);
    out.append(" -> ").append(after);
  }
  return out.empty() ? "the same values, written differently" : out;
}

// Where two texts first differ, by line: "line 7: 0.99999999999999989 -> 1".
std::string first_line_change(const std::string& recorded, const std::string& now) {
  std::istringstream old_lines(recorded), new_lines(now);
  std::string before, after;
  for (int number = 1;; ++number) {
    const bool has_old = static_cast<bool>(std::getline(old_lines, before));
    const bool has_new = static_cast<bool>(std::getline(new_lines, after));
    if (!has_old && !has_new) return "the same lines, written differently";
    if (has_old != has_new || before != after) {
      return "first at line " + std::to_string(number) + ": " + (has_old ? before : "(none)") +
             " -> " + (has_new ? after : "(none)");
    }
  }
}

}  // namespace

std::vector<std::string> expectation_changes(const std::string& id,
                                             const ExpectationFiles& recorded,
                                             const ExpectationFiles& now) {
  std::vector<std::string> changes;
  const std::string json_file = "expected/" + id + ".json";
  const std::string x_file = "expected/" + id + ".x.mtx";
  if (recorded.json != now.json) {
    changes.push_back("an update would change " + json_file + ": " +
                      json_change(recorded.json, now.json));
  }
  if (recorded.x && !now.x) {
    changes.push_back("an update would remove " + x_file);
  } else if (!recorded.x && now.x) {
    changes.push_back("an update would write " + x_file);
  } else if (recorded.x && now.x && *recorded.x != *now.x) {
    changes.push_back("an update would change " + x_file + ": " +
                      first_line_change(*recorded.x, *now.x));
  }
  return changes;
}

}  // namespace slae::test
