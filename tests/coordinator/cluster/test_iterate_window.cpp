#include "coordinator/cluster/iterate_window.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <deque>
#include <optional>
#include <utility>

#include "coordinator/cluster/cluster_error.hpp"
#include "node/node_session.hpp"
#include "protocol/codec.hpp"
#include "protocol/shared_segment.hpp"
#include "solver/jacobi_solver.hpp"
#include "solver/row_block.hpp"
#include "solver/system_checks.hpp"
#include "tests/support/allocation_counter.hpp"
#include "tests/support/recording_sink.hpp"
#include "tests/support/small_matrices.hpp"

using namespace slae::protocol;
using slae::coordinator::ClusterError;
using slae::coordinator::IterateWindow;

namespace {

// Node sessions in this process, set up with the blocks of a partition, and the layout the
// coordinator keeps. Replies are queued per node, as each node's socket would deliver them.
struct SessionCluster {
  slae::CsrMatrix a;
  std::vector<double> b;
  slae::RowPartition partition;
  slae::ReductionChunks chunks;
  std::vector<std::vector<std::int64_t>> ghosts;
  std::unique_ptr<slae::GhostExchange> exchange;
  std::vector<slae::node::NodeSession> sessions;
  std::vector<std::deque<std::vector<char>>> outbox;  // per node, in sending order

  std::vector<std::optional<SharedSegment>> segments;  // per node, when sharing memory

  SessionCluster(slae::CsrMatrix matrix, int parts, bool share = false,
                 std::uint32_t collect_every = 1)
      : a(std::move(matrix)),
        b(static_cast<std::size_t>(a.rows)),
        partition(slae::RowPartition::balanced_by_nnz(
            a, parts, slae::ReductionChunks::for_rows(a.rows).chunk_rows())),
        chunks(slae::ReductionChunks::for_rows(a.rows)),
        sessions(static_cast<std::size_t>(parts)),
        outbox(static_cast<std::size_t>(parts)) {
    std::vector<double> ones(b.size(), 1.0);
    a.multiply(ones, b);
    const auto inv = slae::inverted_diagonal(a);
    std::vector<slae::RowBlock> blocks;
    for (int i = 0; i < parts; ++i) {
      blocks.push_back(slae::make_row_block(a, inv, b, partition.block(i), chunks.chunk_rows()));
      ghosts.push_back(blocks.back().ghost_cols);
    }
    exchange = std::make_unique<slae::GhostExchange>(partition, ghosts);
    for (int i = 0; i < parts; ++i) {
      const auto& block = blocks[static_cast<std::size_t>(i)];
      segments.emplace_back();
      if (share) segments.back() = SharedSegment::create(shared_iterate_bytes(block.local_size()));
      deliver(i, {{1, 0, 0},
                  Setup{i, block, exchange->exports(i), exchange->early_exports(i) && !share,
                        share ? segments.back()->name() : ""}});
      outbox[static_cast<std::size_t>(i)].clear();  // the setup ack
      Start start;
      start.collect_every = collect_every;
      deliver(i, {{1, 1, 0}, start});
    }
  }
  std::vector<slae::coordinator::SharedIterates> shared() const {
    std::vector<slae::coordinator::SharedIterates> out(segments.size());
    for (std::size_t i = 0; i < segments.size(); ++i) {
      if (segments[i]) {
        out[i] = {segments[i]->doubles(), partition.block(static_cast<int>(i)).size() +
                                              exchange->ghost_count(static_cast<int>(i))};
      }
    }
    return out;
  }
  void deliver(int node, Message message) {
    slae::test::RecordingSink sink;
    sessions[static_cast<std::size_t>(node)].handle(std::move(message), sink);
    for (auto& frame : sink.frames)
      outbox[static_cast<std::size_t>(node)].push_back(std::move(frame));
  }
  void send_ready(IterateWindow& window) {
    for (int i = 0; i < partition.parts(); ++i) {
      while (window.can_send(i)) {
        std::vector<double> values(static_cast<std::size_t>(exchange->ghost_count(i)));
        window.gather_ghosts(i, values);
        deliver(i, {{1, 1, window.next_iterate(i)},
                    Iterate{PackedDoubles(std::span<const double>(values))}});
        window.mark_sent(i);
      }
    }
  }
  // Hands the window the oldest reply of `node`, as the coordinator's socket would.
  bool receive_one(IterateWindow& window, int node) {
    auto& queue = outbox[static_cast<std::size_t>(node)];
    if (queue.empty()) return false;
    Received frame;
    frame.frame = zmq::message_t(queue.front().data(), queue.front().size());
    queue.pop_front();
    const Message m = decode(frame.bytes());
    if (const auto* block = std::get_if<BlockResult>(&m.body))
      window.take_block(node, m.header.iteration, frame, *block);
    else
      window.take_exports(node, m.header.iteration, frame, std::get<Exports>(m.body));
    return true;
  }
};

}  // namespace

