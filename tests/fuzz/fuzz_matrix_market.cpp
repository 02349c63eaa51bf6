// libFuzzer target: the Matrix Market reader on any bytes. It may refuse them (InputError, the
// one-line message the coordinator prints), never crash, leak, hang or allocate from a size
// field what the text cannot back.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "solver/input_error.hpp"
#include "solver/matrix_market.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const slae::CooMatrix matrix = slae::parse_matrix_market(text, "fuzz.mtx");
    (void)matrix;
  } catch (const slae::InputError&) {
    // refused with a message: what must happen to bad input
  }
  return 0;
}
