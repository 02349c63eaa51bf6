#include "solver/row_partition.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace slae {
namespace {

void check_parts(std::int64_t units, int parts, const char* unit_name) {
  if (parts < 1 || parts > units) {
    throw std::invalid_argument("cannot split " + std::to_string(units) + " " + unit_name +
                                " into " + std::to_string(parts) + " non-empty blocks");
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
  check_parts(rows, parts, "rows");
  std::vector<std::int64_t> bounds(parts + 1, 0);
  const std::int64_t base = rows / parts;
  const std::int64_t extra = rows % parts;
  for (int p = 0; p < parts; ++p)
    bounds[p + 1] = bounds[p] + base + (p < extra ? 1 : 0);
  return RowPartition(std::move(bounds));
}

RowPartition RowPartition::balanced_by_nnz(const CsrMatrix& a, int parts, std::int64_t granule) {
  if (granule < 1) throw std::invalid_argument("RowPartition: the granule must be at least 1 row");
  // Work in units of whole granules: unit u covers rows [u * granule, (u + 1) * granule).
  const std::int64_t units = (a.rows + granule - 1) / granule;
  check_parts(units, parts, granule == 1 ? "rows" : "row chunks");
  const auto row_of = [&](std::int64_t unit) { return std::min(a.rows, unit * granule); };
  // Cut where the running entry count (plus one per row, so that empty rows still count as
  // work: each costs a diagonal division and a write) crosses p/parts of the total.
  // Each cut is clamped so that every block keeps at least one unit.
  const auto work = [&](std::int64_t unit) { return a.row_ptr[row_of(unit)] + row_of(unit); };
  const std::int64_t total = work(units);
  std::vector<std::int64_t> cuts(parts + 1, 0);  // in units
  cuts[parts] = units;
  for (int p = 1; p < parts; ++p) {
    const std::int64_t target = (total * p + parts / 2) / parts;
    // first unit boundary u with work(u) >= target
    std::int64_t lo = 0, hi = units;
    while (lo < hi) {
      const std::int64_t mid = lo + (hi - lo) / 2;
      if (work(mid) < target)
        lo = mid + 1;
      else
        hi = mid;
    }
    // pick whichever of u-1, u lands nearer the target
    std::int64_t cut = lo;
    if (cut > 0 && target - work(cut - 1) < work(cut) - target) --cut;
    const std::int64_t min_cut = cuts[p - 1] + 1;
    const std::int64_t max_cut = units - (parts - p);
    cuts[p] = std::clamp(cut, min_cut, max_cut);
  }
  std::vector<std::int64_t> bounds(parts + 1);
  for (int p = 0; p <= parts; ++p)
    bounds[p] = row_of(cuts[p]);
  return RowPartition(std::move(bounds));
}

int RowPartition::owner(std::int64_t row) const {
  if (row < 0 || row >= rows()) throw std::out_of_range("RowPartition::owner: row out of range");
  const auto it = std::upper_bound(bounds_.begin(), bounds_.end(), row);
  return static_cast<int>(it - bounds_.begin()) - 1;
}

}  // namespace slae
