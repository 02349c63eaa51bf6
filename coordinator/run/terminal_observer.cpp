#include "coordinator/run/terminal_observer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "coordinator/cluster/job_events.hpp"
#include "solver/cg_spectrum.hpp"
#include "solver/elapsed.hpp"
#include "solver/input_text.hpp"
#include "solver/multicolour.hpp"
#include "solver/printable.hpp"

namespace slae::coordinator {
namespace {

std::string nodes_text(int nodes) {
  return std::to_string(nodes) + (nodes == 1 ? " node" : " nodes");
}

}  // namespace

void print_summary(const Options& o, const RunReport& run, int nodes, const MethodRun& m,
                   bool with_ordering) {
  const SolveResult& r = m.result;
  const double sweeps = m.stats.sweeps > 0 ? static_cast<double>(m.stats.sweeps) : 1.0;
  char residual[160];
  std::snprintf(residual, sizeof residual, "relative residual %.3e", r.relative_residual);
  std::string detail = residual;
  if (r.recursive_residual && (r.restarts > 0 || r.relative_residual > o.tolerance)) {
    std::snprintf(residual, sizeof residual, " (CG's recurrence said %.3e; %lld restart%s)",
                  *r.recursive_residual, static_cast<long long>(r.restarts),
                  r.restarts == 1 ? "" : "s");
    detail += residual;
  }
  if (m.error) {
    std::snprintf(residual, sizeof residual, ", error %.3e", *m.error);
    detail += residual;
  }
  std::fprintf(stderr,
               "%s: %s, %lld rows, %lld nnz, %s, %lld iterations, %s, %.3f s (%.3g "
               "ms/iteration): %s%s%s\n",
               input_name(o.matrix_path).c_str(), method_label(m.method, m.omega).c_str(),
               static_cast<long long>(run.rows), static_cast<long long>(run.nnz),
               nodes_text(nodes).c_str(), static_cast<long long>(r.iterations), detail.c_str(),
               m.stats.seconds, 1e3 * m.stats.seconds / sweeps,
               std::string(to_string(r.outcome)).c_str(), r.note.empty() ? "" : ": ",
               r.note.c_str());
  if (with_ordering && !m.rows_per_colour.empty()) {
    // why its count is not natural-order Gauss-Seidel's: the order it sweeps in
    const MulticolourOrdering ordering{{}, m.rows_per_colour};
    std::fprintf(stderr,
                 "  %s: ordering %s, greedy in row order; each iteration sweeps the colours in "
                 "turn\n",
                 method_name(m.method), describe(ordering).c_str());
  }
  if (m.method == SolveMethod::cg && r.spectrum) {
    // what a course asks of CG: how well conditioned D^-1 A is, and what that promised
    const SpectrumEstimate& s = *r.spectrum;
    const double bound = cg_iteration_bound(s.condition(), o.tolerance);
    char bound_text[96] = "";
    if (std::isfinite(bound))
      std::snprintf(bound_text, sizeof bound_text, "; (sqrt(kappa)/2) ln(2/tol) = %.0f iterations",
                    std::ceil(bound));
    std::fprintf(stderr,
                 "  cg: kappa(D^-1 A) ~ %.4g (eigenvalues %.4g to %.4g, from the Lanczos "
                 "coefficients of %lld iterations)%s, CG took %lld\n",
                 s.condition(), s.lambda_min, s.lambda_max, static_cast<long long>(s.iterations),
                 bound_text, static_cast<long long>(r.iterations));
  }
}

std::string describe(const QueuePlace& p) {
  std::string text =
      "queued: position " + std::to_string(p.position) + " of " + std::to_string(p.length) + ", ";
  if (p.workers == 0) return text + "waiting for a worker to join (the broker has none)";
  return text + "waiting for a free worker (" + std::to_string(p.busy) + " of " +
         std::to_string(p.workers) + " busy)";
}

TerminalObserver::TerminalObserver(const Options& o, RunReport& run, Clock::time_point start)
    : o_(o), run_(run), start_(start), line_(!o.quiet) {}

void TerminalObserver::begin(const MethodRun& m) {
  if (run_.solves.empty()) run_.setup_seconds = seconds_since(start_);
  line_.begin(method_label(m.method, m.omega), o_.max_iterations, o_.tolerance);
}

void TerminalObserver::progress(std::int64_t k, double r) {
  line_.update(k, r);
}

void TerminalObserver::finished(const MethodRun& m) {
  line_.finish();
  const bool told =
      std::find(told_ordering_.begin(), told_ordering_.end(), m.method) != told_ordering_.end();
  if (!told && !m.rows_per_colour.empty()) told_ordering_.push_back(m.method);
  print_summary(o_, run_, static_cast<int>(run_.nodes.size()), m, !told);
}

void TerminalObserver::queued(const QueuePlace& place) {
  if (line_.enabled()) {
    line_.show(describe(place));
  } else if (!said_queued_ && !o_.quiet) {
    std::fprintf(stderr, "%s: %s\n", program_name(o_.program), describe(place).c_str());
  }
  said_queued_ = true;
}

void TerminalObserver::event(const JobEvent& e) {
  if (e.kind == JobEvent::Kind::checkpoint) return;  // routine: the report lists them
  line_.finish();  // the line is drawn again at the next iteration
  if (e.method == kShippingEvents) {
    std::fprintf(stderr, "%s: while the blocks were shipped: %s\n", program_name(o_.program),
                 e.detail.c_str());
    return;
  }
  std::fprintf(stderr, "%s: %s at iteration %lld: %s\n", program_name(o_.program), e.method.c_str(),
               static_cast<long long>(e.iteration), e.detail.c_str());
}

}  // namespace slae::coordinator
