#include "coordinator/run/error_exit.hpp"

#include <cstdio>
#include <exception>
#include <string>

#include "coordinator/cluster/cluster_error.hpp"
#include "coordinator/process/exit_codes.hpp"
#include "coordinator/process/signals.hpp"
#include "solver/input_error.hpp"
#include "solver/printable.hpp"

namespace slae::coordinator {

int exit_code_of(const char* program, const char* when_interrupted,
                 const std::function<int()>& run) {
  // a message quotes files and flags: escaped and cut, it stays one readable line
  const auto say = [](const std::string& prefix, const char* what) {
    std::fprintf(stderr, "%s%s\n", prefix.c_str(), slae::printable(what, 2000).c_str());
  };
  const std::string tag = std::string(program) + ": ";
  try {
    return run();
  } catch (const slae::InputError& e) {
    say("", e.what());  // the message names the file and line itself
    return kExitInput;
  } catch (const Interrupted& e) {
    std::fprintf(stderr, "%s%s; %s\n", tag.c_str(), e.what(), when_interrupted);
    return 128 + e.signal_number();
  } catch (const JobCancelled& e) {
    say(tag, e.what());  // "job 3 was cancelled by alice (customer --cancel)"
    return e.exit_code();
  } catch (const ClusterError& e) {
    say(tag + "cluster failure: ", e.what());
    return kExitCluster;
  } catch (const std::exception& e) {
    say(tag, e.what());
    return kExitInternal;
  }
}

}  // namespace slae::coordinator
