#pragma once
// The broker's admission of a customer's job: a submit is refused (within this broker's limits;
// methods, weights and iteration bounds that make sense) before any of its data is taken, and
// its job_data is checked against it, for it came over the network. Nothing here runs a job.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "protocol/messages.hpp"
#include "solver/checkpoint.hpp"
#include "solver/csr_matrix.hpp"

namespace slae::coordinator {

/// What a broker accepts of a customer's job (--max-job-bytes, --max-rows, --max-nnz; 0: no
/// bound), decided from its submit, before its data is received.
struct JobLimits {
  std::int64_t max_job_bytes = 0;
  std::int64_t max_rows = 0;
  std::int64_t max_nnz = 0;
};

/// What a customer's job_data holds, checked against its submit. Throws InputError (naming the
/// first thing wrong) for anything a correct customer could not have sent.
struct CustomerSystem {
  CsrMatrix a;            ///< solve
  std::vector<double> b;  ///< solve: b; doubling: the list
  std::optional<std::vector<double>> exact;
  /// The state to go on from (submit.resume): its method, iteration, vectors, scalars, history
  /// (the fingerprint is the customer's business: it checked the file against its A and b).
  std::optional<Checkpoint> resume;
};
CustomerSystem check_job_data(const protocol::Submit& spec, const protocol::JobData& data);

/// Why a submit cannot be served, or nothing when it can (within the limits; methods, weights
/// and iteration bounds that make sense). Decided from the submit alone, before its data.
std::optional<std::string> refuse_reason(const protocol::Submit& spec, const JobLimits& limits);

/// The bytes of A, b and x* as a job_data carries them.
std::int64_t job_bytes(const protocol::Submit& spec);

}  // namespace slae::coordinator
