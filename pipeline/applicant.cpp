#include "pipeline/applicant.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>

namespace evcov {

namespace fs = std::filesystem;

bool Applicant::HasWaiver(const std::string& w) const {
  return std::find(waivers.begin(), waivers.end(), w) != waivers.end();
}

namespace {

bool OneOf(const std::string& v, std::initializer_list<const char*> allowed) {
  for (const char* a : allowed) {
    if (v == a) return true;
  }
  return false;
}

}  // namespace

Result<Applicant> LoadApplicant(const std::string& dir) {
  fs::path file = fs::path(dir) / "applicant.yaml";
  std::string where = file.string();
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) {
    return MakeError(ErrorKind::kInvalid, where, "missing applicant.yaml");
  }
  Applicant a;
  a.dir = dir;
  a.id = fs::path(dir).filename().string();
  if (a.id.empty()) a.id = fs::path(dir).parent_path().filename().string();
  try {
    YAML::Node root = YAML::LoadFile(where);
    if (!root.IsMap())
      return MakeError(ErrorKind::kInvalid, where, "expected a mapping at the top level");
    a.name = root["name"] ? root["name"].as<std::string>() : a.id;
    if (!root["checklist"]) return MakeError(ErrorKind::kInvalid, where, "no 'checklist' field");
    a.checklist = root["checklist"].as<std::string>();
    if (root["category"] && !root["category"].IsNull())
      a.category = root["category"].as<std::string>();
    if (root["deployment"] && !root["deployment"].IsNull())
      a.deployment = root["deployment"].as<std::string>();
    if (root["waivers"] && !root["waivers"].IsNull()) {
      if (!root["waivers"].IsSequence())
        return MakeError(ErrorKind::kInvalid, where, "'waivers' must be a list");
      for (const auto& w : root["waivers"]) a.waivers.push_back(w.as<std::string>());
    }
  } catch (const YAML::Exception& e) {
    return MakeError(ErrorKind::kInvalid, where, std::string("malformed YAML: ") + e.what());
  }
  for (const auto& w : a.waivers) {
    if (!OneOf(w, {"ftr", "services-competency", "software-competency", "msp", "wafr"})) {
      return MakeError(ErrorKind::kInvalid, where,
                       "unknown waiver '" + w +
                           "' (known: ftr, services-competency, software-competency, msp, wafr)");
    }
  }
  if (!a.category.empty() && !OneOf(a.category, {"builders", "design-services"})) {
    return MakeError(ErrorKind::kInvalid, where,
                     "unknown category '" + a.category + "' (builders | design-services)");
  }
  if (!a.deployment.empty() && !OneOf(a.deployment, {"saas", "customer-deployed", "both"})) {
    return MakeError(ErrorKind::kInvalid, where,
                     "unknown deployment '" + a.deployment + "' (saas | customer-deployed | both)");
  }
  return a;
}

}  // namespace evcov
