#include "pipeline/coverage_json.h"

#include "pipeline/document_json.h"

namespace evcov {

using nlohmann::json;

namespace {

json SpanJson(const EvidenceSpan& e) {
  json j = {{"file", e.file},
            {"page", e.loc.page},
            {"locator", e.loc.ToString()},
            {"snippet", e.snippet}};
  if (!e.example.empty()) j["example"] = e.example;
  if (!e.loc.sheet.empty()) j["sheet"] = e.loc.sheet;
  if (!e.loc.cell.empty()) j["cell"] = e.loc.cell;
  if (!e.loc.heading_path.empty()) j["heading_path"] = e.loc.heading_path;
  if (e.ocr) j["ocr"] = true;
  return j;
}

}  // namespace

json CoverageJson(const ApplicantVerdict& v) {
  json controls = json::array();
  for (const auto& c : v.controls) {
    json evidence = json::array();
    if (c.status == Status::kMet || c.status == Status::kPartial) {
      for (const auto& e : c.Evidence()) evidence.push_back(SpanJson(e));
    }
    json criteria = json::array();
    for (const auto& cr : c.criteria) {
      json cj = {{"id", cr.id}, {"label", cr.label}, {"shown", cr.shown}};
      if (cr.weak) cj["weak"] = true;  // only named, not shown in substance
      json ev = json::array();
      for (const auto& e : cr.evidence) ev.push_back(SpanJson(e));
      cj["evidence"] = ev;
      json sa = json::array();
      for (const auto& s : cr.set_aside) {
        json sj = SpanJson(s.span);
        sj["reason"] = s.reason;
        sa.push_back(sj);
      }
      if (!sa.empty()) cj["set_aside"] = sa;
      criteria.push_back(cj);
    }
    json examples = json::array();
    for (const auto& ex : c.examples) {
      examples.push_back({{"example", ex.example},
                          {"status", ToString(ex.status)},
                          {"still_needed", ex.still_needed}});
    }
    json cj = {{"id", c.id},
               {"title", c.title},
               {"section", c.section},
               {"scope", c.scope},
               {"status", ToString(c.status)},
               {"reason", c.reason},
               {"evidence", evidence},
               {"still_needed", c.still_needed},
               {"criteria", criteria}};
    if (!examples.empty()) cj["examples"] = examples;
    controls.push_back(cj);
  }
  json files = json::array();
  for (const auto& f : v.files) {
    json fj = {{"file", f.relative},         {"state", ToString(f.state)},
               {"media_type", f.media_type}, {"extractor", f.extractor},
               {"pages", f.pages},           {"blocks", f.blocks}};
    if (!f.example.empty()) fj["example"] = f.example;
    if (!f.ocr_pages.empty()) fj["ocr_pages"] = f.ocr_pages;
    if (!f.error.empty()) fj["error"] = f.error;
    if (!f.warnings.empty()) fj["warnings"] = f.warnings;
    if (!f.sha.empty()) fj["sha"] = f.sha;
    files.push_back(fj);
  }
  json counts = json::object();
  for (Status s :
       {Status::kMet, Status::kPartial, Status::kMissing, Status::kWaived, Status::kManual}) {
    counts[ToString(s)] = v.Count(s);
  }
  json j = {{"schema", kCoverageSchema},
            {"applicant", v.applicant},
            {"name", v.name},
            {"checklist", v.checklist_id},
            {"checklist_title", v.checklist_title},
            {"checklist_version", v.checklist_version},
            {"generated_at", v.generated_at},
            {"tool_version", v.tool_version},
            {"examples", v.examples},
            {"waivers", v.waivers},
            {"counts", counts},
            {"controls", controls},
            {"files", files}};
  if (!v.category.empty()) j["category"] = v.category;
  if (!v.deployment.empty()) j["deployment"] = v.deployment;
  if (!v.error.empty()) j["error"] = v.error;
  return j;
}

}  // namespace evcov
