// mtx_to_petsc: converts a Matrix Market file to PETSc's binary matrix format, read by
// petsc_solve through MatLoad. Reading goes through our own reader, so both solvers see
// exactly the same matrix (duplicates summed, symmetric storage expanded).
//
// PETSc binary matrix (big-endian): int32 class id 1211216, rows, cols, nnz; int32 row
// lengths[rows]; int32 column indices[nnz]; float64 values[nnz].
//   usage: mtx_to_petsc A.mtx A.petsc
#include <bit>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <stdexcept>
#include <string>
#include <vector>

#include "solver/csr_matrix.hpp"
#include "solver/matrix_market.hpp"

namespace {

constexpr std::int32_t kMatFileClassId = 1211216;

class BigEndianFile {
 public:
  explicit BigEndianFile(const char* path) : f_(std::fopen(path, "wb")) {
    if (!f_) throw std::runtime_error(std::string(path) + ": cannot open for writing");
  }
  ~BigEndianFile() {
    if (f_) std::fclose(f_);
  }
  template <typename T>
  void put(const T* values, std::size_t count) {
    std::vector<unsigned char> bytes(count * sizeof(T));
    for (std::size_t i = 0; i < count; ++i) {
      unsigned char le[sizeof(T)];
      std::memcpy(le, &values[i], sizeof(T));
      for (std::size_t b = 0; b < sizeof(T); ++b)
        bytes[i * sizeof(T) + b] = le[sizeof(T) - 1 - b];
    }
    if (std::fwrite(bytes.data(), 1, bytes.size(), f_) != bytes.size())
      throw std::runtime_error("write failed");
  }
  void close() {
    if (std::fclose(f_) != 0) throw std::runtime_error("write failed");
    f_ = nullptr;
  }

 private:
  std::FILE* f_;
};

}  // namespace

int main(int argc, char** argv) {
  static_assert(std::endian::native == std::endian::little);
  if (argc != 3) {
    std::fprintf(stderr, "usage: mtx_to_petsc A.mtx A.petsc\n");
    return 2;
  }
  try {
    const slae::CsrMatrix a = slae::CsrMatrix::from_coo(slae::read_matrix_market(argv[1]));
    const std::int32_t header[4] = {kMatFileClassId, static_cast<std::int32_t>(a.rows),
                                    static_cast<std::int32_t>(a.cols),
                                    static_cast<std::int32_t>(a.nnz())};
    std::vector<std::int32_t> lengths(a.rows);
    for (std::int64_t r = 0; r < a.rows; ++r)
      lengths[r] = static_cast<std::int32_t>(a.row_ptr[r + 1] - a.row_ptr[r]);
    BigEndianFile out(argv[2]);
    out.put(header, 4);
    out.put(lengths.data(), lengths.size());
    out.put(a.col_idx.data(), a.col_idx.size());
    out.put(a.values.data(), a.values.size());
    out.close();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "mtx_to_petsc: %s\n", e.what());
    return 1;
  }
  return 0;
}