TEST_CASE("the window with real sessions, replies in scrambled order, equals the reference",
          "[window]") {
  const int parts = GENERATE(1, 3, 5);
  const bool share = GENERATE(false, true);
  CAPTURE(parts, share);
  SessionCluster cluster(slae::test::random_dominant_matrix(2600, 0.0015, 8), parts, share);
  const slae::SolveResult reference = slae::solve_jacobi(cluster.a, cluster.b, {1e-10, 500, 1e5});
  REQUIRE(reference.outcome == slae::SolveOutcome::converged);

  IterateWindow window(cluster.partition, cluster.chunks, *cluster.exchange,
                       std::vector<double>(2600, 0.0), cluster.shared());
  slae::ConvergenceMonitor monitor({1e-10, 500, 1e5}, slae::norm2(cluster.b));
  slae::SolveOutcome outcome = slae::SolveOutcome::running;
  std::int64_t last = 0;
  cluster.send_ready(window);
  for (int round = 0; outcome == slae::SolveOutcome::running; ++round) {
    REQUIRE(round < 100000);
    // one reply from each node, the nodes taken in a different order every round
    bool any = false;
    for (int j = 0; j < parts; ++j)
      any = cluster.receive_one(window, (j * 7 + round) % parts) || any;
    REQUIRE(any);  // no deadlock: something was always under way
    while (outcome == slae::SolveOutcome::running && window.judgment_ready()) {
      last = window.next_judgment();
      outcome = monitor.observe(std::sqrt(window.residual_sq()));
      if (outcome == slae::SolveOutcome::running) window.advance();
    }
    cluster.send_ready(window);
  }
  CHECK(outcome == reference.outcome);
  CHECK(monitor.history() == reference.residual_history);  // bitwise, on any node count
  CHECK(window.assemble(last) == reference.x);
}

TEST_CASE("nodes that send their blocks every K iterations give the same x, collected at the end",
          "[window]") {
  const int parts = 3;
  const std::uint32_t every = GENERATE(2u, 5u, 1000u);
  CAPTURE(every);
  SessionCluster cluster(slae::test::random_dominant_matrix(2600, 0.0015, 8), parts, false, every);
  const slae::SolveResult reference = slae::solve_jacobi(cluster.a, cluster.b, {1e-10, 500, 1e5});
  IterateWindow window(cluster.partition, cluster.chunks, *cluster.exchange,
                       std::vector<double>(2600, 0.0), {},
                       std::vector<std::uint32_t>(parts, every));
  slae::ConvergenceMonitor monitor({1e-10, 500, 1e5}, slae::norm2(cluster.b));
  slae::SolveOutcome outcome = slae::SolveOutcome::running;
  std::int64_t last = 0;
  cluster.send_ready(window);
  while (outcome == slae::SolveOutcome::running) {
    bool any = false;
    for (int j = 0; j < parts; ++j)
      any = cluster.receive_one(window, j) || any;
    REQUIRE(any);
    while (outcome == slae::SolveOutcome::running && window.judgment_ready()) {
      last = window.next_judgment();
      // between collections, no block of x_{last+1} is held: only exports went ahead
      if ((last + 1) % every != 0) CHECK_FALSE(window.whole(last + 1));
      outcome = monitor.observe(std::sqrt(window.residual_sq()));
      if (outcome == slae::SolveOutcome::running) window.advance();
    }
    cluster.send_ready(window);
  }
  REQUIRE(outcome == reference.outcome);
  CHECK(monitor.history() == reference.residual_history);
  const std::vector<int> missing = window.missing_blocks(last);
  CHECK(missing.size() == (last % every == 0 ? 0u : 3u));
  for (const int node : missing) {
    cluster.outbox[static_cast<std::size_t>(node)].clear();  // the iterations run ahead
    cluster.deliver(node, {{1, 1, static_cast<std::uint64_t>(last)}, Collect{}});
    Received frame;
    auto& queue = cluster.outbox[static_cast<std::size_t>(node)];
    REQUIRE(queue.size() == 1);
    frame.frame = zmq::message_t(queue.front().data(), queue.front().size());
    const Message m = decode(frame.bytes());
    window.place_collected(node, last, frame, std::get<BlockValues>(m.body));
  }
  CHECK(window.whole(last));
  CHECK(window.assemble(last) == reference.x);
  // a block nobody asked for is refused
  if (!missing.empty()) {
    Received frame;
    const std::vector<double> rows(static_cast<std::size_t>(cluster.partition.block(0).size()));
    CHECK_THROWS_AS(
        window.place_collected(
            0, last, frame,
            BlockValues{cluster.partition.block(0).begin, cluster.partition.block(0).end,
                        PackedDoubles(std::span<const double>(rows))}),
        ClusterError);
  }
}

