// evcov: thin command-line front end over evcov_lib. It parses one flag table,
// calls one library entry point per subcommand and maps the outcome to the exit
// codes documented in README.md:
//   0  everything was read and judged
//   1  done, but some files were not read or some applicants had errors
//   2  the run itself failed (bad arguments, unreadable input, unwritable output)
//   3  --fail-on: an applicable control is at or below the given status
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "extractors/registry.h"
#include "pipeline/atomic_file.h"
#include "pipeline/checklist.h"
#include "pipeline/document_json.h"
#include "pipeline/run.h"

namespace fs = std::filesystem;

namespace {

constexpr int kOk = 0;
constexpr int kSomeErrors = 1;
constexpr int kFailed = 2;
constexpr int kGateFailed = 3;

// `fail_on`: "", "missing" or "partial" (--fail-on).
int ExitCode(const evcov::RunSummary& s, const std::string& fail_on = "") {
  if (s.write_errors > 0) return kFailed;
  int gated = s.controls_missing + (fail_on == "partial" ? s.controls_partial : 0);
  if (!fail_on.empty() && gated > 0) return kGateFailed;
  return (s.applicant_errors > 0 || s.files_unread > 0) ? kSomeErrors : kOk;
}

int Extract(const std::string& file, const evcov::RunOptions& options) {
  auto bytes = evcov::ReadFile(file);
  if (!bytes.ok()) {
    std::cerr << "evcov: " << bytes.error().ToString() << "\n";
    return kFailed;
  }
  evcov::ExtractContext ctx;
  ctx.path = file;
  ctx.options = options.extract;
  auto doc = evcov::ExtractorRegistry::Builtin().Extract(
      std::as_bytes(std::span<const char>(bytes->data(), bytes->size())), ctx);
  if (!doc.ok()) {
    std::cerr << "evcov: " << doc.error().ToString() << " [" << evcov::ToString(doc.error().kind)
              << "]\n";
    return kSomeErrors;
  }
  std::cout << evcov::ToJson(*doc).dump(2) << "\n";
  return kOk;
}

int Merge(const std::vector<std::string>& inputs, const std::string& out_dir,
          const evcov::RunOptions& options) {
  evcov::MergeOptions merge_options;
  merge_options.data_dir = options.data_dir;
  merge_options.write_pdf = options.write_pdf;
  auto merged = evcov::MergeOutputs(inputs, out_dir, merge_options);
  if (!merged.ok()) {
    std::cerr << "evcov: " << merged.error().ToString() << "\n";
    return kFailed;
  }
  if (merged->applicants == 0) {
    std::cerr << "evcov: no applicant folders found in the folders to merge\n";
    return kFailed;
  }
  return (merged->applicant_errors > 0 || merged->files_unread > 0) ? kSomeErrors : kOk;
}

int ListChecklists(const std::string& data_dir) {
  int status = kOk;
  for (const auto& id : evcov::ListChecklists(data_dir)) {
    auto c = evcov::LoadChecklist(data_dir, id);
    if (!c.ok()) {
      std::cerr << "evcov: " << c.error().ToString() << "\n";
      status = kSomeErrors;
      continue;
    }
    std::cout << id << "\t" << c->controls.size() << " controls\t" << c->title << " (" << c->version
              << ")\n";
  }
  return status;
}

int ShowChecklist(const std::string& data_dir, const std::string& id) {
  auto c = evcov::LoadChecklist(data_dir, id);
  if (!c.ok()) {
    std::cerr << "evcov: " << c.error().ToString() << "\n";
    return kFailed;
  }
  std::cout << c->title << " (" << c->version << "), " << c->controls.size() << " controls\n";
  std::string section;
  for (const auto& k : c->controls) {
    if (k.section != section) {
      section = k.section;
      std::cout << "\n== " << section << "\n";
    }
    std::string scope = evcov::ToString(k.scope);
    if (k.scope == evcov::Scope::kMinExamples) scope = "examples:" + std::to_string(k.min_examples);
    if (k.example_evidence) scope += "+example";
    std::string flags;
    if (k.manual) flags += " manual";
    for (const auto& w : k.waived_by) flags += " waived-by:" + w;
    for (const auto& a : k.applies_to) flags += " applies-to:" + a;
    std::cout << k.id << "  " << k.title << "  [" << scope << flags << "]\n";
    for (const auto& cr : k.criteria) std::cout << "    - " << cr.label << "\n";
  }
  return kOk;
}

}  // namespace

