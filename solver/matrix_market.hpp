#pragma once
// Matrix Market reading (https://math.nist.gov/MatrixMarket/formats.html); writing is in
// matrix_market_writer.hpp.
// Every malformed input throws InputError whose message names the file and line:
//   "A.mtx:17: column index 0 is outside 1..100"
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "solver/coo_matrix.hpp"
#include "solver/input_text.hpp"
#include "solver/stop_check.hpp"

namespace slae {

/// Bounds a reader holds a file to (0: none), checked on the size line, before anything is
/// allocated: the flags --max-rows and --max-nnz.
struct SizeLimits {
  std::int64_t max_rows = 0;
  std::int64_t max_entries = 0;  ///< stored entries as the file lists them
};

/// Parses Matrix Market text. `name` is used in error messages (usually the path); tokens quoted
/// in them are escaped and cut (printable.hpp). Lines may end in LF, CRLF or a lone CR. An
/// integer field's value that a double cannot hold exactly (beyond 2^53) is refused.
/// Coordinate and array formats; real, integer and pattern fields (pattern entries are 1);
/// general, symmetric and skew-symmetric symmetry (the stored triangle is mirrored, the diagonal
/// never twice). Array format drops explicit zeros; coordinate keeps them.
/// `stop` is called every 65536 lines.
CooMatrix parse_matrix_market(std::string_view text, const std::string& name,
                              const StopCheck& stop = {}, const SizeLimits& limits = {});

/// What a reader tells the user about how it read a file, a line without an ending newline.
using ReadNote = std::function<void(const std::string&)>;

/// Reads a whole file (read_input: "-" is standard input, named "<stdin>" in errors; gzip data
/// is inflated) and parses it. Throws InputError naming the file if it cannot be read or is not
/// a regular file (a FIFO is refused without waiting for a writer). `progress`: see read_input.
CooMatrix read_matrix_market(const std::string& path, const StopCheck& stop = {},
                             const SizeLimits& limits = {}, const ReadProgress& progress = {});

/// Reads a column vector: an n x 1 matrix in array or coordinate format (missing entries are 0),
/// or a 1 x n one, read as its column, which `note` is told. expected_rows > 0: the length it
/// must have, checked on the size line before anything is allocated ("b has 500000000 rows but
/// A has 14 rows", `name` being "b").
std::vector<double> read_matrix_market_vector(const std::string& path,
                                              std::int64_t expected_rows = 0,
                                              const std::string& name = "b",
                                              const StopCheck& stop = {},
                                              const ReadNote& note = {});

}  // namespace slae
