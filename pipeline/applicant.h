// Applicant: who applies, to which checklist, with which waivers.
//
// Read from <applicant>/applicant.yaml (contract: ../shared/eval/README.md and
// README.md here). Unknown waivers, categories or deployments are kInvalid
// errors naming the file: a typo must not silently drop a waiver.
#pragma once

#include <string>
#include <vector>

#include "pipeline/result.h"

namespace evcov {

struct Applicant {
  std::string id;          // the folder name
  std::string dir;         // the folder path
  std::string name;        // display name
  std::string checklist;   // checklist id
  std::string category;    // builders | design-services | empty
  std::string deployment;  // saas | customer-deployed | both | empty
  std::vector<std::string> waivers;

  bool HasWaiver(const std::string& w) const;
};

Result<Applicant> LoadApplicant(const std::string& dir);

}  // namespace evcov