int main(int argc, char** argv) {
  // Tesseract's OpenMP threads would compete with our own workers: one file per
  // core is faster than several cores fighting over one page.
  setenv("OMP_THREAD_LIMIT", "1", 0);
  CLI::App app{"evcov: evidence coverage of AWS Partner competency submissions"};
  app.require_subcommand(1);
  evcov::RunOptions options;
  options.data_dir = evcov::DefaultDataDir();
  std::string out_dir, input;
  bool no_ocr = false, no_pdf = false;

  auto add_common = [&](CLI::App* cmd) {
    cmd->add_option("--data-dir", options.data_dir, "folder holding checklists/ and templates/");
    cmd->add_flag("--no-ocr", no_ocr, "do not OCR images and scanned PDF pages");
  };
  // Per-file limits of isolated extraction (pipeline/isolate.h).
  bool no_isolation = false;
  auto add_isolation = [&](CLI::App* cmd) {
    cmd->add_option("--timeout", options.isolation.timeout_seconds,
                    "seconds one file may take to extract (default 300)")
        ->check(CLI::PositiveNumber);
    cmd->add_option("--memory-mib", options.isolation.memory_mib,
                    "memory one file's extraction may use, in MiB (default 1024)")
        ->check(CLI::PositiveNumber);
    cmd->add_flag("--no-isolation", no_isolation,
                  "extract in this process: no limits, one bad file can stop the run");
  };
  // Nightly runs: the extraction cache (pipeline/cache.h) and a gate on the verdicts.
  bool no_cache = false;
  std::string fail_on;
  auto add_nightly = [&](CLI::App* cmd) {
    auto* cache =
        cmd->add_option("--cache", options.cache_path,
                        "extraction cache database (default OUT_DIR/.evcov-cache.sqlite)");
    cmd->add_flag("--no-cache", no_cache, "extract every file; neither read nor write the cache")
        ->excludes(cache);
    cmd->add_option("--fail-on", fail_on,
                    "exit 3 if an applicable control is missing (missing) or partial or missing "
                    "(partial)")
        ->check(CLI::IsMember({"missing", "partial"}));
  };
  auto* run = app.add_subcommand("run", "judge every applicant folder of a batch");
  run->add_option("BATCH_DIR", input, "batch folder (one folder per applicant)")
      ->required()
      ->check(CLI::ExistingDirectory);
  run->add_option("-o,--out", out_dir, "output folder")->required();
  run->add_option("-j,--jobs", options.jobs, "worker threads (default: number of cores)");
  run->add_flag("-q,--quiet", options.quiet, "no progress lines");
  run->add_flag("--no-pdf", no_pdf, "write coverage.json only");
  std::string shard;
  run->add_option("--shard", shard, "K/N: only applicants whose name hash mod N is K (0-based)");
  add_common(run);
  add_isolation(run);
  add_nightly(run);

  auto* check = app.add_subcommand("check", "judge one applicant folder (partner pre-check)");
  check->add_option("APPLICANT_DIR", input, "applicant folder with applicant.yaml")
      ->required()
      ->check(CLI::ExistingDirectory);
  check->add_option("-o,--out", out_dir, "output folder")->required();
  check->add_option("-j,--jobs", options.jobs, "worker threads (default: number of cores)");
  check->add_flag("-q,--quiet", options.quiet, "no progress lines");
  check->add_flag("--no-pdf", no_pdf, "write coverage.json only");
  add_common(check);
  add_isolation(check);
  add_nightly(check);

  std::vector<std::string> merge_inputs;
  auto* merge = app.add_subcommand("merge", "join the output folders of shards, one batch index");
  merge->add_option("OUT_DIR", merge_inputs, "output folders of `evcov run --shard`")
      ->required()
      ->check(CLI::ExistingDirectory);
  merge->add_option("-o,--out", out_dir, "merged output folder")->required();
  merge->add_flag("--no-pdf", no_pdf, "do not write index.pdf");
  merge->add_option("--data-dir", options.data_dir, "folder holding templates/");

  auto* extract = app.add_subcommand("extract", "print the extracted Document of one file as JSON");
  extract->add_option("FILE", input, "file to extract")->required();
  add_common(extract);

  auto* lists = app.add_subcommand("checklists", "list the checklists with their control counts");
  lists->add_option("--data-dir", options.data_dir, "folder holding checklists/");
  std::string checklist_id;
  auto* show = app.add_subcommand("checklist", "print one checklist as a readable table");
  show->add_option("ID", checklist_id, "checklist id, e.g. aws-saas-2025-02")->required();
  show->add_option("--data-dir", options.data_dir, "folder holding checklists/");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kOk : kFailed;
  }
  options.extract.ocr = !no_ocr;
  options.write_pdf = !no_pdf;
  options.isolation.enabled = !no_isolation;
  options.use_cache = !no_cache;

  if (*extract) return Extract(input, options);
  if (*lists) return ListChecklists(options.data_dir);
  if (*show) return ShowChecklist(options.data_dir, checklist_id);
  if (*merge) return Merge(merge_inputs, out_dir, options);
  if (!shard.empty()) {
    auto parsed = evcov::ParseShard(shard);
    if (!parsed.ok()) {
      std::cerr << "evcov: " << parsed.error().ToString() << "\n";
      return kFailed;
    }
    options.shard = *parsed;
  }

  std::error_code ec;
  fs::path in = fs::weakly_canonical(input, ec);
  fs::path out = fs::weakly_canonical(out_dir, ec);
  if (!ec && (out == in || out.string().rfind(in.string() + "/", 0) == 0)) {
    std::cerr << "evcov: the output folder must not be inside the input folder (inputs are never "
                 "modified)\n";
    return kFailed;
  }
  fs::create_directories(out_dir, ec);
  if (ec) {
    std::cerr << "evcov: " << out_dir << ": cannot create output folder: " << ec.message() << "\n";
    return kFailed;
  }
  evcov::RunSummary summary = *run ? evcov::RunBatch(input, out_dir, options)
                                   : evcov::CheckApplicant(input, out_dir, options);
  if (*run && summary.applicants == 0 && summary.other_shards == 0) {
    std::cerr << "evcov: " << input << ": no applicant folders found\n";
    return kFailed;
  }
  return ExitCode(summary, fail_on);
}
