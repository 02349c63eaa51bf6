#pragma once
// "did you mean --max-iter?": the known flag nearest to a mistyped one.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace slae::coordinator {

/// The known flag closest to `given` (both with their leading dashes, or both without: it works
/// for any short words, method names too) by edit distance, if it
/// is close enough to be what the user meant: at most 2 edits (1 for flags of up to 5
/// characters), or `given` is a prefix of exactly one flag. Nothing otherwise.
std::optional<std::string> nearest_flag(std::string_view given,
                                        const std::vector<std::string>& known);

/// What a user typed, without surrounding spaces and in ASCII lower case, for comparing.
std::string lower_trimmed(std::string_view text);

}  // namespace slae::coordinator
