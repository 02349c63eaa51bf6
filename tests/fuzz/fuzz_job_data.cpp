// libFuzzer target: a customer's job as the broker receives it: a submit frame, then a
// job_data frame. Input layout: 4 bytes (little-endian length L), the submit frame (L bytes),
// the job_data frame (the rest). The broker decodes the submit, checks it (refuse_reason), then
// decodes and checks the data against it (check_job_data): every refusal is an exception with a
// message, never a crash, a leak, or an allocation sized by the frame's claims alone.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

#include "coordinator/broker/job_admission.hpp"
#include "protocol/codec.hpp"
#include "solver/input_error.hpp"

namespace {
constexpr std::int64_t kMaxJobBytes = std::int64_t{64} << 20;  // a fuzzing run's --max-job-bytes
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace proto = slae::protocol;
  if (size < 4) return 0;
  std::uint32_t submit_size = 0;
  std::memcpy(&submit_size, data, sizeof submit_size);
  if (submit_size > size - 4) return 0;
  const auto* bytes = reinterpret_cast<const std::byte*>(data) + 4;
  const std::span<const std::byte> submit_frame(bytes, submit_size);
  const std::span<const std::byte> data_frame(bytes + submit_size, size - 4 - submit_size);
  proto::Decoder decoder;
  try {
    const proto::Message submit = decoder.decode(submit_frame);
    const auto* spec = std::get_if<proto::Submit>(&submit.body);
    if (!spec || slae::coordinator::refuse_reason(*spec, {kMaxJobBytes, 1 << 20, 1 << 22}))
      return 0;
    const proto::Submit checked = *spec;
    proto::Decoder data_decoder;
    const proto::Message message = data_decoder.decode(data_frame);
    const auto* job_data = std::get_if<proto::JobData>(&message.body);
    if (!job_data) return 0;
    (void)slae::coordinator::check_job_data(checked, *job_data);
  } catch (const proto::ProtocolError&) {
  } catch (const slae::InputError&) {
  }
  return 0;
}
