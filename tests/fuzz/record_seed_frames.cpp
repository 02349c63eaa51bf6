// Writes the fuzzers' seed frames: every message type as our code encodes it (default fields),
// and real jobs (a submit and its job_data) for small systems. Run when the protocol changes:
//   build-fuzz/tests/fuzz/record_seed_frames tests/fuzz/corpus
// (the frames are checked in under tests/fuzz/corpus/messages and tests/fuzz/corpus/job_data).
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "protocol/codec.hpp"

namespace proto = slae::protocol;

namespace {

std::vector<std::byte> encoded(const proto::Message& message) {
  proto::FrameBuffer scratch;
  proto::encode(message, scratch);
  const auto* first = reinterpret_cast<const std::byte*>(scratch.bytes.data());
  return {first, first + scratch.bytes.size()};
}

void write(const std::filesystem::path& path, const std::vector<std::byte>& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
}

template <std::size_t... I>
void every_type(const std::filesystem::path& dir, std::index_sequence<I...>) {
  (write(dir / (std::string(proto::type_name(
                    proto::type_of(std::variant_alternative_t<I, proto::Body>{}))) +
                ".bin"),
         encoded({{7, 3, 1}, std::variant_alternative_t<I, proto::Body>{}})),
   ...);
}

// A tridiagonal n x n system (4 on the diagonal, -1 beside it), as the customer sends it; with
// cg_resume, a CG solve going on from a state of iteration 2.
void job(const std::filesystem::path& dir, std::int64_t n, bool with_exact, bool cg_resume = false,
         bool sor_sweep = false) {
  std::vector<std::int64_t> row_ptr = {0};
  std::vector<std::int32_t> col_idx;
  std::vector<double> values;
  for (std::int64_t i = 0; i < n; ++i) {
    for (std::int64_t j = i - 1; j <= i + 1; ++j) {
      if (j < 0 || j >= n) continue;
      col_idx.push_back(static_cast<std::int32_t>(j));
      values.push_back(i == j ? 4.0 : -1.0);
    }
    row_ptr.push_back(static_cast<std::int64_t>(col_idx.size()));
  }
  const std::vector<double> b(static_cast<std::size_t>(n), 1.0);
  proto::Submit spec;
  spec.rows = n;
  spec.nnz = static_cast<std::int64_t>(values.size());
  spec.methods = {static_cast<std::uint8_t>(proto::Method::jacobi)};
  spec.with_exact = with_exact;
  proto::JobData data;
  data.row_ptr = std::as_bytes(std::span(row_ptr));
  data.col_idx = std::as_bytes(std::span(col_idx));
  data.values = proto::PackedDoubles(std::span<const double>(values));
  data.rhs = proto::PackedDoubles(std::span<const double>(b));
  if (with_exact) data.exact = proto::PackedDoubles(std::span<const double>(b));
  const std::vector<double> history = {1.0, 0.5, 0.25};
  if (cg_resume) {
    spec.methods = {static_cast<std::uint8_t>(proto::Method::cg)};
    spec.checkpoint_every = 10;
    spec.resume = true;
    spec.resume_iteration = 2;
    data.resume_beta = 0.5;
    data.resume_best = std::numeric_limits<double>::infinity();
    data.resume_history = proto::PackedDoubles(std::span<const double>(history));
    data.resume_r = data.resume_p = data.resume_x =
        proto::PackedDoubles(std::span<const double>(b));
  }
  if (sor_sweep) {
    spec.methods = {static_cast<std::uint8_t>(proto::Method::gauss_seidel),
                    static_cast<std::uint8_t>(proto::Method::sor)};
    spec.omegas = {0.8, 1.2, 1.6};
  }
  const auto submit = encoded({{0, 0, 0}, spec});
  const auto body = encoded({{1, 0, 0}, data});
  // the job_data fuzzer's layout: 4 bytes of submit length, the submit, the job_data
  std::vector<std::byte> input(4);
  const auto length = static_cast<std::uint32_t>(submit.size());
  std::memcpy(input.data(), &length, sizeof length);
  input.insert(input.end(), submit.begin(), submit.end());
  input.insert(input.end(), body.begin(), body.end());
  const std::string name = "tridiagonal-" + std::to_string(n) + (with_exact ? "-exact" : "") +
                           (cg_resume ? "-cg-resumed" : "") + (sor_sweep ? "-sor-sweep" : "");
  write(dir / "job_data" / (name + ".bin"), input);
  write(dir / "messages" / ("submit-" + name + ".bin"), submit);
  write(dir / "messages" / ("job_data-" + name + ".bin"), body);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: record_seed_frames CORPUS_DIR\n");
    return 2;
  }
  const std::filesystem::path dir = argv[1];
  std::filesystem::create_directories(dir / "messages");
  std::filesystem::create_directories(dir / "job_data");
  every_type(dir / "messages", std::make_index_sequence<std::variant_size_v<proto::Body>>{});
  job(dir, 1, false);
  job(dir, 5, false);
  job(dir, 12, true);
  job(dir, 6, false, true);
  job(dir, 8, false, false, true);
  // a Gauss-Seidel start: colours and their count
  proto::Start start{proto::Method::gauss_seidel, 1.0, {}, {}};
  start.colours = {0, 1, 0, 1};
  start.colour_count = 2;
  write(dir / "messages" / "start-gauss-seidel.bin", encoded({{1, 1, 0}, start}));
  return 0;
}
