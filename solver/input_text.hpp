#pragma once
// The bytes of an input file, whole: a regular file, or "-" for standard input (a pipe, a
// redirected file), inflated on the way when they are gzip data (as scipy.io.mmread reads
// A.mtx.gz). The format readers (matrix_market.hpp) parse what this returns.
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "solver/stop_check.hpp"

namespace slae {

/// The path that names standard input, and how messages name it.
inline constexpr std::string_view kStdinPath = "-";
inline constexpr std::string_view kStdinName = "<stdin>";

/// How messages name an input: "<stdin>" for "-", else the path made printable (printable.hpp).
std::string input_name(const std::string& path);

/// Reading progress: `done` bytes of the file (as stored, before inflating) read of `total`
/// (0 when unknown: standard input). Called after every slice of a few MB, and once at the end.
using ReadProgress = std::function<void(std::uint64_t done, std::uint64_t total)>;

struct InputText {
  std::unique_ptr<char, decltype(&std::free)> bytes{nullptr, &std::free};
  std::size_t size = 0;
  std::uint64_t stored_bytes = 0;  ///< as read from the file or pipe (compressed, if gzip)
  bool gzip = false;               ///< the bytes were gzip data, inflated here
  std::string_view view() const { return {bytes.get(), size}; }
};

/// Reads `path` ("-": standard input) whole. Gzip data (it starts with 1f 8b) is inflated, one
/// member after another as gzip -c a b writes them. Throws InputError naming the input: it
/// cannot be opened, is not a regular file (a FIFO is refused without waiting for a writer;
/// standard input may be anything), cannot be read, or is gzip data that is corrupt or cut
/// short. `stop` is called between slices.
InputText read_input(const std::string& path, const StopCheck& stop = {},
                     const ReadProgress& progress = {});

}  // namespace slae
