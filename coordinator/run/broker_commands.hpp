#pragma once
// coordinator --serve: the standing broker. Workers join with `slae-node --connect`, customers
// submit with `customer --broker`; it runs until SIGINT or SIGTERM. With --key it admits only
// the keys of its --worker-keys and --customer-keys directories (re-read on SIGHUP); the keys
// are made with --keygen.
#include <string>

#include "coordinator/cli/options.hpp"

namespace slae::coordinator {

/// The line that says the broker is ready, and how workers and customers connect to it at
/// `reach` (with --key: with which keys; a role with no directory of keys cannot connect).
std::string ready_line(const Options& options, const std::string& reach);

/// Serves until a signal; returns 0 then (a service stopped on request). Throws InputError when
/// it cannot listen on the address.
int run_serve(const Options& options);

/// coordinator --keygen NAME: writes NAME.key and NAME.pub (protocol/key_files.hpp); returns 0.
int run_keygen(const Options& options);

}  // namespace slae::coordinator
