#include "pipeline/verdict.h"

#include <set>

namespace evcov {

const char* ToString(Status status) {
  switch (status) {
    case Status::kMet:
      return "met";
    case Status::kPartial:
      return "partial";
    case Status::kMissing:
      return "missing";
    case Status::kWaived:
      return "waived";
    case Status::kManual:
      return "manual";
  }
  return "missing";
}

const char* ToString(FileState state) {
  switch (state) {
    case FileState::kRead:
      return "read";
    case FileState::kPartial:
      return "partial";
    case FileState::kNotRead:
      return "not-read";
  }
  return "not-read";
}

std::vector<EvidenceSpan> ControlVerdict::Evidence() const {
  std::vector<EvidenceSpan> out;
  std::set<std::string> seen;
  for (const auto& c : criteria) {
    if (!c.shown) continue;
    for (const auto& e : c.evidence) {
      std::string key = e.file + "\n" + e.loc.ToString() + "\n" + e.snippet;
      if (seen.insert(key).second) out.push_back(e);
    }
  }
  return out;
}

int ApplicantVerdict::Count(Status s) const {
  int n = 0;
  for (const auto& c : controls) n += c.status == s;
  return n;
}

int ApplicantVerdict::UnreadFiles() const {
  int n = 0;
  for (const auto& f : files) n += f.state == FileState::kNotRead;
  return n;
}

}  // namespace evcov
