#include "solver/multicolour.hpp"

#include <stdexcept>

namespace slae {

MulticolourOrdering colour_greedily(const CsrMatrix& a, const StopCheck& stop) {
  if (a.rows != a.cols) throw std::invalid_argument("colour_greedily: A must be square");
  const std::int64_t n = a.rows;
  // The transpose's pattern: for row i, the rows j with a_ji stored (j < i is all we need).
  std::vector<std::int64_t> t_ptr(static_cast<std::size_t>(n) + 1, 0);
  for (const std::int32_t c : a.col_idx)
    ++t_ptr[static_cast<std::size_t>(c) + 1];
  for (std::int64_t i = 0; i < n; ++i)
    t_ptr[i + 1] += t_ptr[i];
  std::vector<std::int32_t> t_row(a.col_idx.size());
  {
    std::vector<std::int64_t> next(t_ptr.begin(), t_ptr.end() - 1);
    for (std::int64_t i = 0; i < n; ++i) {
      for (std::int64_t k = a.row_ptr[i]; k < a.row_ptr[i + 1]; ++k)
        t_row[static_cast<std::size_t>(next[static_cast<std::size_t>(a.col_idx[k])]++)] =
            static_cast<std::int32_t>(i);
    }
  }

  MulticolourOrdering ordering;
  ordering.colour.assign(static_cast<std::size_t>(n), 0);
  // taken[c] == i + 1: colour c is used by an earlier neighbour of row i (no clearing needed)
  std::vector<std::int64_t> taken;
  const auto mark = [&](std::int64_t j, std::int64_t i) {
    if (j >= i) return;  // not coloured yet (or the diagonal)
    const auto c = static_cast<std::size_t>(ordering.colour[static_cast<std::size_t>(j)]);
    if (c >= taken.size()) taken.resize(c + 1, 0);
    taken[c] = i + 1;
  };
  for (std::int64_t i = 0; i < n; ++i) {
    if (stop && (i & 0xFFFF) == 0) stop();
    for (std::int64_t k = a.row_ptr[i]; k < a.row_ptr[i + 1]; ++k)
      mark(a.col_idx[k], i);
    for (std::int64_t k = t_ptr[i]; k < t_ptr[i + 1]; ++k)
      mark(t_row[static_cast<std::size_t>(k)], i);
    std::size_t c = 0;
    while (c < taken.size() && taken[c] == i + 1)
      ++c;
    ordering.colour[static_cast<std::size_t>(i)] = static_cast<std::int32_t>(c);
    if (c >= ordering.rows_per_colour.size()) ordering.rows_per_colour.resize(c + 1, 0);
    ++ordering.rows_per_colour[c];
  }
  return ordering;
}

std::string describe(const MulticolourOrdering& ordering) {
  const int colours = ordering.colours();
  std::string text = std::to_string(colours) + (colours == 1 ? " colour (" : " colours (");
  if (colours == 2) text += "red-black: ";
  constexpr int kShown = 6;
  for (int c = 0; c < colours && c < kShown; ++c) {
    if (c > 0) text += " + ";
    text += std::to_string(ordering.rows_per_colour[static_cast<std::size_t>(c)]);
  }
  if (colours > kShown) text += " + ...";
  return text + " rows)";
}

std::vector<std::vector<std::int32_t>> rows_by_colour(const std::vector<std::int32_t>& colour,
                                                      int colours) {
  std::vector<std::vector<std::int32_t>> rows(static_cast<std::size_t>(colours));
  for (std::size_t i = 0; i < colour.size(); ++i) {
    if (colour[i] < 0 || colour[i] >= colours) {
      throw std::invalid_argument("row " + std::to_string(i) + " has colour " +
                                  std::to_string(colour[i]) + ", outside 0.." +
                                  std::to_string(colours - 1));
    }
    rows[static_cast<std::size_t>(colour[i])].push_back(static_cast<std::int32_t>(i));
  }
  return rows;
}

}  // namespace slae
