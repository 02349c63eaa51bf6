#pragma once
// A fixture for the layer check's test: the run frame including a lower layer, as it may.
#include "coordinator/cluster/node_group.hpp"
#include "solver/csr_matrix.hpp"
