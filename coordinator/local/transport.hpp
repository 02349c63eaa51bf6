#pragma once
// How the one-shot coordinator reaches its own nodes: an ipc endpoint in a private 0700
// directory, or tcp on 127.0.0.1. Alone in its header so that the command line can name it
// without pulling in the broker and ZeroMQ.
namespace slae::coordinator {

enum class Transport { ipc, tcp };

}  // namespace slae::coordinator
