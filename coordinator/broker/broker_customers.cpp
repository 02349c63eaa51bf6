// The broker's customers: jobs submitted, their data checked and handed to a job thread,
// progress and results passed back, cancellation, status, and customers that go away. Part of
// class Broker (broker.hpp); the event loop and the workers are in broker.cpp.
#include <algorithm>
#include <cstring>
#include <iterator>

#include <nlohmann/json.hpp>

#include "coordinator/broker/broker.hpp"
#include "coordinator/process/exit_codes.hpp"
#include "coordinator/text/method_list.hpp"
#include "protocol/key_ring.hpp"
#include "protocol/liveness.hpp"
#include "solver/input_error.hpp"
#include "solver/printable.hpp"
#include "solver/reduction_chunks.hpp"

namespace slae::coordinator {

namespace proto = slae::protocol;
using Clock = std::chrono::steady_clock;

namespace {

const char* method_of(const proto::Submit& spec, std::int32_t index) {
  if (spec.kind == proto::JobKind::doubling) return "double";
  std::vector<SolveMethod> methods;
  for (const std::uint8_t code : spec.methods) {
    if (const auto method = from_wire(code)) methods.push_back(*method);
  }
  const std::vector<MethodSpec> runs =
      plan_runs(methods, spec.omegas.empty() ? std::vector<double>{spec.omega} : spec.omegas);
  if (index < 0 || static_cast<std::size_t>(index) >= runs.size()) return "";
  return method_name(runs[static_cast<std::size_t>(index)].method);
}

}  // namespace

bool Broker::may_act_as_customer(const std::string& identity, const std::string& user,
                                 const proto::Received& received, proto::MessageType type) {
  if (!options_.check_roles || customers_.count(identity) != 0 || protocol::roles_of(user).customer)
    return true;
  const std::string owner = printable(protocol::roles_of(user).owner, 64);
  if (strike(wrong_role_, identity, received.frame,
             std::string("a customer's ") + proto::type_name(type) + " from the key of " + owner +
                 ", which is not in --customer-keys"))
    return false;
  to_customer(identity, {{},
                         proto::Refused{"the key of " + owner +
                                        " may not submit or ask here: it is not one of the "
                                        "broker's customer keys"}});
  return false;
}

void Broker::on_customer(const std::string& identity, const std::string& user,
                         proto::Received& received) {
  Customer& customer = customers_[identity];
  if (customer.user.empty()) customer.user = user;
  customer.last_heard = Clock::now();
  proto::Message message;
  try {
    message = decoder_.decode(received.bytes());
  } catch (const proto::ProtocolError& e) {
    strike(malformed_, identity, received.frame, std::string("from a customer: ") + e.what());
    return;
  }
  const JobId job = message.header.job;
  if (std::holds_alternative<proto::Heartbeat>(message.body)) return;
  // each handler says what was wrong with a message that the customer should not have sent
  std::optional<std::string> bad;
  if (const auto* submit = std::get_if<proto::Submit>(&message.body)) {
    bad = on_submit(identity, *submit);
  } else if (const auto* data = std::get_if<proto::JobData>(&message.body)) {
    bad = on_job_data(identity, job, *data);
  } else if (std::holds_alternative<proto::StatusRequest>(message.body)) {
    to_customer(identity, {{}, proto::Status{status_json(customer.user)}});
  } else if (const auto* cancel = std::get_if<proto::Cancel>(&message.body)) {
    bad = on_cancel(identity, job, *cancel);
  } else {
    bad = std::string("a ") + proto::type_name(proto::type_of(message.body)) +
          " message, which customers do not send";
  }
  if (!bad) return;
  const std::string owner = protocol::roles_of(customer.user).owner;
  strike(customer_slips_, identity, received.frame,
         owner.empty() ? *bad : "the key of " + printable(owner, 64) + " sent " + *bad);
}

std::optional<std::string> Broker::on_submit(const std::string& customer,
                                             const proto::Submit& spec) {
  std::optional<std::string> why = refuse_reason(spec, options_.job_limits);
  if (!why) {
    const auto theirs = std::count_if(jobs_table_.begin(), jobs_table_.end(),
                                      [&](const auto& j) { return j.second.customer == customer; });
    if (theirs >= kMostJobsPerCustomer) {
      why = "a customer may have " + std::to_string(kMostJobsPerCustomer) +
            " jobs queued or running at once";
    }
  }
  if (why) {
    log("refused a job: " + *why);
    to_customer(customer, {{}, proto::Refused{*why}});
    return "a submit refused: " + *why;
  }
  ClaimRequest request;
  request.want = spec.nodes;
  // a part holds whole reduction chunks (and a doubling chunk at least one value)
  request.at_most = spec.kind == proto::JobKind::solve
                        ? static_cast<int>(std::min<std::int64_t>(
                              ReductionChunks::for_rows(spec.rows).count(), 1 << 20))
                        : static_cast<int>(std::min<std::int64_t>(spec.rows, 1 << 20));
  const JobId id = next_job_id();
  Job& job = jobs_table_[id];
  job.id = id;
  job.request = request;
  job.state = JobState::receiving;
  job.customer = customer;
  job.owner = customers_[customer].user;
  job.spec = spec;
  job.submitted = Clock::now();
  log("job " + std::to_string(id) + " submitted: " + std::to_string(spec.rows) + " rows, " +
      std::to_string(spec.nnz) + " non-zeros, " +
      (spec.nodes > 0 ? std::to_string(spec.nodes) + " workers wanted" : "every idle worker"));
  to_customer(customer, {{id, 0, 0}, proto::Accepted{}});
  to_customer(customer, {{}, heartbeat()});  // our interval, for it to beat at while it waits
  return std::nullopt;
}

std::optional<std::string> Broker::on_job_data(const std::string& customer, JobId id,
                                               const proto::JobData& data) {
  const auto it = jobs_table_.find(id);
  if (it == jobs_table_.end() || it->second.customer != customer ||
      it->second.state != JobState::receiving) {
    return "data for job " + std::to_string(id) + ", which is not its own or not waiting for it";
  }
  try {
    CustomerSystem system = check_job_data(it->second.spec, data);
    it->second.state = JobState::queued;  // its thread claims the workers
    customer_jobs_[id] = options_.start_job(*this, id, it->second.spec, std::move(system));
  } catch (const InputError& e) {
    log("job " + std::to_string(id) + " refused: " + e.what());
    to_customer(customer, {{id, 0, 0}, proto::JobFailed{2, e.what()}});
    jobs_table_.erase(it);
    return std::string("job data refused: ") + e.what();
  }
  return std::nullopt;
}

std::string Broker::canceller(const std::string& customer, const proto::Cancel& cancel) {
  // with keys, the key says who it is; without, the customer's word is all there is
  if (options_.check_roles)
    return printable(protocol::roles_of(customers_[customer].user).owner, 64);
  return cancel.by.empty() ? std::string("a customer") : printable(cancel.by, 100);
}

std::optional<std::string> Broker::on_cancel(const std::string& customer, JobId id,
                                             const proto::Cancel& cancel) {
  const auto it = jobs_table_.find(id);
  if (it == jobs_table_.end() || it->second.customer.empty()) {
    to_customer(customer, {{id, 0, 0},
                           proto::CancelReply{false, "no job " + std::to_string(id) +
                                                         " is queued or running on this broker"}});
    return "a cancel of job " + std::to_string(id) + ", which is not here";
  }
  if (options_.check_roles && it->second.owner != customers_[customer].user) {
    to_customer(customer, {{id, 0, 0},
                           proto::CancelReply{false, "job " + std::to_string(id) +
                                                         " is not yours: only the key that "
                                                         "submitted it may cancel it"}});
    return "a cancel of job " + std::to_string(id) + ", which is another key's";
  }
  if (cancel.how == proto::CancelHow::interrupted && it->second.customer == customer) {
    // its own customer was interrupted (Ctrl-C): it waits for what the job had so far, which
    // the job's thread sends before job_failed; nothing else to answer
    const std::string signal =
        cancel.by.empty() ? std::string() : " (" + printable(cancel.by, 40) + ")";
    cancel_job(id, "was interrupted by its customer" + signal, Tell::job, kExitCancelled);
    return std::nullopt;
  }
  cancel_job(id, "was cancelled by " + canceller(customer, cancel) + " (customer --cancel)",
             Tell::job, kExitCancelled);
  to_customer(customer, {{id, 0, 0},
                         proto::CancelReply{true, "job " + std::to_string(id) +
                                                      " cancelled; its workers are free"}});
  return std::nullopt;
}

void Broker::cancel_job(JobId id, const std::string& reason, Tell tell, int exit_code) {
  const auto it = jobs_table_.find(id);
  if (it == jobs_table_.end()) return;
  Job& job = it->second;
  const std::string what = "job " + std::to_string(id) + " " + reason;
  log(what);
  free_workers(job);
  queue_.erase(std::remove(queue_.begin(), queue_.end(), id), queue_.end());
  const bool has_thread = customer_jobs_.count(id) != 0;
  const bool customer_here = !job.customer.empty() && customers_.count(job.customer) != 0;
  if (customer_here && (tell == Tell::broker || (tell == Tell::job && !has_thread)))
    to_customer(job.customer, {{id, 0, 0}, proto::JobFailed{exit_code, what}});
  if (customer_here && tell == Tell::job && has_thread) closing_[id] = job.customer;
  jobs_table_.erase(it);
  // its thread stops, and says what it had (when it tells)
  if (has_thread) to_job(id, LinkKind::cancel, 0, cancel_payload(exit_code, what));
  serve_queue();
}

void Broker::lose_customer(const std::string& customer, const std::string& why) {
  std::vector<JobId> theirs;
  for (const auto& [id, job] : jobs_table_)
    if (job.customer == customer) theirs.push_back(id);
  for (const JobId id : theirs)
    cancel_job(id, "was cancelled: its customer " + why, Tell::nobody, kExitCancelled);
  for (auto it = closing_.begin(); it != closing_.end();)
    it = it->second == customer ? closing_.erase(it) : std::next(it);
  customers_.erase(customer);
}

void Broker::to_customer(const std::string& customer, const proto::Message& message) {
  if (proto::route(router_, customer, proto::frame_for(message, scratch_))) {
    const auto it = customers_.find(customer);
    if (it != customers_.end()) it->second.last_sent = Clock::now();
  }
}

void Broker::route_to_customer(Job& job, zmq::message_t frame) {
  try {
    const proto::Peeked peeked = proto::peek(
        std::span<const std::byte>(static_cast<const std::byte*>(frame.data()), frame.size()));
    if (peeked.type == proto::MessageType::progress) {
      const proto::Message m = decoder_.decode(
          std::span<const std::byte>(static_cast<const std::byte*>(frame.data()), frame.size()));
      const auto& p = std::get<proto::Progress>(m.body);
      job.method = p.method;
      job.residual = p.relative_residual;
      job.iteration = peeked.header.iteration;
    }
  } catch (const proto::ProtocolError&) {
    return;  // cannot happen: our own job wrote it
  }
  if (proto::route(router_, job.customer, std::move(frame))) {
    const auto it = customers_.find(job.customer);
    if (it != customers_.end()) it->second.last_sent = Clock::now();
  }
}

void Broker::reap_customer_jobs() {
  for (auto it = customer_jobs_.begin(); it != customer_jobs_.end();) {
    if (it->second->finished()) {
      it = customer_jobs_.erase(it);  // joins its thread, which has ended
    } else {
      ++it;
    }
  }
}

std::string Broker::status_json(const std::string& asker) const {
  using nlohmann::json;
  const auto now = Clock::now();
  const auto seconds = [&](Clock::time_point t) {
    return std::chrono::duration<double>(now - t).count();
  };
  json workers = json::array();
  for (const auto& [id, w] : workers_.all()) {
    json entry = {{"id", id},
                  {"host", w.ready.host},
                  {"pid", w.ready.pid},
                  {"cores", w.ready.cores},
                  {"state", w.state == WorkerState::busy ? "busy" : "idle"},
                  {"job", nullptr},
                  {"rows", nullptr},
                  {"last_heard_seconds", seconds(w.last_heard)}};
    if (w.state == WorkerState::busy) {
      entry["job"] = w.job;
      const auto job = jobs_table_.find(w.job);
      const auto p = static_cast<std::size_t>(w.part);
      if (job != jobs_table_.end() && 2 * p + 1 < job->second.part_rows.size())
        entry["rows"] = {job->second.part_rows[2 * p], job->second.part_rows[2 * p + 1]};
    }
    workers.push_back(entry);
  }
  json jobs = json::array();
  for (const auto& [id, job] : jobs_table_) {
    json placed = json::array();
    for (const WorkerId w : job.placement)
      placed.push_back(w);
    const char* state = job.state == JobState::running  ? "running"
                        : job.state == JobState::queued ? "queued"
                                                        : "receiving";
    json entry = {{"id", id},
                  {"state", state},
                  {"workers", placed},
                  {"iteration", job.iteration},
                  {"relative_residual", nullptr},
                  {"method", nullptr},
                  {"rows", job.spec.rows},
                  {"nnz", job.spec.nnz},
                  {"elapsed_seconds", job.customer.empty() ? 0.0 : seconds(job.submitted)}};
    // with keys, a customer sees which jobs are its own (and of the others no more than their
    // size: no file of a job ever reaches the broker)
    if (options_.check_roles) entry["yours"] = !job.owner.empty() && job.owner == asker;
    if (job.method >= 0) {
      entry["relative_residual"] = job.residual;
      entry["method"] = method_of(job.spec, job.method);
    }
    jobs.push_back(entry);
  }
  return json{{"workers", workers}, {"jobs", jobs}, {"connections", connections_}}.dump();
}

}  // namespace slae::coordinator
