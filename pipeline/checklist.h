// Checklist: the controls of one AWS validation checklist, loaded from data.
//
// Files live in checklists/<id>.xml (schema in checklists/README.md) with the
// shared vocabulary in checklists/lexicon.xml. Loading compiles every term into
// stemmed token sequences (pipeline/normalise.h), so the matcher compares tokens
// only. A malformed file is a kInvalid error naming the file, the control and
// the reason; nothing is loaded partially.
#pragma once

#include <string>
#include <vector>

#include "pipeline/result.h"

namespace evcov {

// One alternative of a term group: a phrase of stemmed tokens.
struct Term {
  std::string text;                // as written, for explanations
  std::vector<std::string> stems;  // consecutive tokens to find
  bool prefix = false;             // last token matches as a prefix of a folded word
};

// OR of alternatives; `min_distinct` > 1 asks for that many different ones.
struct TermGroup {
  std::vector<Term> terms;
  int min_distinct = 1;
};

enum class CriterionSource { kAny, kDiagram };

struct Criterion {
  std::string id;
  std::string label;
  CriterionSource source = CriterionSource::kAny;
  bool needs_number = false;
  // A stated fact (the customer's industry, the project type): one clear
  // statement is the evidence, so it is never "only mentioned".
  bool fact = false;
  std::vector<TermGroup> groups;  // AND within one passage
};

enum class Scope { kPractice, kEachExample, kAnyExample, kMinExamples };

struct Control {
  std::string id;
  std::string title;
  std::string section;   // section title
  std::string group;     // section group (prerequisites, common-practice, ...)
  std::string subgroup;  // <group> title, may be empty
  std::string requirement;
  Scope scope = Scope::kPractice;
  int min_examples = 1;           // for kMinExamples
  bool example_evidence = false;  // also needs a description in one customer example
  bool manual = false;
  std::string manual_reason;
  std::vector<std::string> waived_by;   // section's plus the control's own
  std::vector<std::string> applies_to;  // empty = all deployments
  std::string category;                 // empty = all categories
  std::vector<Criterion> criteria;
};

// A set of cue phrases of one kind ("negation", "deferral", ...).
struct CueSet {
  std::string kind;
  std::vector<Term> terms;
};

struct Checklist {
  std::string id;
  std::string title;
  std::string version;
  std::string file;
  std::vector<Control> controls;
  std::vector<CueSet> cues;  // from the lexicon
};

// Loads checklists/<id>.xml under `data_dir` with its lexicon.
Result<Checklist> LoadChecklist(const std::string& data_dir, const std::string& id);
// Loads a checklist file with an explicit lexicon file.
Result<Checklist> LoadChecklistFile(const std::string& path, const std::string& lexicon_path);
// Ids of the checklist files under data_dir/checklists, sorted.
std::vector<std::string> ListChecklists(const std::string& data_dir);

// Compiles "a|b c|d*" (with @concept references already expanded) into Terms.
std::vector<Term> CompileTerms(const std::string& alternatives);

const char* ToString(Scope scope);

}  // namespace evcov
