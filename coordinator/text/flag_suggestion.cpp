#include "coordinator/text/flag_suggestion.hpp"

#include <algorithm>

namespace slae::coordinator {
namespace {

// Levenshtein distance, one row at a time; flags are short.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j)
    row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1] ? 1 : 0)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

}  // namespace

std::optional<std::string> nearest_flag(std::string_view given,
                                        const std::vector<std::string>& known) {
  std::optional<std::string> best;
  std::size_t best_distance = given.size() <= 7 ? 1 : 2;  // "--tol" and "--nodes" are short
  std::vector<const std::string*> extending;              // flags that begin with `given`
  for (const std::string& flag : known) {
    if (flag.size() > given.size() && flag.compare(0, given.size(), given) == 0)
      extending.push_back(&flag);
    const std::size_t d = edit_distance(given, flag);
    if (d <= best_distance && (!best || d < best_distance)) {
      best = flag;
      best_distance = d;
    }
  }
  if (!best && extending.size() == 1 && given.size() >= 4) best = *extending.front();
  return best;
}

std::string lower_trimmed(std::string_view text) {
  while (!text.empty() && text.front() == ' ')
    text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ')
    text.remove_suffix(1);
  std::string out(text);
  for (char& c : out)
    c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return out;
}

}  // namespace slae::coordinator
