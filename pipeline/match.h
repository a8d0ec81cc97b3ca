// Matching: where in the applicant's documents each criterion is named, and
// whether that place shows it or only mentions it.
//
// Documents are cut into passages by structure, not by format: a paragraph or
// list item with its heading path (and the next block, so a point that spans a
// lead-in and its list still counts), a table or spreadsheet row with its
// header, a whole slide, a whole diagram page. A criterion is shown by a
// passage when every one of its term groups is hit there by a "clean" hit: one
// whose sentence is not negated near the hit, deferred, handed to the
// customer, a placeholder, or a bare self-assessment claim. Hits that are not
// clean are kept as set-aside matches with the reason. The matcher knows
// nothing of file formats (only Document and SourceKind) nor of statuses.
#pragma once

#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "pipeline/checklist.h"
#include "pipeline/document.h"
#include "pipeline/normalise.h"

namespace evcov {

// A document as the matcher sees it: where it sits in the submission.
struct SubmittedDocument {
  const Document* doc = nullptr;
  std::string relative;  // path relative to the applicant folder
  std::string example;   // cases/<example>/, empty for practice documents
};

struct Passage {
  int doc = 0;              // index into the SubmittedDocument list
  std::vector<int> blocks;  // block indices within the document
  std::string text;         // body text (blocks joined)
  std::vector<std::string> heading_path;
  std::vector<Token> tokens;  // heading tokens first (sentence -1), then body
  SourceKind source = SourceKind::kText;
  bool table_row = false;
  bool has_number = false;
  std::string example;                // owning example folder, or empty
  std::vector<std::string> mentions;  // example folders named in the passage
  // Sentence-wide cues, found once per passage rather than once per term hit:
  // per body sentence, why a hit in it is not clean (deferred, left to the
  // customer, ...), or null; and the same for hits in the heading path.
  std::vector<const char*> sentence_cue;
  const char* heading_cue = nullptr;
};

struct PassageMatch {
  int passage = 0;
  bool shown = false;     // every group has a clean hit
  std::string set_aside;  // why not, when every group was hit but not cleanly
  // Per group: indices of the terms hit cleanly (for min-distinct counting).
  std::vector<std::vector<int>> clean_terms;
  int first_hit_token = 0;  // for snippet placement
  int clean_hits = 0;       // clean term occurrences over all groups: substance
};

struct CriterionMatches {
  std::vector<PassageMatch> matches;  // passages where at least one group hit
};

class Matcher {
 public:
  // `examples` are the example folder names, used to see which practice
  // passages name an example.
  Matcher(const std::vector<SubmittedDocument>& docs, const std::vector<std::string>& examples,
          const std::vector<CueSet>& cues);

  CriterionMatches Match(const Criterion& criterion) const;

  const std::vector<Passage>& passages() const { return passages_; }
  const std::vector<SubmittedDocument>& docs() const { return docs_; }

  // The passage text shortened to about `max_chars` around its first hit.
  std::string Snippet(const PassageMatch& m, size_t max_chars = 320) const;

 private:
  struct Posting {
    int passage;
    int pos;
  };
  void BuildPassages(const std::vector<std::string>& examples);
  void AddPassage(Passage p, const std::vector<std::vector<std::string>>& example_tokens);
  // Fills p->sentence_cue and p->heading_cue from the cue sets.
  void FindSentenceCues(Passage* p) const;
  void Index();
  // Positions (passage, start) where `term` occurs; `len` receives its length.
  std::vector<Posting> Find(const Term& term) const;
  std::string CleanReason(const Passage& p, int start, int end) const;

  std::vector<SubmittedDocument> docs_;
  std::vector<Passage> passages_;
  std::vector<CueSet> cues_;
  std::unordered_map<std::string, std::vector<Posting>> by_stem_;
  std::map<std::string, std::vector<Posting>> by_folded_;
};

}  // namespace evcov
