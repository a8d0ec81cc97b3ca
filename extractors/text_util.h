// Small text helpers shared by extractors: white space folding and the HTML
// elements that break a line when rendered (diagram labels).
//
// Pure functions on UTF-8 bytes; locale-independent.
#pragma once

#include <string>
#include <string_view>

namespace evcov {

// Runs of space, \t, \n, \r and \v become one space; the ends are trimmed.
// For text read from XML (OOXML runs and cells), where a no-break space is
// content and kept.
std::string CollapseWhitespace(std::string_view s);

// Runs of ASCII white space (space, \t, \n, \r, \f) and U+00A0 (no-break
// space, which diagram tools write for &nbsp;) become one space; the ends are
// trimmed.
std::string CollapseWhitespaceAndNbsp(std::string_view s);

// Whether an HTML element (lower-case local name: "br", "div", "p", "li",
// "td", "h1", ...) starts a new line when rendered.
bool HtmlTagBreaksLine(std::string_view tag);

}  // namespace evcov
