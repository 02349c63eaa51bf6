#pragma once
// A case's files in expected/ against the files SLAE_REGRESSION_UPDATE=1 would write for it now,
// byte for byte: the check fails a case whose recording an update would change, so that an
// update on a clean tree changes nothing and a stale recording cannot hide within the
// tolerances (the 15 CG files that kept a residual from before it became the true one did).
#include <optional>
#include <string>
#include <vector>

namespace slae::test {

/// What expected/ holds for a case, or what an update writes there.
struct ExpectationFiles {
  std::string json;              ///< <id>.json
  std::optional<std::string> x;  ///< <id>.x.mtx; none for an outcome whose x means nothing
};

/// One line per file that an update would change, saying how ("an update would change
/// expected/LFAT5.cg.json: relative_residual 1.5e-16 -> 1.6e-16"); empty when `recorded` is
/// exactly what it would write.
std::vector<std::string> expectation_changes(const std::string& id,
                                             const ExpectationFiles& recorded,
                                             const ExpectationFiles& now);

}  // namespace slae::test
