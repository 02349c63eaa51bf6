#pragma once
// Writing an output (x, the report, the history, the chart, a checkpoint) so that it is either
// wholly the new content or left as it was: a write that fails half-way (a full disk, a file
// size limit, a signal) must never leave an old file looking like the new one, nor a truncated
// new one. So the content goes into a temporary file beside the target, is flushed to disk, and
// is then renamed over the target in one step. Special files, which a rename would replace (a
// terminal, /dev/null, a FIFO), and "-" (standard output) are written in place.
#include <cstdio>
#include <functional>
#include <string>

namespace slae {

/// Calls write with a stream for path's new content and puts it in place. Throws
/// std::runtime_error naming the path (write may throw too); the target is then untouched and
/// no temporary file is left.
void write_output_file(const std::string& path, const std::function<void(std::FILE*)>& write);

/// The same for content already in memory.
void write_output_file(const std::string& path, const std::string& content);

}  // namespace slae
