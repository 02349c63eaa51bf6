#pragma once
// A small XML well-formedness check for tests of the SVG we write by hand: enough to catch what
// a string-built document gets wrong (tags closed out of order, unquoted attributes, a bare '<' or
// '&', more than one root). Not a full XML parser.
#include <string>

namespace slae::test {

/// What is wrong with the document, or "" when it is well-formed.
std::string xml_problem(const std::string& doc);

}  // namespace slae::test
