// run_job (coordinator/cluster/solve_job.cpp) on a whole cluster in this process: the broker and
// slae-node's worker loop on threads (tests/support/in_process_cluster.hpp). What the
// integration tests check with real processes (the same bits on any node count, a lost worker
// costing nothing of the answer, each job's messages reaching only its own workers) is checked
// here in a fraction of the time, and under the sanitizers in one process.
#include "coordinator/cluster/solve_job.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <functional>
#include <future>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "coordinator/cluster/cluster_job.hpp"
#include "matrices/generators/poisson2d.hpp"
#include "tests/support/in_process_cluster.hpp"

using namespace slae;
using namespace slae::coordinator;
using slae::test::InProcessCluster;

namespace {

const CsrMatrix& poisson() {
  static const CsrMatrix a = generators::poisson_2d(48);  // 2,304 rows: 1,152 chunks of 2
  return a;
}

const std::vector<double>& ones_times_a() {
  static const std::vector<double> b = [] {
    std::vector<double> ones(static_cast<std::size_t>(poisson().rows), 1.0), product(ones.size());
    poisson().multiply(ones, product);
    return product;
  }();
  return b;
}

/// Calls a hook the first time the solve reaches an iteration.
class AtIteration final : public JobObserver {
 public:
  AtIteration(std::int64_t iteration, std::function<void()> hook)
      : iteration_(iteration), hook_(std::move(hook)) {}
  void progress(std::int64_t iteration, double) override {
    if (iteration < iteration_ || done_) return;
    done_ = true;
    hook_();
  }

