#include "node/test_death.hpp"

#include <unistd.h>

#include <csignal>
#include <cstdlib>

#include "solver/input_error.hpp"

namespace slae::node {

namespace proto = slae::protocol;

TestDeath TestDeath::parse(const std::string& spec) {
  TestDeath death;
  if (spec == "start-up") {
    death.when_ = When::start_up;
    return death;
  }
  if (spec == "ready") {
    death.when_ = When::ready;
    return death;
  }
  const std::size_t colon = spec.find(':');
  const std::string name = spec.substr(0, colon);
  if (colon != std::string::npos) {
    const std::string count = spec.substr(colon + 1);
    char* end = nullptr;
    const long n = std::strtol(count.c_str(), &end, 10);
    if (count.empty() || *end != '\0' || n < 1 || n > 1000000)
      throw InputError("--test-die-on " + spec + ": the occurrence must be a whole number >= 1");
    death.occurrence_ = static_cast<int>(n);
  }
  for (std::uint8_t t = 1; t <= proto::kLastMessageType; ++t) {
    if (name == proto::type_name(static_cast<proto::MessageType>(t))) {
      death.when_ = When::message;
      death.type_ = static_cast<proto::MessageType>(t);
      return death;
    }
  }
  throw InputError("--test-die-on " + spec +
                   ": expected start-up, ready or a message type such as setup or collect:2");
}

void TestDeath::at(When moment) const {
  if (when_ == moment) die();
}

void TestDeath::on_message(const proto::Message& message) {
  if (when_ != When::message || proto::type_of(message.body) != type_) return;
  if (++seen_ == occurrence_) die();
}

void TestDeath::die() {
  ::kill(::getpid(), SIGKILL);
  ::_exit(137);  // not reached
}

}  // namespace slae::node
