#include "solver/row_partition.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace slae {
namespace {

void check_parts(std::int64_t rows, int parts) {
  if (parts < 1 || parts > rows) {
    throw std::invalid_argument("cannot split " + std::to_string(rows) + " rows into " +
                                std::to_string(parts) + " non-empty blocks");
  }
}

}  // namespace

RowPartition::RowPartition(std::vector<std::int64_t> bounds) : bounds_(std::move(bounds)) {
  if (bounds_.size() < 2 || bounds_.front() != 0) {
    throw std::invalid_argument("RowPartition: bounds must start at 0 and name at least one block");
  }
  for (std::size_t i = 1; i < bounds_.size(); ++i) {
    if (bounds_[i] <= bounds_[i - 1]) {
      throw std::invalid_argument("RowPartition: every block must hold at least one row");
    }
  }
}

RowPartition RowPartition::uniform(std::int64_t rows, int parts) {
  check_parts(rows, parts);
  std::vector<std::int64_t> bounds(parts + 1, 0);
  const std::int64_t base = rows / parts;
  const std::int64_t extra = rows % parts;
  for (int p = 0; p < parts; ++p)
    bounds[p + 1] = bounds[p] + base + (p < extra ? 1 : 0);
  return RowPartition(std::move(bounds));
}

RowPartition RowPartition::balanced_by_nnz(const CsrMatrix& a, int parts) {
  check_parts(a.rows, parts);
  // Cut where the running entry count (plus one per row, so that empty rows still count as
  // work: each costs a diagonal division and a write) crosses p/parts of the total.
  // Each cut is clamped so that every block keeps at least one row.
  const auto work = [&a](std::int64_t row) { return a.row_ptr[row] + row; };
  const std::int64_t total = work(a.rows);
  std::vector<std::int64_t> bounds(parts + 1, 0);
  bounds[parts] = a.rows;
  for (int p = 1; p < parts; ++p) {
    const std::int64_t target = (total * p + parts / 2) / parts;
    // first row boundary r with work(r) >= target
    std::int64_t lo = 0, hi = a.rows;
    while (lo < hi) {
      const std::int64_t mid = lo + (hi - lo) / 2;
      if (work(mid) < target)
        lo = mid + 1;
      else
        hi = mid;
    }
    // pick whichever of r-1, r lands nearer the target
    std::int64_t cut = lo;
    if (cut > 0 && target - work(cut - 1) < work(cut) - target) --cut;
    const std::int64_t min_cut = bounds[p - 1] + 1;
    const std::int64_t max_cut = a.rows - (parts - p);
    bounds[p] = std::clamp(cut, min_cut, max_cut);
  }
  return RowPartition(std::move(bounds));
}

int RowPartition::owner(std::int64_t row) const {
  if (row < 0 || row >= rows()) throw std::out_of_range("RowPartition::owner: row out of range");
  const auto it = std::upper_bound(bounds_.begin(), bounds_.end(), row);
  return static_cast<int>(it - bounds_.begin()) - 1;
}

}  // namespace slae
