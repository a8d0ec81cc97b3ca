#include "pipeline/changes.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <tuple>

#include "pipeline/coverage_json.h"

namespace evcov {

using nlohmann::json;

namespace {

std::string Str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

const json& Array(const json& j, const char* key) {
  static const json kEmpty = json::array();
  auto it = j.find(key);
  return it != j.end() && it->is_array() ? *it : kEmpty;
}

// One control of a coverage.json: its status and its evidence items.
struct ControlState {
  std::string title;
  std::string status;
  std::set<std::tuple<std::string, int, std::string>> evidence;  // file, page, locator
};

// Control id -> state, plus the ids in file order.
struct Controls {
  std::vector<std::string> order;
  std::map<std::string, ControlState> by_id;
};

Controls ReadControls(const json& coverage) {
  Controls out;
  for (const auto& c : Array(coverage, "controls")) {
    if (!c.is_object()) continue;
    std::string id = Str(c, "id");
    if (id.empty() || out.by_id.count(id)) continue;
    ControlState s;
    s.title = Str(c, "title");
    s.status = Str(c, "status");
    for (const auto& e : Array(c, "evidence")) {
      if (!e.is_object()) continue;
      int page = e.contains("page") && e["page"].is_number_integer() ? e["page"].get<int>() : 0;
      s.evidence.emplace(Str(e, "file"), page, Str(e, "locator"));
    }
    out.order.push_back(id);
    out.by_id.emplace(id, std::move(s));
  }
  return out;
}

// File path -> sha ("" when the run recorded none).
std::map<std::string, std::string> ReadFiles(const json& coverage) {
  std::map<std::string, std::string> out;
  for (const auto& f : Array(coverage, "files")) {
    if (f.is_object() && !Str(f, "file").empty()) out.emplace(Str(f, "file"), Str(f, "sha"));
  }
  return out;
}

// Items of `a` not in `b`, for control `id`, appended in set order (file,
// page, locator).
void Difference(const std::string& id, const ControlState* a, const ControlState* b,
                std::vector<EvidenceChange>* out) {
  if (!a) return;
  for (const auto& [file, page, locator] : a->evidence) {
    if (b && b->evidence.count({file, page, locator})) continue;
    out->push_back({id, file, page, locator});
  }
}

json EvidenceJson(const std::vector<EvidenceChange>& items) {
  json out = json::array();
  for (const auto& e : items) {
    out.push_back({{"id", e.id}, {"file", e.file}, {"page", e.page}, {"locator", e.locator}});
  }
  return out;
}

json OrNull(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

}  // namespace

Result<std::optional<json>> ReadPreviousCoverage(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return std::optional<json>();
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeError(ErrorKind::kIo, path, "previous coverage.json is unreadable");
  json j = json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return MakeError(ErrorKind::kInvalid, path, "previous coverage.json is not valid JSON");
  }
  if (Str(j, "schema") != kCoverageSchema) {
    return MakeError(ErrorKind::kInvalid, path,
                     "previous coverage.json has schema '" + Str(j, "schema") + "', expected " +
                         kCoverageSchema);
  }
  return std::optional<json>(std::move(j));
}

RunChanges ComputeChanges(const json& previous, const json& current) {
  RunChanges out;
  out.has_previous = true;
  out.since = Str(previous, "generated_at");

  Controls before = ReadControls(previous);
  Controls after = ReadControls(current);
  std::vector<std::string> ids = after.order;
  for (const auto& id : before.order) {
    if (!after.by_id.count(id)) ids.push_back(id);
  }
  for (const auto& id : ids) {
    auto b = before.by_id.find(id);
    auto a = after.by_id.find(id);
    const ControlState* was = b == before.by_id.end() ? nullptr : &b->second;
    const ControlState* now = a == after.by_id.end() ? nullptr : &a->second;
    std::string from = was ? was->status : "";
    std::string to = now ? now->status : "";
    if (from != to) out.controls.push_back({id, now ? now->title : was->title, from, to});
    Difference(id, now, was, &out.evidence_added);
    Difference(id, was, now, &out.evidence_lost);
  }

  auto files_before = ReadFiles(previous);
  auto files_after = ReadFiles(current);
  for (const auto& [file, sha] : files_after) {
    auto it = files_before.find(file);
    if (it == files_before.end()) {
      out.files_added.push_back(file);
    } else if (!sha.empty() && !it->second.empty() && sha != it->second) {
      out.files_modified.push_back(file);
    }
  }
  for (const auto& [file, sha] : files_before) {
    if (!files_after.count(file)) out.files_removed.push_back(file);
  }
  return out;
}

std::string AttachChanges(const std::string& previous_path, ApplicantVerdict* verdict) {
  auto previous = ReadPreviousCoverage(previous_path);
  if (!previous.ok()) return previous.error().ToString() + "; no changes.json this time";
  if (previous->has_value()) verdict->changes = ComputeChanges(**previous, CoverageJson(*verdict));
  return "";
}

json ChangesJson(const ApplicantVerdict& v) {
  const RunChanges& c = v.changes;
  json controls = json::array();
  for (const auto& s : c.controls) {
    controls.push_back(
        {{"id", s.id}, {"title", s.title}, {"from", OrNull(s.from)}, {"to", OrNull(s.to)}});
  }
  return {{"schema", kChangesSchema},
          {"applicant", v.applicant},
          {"since", c.since},
          {"generated_at", v.generated_at},
          {"controls", controls},
          {"evidence_added", EvidenceJson(c.evidence_added)},
          {"evidence_lost", EvidenceJson(c.evidence_lost)},
          {"files_added", c.files_added},
          {"files_removed", c.files_removed},
          {"files_modified", c.files_modified}};
}

}  // namespace evcov
