#pragma once
// Text from outside (a token of a file, a flag's value, a path) made safe to quote in a one-line
// error message: control bytes and malformed UTF-8 are escaped (\n, \t, \0, \x1b, ...), so that
// a message stays on one line and a NUL cannot cut it short, and a token longer than max_chars
// is cut with an ellipsis, so that a 5 MB token does not become a 5 MB message.
#include <cstddef>
#include <string>
#include <string_view>

namespace slae {

/// The text as it may be quoted: escaped, and cut to at most max_chars characters (then ending
/// in "…" and the token's length in bytes).
std::string printable(std::string_view text, std::size_t max_chars = 40);

}  // namespace slae
