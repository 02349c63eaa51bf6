#include "node/node_session.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <span>
#include <stdexcept>
#include <string>
#include <thread>
#include <type_traits>

namespace slae::node {

using namespace slae::protocol;

void NodeSession::handle(Message&& message, ReplySink& out) {
  const Header& h = message.header;
  try {
    std::visit(
        [&](auto& body) {
          using T = std::decay_t<decltype(body)>;
          if constexpr (std::is_same_v<T, Setup>) {
            on_setup(h, std::move(body), out);
          } else if constexpr (std::is_same_v<T, Start>) {
            on_start(h, body);
          } else if constexpr (std::is_same_v<T, Iterate>) {
            require_current(h, "iterate");
            if (!jacobi_ && !sor_) {
              throw std::invalid_argument(
                  "iterate, but the current solve is not Jacobi, Gauss-Seidel or SOR");
            }
            delay_reply();
            if (jacobi_)
              jacobi_->iterate(h, body, out);
            else
              sor_->iterate(h, body, out);
          } else if constexpr (std::is_same_v<T, CgStep> || std::is_same_v<T, CgDirection>) {
            require_current(h, "cg");
            if (!cg_) throw std::invalid_argument("a CG message, but the current solve is not CG");
            delay_reply();
            if constexpr (std::is_same_v<T, CgStep>)
              cg_->step(h, body, out);
            else
              cg_->direction(h, body, out);
          } else if constexpr (std::is_same_v<T, Collect>) {
            on_collect(h, body, out);
          } else if constexpr (std::is_same_v<T, DoubleTask>) {
            on_double_task(h, body, out);
          } else if constexpr (std::is_same_v<T, Shutdown>) {
            shutdown_ = true;
          } else if constexpr (std::is_same_v<T, Release>) {
            on_release(h);
          } else if constexpr (std::is_same_v<T, Heartbeat>) {
            // nothing to do: hearing anything at all keeps the node alive
          } else {
            throw std::invalid_argument(std::string("a node does not accept ") +
                                        type_name(type_of(message.body)) + " messages");
          }
        },
        message.body);
  } catch (const std::invalid_argument& e) {
    // Untrusted input that does not fit: say why, keep the state we had.
    out.send(Message{h, ErrorReport{e.what()}});
  }
}

// What a hostile node would do to kill its coordinator with SIGBUS: truncate the segment
// under its mapping. Says on stderr how the attempt went, for the test that makes it.
void NodeSession::shrink(const std::string& segment) {
  const int fd = ::open(segment.c_str(), O_RDWR | O_CLOEXEC);
  const bool shrunk = fd >= 0 && ::ftruncate(fd, 0) == 0;
  const int error = errno;
  if (fd >= 0) ::close(fd);
  std::fprintf(stderr, "slae-node: tried to shrink the shared memory: %s\n",
               shrunk ? "done" : std::strerror(error));
}

void NodeSession::on_setup(const Header& h, Setup&& m, ReplySink& out) {
  m.block.validate();
  const std::int64_t rows = m.block.rows();
  for (std::size_t e = 0; e < m.exports.size(); ++e) {
    if (m.exports[e] < 0 || m.exports[e] >= rows || (e > 0 && m.exports[e] <= m.exports[e - 1])) {
      throw std::invalid_argument("setup: export rows are not increasing rows of the block");
    }
  }
  std::optional<SharedSegment> segment;
  if (!m.segment.empty() && !options_.refuse_shared_memory) {
    try {
      if (options_.shrink_shared_memory) shrink(m.segment);
      segment = SharedSegment::open(m.segment, shared_iterate_bytes(m.block.local_size()));
    } catch (const std::runtime_error&) {
      // Not fatal: the blocks go through the socket instead, as the ack tells the coordinator
      // (which then lets go of the segment it made).
      segment.reset();
    }
  }
  // The workers refer to the old block and segment: drop them before replacing those.
  jacobi_.reset();
  cg_.reset();
  sor_.reset();
  epoch_.reset();
  segment_ = std::move(segment);
  block_ = std::move(m.block);
  exports_ = std::move(m.exports);
  // exports ahead of the block pay only when the block itself travels through the socket
  early_exports_ = m.early_exports && !segment_;
  job_ = h.job;
  out.send(Message{h, SetupAck{segment_.has_value()}});
}

void NodeSession::on_release(const Header& h) {
  if (!block_ || h.job != job_) return;  // an older job's, already replaced: nothing to drop
  // the workers refer to the block and the segment: they go first (frames they lent to ZeroMQ
  // keep their own storage alive: payload_buffer.hpp)
  jacobi_.reset();
  cg_.reset();
  sor_.reset();
  epoch_.reset();
  segment_.reset();
  block_.reset();
  exports_ = {};
  early_exports_ = false;
  job_ = 0;
}

void NodeSession::on_start(const Header& h, const Start& m) {
  if (!block_ || h.job != job_)
    throw std::invalid_argument("start for a job this node has no block of");
  if (epoch_ && h.epoch <= *epoch_) {
    throw std::invalid_argument("start for epoch " + std::to_string(h.epoch) +
                                ", not after the current epoch " + std::to_string(*epoch_));
  }
  jacobi_.reset();
  cg_.reset();
  sor_.reset();
  epoch_.reset();  // if the worker cannot be made, no solve is current
  if (m.method == Method::jacobi) {
    jacobi_ = std::make_unique<JacobiWorker>(
        *block_, exports_, early_exports_, m,
        segment_ ? segment_->writable_doubles() : std::span<double>());
  } else if (m.method == Method::cg) {
    cg_ = std::make_unique<CgWorker>(*block_, exports_, m, h.iteration);
  } else {
    sor_ = std::make_unique<SorWorker>(*block_, m, h.iteration);
  }
  epoch_ = h.epoch;
}

void NodeSession::require_current(const Header& h, const char* what) const {
  if (!block_ || !epoch_ || h.job != job_ || h.epoch != *epoch_) {
    throw std::invalid_argument(std::string(what) +
                                " for a job or epoch this node has not started");
  }
}

void NodeSession::on_collect(const Header& h, const Collect& m, ReplySink& out) {
  require_current(h, "collect");
  BlockValues reply;
  reply.row_begin = block_->range.begin;
  reply.row_end = block_->range.end;
  // Jacobi: x_m of the header's m (a coordinator collects the iterate it judged last); CG: x,
  // or r and p as well (the state a solve goes on from after a lost worker)
  if (m.what != Collected::x && !cg_)
    throw std::invalid_argument("collect of r or p, but the current solve is not CG");
  reply.values = PackedDoubles(jacobi_                  ? jacobi_->x_at(h.iteration)
                               : sor_                   ? sor_->x()
                               : m.what == Collected::r ? cg_->r()
                               : m.what == Collected::p ? cg_->p()
                                                        : cg_->x());
  out.send(Message{h, reply});
}

void NodeSession::on_double_task(const Header& h, const DoubleTask& m, ReplySink& out) {
  doubled_.resize(m.values.size());
  m.values.copy_to(doubled_);
  for (double& v : doubled_)
    v *= 2.0;
  delay_reply();
  out.send(Message{h, DoubleResult{m.chunk, PackedDoubles(std::span<const double>(doubled_))}});
}

void NodeSession::delay_reply() const {
  if (options_.reply_delay.count() > 0) std::this_thread::sleep_for(options_.reply_delay);
}

}  // namespace slae::node
