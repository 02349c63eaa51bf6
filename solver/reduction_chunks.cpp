#include "solver/reduction_chunks.hpp"

#include <stdexcept>
#include <string>

namespace slae {

ReductionChunks ReductionChunks::for_rows(std::int64_t rows) {
  std::int64_t chunk = 1;
  while (chunk * 2 <= rows / 1024)
    chunk *= 2;
  return ReductionChunks(rows, chunk);
}

ReductionChunks::ReductionChunks(std::int64_t rows, std::int64_t chunk_rows)
    : rows_(rows), chunk_rows_(chunk_rows) {
  if (rows < 1 || chunk_rows < 1) {
    throw std::invalid_argument("ReductionChunks: " + std::to_string(rows) + " rows in chunks of " +
                                std::to_string(chunk_rows));
  }
}

RowRange ReductionChunks::chunk(std::int64_t c) const {
  if (c < 0 || c >= count()) throw std::out_of_range("ReductionChunks::chunk: no such chunk");
  return {c * chunk_rows_, std::min(rows_, (c + 1) * chunk_rows_)};
}

bool ReductionChunks::aligned(RowRange range) const {
  return range.begin >= 0 && range.begin < range.end && range.end <= rows_ &&
         range.begin % chunk_rows_ == 0 && (range.end % chunk_rows_ == 0 || range.end == rows_);
}

double sum_in_order(std::span<const double> chunk_sums) {
  double sum = 0.0;
  for (const double s : chunk_sums)
    sum += s;
  return sum;
}

double chunked_sum_of_squares(std::span<const double> v, std::int64_t chunk_rows) {
  double total = 0.0;
  for (std::size_t begin = 0; begin < v.size(); begin += static_cast<std::size_t>(chunk_rows)) {
    const std::size_t end = std::min(v.size(), begin + static_cast<std::size_t>(chunk_rows));
    double chunk = 0.0;
    for (std::size_t i = begin; i < end; ++i)
      chunk += v[i] * v[i];
    total += chunk;
  }
  return total;
}

}  // namespace slae