TEST_CASE("once under way, the window allocates nothing per iteration", "[window][allocation]") {
  const bool share = GENERATE(false, true);
  CAPTURE(share);
  const int parts = 3;
  SessionCluster cluster(slae::test::random_dominant_matrix(2600, 0.0015, 8), parts, share);
  IterateWindow window(cluster.partition, cluster.chunks, *cluster.exchange,
                       std::vector<double>(2600, 0.0), cluster.shared());
  slae::ConvergenceMonitor monitor({0.0, 60, 1e5}, slae::norm2(cluster.b));
  std::vector<std::vector<double>> ghosts;  // the coordinator's own buffers, made at setup
  for (int i = 0; i < parts; ++i)
    ghosts.emplace_back(static_cast<std::size_t>(cluster.exchange->ghost_count(i)));
  // Only the window's own calls are counted: the in-process stand-ins for the sockets around
  // them (queues, decoding into fresh objects) allocate, the window must not.
  std::size_t allocations = 0;
  bool counting = false;
  const auto counted = [&](auto&& call) {
    if (!counting) return call();
    slae::test::AllocationCounter counter;
    const auto result = call();
    allocations += counter.count();
    return result;
  };
  slae::SolveOutcome outcome = slae::SolveOutcome::running;
  std::int64_t judged = 0;
  const auto send_ready = [&] {
    for (int i = 0; i < parts; ++i) {
      while (counted([&] { return window.can_send(i); })) {
        auto& values = ghosts[static_cast<std::size_t>(i)];
        counted([&] {
          window.gather_ghosts(i, values);
          return 0;
        });
        cluster.deliver(i, {{1, 1, window.next_iterate(i)},
                            Iterate{PackedDoubles(std::span<const double>(values))}});
        counted([&] {
          window.mark_sent(i);
          return 0;
        });
      }
    }
  };
  send_ready();
  for (int round = 0; outcome == slae::SolveOutcome::running; ++round) {
    REQUIRE(round < 1000);
    counting = judged >= 10;  // the first iterations may size things once
    for (int node = 0; node < parts; ++node) {
      auto& queue = cluster.outbox[static_cast<std::size_t>(node)];
      while (!queue.empty()) {
        Received frame;
        frame.frame = zmq::message_t(queue.front().data(), queue.front().size());
        queue.pop_front();
        const Message m = decode(frame.bytes());
        counted([&] {
          if (const auto* block = std::get_if<BlockResult>(&m.body))
            window.take_block(node, m.header.iteration, frame, *block);
          else
            window.take_exports(node, m.header.iteration, frame, std::get<Exports>(m.body));
          return 0;
        });
      }
    }
    while (outcome == slae::SolveOutcome::running &&
           counted([&] { return window.judgment_ready(); })) {
      judged = counted([&] { return window.next_judgment(); });
      const double residual = counted([&] { return std::sqrt(window.residual_sq()); });
      outcome = monitor.observe(residual);
      if (outcome == slae::SolveOutcome::running)
        counted([&] {
          window.advance();
          return 0;
        });
    }
    send_ready();
  }
  CHECK(judged == 60);
  CHECK(allocations == 0);
}

