#pragma once
// The messages between a broker (or a one-shot coordinator's job) and its workers: joining,
// a job's block, the solves' rounds, doubling, liveness. Each struct's wire() is its layout
// (wire_layout.hpp); messages.hpp gives each its type number.
#include <cstdint>
#include <string>
#include <vector>

#include "protocol/liveness.hpp"
#include "protocol/message_parts.hpp"
#include "protocol/wire_layout.hpp"
#include "solver/row_block.hpp"

namespace slae::protocol {

/// What a worker tells the broker about itself when it connects (and again after every
/// reconnection). All of it is the worker's word, used for display and for choosing a transport,
/// never for trust: who a worker is comes from its connection (its key on tcp).
struct Ready {
  std::int64_t pid = 0;    ///< the worker's process id
  std::int32_t cores = 1;  ///< hardware threads of its machine
  std::string host;        ///< its host name
  /// /proc/sys/kernel/random/boot_id of its machine: equal to the broker's when both run on the
  /// same kernel, which is when it may map the broker's shared memory. Empty when unknown.
  std::string boot_id;

  static constexpr auto wire() {
    using namespace wire;
    return layout("ready", field<&Ready::pid>("pid"), field<&Ready::cores>("cores"),
                  field<&Ready::host>("host").at_most(kMaxReadyText),
                  field<&Ready::boot_id>("boot_id").at_most(kMaxReadyText));
  }
};
struct Setup {
  std::int32_t node_index = 0;  ///< the node's position in the partition
  RowBlock block;
  std::vector<std::int32_t> exports;  ///< local rows others need, sorted
  bool early_exports = false;         ///< send them in an `exports` message ahead of each block
  /// A shared-memory object to write Jacobi's iterates into (shared_segment.hpp); empty: the
  /// blocks travel inside block_result messages.
  std::string segment;

  static constexpr auto wire() {
    using namespace wire;
    return layout("setup", field<&Setup::node_index>("node_index"),
                  field<&Setup::block, &RowBlock::global_rows>("global_rows").at_most(kInt32Max),
                  field<&Setup::block, &RowBlock::range, &RowRange::begin>("row_begin"),
                  field<&Setup::block, &RowBlock::range, &RowRange::end>("row_end"),
                  field<&Setup::block, &RowBlock::chunk_rows>("chunk_rows").at_most(kInt32Max),
                  field<&Setup::block, &RowBlock::row_ptr>("row_ptr"),
                  field<&Setup::block, &RowBlock::local_col>("local_col"),
                  field<&Setup::block, &RowBlock::values>("values"),
                  field<&Setup::block, &RowBlock::inv_diag>("inv_diag"),
                  field<&Setup::block, &RowBlock::rhs>("rhs"),
                  field<&Setup::block, &RowBlock::ghost_cols>("ghost_cols"),
                  field<&Setup::exports>("exports"), field<&Setup::early_exports>("early_exports"),
                  field<&Setup::segment>("segment"))
        .request();
  }
  /// What makes a decoded setup one no sender of ours makes (a segment that is not a shared-memory
  /// name), or nullptr.
  const char* malformed() const;
};
struct SetupAck {
  bool shared_memory = false;  ///< the node mapped the segment named in setup and writes there

  static constexpr auto wire() {
    using namespace wire;
    return layout("setup_ack", field<&SetupAck::shared_memory>("shared_memory")).reply();
  }
};
struct Start {
  Method method = Method::jacobi;
  double omega = 1.0;  ///< Jacobi's or SOR's weight, 0 < omega < 2
  PackedDoubles x0;    ///< the block's rows of x_0; empty: zeros
  /// CG only: the block's rows of r_0 = b - A x_0, computed by the coordinator (a restart from
  /// the true residual); empty: r_0 = b, and then x0 must be empty too.
  PackedDoubles r0;
  /// Jacobi, a node without shared memory: its block_result carries x_{k+1} only when k + 1 is
  /// a multiple of this (and its exports go ahead every iteration); collect asks for the rest.
  /// 1: every iteration.
  std::uint32_t collect_every = 1;
  /// CG only, with x0 and r0: p at the block's rows and then its ghosts (a solve going on after a
  /// lost worker, from the state collected at an iteration); empty: p = 0.
  PackedDoubles p0 = {};
  /// Gauss-Seidel and SOR only: the colour of each of the block's rows, and how many colours the
  /// ordering has (each iteration is one step per colour: iterate m sweeps colour m % colours).
  std::vector<std::int32_t> colours = {};
  std::uint32_t colour_count = 0;

  static constexpr auto wire() {
    using namespace wire;
    return layout("start", field<&Start::method>("method").in(1, 4), field<&Start::omega>("omega"),
                  field<&Start::x0>("x0"), field<&Start::r0>("r0"), field<&Start::p0>("p0"),
                  field<&Start::collect_every>("collect_every").in(1, kMaxCollectEvery),
                  field<&Start::colours>("colours"),
                  field<&Start::colour_count>("colour_count").at_most(kMaxColours));
  }
  /// What makes a decoded start one no sender of ours makes (colours that do not fit the method),
  /// or nullptr.
  const char* malformed() const;
};
struct Iterate {
  PackedDoubles ghost_values;  ///< values of x_k at the block's ghost columns, in their order

