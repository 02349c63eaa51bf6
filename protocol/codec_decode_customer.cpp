// Decoding the messages between customers and the broker (submit .. job_checkpoint): the part of
// the decoder (codec_decode.cpp) that a customer's frames reach.
#include <cstdint>
#include <limits>
#include <string>

#include "protocol/field_reader.hpp"

namespace slae::protocol::detail {

Body decode_customer_body(MessageType type, FieldReader& in) {
  constexpr auto kInt32Max = std::numeric_limits<std::int32_t>::max();
  switch (type) {
    case MessageType::submit: {
      Submit m;
      const std::uint64_t kind = in.unsigned_int("kind");
      if (kind != static_cast<std::uint64_t>(JobKind::solve) &&
          kind != static_cast<std::uint64_t>(JobKind::doubling))
        throw ProtocolError("submit message: unknown job kind " + std::to_string(kind));
      m.kind = static_cast<JobKind>(kind);
      m.rows = in.signed_int("rows");
      m.nnz = in.signed_int("nnz");
      m.nodes = static_cast<std::int32_t>(in.signed_int("nodes", kInt32Max));
      m.methods = in.array<std::uint8_t>("methods");
      m.omega = in.float64("omega");
      m.tolerance = in.float64("tolerance");
      m.max_iterations = in.signed_int("max_iterations");
      m.with_exact = in.flag("with_exact");
      m.error_history = in.flag("error_history");
      m.share_memory = in.flag("share_memory");
      m.collect_every = static_cast<std::uint32_t>(in.signed_int("collect_every", 1 << 30));
      m.checkpoint_every = in.signed_int("checkpoint_every");
      m.resume = in.flag("resume");
      m.resume_iteration = in.signed_int("resume_iteration");
      m.omegas = in.array<double>("omegas");
      if (m.omegas.size() > kMaxSweepWeights)
        throw ProtocolError("submit message: more than " + std::to_string(kMaxSweepWeights) +
                            " weights");
      return m;
    }
    case MessageType::accepted:
      return Accepted{};
    case MessageType::refused:
      return Refused{in.str("reason")};
    case MessageType::job_data: {
      JobData m;
      m.row_ptr = in.bin("row_ptr", sizeof(std::int64_t));
      m.col_idx = in.bin("col_idx", sizeof(std::int32_t));
      m.values = in.doubles("values");
      m.rhs = in.doubles("rhs");
      m.exact = in.doubles("exact");
      m.resume_beta = in.float64("resume_beta");
      m.resume_best = in.float64("resume_best");
      m.resume_restarts = in.signed_int("resume_restarts");
      m.resume_fruitless = in.signed_int("resume_fruitless");
      m.resume_history = in.doubles("resume_history");
      m.resume_r = in.doubles("resume_r");
      m.resume_p = in.doubles("resume_p");
      m.resume_x = in.doubles("resume_x");
      return m;
    }
    case MessageType::progress: {
      Progress m;
      m.method = static_cast<std::int32_t>(in.signed_int("method", kInt32Max));
      m.relative_residual = in.float64("relative_residual");
      return m;
    }
    case MessageType::method_result: {
      MethodResult m;
      m.method = static_cast<std::int32_t>(in.signed_int("method", kInt32Max));
      m.outcome = static_cast<std::uint8_t>(in.signed_int("outcome", 255));
      m.iterations = in.signed_int("iterations");
      m.relative_residual = in.float64("relative_residual");
      m.recursive_residual = in.float64("recursive_residual");
      m.restarts = in.signed_int("restarts");
      m.note = in.str("note");
      m.seconds = in.float64("seconds");
      m.sweeps = in.signed_int("sweeps");
      m.bytes_to_nodes = in.unsigned_int("bytes_to_nodes");
      m.bytes_from_nodes = in.unsigned_int("bytes_from_nodes");
      m.traffic = in.array<std::int64_t>("traffic");
      if (m.traffic.size() != 6 && !m.traffic.empty())
        throw ProtocolError("method_result message: traffic is not 6 numbers");
      m.residual_history = in.doubles("residual_history");
      m.seconds_history = in.doubles("seconds_history");
      m.error_history = in.doubles("error_history");
      m.stale_messages_dropped = in.unsigned_int("stale_messages_dropped");
      m.lambda_min = in.float64("lambda_min");
      m.lambda_max = in.float64("lambda_max");
      m.spectrum_iterations = in.signed_int("spectrum_iterations");
      m.rows_per_colour = in.array<std::int64_t>("rows_per_colour");
      if (m.rows_per_colour.size() > kMaxColours)
        throw ProtocolError("method_result message: more colours than an ordering may have");
      m.x = in.doubles("x");
      return m;
    }
    case MessageType::job_event: {
      JobEventNote m;
      m.kind = static_cast<std::uint8_t>(in.signed_int("kind", 3));
      // -1: while the blocks were shipped, before the first solve
      m.method = static_cast<std::int32_t>(in.any_int_in("method", -1, kInt32Max));
      m.iteration = in.signed_int("iteration");
      m.seconds = in.float64("seconds");
      m.count = in.signed_int("count");
      m.how = in.str("how");
      m.detail = in.str("detail");
      return m;
    }
    case MessageType::job_checkpoint: {
      JobCheckpoint m;
      m.method = static_cast<std::int32_t>(in.signed_int("method", kInt32Max));
      m.beta = in.float64("beta");
      m.best = in.float64("best");
      m.restarts = in.signed_int("restarts");
      m.fruitless = in.signed_int("fruitless");
      m.history = in.doubles("history");
      m.r = in.doubles("r");
      m.p = in.doubles("p");
      m.x = in.doubles("x");
      return m;
    }
    case MessageType::job_started: {
      JobStarted m;
      m.shared_memory_nodes =
          static_cast<std::int32_t>(in.signed_int("shared_memory_nodes", kInt32Max));
      m.distribution_seconds = in.float64("distribution_seconds");
      m.chunk_rows = in.signed_int("chunk_rows");
      m.queued_seconds = in.float64("queued_seconds");
      m.parts = in.array<std::int64_t>("parts");
      if (m.parts.size() % 6 != 0)
        throw ProtocolError("job_started message: parts is not 6 per part");
      return m;
    }
    case MessageType::job_done:
      return JobDone{in.doubles("values")};
    case MessageType::job_failed: {
      JobFailed m;
      m.exit_code = static_cast<std::int32_t>(in.signed_int("exit_code", 255));
      m.reason = in.str("reason");
      return m;
    }
    case MessageType::status_request:
      return StatusRequest{};
    case MessageType::status: {
      const auto bytes = in.bin("json", 1);
      return Status{std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size())};
    }
    case MessageType::cancel: {
      Cancel m;
      m.how = static_cast<CancelHow>(in.signed_int("how", 1));
      m.by = in.str("by");
      return m;
    }
    case MessageType::job_queued: {
      JobQueued m;
      m.position = static_cast<std::int32_t>(in.signed_int("position", kInt32Max));
      m.length = static_cast<std::int32_t>(in.signed_int("length", kInt32Max));
      m.busy = static_cast<std::int32_t>(in.signed_int("busy", kInt32Max));
      m.workers = static_cast<std::int32_t>(in.signed_int("workers", kInt32Max));
      return m;
    }
    case MessageType::cancel_reply: {
      CancelReply m;
      m.cancelled = in.flag("cancelled");
      m.text = in.str("text");
      return m;
    }
    default:
      break;
  }
  throw ProtocolError("unknown message type " + std::to_string(static_cast<int>(type)));
}

}  // namespace slae::protocol::detail
