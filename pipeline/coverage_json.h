// coverage.json: the machine-readable result of one applicant (schema
// "evcov-coverage/1"), a superset of the contract in ../shared/eval/README.md:
// applicant, checklist, controls[{id, status, evidence[{file, page, snippet}]}],
// plus reasons, criteria, per-example views and the file inventory.
#pragma once

#include <nlohmann/json.hpp>

#include "pipeline/verdict.h"

namespace evcov {

inline constexpr const char* kCoverageSchema = "evcov-coverage/1";

nlohmann::json CoverageJson(const ApplicantVerdict& verdict);

}  // namespace evcov