 private:
  std::int64_t iteration_;
  std::function<void()> hook_;
  bool done_ = false;
};

struct Solve {
  std::vector<MethodSpec> methods = {{SolveMethod::jacobi, 1.0}};
  std::int64_t max_iterations = 150;
  bool share_memory = true;
  std::uint32_t collect_every = 0;  ///< Jacobi on thin nodes: blocks every K iterations
};

/// Runs `solve` on the job's parts: A is cut into as many blocks as the job has workers.
RunReport run_on(JobChannel& job, const Solve& solve, JobObserver& observer) {
  const CsrMatrix& a = poisson();
  const ReductionChunks chunks = ReductionChunks::for_rows(a.rows);
  RunReport run;
  run.criteria.tolerance = 1e-12;  // not met: every solve runs its max_iterations
  run.criteria.max_iterations = solve.max_iterations;
  JobSettings settings{solve.methods, run.criteria, solve.share_memory, solve.collect_every};
  double bb = 0.0;
  for (const double v : ones_times_a())
    bb += v * v;
  const JobSystem system{a, ones_times_a(), std::sqrt(bb)};
  run_job(job, system, settings, plan_partition(a, job.size(), chunks), chunks, run, observer);
  return run;
}

RunReport run_on(JobChannel& job, const Solve& solve) {
  JobObserver nobody;
  return run_on(job, solve, nobody);
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

/// Each solve's x, count and history the same, bit for bit.
void check_same(const RunReport& got, const RunReport& want) {
  REQUIRE(got.solves.size() == want.solves.size());
  for (std::size_t i = 0; i < want.solves.size(); ++i) {
    CAPTURE(method_name(want.solves[i].method));
    const SolveResult& g = got.solves[i].result;
    const SolveResult& w = want.solves[i].result;
    CHECK(g.outcome == w.outcome);
    CHECK(g.iterations == w.iterations);
    CHECK(same_bits(g.x, w.x));
    CHECK(same_bits(g.residual_history, w.residual_history));
  }
}

const RunReport& reference(const Solve& solve, bool share_memory) {
  // one worker, no recovery: what every other arrangement must reproduce
  static std::map<std::string, RunReport> done;
  std::string key = std::to_string(solve.max_iterations) + (share_memory ? " shared" : " socket");
  for (const MethodSpec& m : solve.methods) {
    // appended in two steps: GCC 12 at -O3 warns falsely (stringop-overflow) on " " + label
    key += ' ';
    key += method_label(m.method, m.omega);
  }
  if (const auto found = done.find(key); found != done.end()) return found->second;
  InProcessCluster cluster({1});
  auto job = cluster.claim(1, {});
  Solve s = solve;
  s.share_memory = share_memory;
  s.collect_every = 0;  // how often blocks are collected changes no bit
  return done[key] = run_on(*job, s);
}

Solve every_method() {
  Solve s;
  s.methods = {{SolveMethod::jacobi, 1.0},
               {SolveMethod::cg, 1.0},
               {SolveMethod::gauss_seidel, 1.0},
               {SolveMethod::sor, 1.5}};
  return s;
}

std::int64_t count_of(const RunReport& run, JobEvent::Kind kind) {
  return std::count_if(run.events.begin(), run.events.end(),
                       [&](const JobEvent& e) { return e.kind == kind; });
}

}  // namespace

TEST_CASE("run_job gives every method the same x, count and history on 1 to 4 workers",
          "[cluster][in-process]") {
  // the one-shot arrangement (the job turns the broker's loop, blocks in shared memory) and the
  // standing broker's (a loop of its own, blocks through the socket)
  const bool broker_thread = GENERATE(false, true);
  const int nodes = GENERATE(2, 3, 4);
  CAPTURE(broker_thread, nodes);
  Solve solve = every_method();
  solve.share_memory = !broker_thread;
  InProcessCluster cluster({nodes, broker_thread});
  auto job = cluster.claim(nodes, {});
  REQUIRE(job->size() == nodes);
  const RunReport run = run_on(*job, solve);
  CHECK(run.shared_memory_nodes == (solve.share_memory ? nodes : 0));
  // Jacobi and the Gauss-Seidel family run to the bound; CG meets the tolerance before it
  CHECK(run.solves.front().result.iterations == solve.max_iterations);
  check_same(run, reference(solve, solve.share_memory));
}

TEST_CASE("a worker lost mid-solve is replaced by an idle one, and the answer keeps its bits",
          "[cluster][in-process][fault]") {
  const SolveMethod method =
      GENERATE(SolveMethod::jacobi, SolveMethod::cg, SolveMethod::gauss_seidel);
  const bool broker_thread = GENERATE(false, true);
  CAPTURE(method_name(method), broker_thread);
  Solve solve;
  solve.methods = {{method, 1.0}};
  solve.share_memory = !broker_thread;
  InProcessCluster cluster({3, broker_thread});
  auto job = cluster.claim(3, {});
  cluster.add_worker();  // idle: the one to take the lost part
  AtIteration kill(60, [&] { cluster.kill(0); });
  const RunReport run = run_on(*job, solve, kill);
  check_same(run, reference(solve, solve.share_memory));
  CHECK(cluster.end_of(0) == node::WorkerEnd::stopped);
  CHECK(count_of(run, JobEvent::Kind::worker_lost) == 1);
  CHECK(count_of(run, JobEvent::Kind::replaced) == 1);
  CHECK(run.nodes.size() == 3);  // the spare holds the lost part's rows
}

TEST_CASE("two workers lost at different iterations are both replaced, same bits",
          "[cluster][in-process][fault]") {
  Solve solve;
  InProcessCluster cluster({4});
  auto job = cluster.claim(4, {});
  cluster.add_worker();
  cluster.add_worker();
  AtIteration first(30, [&] { cluster.kill(1); });
  AtIteration second(100, [&] { cluster.kill(3); });
  struct Both final : JobObserver {
    JobObserver& a;
    JobObserver& b;
    Both(JobObserver& x, JobObserver& y) : a(x), b(y) {}
    void progress(std::int64_t k, double r) override {
      a.progress(k, r);
      b.progress(k, r);
    }
  } both(first, second);
  const RunReport run = run_on(*job, solve, both);
  check_same(run, reference(solve, true));
  std::vector<std::int64_t> lost_at;
  for (const JobEvent& e : run.events) {
    if (e.kind == JobEvent::Kind::worker_lost) lost_at.push_back(e.iteration);
  }
  REQUIRE(lost_at.size() == 2);
  CHECK(lost_at[0] < lost_at[1]);
  CHECK(count_of(run, JobEvent::Kind::replaced) == 2);
  CHECK(run.nodes.size() == 4);
}

TEST_CASE("a worker lost with none idle: its rows are spread over the others, same bits",
          "[cluster][in-process][fault]") {
  Solve solve;
  InProcessCluster cluster({3});
  auto job = cluster.claim(3, {});
  AtIteration kill(40, [&] { cluster.kill(1); });
  const RunReport run = run_on(*job, solve, kill);
  check_same(run, reference(solve, true));
  CHECK(count_of(run, JobEvent::Kind::worker_lost) == 1);
  CHECK(run.nodes.size() == 2);
}

TEST_CASE(
    "a worker lost as it receives its block, at a solve's start or at a collect is replaced "
    "(or its rows spread over the others), and every method ends with the undisturbed x, "
    "count and history",
    "[cluster][in-process][fault]") {
  struct Phase {
    SolveMethod method;
    bool thin;          ///< no shared memory, blocks collected every 10 iterations
    const char* death;  ///< slae-node --test-die-on
    bool spare;         ///< an idle worker to take the lost part; else its rows are spread
  };
  // thin nodes are the Jacobi nodes collected on the way and at the end; CG collects its x
  // from every node at the end (and its state every 100 iterations)
  const Phase phase = GENERATE(values<Phase>({
      {SolveMethod::jacobi, false, "setup", true},
      {SolveMethod::jacobi, false, "setup", false},
      {SolveMethod::jacobi, false, "start", true},
      {SolveMethod::jacobi, true, "collect", true},
      {SolveMethod::jacobi, true, "collect", false},
      {SolveMethod::jacobi, true, "setup", true},
      {SolveMethod::cg, false, "setup", true},
      {SolveMethod::cg, false, "collect", true},
      {SolveMethod::cg, false, "collect", false},
      {SolveMethod::gauss_seidel, false, "setup", true},
      {SolveMethod::gauss_seidel, false, "start", false},
  }));
  CAPTURE(method_name(phase.method), phase.thin, phase.death, phase.spare);
  Solve solve;
  solve.methods = {{phase.method, 1.0}};
  solve.share_memory = !phase.thin;
  solve.collect_every = phase.thin ? 10 : 0;
  // not a multiple of 10: the last iterate is not all in hand, and thin nodes are collected
  solve.max_iterations = 147;
  InProcessCluster cluster({2});
  node::TestFaults dies;
  dies.die_on(phase.death);
  const int doomed = cluster.add_worker(dies);
  auto job = cluster.claim(3, {});
  if (phase.spare) cluster.add_worker();
  const RunReport run = run_on(*job, solve);
  check_same(run, reference(solve, true));
  CHECK(cluster.end_of(doomed) == node::WorkerEnd::died);
  CHECK(count_of(run, JobEvent::Kind::worker_lost) == 1);
  CHECK(run.nodes.size() == (phase.spare ? 3U : 2U));
}

TEST_CASE(
    "two jobs at once on one broker: each hears only its own workers, and both keep "
    "their bits",
    "[cluster][in-process][broker]") {
  InProcessCluster cluster({4, /*broker_thread=*/true});
  Solve solve = every_method();
  solve.share_memory = false;
  auto first = cluster.claim(2, {});
  auto second = cluster.claim(2, {});
  std::set<WorkerId> workers;
  for (const auto* job : {first.get(), second.get()}) {
    for (const GrantedWorker& w : job->workers())
      workers.insert(w.id);
  }
  CHECK(workers.size() == 4);
  auto other = std::async(std::launch::async, [&] { return run_on(*second, solve); });
  const RunReport one = run_on(*first, solve);
  const RunReport two = other.get();
  check_same(one, reference(solve, false));
  check_same(two, reference(solve, false));
}
