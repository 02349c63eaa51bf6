#pragma once
// coordinator --serve: the standing broker. Workers join with `slae-node --connect`, customers
// submit with `customer --broker`; it runs until SIGINT or SIGTERM.
#include "coordinator/options.hpp"

namespace slae::coordinator {

/// Serves until a signal; returns 0 then (a service stopped on request). Throws InputError when
/// it cannot listen on the address.
int run_serve(const Options& options);

}  // namespace slae::coordinator