  static constexpr auto wire() {
    using namespace wire;
    return layout("iterate", field<&Iterate::ghost_values>("ghost_values").trailing()).request();
  }
};
struct Exports {
  PackedDoubles values;  ///< x_{k+1} at the node's export rows, in their order

  static constexpr auto wire() {
    using namespace wire;
    return layout("exports", field<&Exports::values>("values").trailing());
  }
};
struct BlockResult {
  std::int64_t row_begin = 0;
  std::int64_t row_end = 0;
  PackedDoubles residual_sq;  ///< per reduction chunk of the block: sum of (b - A x_k)_i^2
  PackedDoubles x_next;       ///< rows [row_begin, row_end) of x_{k+1}

  static constexpr auto wire() {
    using namespace wire;
    return layout("block_result", field<&BlockResult::row_begin>("row_begin"),
                  field<&BlockResult::row_end>("row_end"),
                  field<&BlockResult::residual_sq>("residual_sq"),
                  field<&BlockResult::x_next>("x_next").trailing())
        .reply();
  }
};
struct CgDirection {
  double beta = 0.0;
  PackedDoubles ghost_values;  ///< z at the block's ghost columns

  static constexpr auto wire() {
    using namespace wire;
    return layout("cg_direction", field<&CgDirection::beta>("beta"),
                  field<&CgDirection::ghost_values>("ghost_values").trailing())
        .request();
  }
};
struct CgCurvature {
  PackedDoubles pq;  ///< per reduction chunk: sum of p_i (A p)_i

  static constexpr auto wire() {
    using namespace wire;
    return layout("cg_curvature", field<&CgCurvature::pq>("pq")).reply();
  }
};
struct CgStep {
  double alpha = 0.0;

  static constexpr auto wire() {
    using namespace wire;
    return layout("cg_step", field<&CgStep::alpha>("alpha")).request();
  }
};
struct CgResidual {
  PackedDoubles rz;       ///< per reduction chunk: sum of r_i z_i
  PackedDoubles rr;       ///< per reduction chunk: sum of r_i^2
  PackedDoubles exports;  ///< z at the node's export rows

  static constexpr auto wire() {
    using namespace wire;
    return layout("cg_residual", field<&CgResidual::rz>("rz"), field<&CgResidual::rr>("rr"),
                  field<&CgResidual::exports>("exports").trailing())
        .reply();
  }
};
/// Which vector collect asks for: Jacobi's x_m of the header's m, or CG's x, r or p as they stand.
enum class Collected : std::uint8_t { x = 0, r = 1, p = 2 };
struct Collect {
  Collected what = Collected::x;

  static constexpr auto wire() {
    using namespace wire;
    return layout("collect", field<&Collect::what>("what").at_most(2)).request();
  }
};
struct BlockValues {
  std::int64_t row_begin = 0;
  std::int64_t row_end = 0;
  PackedDoubles values;  ///< rows [row_begin, row_end) of x

  static constexpr auto wire() {
    using namespace wire;
    return layout("block_values", field<&BlockValues::row_begin>("row_begin"),
                  field<&BlockValues::row_end>("row_end"),
                  field<&BlockValues::values>("values").trailing())
        .reply();
  }
};
struct DoubleTask {
  std::int64_t chunk = 0;  ///< chunk number, the key for reassembly
  PackedDoubles values;

  static constexpr auto wire() {
    using namespace wire;
    return layout("double_task", field<&DoubleTask::chunk>("chunk"),
                  field<&DoubleTask::values>("values").trailing())
        .request();
  }
};
struct DoubleResult {
  std::int64_t chunk = 0;
  PackedDoubles values;

  static constexpr auto wire() {
    using namespace wire;
    return layout("double_result", field<&DoubleResult::chunk>("chunk"),
                  field<&DoubleResult::values>("values").trailing())
        .reply();
  }
};
/// Still here. The broker's interval is the one that counts: workers and customers beat at the
/// interval its heartbeats carry (liveness.hpp), and say it back in theirs.
struct Heartbeat {
  std::uint32_t interval_ms = 500;  ///< the sender sends something at least this often

  static constexpr auto wire() {
    using namespace wire;
    return layout("heartbeat",
                  field<&Heartbeat::interval_ms>("interval_ms")
                      .in(kMinHeartbeatInterval.count(), kMaxHeartbeatInterval.count()));
  }
};
struct Shutdown {
  static constexpr auto wire() {
    using namespace wire;
    return layout("shutdown");
  }
};
struct ErrorReport {
  std::string message;

  static constexpr auto wire() {
    using namespace wire;
    return layout("error", field<&ErrorReport::message>("message"));
  }
};
struct Release {
  static constexpr auto wire() {
    using namespace wire;
    return layout("release");
  }
};

/// The broker has registered a worker (after its ready, or when a worker it had given up for
/// silent is heard again): the id it goes by, the one customer --status shows and the broker's
/// log names it with, so that the worker can say it.
struct Welcome {
  std::int64_t worker = 0;

  static constexpr auto wire() {
    using namespace wire;
    return layout("welcome", field<&Welcome::worker>("worker"));
  }
};

}  // namespace slae::protocol
