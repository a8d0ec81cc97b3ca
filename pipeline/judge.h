// Judging: from criterion matches to a status per control, with the reason.
//
// Order of precedence: not applicable or waived (applicant.yaml waivers,
// deployment, category) -> manual (only live or verbal evidence accepted) ->
// criteria. A control is met when every criterion is shown within its scope,
// partial when some are, missing when none. Scope: practice controls take
// evidence from anywhere; per-example controls judge each cases/<example>/
// folder on its own documents plus practice passages that name the example;
// evidence found only in another example's folder never counts. A "met" always
// carries evidence for every criterion.
#pragma once

#include <vector>

#include "pipeline/applicant.h"
#include "pipeline/checklist.h"
#include "pipeline/match.h"
#include "pipeline/verdict.h"

namespace evcov {

struct JudgeOptions {
  int max_evidence_per_criterion = 3;
  // For "met", each criterion's best passage must hold this many clean term
  // occurrences beyond one per term group; fewer makes it "weak" (partial only).
  int extra_terms_for_met = 1;
  // For "partial", more than this share of the criteria must be shown; fewer is
  // "missing". One criterion of several is what incidental topic words produce
  // anyway (a deck naming a service, a slogan), so it is not yet evidence.
  double partial_share = 0.5;
  // For "met" with several criteria, one document must show them all.
  bool one_document_for_met = true;
};

std::vector<ControlVerdict> JudgeChecklist(const Checklist& checklist, const Applicant& applicant,
                                           const Matcher& matcher,
                                           const std::vector<std::string>& examples,
                                           const JudgeOptions& options = {});

}  // namespace evcov