TEST_CASE("nodes run at most two iterations ahead of the judgment", "[window]") {
  SessionCluster cluster(slae::test::random_dominant_matrix(50, 0.1, 3), 1);
  IterateWindow window(cluster.partition, cluster.chunks, *cluster.exchange,
                       std::vector<double>(50, 0.0));
  cluster.send_ready(window);
  CHECK(window.next_iterate(0) == 2);  // iterates 0 and 1 went out at once
  cluster.receive_one(window, 0);      // block of iteration 0
  CHECK(window.judgment_ready());
  CHECK_FALSE(window.can_send(0));  // iterate 2 waits for the judgment of x_0
  window.advance();
  CHECK(window.can_send(0));
}

TEST_CASE("replies that do not fit are cluster failures naming the node", "[window]") {
  SessionCluster cluster(slae::test::random_dominant_matrix(40, 0.1, 5), 2);
  IterateWindow window(cluster.partition, cluster.chunks, *cluster.exchange,
                       std::vector<double>(40, 0.0));
  const std::vector<double> values(static_cast<std::size_t>(cluster.partition.block(1).size()),
                                   1.0);
  const std::vector<double> sums(
      static_cast<std::size_t>(cluster.chunks.chunks_in(cluster.partition.block(1))), 0.0);
  const auto block = [&](std::int64_t begin, std::int64_t end, const std::vector<double>& x,
                         const std::vector<double>& s) {
    return BlockResult{begin, end, PackedDoubles(std::span<const double>(s)),
                       PackedDoubles(std::span<const double>(x))};
  };
  const slae::RowRange rows = cluster.partition.block(1);
  Received frame;
  // a block as it arrives: in a frame of its own, its vectors pointing into the frame
  Decoder decoder;
  const auto arrived = [&](const std::vector<double>& x, const std::vector<double>& s,
                           Received& into) {
    FrameBuffer scratch;
    encode(Message{{1, 1, 0}, block(rows.begin, rows.end, x, s)}, scratch);
    into.frame = zmq::message_t(scratch.bytes.data(), scratch.bytes.size());
    return std::get<BlockResult>(decoder.decode(into.bytes()).body);
  };
  SECTION("a block for an iteration not asked for") {
    CHECK_THROWS_WITH(window.take_block(1, 0, frame, block(rows.begin, rows.end, values, sums)),
                      Catch::Contains("node 1") && Catch::Contains("before it was asked"));
  }
  SECTION("wrong rows, wrong counts, and a repeat") {
    cluster.send_ready(window);
    CHECK_THROWS_WITH(window.take_block(1, 0, frame, block(0, 3, values, sums)),
                      Catch::Contains("owns"));
    const std::vector<double> short_x(values.size() - 1, 1.0);
    CHECK_THROWS_WITH(window.take_block(1, 0, frame, block(rows.begin, rows.end, short_x, sums)),
                      Catch::Contains("values for"));
    const std::vector<double> short_sums(sums.size() + 1, 0.0);
    CHECK_THROWS_WITH(
        window.take_block(1, 0, frame, block(rows.begin, rows.end, values, short_sums)),
        Catch::Contains("residual sums"));
    Received in, again;
    const BlockResult good = arrived(values, sums, in);
    window.take_block(1, 0, in, good);
    const BlockResult repeat = arrived(values, sums, again);
    CHECK_THROWS_WITH(window.take_block(1, 0, again, repeat), Catch::Contains("twice"));
  }
  SECTION("a block that contradicts its own sums: NaN in x from a finite residual") {
    cluster.send_ready(window);
    std::vector<double> nan_x = values;
    nan_x[1] = std::nan("");
    Received in;
    const BlockResult lie = arrived(nan_x, sums, in);
    CHECK_THROWS_WITH(
        window.take_block(1, 0, in, lie),
        Catch::Contains("node 1 sent NaN in x of iteration 1") && Catch::Contains("faulty"));
  }
  SECTION("a negative sum of squares") {
    cluster.send_ready(window);
    std::vector<double> negative = sums;
    negative[0] = -1.0;
    Received in;
    const BlockResult lie = arrived(values, negative, in);
    CHECK_THROWS_WITH(window.take_block(1, 0, in, lie), Catch::Contains("negative sum of squares"));
  }
  SECTION("NaN in x after a NaN residual is divergence, not a fault") {
    cluster.send_ready(window);
    std::vector<double> nan_x = values;
    nan_x[0] = std::nan("");
    std::vector<double> nan_sums = sums;
    nan_sums[0] = std::nan("");
    Received in;
    const BlockResult honest = arrived(nan_x, nan_sums, in);
    CHECK_NOTHROW(window.take_block(1, 0, in, honest));
  }
}
