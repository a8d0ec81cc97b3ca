#include "extractors/text_layout.h"

#include <algorithm>
#include <regex>

namespace evcov {

namespace {

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\f\v\r");
  if (b == std::string::npos) return {};
  size_t e = s.find_last_not_of(" \t\f\v\r");
  return s.substr(b, e - b + 1);
}

bool IsBullet(const std::string& line) {
  static const std::regex kBullet(
      R"(^(\xE2\x80\xA2|\xE2\x97\x8F|\xE2\x96\xAA|\xE2\x80\x93|\xEF\x82\xB7|[-*+o]\s|\(?[0-9]{1,2}[.)]\s|\(?[a-z][.)]\s).*)");
  return std::regex_match(line, kBullet);
}

bool EndsSentence(const std::string& line) {
  if (line.empty()) return false;
  char c = line.back();
  return c == '.' || c == ':' || c == ';' || c == '!' || c == '?';
}

size_t CountLetters(const std::string& s, bool upper_only) {
  size_t n = 0;
  for (unsigned char c : s) {
    if (upper_only ? std::isupper(c) : std::isalpha(c)) ++n;
  }
  return n;
}

int HeadingLevel(const std::string& line, const std::string& next, size_t typical) {
  if (line.size() > 90 || line.size() < 3 || EndsSentence(line)) return 0;
  if (line.back() == ',') return 0;
  static const std::regex kNumbered(R"(^([0-9]{1,2}(\.[0-9]{1,2}){0,3})\.?\s+[A-Z][^|]*)");
  std::smatch m;
  if (line.size() < 70 && std::regex_match(line, m, kNumbered)) {
    std::string digits = m[1].str();
    if (!digits.empty() && digits.back() == '.') digits.pop_back();
    return 1 + static_cast<int>(std::count(digits.begin(), digits.end(), '.'));
  }
  if (IsBullet(line)) return 0;
  size_t letters = CountLetters(line, false);
  if (letters >= 4 && CountLetters(line, true) == letters) return 1;
  // A short title-like line followed by a clearly longer body line.
  bool capital = std::isupper(static_cast<unsigned char>(line[0]));
  if (capital && line.size() < 60 && next.size() > std::max<size_t>(line.size() * 2, typical / 2) &&
      std::count(line.begin(), line.end(), ' ') < 8) {
    return 2;
  }
  return 0;
}

}  // namespace

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    std::string line = text.substr(start, nl - start);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    lines.push_back(std::move(line));
    start = nl + 1;
  }
  return lines;
}

namespace {

// A line laid out in columns (two or more interior gaps of 3+ spaces) is a
// table row in a PDF's physical layout; the gaps become " | ".
bool ColumnsToCells(const std::string& line, std::string* row) {
  static const std::regex kGap(R"(\S {3,}(?=\S))");
  auto begin = std::sregex_iterator(line.begin(), line.end(), kGap);
  if (std::distance(begin, std::sregex_iterator()) < 2) return false;
  static const std::regex kGapOnly(R"( {3,})");
  *row = std::regex_replace(line, kGapOnly, " | ");
  return true;
}

// Two columns side by side in a PDF's physical layout: an interior gap of 3+ spaces.
bool HasColumnGap(const std::string& line) {
  static const std::regex kGap(R"(\S {3,}\S)");
  return std::regex_search(line, kGap);
}

}  // namespace

void LinesToBlocks(const std::vector<std::string>& raw_lines, const Locator& base,
                   std::vector<std::string>* heading_path, std::vector<Block>* out,
                   const LayoutOptions& options) {
  std::vector<std::string> lines;
  std::vector<bool> columnar;
  lines.reserve(raw_lines.size());
  for (const auto& l : raw_lines) {
    std::string t = Trim(l), row;
    bool is_row = ColumnsToCells(t, &row);
    lines.push_back(is_row ? row : t);
    columnar.push_back(is_row);
  }
  std::vector<size_t> lengths;
  for (const auto& l : lines) {
    if (!l.empty()) lengths.push_back(l.size());
  }
  size_t typical = 80;
  if (!lengths.empty()) {
    std::nth_element(lengths.begin(), lengths.begin() + lengths.size() * 3 / 4, lengths.end());
    typical = lengths[lengths.size() * 3 / 4];
  }

  Block current;
  auto flush = [&] {
    if (!current.text.empty()) out->push_back(current);
    current = Block{};
  };
  auto start = [&](BlockKind kind, const std::string& text) {
    flush();
    current.kind = kind;
    current.text = text;
    current.loc = base;
    current.loc.heading_path = *heading_path;
  };
  std::string prev;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    if (line.empty()) {
      flush();
      prev.clear();
      continue;
    }
    if (columnar[i]) {
      start(BlockKind::kTableRow, line);
      flush();
      prev.clear();
      continue;
    }
    const std::string& next = i + 1 < lines.size() ? lines[i + 1] : std::string();
    int level = options.detect_headings ? HeadingLevel(line, next, typical) : 0;
    if (level > 0) {
      flush();
      heading_path->resize(std::min<size_t>(heading_path->size(), level - 1));
      Block h;
      h.kind = BlockKind::kHeading;
      h.text = line;
      h.loc = base;
      h.loc.heading_path = *heading_path;
      out->push_back(h);
      heading_path->push_back(line);
      prev.clear();
      continue;
    }
    if (IsBullet(line)) {
      start(BlockKind::kListItem, line);
    } else if (current.text.empty()) {
      start(options.paragraph_kind, line);
    } else if (EndsSentence(prev) && prev.size() < typical * 7 / 10) {
      start(options.paragraph_kind, line);
    } else {
      // A hyphen ending a line of two columns ends the right column's line; the
      // next line starts in the left column, so the halves are not one word.
      if (current.text.back() == '-' && current.text.size() > 1 &&
          std::isalpha(static_cast<unsigned char>(current.text[current.text.size() - 2])) &&
          !HasColumnGap(prev)) {
        current.text.pop_back();  // re-join a word hyphenated across lines
      } else {
        current.text += ' ';
      }
      current.text += line;
    }
    prev = line;
  }
  flush();
}

}  // namespace evcov
