// stream_triad: memory bandwidth as STREAM's triad measures it, a[i] = b[i] + s * c[i], on one
// thread and on `threads` threads (each on its own slice). Arrays of 3 x 80 MB, far beyond the
// caches; each array is touched before timing; the median of `repeats` runs is reported, with
// 24 bytes counted per element (STREAM's convention: the write-allocate read is not counted).
// Prints one line of JSON: {"threads_1_gb_per_s":..,"threads_2_gb_per_s":..}
//   usage: stream_triad [threads] [repeats]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

namespace {

constexpr std::size_t kElements = 10'000'000;  // 80 MB per array

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// One timed triad over the whole arrays, split across `threads` threads; returns GB/s.
double triad_gb_per_s(std::vector<double>& a, const std::vector<double>& b,
                      const std::vector<double>& c, int threads) {
  const double s = 3.0;
  const auto slice = [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i)
      a[i] = b[i] + s * c[i];
  };
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> pool;
  const std::size_t per = kElements / static_cast<std::size_t>(threads);
  for (int t = 1; t < threads; ++t)
    pool.emplace_back(slice, per * t, t + 1 == threads ? kElements : per * (t + 1));
  slice(0, threads == 1 ? kElements : per);
  for (std::thread& t : pool)
    t.join();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return 24.0 * kElements / seconds / 1e9;
}

}  // namespace

int main(int argc, char** argv) {
  const int max_threads = argc > 1 ? std::max(1, std::atoi(argv[1])) : 2;
  const int repeats = argc > 2 ? std::max(1, std::atoi(argv[2])) : 10;
  std::vector<double> a(kElements, 0.0), b(kElements, 1.0), c(kElements, 2.0);
  std::string json = "{";
  for (int threads = 1; threads <= max_threads; ++threads) {
    std::vector<double> runs;
    triad_gb_per_s(a, b, c, threads);  // warm-up
    for (int r = 0; r < repeats; ++r)
      runs.push_back(triad_gb_per_s(a, b, c, threads));
    char item[64];
    std::snprintf(item, sizeof item, "%s\"threads_%d_gb_per_s\":%.2f", threads > 1 ? "," : "",
                  threads, median(runs));
    json += item;
  }
  std::printf("%s,\"check\":%.1f}\n", json.c_str(), a[kElements / 2]);
  return 0;
}
