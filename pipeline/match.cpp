#include "pipeline/match.h"

#include <algorithm>
#include <regex>
#include <set>

namespace evcov {

namespace {

bool TermAt(const std::vector<Token>& toks, size_t pos, const Term& t) {
  if (pos + t.stems.size() > toks.size()) return false;
  for (size_t k = 0; k < t.stems.size(); ++k) {
    const Token& tok = toks[pos + k];
    bool last = k + 1 == t.stems.size();
    if (last && t.prefix) {
      if (tok.folded.rfind(t.stems[k], 0) != 0) return false;
    } else if (tok.stem != t.stems[k]) {
      return false;
    }
    if (k > 0 && tok.sentence != toks[pos].sentence) return false;
  }
  return true;
}

const CueSet* FindCues(const std::vector<CueSet>& cues, const std::string& kind) {
  for (const auto& c : cues) {
    if (c.kind == kind) return &c;
  }
  return nullptr;
}

// True if a cue of `set` starts at a token in [from, to) of sentence `sentence`.
bool CueIn(const std::vector<Token>& toks, const CueSet* set, int from, int to, int sentence) {
  if (!set) return false;
  from = std::max(from, 0);
  to = std::min<int>(to, static_cast<int>(toks.size()));
  for (int i = from; i < to; ++i) {
    if (sentence != INT32_MIN && toks[i].sentence != sentence) continue;
    for (const auto& t : set->terms) {
      if (TermAt(toks, i, t)) return true;
    }
  }
  return false;
}

bool HasPlaceholder(const std::string& text) {
  static const std::regex kPlaceholder(
      R"(\[[^\]]{1,40}\]|<[A-Za-z][A-Za-z _-]{1,30}>|\{\{[^}]{1,40}\}\}|\bX{3,}\b|_{4,})");
  return std::regex_search(text, kPlaceholder);
}

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

// "ACCT-001", "SAASTA-014": a checklist control id cited in the text.
bool CitesControlId(const std::string& text) {
  static const std::regex kControlId(R"(\b[A-Z]{2,8}-[0-9]{3}\b)");
  return std::regex_search(text, kControlId);
}

// A table row whose answer is a bare "Yes"/"Met"/"Done" is a claim, not proof:
// when the row is short, or when it cites a control id (a self-assessment row).
bool IsBareClaim(const Passage& p, const CueSet* claims) {
  if (!p.table_row || !claims) return false;
  size_t start = 0;
  bool claim = false;
  size_t other_words = 0;
  std::string text = p.text + " | ";
  for (size_t bar; (bar = text.find(" | ", start)) != std::string::npos; start = bar + 3) {
    std::string cell = Trim(text.substr(start, bar - start));
    auto toks = Tokenize(cell);
    bool is_claim = false;
    if (!toks.empty() && toks.size() <= 2) {
      for (const auto& t : claims->terms) {
        if (t.stems.size() == toks.size() && TermAt(toks, 0, t)) is_claim = true;
      }
    }
    if (is_claim) {
      claim = true;
    } else {
      other_words += toks.size();
    }
  }
  return claim && (other_words < 25 || CitesControlId(p.text));
}

}  // namespace

Matcher::Matcher(const std::vector<SubmittedDocument>& docs,
                 const std::vector<std::string>& examples, const std::vector<CueSet>& cues)
    : docs_(docs), cues_(cues) {
  BuildPassages(examples);
  Index();
}

void Matcher::AddPassage(Passage p, const std::vector<std::vector<std::string>>& example_tokens) {
  std::vector<Token> body = Tokenize(p.text);
  std::string heading;
  for (const auto& h : p.heading_path) heading += h + "\n";
  std::vector<Token> head = Tokenize(heading);
  for (auto& t : head) t.sentence = -1;
  p.tokens = std::move(head);
  p.tokens.insert(p.tokens.end(), body.begin(), body.end());
  for (const auto& t : body) p.has_number = p.has_number || t.number;
  const Document& d = *docs_[p.doc].doc;
  (void)d;
  for (size_t e = 0; e < example_tokens.size(); ++e) {
    const auto& name = example_tokens[e];
    if (name.empty()) continue;
    for (size_t i = 0; i + name.size() <= p.tokens.size(); ++i) {
      bool all = true;
      for (size_t k = 0; k < name.size() && all; ++k) all = p.tokens[i + k].folded == name[k];
      if (all) {
        p.mentions.push_back(std::to_string(e));
        break;
      }
    }
  }
  if (p.tokens.empty()) return;
  FindSentenceCues(&p);
  passages_.push_back(std::move(p));
}

void Matcher::FindSentenceCues(Passage* p) const {
  const auto& toks = p->tokens;
  const int n = static_cast<int>(toks.size());
  auto any = [&](const char* kind, int from, int to) {
    return CueIn(toks, FindCues(cues_, kind), from, to, INT32_MIN);
  };
  // A hit in the heading: the body decides whether it is shown.
  if (any("deferral", 0, n)) {
    p->heading_cue = "deferred or planned";
  } else if (any("customer", 0, n)) {
    p->heading_cue = "left to the customer";
  }
  static constexpr std::pair<const char*, const char*> kSentenceCues[] = {
      {"deferral", "deferred or planned"},
      {"customer", "left to the customer"},
      {"placeholder", "placeholder"},
      {"excluded", "excluded from scope"}};
  p->sentence_cue.assign(n == 0 ? 0 : std::max(0, toks.back().sentence + 1), nullptr);
  for (int from = 0; from < n;) {
    int to = from;
    while (to < n && toks[to].sentence == toks[from].sentence) ++to;
    int s = toks[from].sentence;
    if (s >= 0) {
      for (const auto& [kind, why] : kSentenceCues) {
        if (any(kind, from, to)) {
          p->sentence_cue[s] = why;
          break;
        }
      }
    }
    from = to;
  }
}

void Matcher::BuildPassages(const std::vector<std::string>& examples) {
  // An example is named in a practice passage by the distinctive first word of
  // its folder name ("acme-retail" -> "acme"), when that word is long enough
  // not to be an ordinary word by accident.
  std::vector<std::vector<std::string>> example_tokens;
  for (const auto& e : examples) {
    auto toks = Tokenize(e);
    std::vector<std::string> words;
    if (!toks.empty() && toks[0].folded.size() >= 4) words.push_back(toks[0].folded);
    example_tokens.push_back(words);
  }
  for (size_t di = 0; di < docs_.size(); ++di) {
    const Document& d = *docs_[di].doc;
    auto base = [&](int b) {
      Passage p;
      p.doc = static_cast<int>(di);
      p.source = d.source;
      p.example = docs_[di].example;
      if (b >= 0) {
        p.blocks.push_back(b);
        p.text = d.blocks[b].text;
        p.heading_path = d.blocks[b].loc.heading_path;
      }
      return p;
    };
    if (d.source == SourceKind::kDiagram || d.source == SourceKind::kImage) {
      // A diagram page is read as a whole: its labels together show
      // a layout (VPC + subnets + AZs) that no single label does.
      std::map<std::pair<int, bool>, Passage> pages;
      for (size_t b = 0; b < d.blocks.size(); ++b) {
        const Block& blk = d.blocks[b];
        auto key = std::make_pair(blk.loc.page, blk.loc.notes);
        auto it = pages.find(key);
        if (it == pages.end()) it = pages.emplace(key, base(-1)).first;
        it->second.blocks.push_back(static_cast<int>(b));
        it->second.text += (it->second.text.empty() ? "" : "\n") + blk.text;
      }
      for (auto& [key, p] : pages) AddPassage(std::move(p), example_tokens);
      continue;
    }
    for (size_t b = 0; b < d.blocks.size(); ++b) {
      const Block& blk = d.blocks[b];
      if (blk.kind == BlockKind::kHeading) continue;
      Passage p = base(static_cast<int>(b));
      p.table_row = blk.kind == BlockKind::kTableRow;
      AddPassage(p, example_tokens);
      // The block with its successor under the same heading, so a lead-in
      // sentence and the list that completes it are read together.
      if (b + 1 < d.blocks.size() && d.blocks[b + 1].kind != BlockKind::kHeading &&
          d.blocks[b + 1].loc.heading_path == blk.loc.heading_path && !p.table_row) {
        Passage pair = base(static_cast<int>(b));
        pair.blocks.push_back(static_cast<int>(b + 1));
        pair.text += "\n" + d.blocks[b + 1].text;
        AddPassage(std::move(pair), example_tokens);
      }
    }
  }
  // Map mention indices back to example names.
  for (auto& p : passages_) {
    for (auto& m : p.mentions) m = examples[std::stoul(m)];
  }
}

void Matcher::Index() {
  for (size_t pi = 0; pi < passages_.size(); ++pi) {
    const auto& toks = passages_[pi].tokens;
    for (size_t i = 0; i < toks.size(); ++i) {
      Posting post{static_cast<int>(pi), static_cast<int>(i)};
      by_stem_[toks[i].stem].push_back(post);
      by_folded_[toks[i].folded].push_back(post);
    }
  }
}

std::vector<Matcher::Posting> Matcher::Find(const Term& term) const {
  std::vector<Posting> out;
  if (term.stems.empty()) return out;
  auto check = [&](const std::vector<Posting>& postings) {
    for (const auto& post : postings) {
      if (TermAt(passages_[post.passage].tokens, post.pos, term)) out.push_back(post);
    }
  };
  if (term.prefix && term.stems.size() == 1) {
    for (auto it = by_folded_.lower_bound(term.stems[0]);
         it != by_folded_.end() && it->first.rfind(term.stems[0], 0) == 0; ++it) {
      check(it->second);
    }
  } else {
    auto it = by_stem_.find(term.stems[0]);
    if (it != by_stem_.end()) check(it->second);
  }
  return out;
}

std::string Matcher::CleanReason(const Passage& p, int start, int end) const {
  const auto& toks = p.tokens;
  int sentence = toks[start].sentence;
  if (sentence == -1) return p.heading_cue ? p.heading_cue : "";
  // "not" shortly before the hit ("we do not enforce MFA") or after it ("MFA
  // is not enabled", "sellers are not covered"), within the same sentence.
  const CueSet* negation = FindCues(cues_, "negation");
  if (CueIn(toks, negation, start - 5, start, sentence) ||
      CueIn(toks, negation, end, end + 6, sentence)) {
    return "negated";
  }
  if (const char* why = p.sentence_cue[sentence]) return why;
  // "the customer's runbook", "the client's backups": the thing is theirs, not
  // the partner's practice.
  if (start >= 1 && toks[start - 1].sentence == sentence) {
    const std::string& w = toks[start - 1].folded;
    bool possessive = w.size() > 2 && (w.compare(w.size() - 2, 2, "'s") == 0 || w.back() == '\'');
    if (possessive && (w.rfind("customer", 0) == 0 || w.rfind("client", 0) == 0)) {
      return "left to the customer";
    }
  }
  return {};
}

// A diagram page is one passage of many labels (one label per sentence). A
// practice criterion needs its term groups in neighbouring labels: terms
// scattered over a page of service names say nothing about how it is done.
constexpr int kLabelWindow = 2;

bool GroupsNearby(const std::vector<std::set<int>>& sentences, int window) {
  if (sentences.size() < 2) return true;
  for (int s : sentences.front()) {
    bool all = std::all_of(sentences.begin() + 1, sentences.end(), [&](const std::set<int>& g) {
      auto it = g.lower_bound(s - window + 1);
      return it != g.end() && *it < s + window;
    });
    if (all) return true;
  }
  return false;
}

CriterionMatches Matcher::Match(const Criterion& criterion) const {
  CriterionMatches result;
  const size_t groups = criterion.groups.size();
  // passage -> per group: clean term indices, and whether any (even unclean) hit.
  struct Acc {
    std::vector<std::set<int>> clean;
    std::vector<bool> any;
    std::vector<bool> body;                // a clean hit outside the heading path
    std::vector<std::set<int>> sentences;  // per group: sentences (labels) with a clean hit
    std::string reason;
    int first = INT32_MAX;
    int hits = 0;
  };
  std::map<int, Acc> acc;
  for (size_t g = 0; g < groups; ++g) {
    const auto& terms = criterion.groups[g].terms;
    for (size_t ti = 0; ti < terms.size(); ++ti) {
      for (const auto& post : Find(terms[ti])) {
        const Passage& p = passages_[post.passage];
        if (criterion.source == CriterionSource::kDiagram && p.source != SourceKind::kDiagram &&
            p.source != SourceKind::kImage) {
          continue;
        }
        Acc& a = acc[post.passage];
        if (a.any.empty()) {
          a.any.assign(groups, false);
          a.body.assign(groups, false);
          a.clean.assign(groups, {});
          a.sentences.assign(groups, {});
        }
        a.any[g] = true;
        int end = post.pos + static_cast<int>(terms[ti].stems.size());
        std::string why = CleanReason(p, post.pos, end);
        if (why.empty()) {
          a.clean[g].insert(static_cast<int>(ti));
          a.sentences[g].insert(p.tokens[post.pos].sentence);
          ++a.hits;
          if (p.tokens[post.pos].sentence >= 0) a.body[g] = true;
          a.first = std::min(a.first, post.pos);
        } else if (a.reason.empty()) {
          a.reason = why;
        }
      }
    }
  }
  const CueSet* claims = FindCues(cues_, "claim");
  for (auto& [pi, a] : acc) {
    const Passage& p = passages_[pi];
    PassageMatch m;
    m.passage = pi;
    bool all_any = std::all_of(a.any.begin(), a.any.end(), [](bool b) { return b; });
    bool all_clean = std::all_of(a.clean.begin(), a.clean.end(),
                                 [](const std::set<int>& s) { return !s.empty(); });
    for (const auto& s : a.clean) m.clean_terms.emplace_back(s.begin(), s.end());
    m.first_hit_token = a.first == INT32_MAX ? 0 : a.first;
    m.clean_hits = a.hits;
    // Headings give context, not substance: a column header or section title
    // may supply one term group, the passage body must supply the rest.
    size_t body_groups = std::count(a.body.begin(), a.body.end(), true);
    bool body_enough = body_groups >= 1 && body_groups + 1 >= groups;
    bool drawing = p.source == SourceKind::kDiagram || p.source == SourceKind::kImage;
    if (all_clean && !body_enough) {
      m.set_aside = "named only in a heading";
    } else if (all_clean && drawing && criterion.source == CriterionSource::kAny &&
               !GroupsNearby(a.sentences, kLabelWindow)) {
      m.set_aside = "named only in separate diagram labels";
    } else if (all_clean) {
      if (criterion.needs_number && !p.has_number) {
        m.set_aside = "no figure given";
      } else if (IsBareClaim(p, claims)) {
        m.set_aside = "a self-assessment claim, not evidence";
      } else if (p.table_row && HasPlaceholder(p.text)) {
        m.set_aside = "placeholder";
      } else {
        m.shown = true;
      }
    } else if (all_any) {
      m.set_aside = a.reason.empty() ? "not shown" : a.reason;
    }
    result.matches.push_back(std::move(m));
  }
  return result;
}

std::string Matcher::Snippet(const PassageMatch& m, size_t max_chars) const {
  const Passage& p = passages_[m.passage];
  std::string text = p.text;
  for (auto& c : text) {
    if (c == '\n' || c == '\t') c = ' ';
  }
  if (text.size() <= max_chars) return text;
  // Centre on the first clean hit's word when it can be found in the text.
  size_t at = 0;
  if (m.first_hit_token < static_cast<int>(p.tokens.size())) {
    const std::string& word = p.tokens[m.first_hit_token].folded;
    std::string lower = text;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    size_t found = lower.find(word);
    if (found != std::string::npos) at = found;
  }
  size_t begin = at > max_chars / 3 ? at - max_chars / 3 : 0;
  while (begin > 0 && (static_cast<unsigned char>(text[begin]) & 0xC0) == 0x80) --begin;
  size_t end = std::min(text.size(), begin + max_chars);
  while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
  return (begin > 0 ? "\xE2\x80\xA6" : "") + text.substr(begin, end - begin) +
         (end < text.size() ? "\xE2\x80\xA6" : "");
}

}  // namespace evcov
