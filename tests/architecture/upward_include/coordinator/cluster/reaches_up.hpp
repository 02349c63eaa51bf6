#pragma once
// A fixture for the layer check's test: the cluster layer reaching up into the run frame.
#include "coordinator/cluster/node_group.hpp"
#include "coordinator/run/one_shot_commands.hpp"
