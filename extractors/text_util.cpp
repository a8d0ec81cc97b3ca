#include "extractors/text_util.h"

#include <set>

namespace evcov {

std::string CollapseWhitespace(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v') {
      space = !out.empty();
    } else {
      if (space) out += ' ';
      out += c;
      space = false;
    }
  }
  return out;
}

std::string CollapseWhitespaceAndNbsp(std::string_view s) {
  std::string out;
  bool space = false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool nbsp = c == '\xC2' && i + 1 < s.size() && s[i + 1] == '\xA0';
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || nbsp) {
      if (nbsp) ++i;
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    out += c;
    space = false;
  }
  return out;
}

bool HtmlTagBreaksLine(std::string_view tag) {
  static const std::set<std::string_view> kBreaking = {
      "br", "div", "p",  "li", "ul", "ol", "tr", "td", "th",  "table",      "h1",     "h2",
      "h3", "h4",  "h5", "h6", "hr", "dt", "dd", "dl", "pre", "blockquote", "section"};
  return kBreaking.count(tag) > 0;
}

}  // namespace evcov
