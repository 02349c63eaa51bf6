#include "tests/support/xml_check.hpp"

#include <cctype>
#include <vector>

namespace slae::test {

std::string xml_problem(const std::string& doc) {
  const auto entity_ok = [&](std::size_t at) {
    for (const char* e : {"&amp;", "&lt;", "&gt;", "&quot;", "&apos;"}) {
      if (doc.compare(at, std::string(e).size(), e) == 0) return true;
    }
    return false;
  };
  std::vector<std::string> open;
  int roots = 0;
  std::size_t i = 0;
  if (doc.rfind("<?xml", 0) == 0) i = doc.find("?>") + 2;
  while (i < doc.size()) {
    if (doc[i] == '&' && !entity_ok(i)) return "bare '&' at " + std::to_string(i);
    if (doc[i] == '>') return "bare '>' in text at " + std::to_string(i);
    if (doc[i] != '<') {
      if (open.empty() && !std::isspace(static_cast<unsigned char>(doc[i])))
        return "text outside the root at " + std::to_string(i);
      ++i;
      continue;
    }
    const bool closing = doc[i + 1] == '/';
    std::size_t j = i + (closing ? 2 : 1);
    const std::size_t name_start = j;
    while (j < doc.size() && (std::isalnum(static_cast<unsigned char>(doc[j])) || doc[j] == '-'))
      ++j;
    const std::string name = doc.substr(name_start, j - name_start);
    if (name.empty()) return "'<' without a tag name at " + std::to_string(i);
    if (closing) {
      if (doc[j] != '>') return "junk in </" + name + ">";
      if (open.empty() || open.back() != name) return "</" + name + "> closes nothing open";
      open.pop_back();
      i = j + 1;
      continue;
    }
    // attributes: name="value"
    for (;;) {
      while (j < doc.size() && std::isspace(static_cast<unsigned char>(doc[j])))
        ++j;
      if (j >= doc.size()) return "unterminated <" + name;
      if (doc[j] == '>' || doc.compare(j, 2, "/>") == 0) break;
      const std::size_t eq = doc.find('=', j);
      if (eq == std::string::npos || doc[eq + 1] != '"') return "unquoted attribute in <" + name;
      const std::size_t end = doc.find('"', eq + 2);
      if (end == std::string::npos) return "unterminated attribute in <" + name;
      for (std::size_t k = eq + 2; k < end; ++k) {
        if (doc[k] == '<') return "'<' in an attribute of <" + name;
        if (doc[k] == '&' && !entity_ok(k)) return "bare '&' in an attribute of <" + name;
      }
      j = end + 1;
    }
    if (open.empty() && ++roots > 1) return "a second root element <" + name + ">";
    if (doc[j] == '>') {
      open.push_back(name);
      i = j + 1;
    } else {
      i = j + 2;
    }
  }
  if (!open.empty()) return "<" + open.back() + "> is never closed";
  if (roots != 1) return "no root element";
  return "";
}

}  // namespace slae::test
