#include "pipeline/run.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <thread>

#include "extractors/registry.h"
#include "pipeline/applicant.h"
#include "pipeline/atomic_file.h"
#include "pipeline/batch_index.h"
#include "pipeline/cache.h"
#include "pipeline/changes.h"
#include "pipeline/checklist.h"
#include "pipeline/coverage_json.h"
#include "pipeline/discover.h"
#include "pipeline/extract.h"
#include "pipeline/judge.h"
#include "pipeline/match.h"
#include "pipeline/normalise.h"
#include "pipeline/progress.h"
#include "pipeline/render_pdf.h"
#include "pipeline/self_assessment_xlsx.h"

namespace evcov {

namespace fs = std::filesystem;

std::string DefaultDataDir() {
  if (const char* env = std::getenv("EVCOV_DATA_DIR"); env && *env) return env;
  return EVCOV_DATA_DIR;
}

namespace {

std::string NowIso() {
  std::time_t t = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

int Workers(const RunOptions& o) {
  if (o.jobs > 0) return o.jobs;
  return std::max(1u, std::thread::hardware_concurrency());
}

// Runs fn(i) for i in [0, n) on `workers` threads.
template <typename Fn>
void ParallelFor(size_t n, int workers, Fn fn) {
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next.fetch_add(1)) < n;) fn(i);
  };
  std::vector<std::thread> threads;
  for (int w = 1; w < std::min<int>(workers, static_cast<int>(n)); ++w) threads.emplace_back(work);
  work();
  for (auto& t : threads) t.join();
}

struct Extracted {
  Result<Document> doc = Error{ErrorKind::kInternal, "", "not extracted"};
  std::string sha;  // of the bytes, for coverage.json and changes.json
  bool from_cache = false;
};

Result<Document> ExtractOne(const SourceFile& f, const RunOptions& options) {
  if (options.isolation.enabled) {
    return ExtractFileIsolated(f.path, f.relative, options.extract, options.isolation);
  }
  return ExtractFileInProcess(f.path, f.relative, options.extract);
}

FileRecord RecordFor(const SourceFile& f, const Result<Document>& doc) {
  FileRecord r;
  r.relative = EscapeName(f.relative);
  r.example = f.example;
  if (!doc.ok()) {
    r.state = FileState::kNotRead;
    r.error = std::string(ToString(doc.error().kind)) + ": " + doc.error().message;
    return r;
  }
  r.media_type = doc->media_type;
  r.extractor = doc->extractor;
  r.pages = doc->page_count;
  r.ocr_pages = doc->ocr_pages;
  r.blocks = static_cast<int>(doc->blocks.size());
  for (const auto& w : doc->warnings) {
    std::string where = w.loc.ToString();
    r.warnings.push_back((where.empty() ? "" : where + ": ") + w.message);
  }
  r.state = doc->warnings.empty() ? FileState::kRead : FileState::kPartial;
  if (doc->blocks.empty()) r.state = FileState::kPartial;
  return r;
}

ApplicantVerdict ErrorVerdict(const std::string& dir, const std::string& why) {
  ApplicantVerdict v;
  v.applicant = fs::path(dir).filename().string();
  v.name = v.applicant;
  v.error = why;
  v.generated_at = NowIso();
  v.tool_version = EVCOV_VERSION;
  return v;
}

}  // namespace

namespace {

// One applicant between discovery and judgement: what it asked for, which
// files it gave, and (once extraction ran) what each file yielded.
struct PreparedApplicant {
  std::string dir;
  ApplicantVerdict error;  // used when `ok` is false
  bool ok = false;
  Applicant applicant;
  Checklist checklist;
  ApplicantFiles files;
  std::vector<Extracted> extracted;
};

PreparedApplicant Prepare(const std::string& applicant_dir, const RunOptions& options) {
  PreparedApplicant p;
  p.dir = applicant_dir;
  auto applicant = LoadApplicant(applicant_dir);
  if (!applicant.ok()) {
    p.error = ErrorVerdict(applicant_dir, applicant.error().ToString());
    return p;
  }
  auto checklist = LoadChecklist(options.data_dir, applicant->checklist);
  if (!checklist.ok()) {
    p.error = ErrorVerdict(applicant_dir, (fs::path(applicant_dir) / "applicant.yaml").string() +
                                              ": " + checklist.error().ToString());
    return p;
  }
  p.ok = true;
  p.applicant = std::move(*applicant);
  p.checklist = std::move(*checklist);
  p.files = DiscoverFiles(applicant_dir);
  p.extracted.resize(p.files.files.size());
  return p;
}

// Extracts every file of every prepared applicant in one pool, largest first,
// so one slow scan does not leave the other workers idle at the end. `cache`,
// `progress` and `summary` may be null.
void ExtractAll(std::vector<PreparedApplicant>* prepared, const RunOptions& options,
                ExtractionCache* cache = nullptr, ProgressDisplay* progress = nullptr,
                RunSummary* summary = nullptr) {
  std::vector<std::pair<size_t, size_t>> tasks;
  for (size_t a = 0; a < prepared->size(); ++a) {
    for (size_t f = 0; f < (*prepared)[a].files.files.size(); ++f) tasks.emplace_back(a, f);
  }
  std::stable_sort(tasks.begin(), tasks.end(), [&](const auto& x, const auto& y) {
    return (*prepared)[x.first].files.files[x.second].size >
           (*prepared)[y.first].files.files[y.second].size;
  });
  long long bytes = 0;
  for (const auto& [a, f] : tasks) bytes += (*prepared)[a].files.files[f].size;
  if (progress) {
    progress->Start(static_cast<int>(tasks.size()), bytes, static_cast<int>(prepared->size()));
  }
  ParallelFor(tasks.size(), Workers(options), [&](size_t i) {
    auto& p = (*prepared)[tasks[i].first];
    const SourceFile& file = p.files.files[tasks[i].second];
    auto r = ExtractThroughCache(file.path, file.relative, cache,
                                 [&] { return ExtractOne(file, options); });
    p.extracted[tasks[i].second] = {std::move(r.doc), std::move(r.sha256), r.from_cache};
    if (progress) progress->FileDone(file.size, r.from_cache);
  });
  for (const auto& [a, f] : tasks) {
    if (!summary) break;
    ++((*prepared)[a].extracted[f].from_cache ? summary->cache_hits : summary->extracted);
  }
}

ApplicantVerdict Finish(const PreparedApplicant& p) {
  if (!p.ok) return p.error;
  ApplicantVerdict v;
  v.applicant = p.applicant.id;
  v.name = p.applicant.name;
  v.checklist_id = p.checklist.id;
  v.checklist_title = p.checklist.title;
  v.checklist_version = p.checklist.version;
  v.category = p.applicant.category;
  v.deployment = p.applicant.deployment;
  v.waivers = p.applicant.waivers;
  v.examples = p.files.examples;
  v.generated_at = NowIso();
  v.tool_version = EVCOV_VERSION;

  std::vector<SubmittedDocument> docs;
  for (size_t i = 0; i < p.files.files.size(); ++i) {
    v.files.push_back(RecordFor(p.files.files[i], p.extracted[i].doc));
    v.files.back().sha = p.extracted[i].sha;
    if (p.extracted[i].doc.ok()) {
      docs.push_back(
          {&p.extracted[i].doc.value(), p.files.files[i].relative, p.files.files[i].example});
    }
  }
  for (const auto& s : p.files.skipped) {
    FileRecord r;
    r.relative = s.relative;
    r.state = FileState::kNotRead;
    r.error = s.reason;
    v.files.push_back(r);
  }
  Matcher matcher(docs, p.files.examples, p.checklist.cues);
  v.controls = JudgeChecklist(p.checklist, p.applicant, matcher, p.files.examples);
  return v;
}

}  // namespace

ApplicantVerdict JudgeApplicant(const std::string& applicant_dir, const RunOptions& options) {
  std::vector<PreparedApplicant> prepared;
  prepared.push_back(Prepare(applicant_dir, options));
  ExtractAll(&prepared, options);
  return Finish(prepared.front());
}

bool WriteApplicantOutputs(const ApplicantVerdict& verdict, const std::string& out_dir,
                           const RunOptions& options) {
  fs::path dir = fs::path(out_dir) / verdict.applicant;
  bool ok = true;
  auto json = CoverageJson(verdict).dump(2) + "\n";
  if (auto w = WriteFileAtomic((dir / "coverage.json").string(), json); !w.ok()) {
    std::cerr << "evcov: " << w.error().ToString() << "\n";
    ok = false;
  }
  if (!verdict.changes.has_previous) {
    std::error_code ec;
    fs::remove(dir / "changes.json", ec);  // it would describe an older run
  } else if (auto w = WriteFileAtomic((dir / "changes.json").string(),
                                      ChangesJson(verdict).dump(2) + "\n");
             !w.ok()) {
    std::cerr << "evcov: " << w.error().ToString() << "\n";
    ok = false;
  }
  if (auto xlsx = RenderSelfAssessmentXlsx(verdict); !xlsx.ok()) {
    std::cerr << "evcov: " << verdict.applicant << ": " << xlsx.error().ToString() << "\n";
    ok = false;
  } else if (auto w = WriteFileAtomic((dir / "self-assessment.xlsx").string(), *xlsx); !w.ok()) {
    std::cerr << "evcov: " << w.error().ToString() << "\n";
    ok = false;
  }
  if (options.write_pdf) {
    ReportOptions ro;
    ro.data_dir = options.data_dir;
    auto pdf = RenderReportPdf(verdict, ro);
    if (!pdf.ok()) {
      std::cerr << "evcov: " << verdict.applicant << ": report: " << pdf.error().ToString() << "\n";
      ok = false;
    } else if (auto w = WriteFileAtomic((dir / "report.pdf").string(), *pdf); !w.ok()) {
      std::cerr << "evcov: " << w.error().ToString() << "\n";
      ok = false;
    }
  }
  return ok;
}

namespace {

void Tally(const ApplicantVerdict& v, bool written, RunSummary* s) {
  ++s->applicants;
  if (!v.error.empty()) ++s->applicant_errors;
  s->files_unread += v.UnreadFiles();
  if (!written) ++s->write_errors;
  s->controls_missing += v.Count(Status::kMissing);
  s->controls_partial += v.Count(Status::kPartial);
}

void Progress(ProgressDisplay* d, const ApplicantVerdict& v) {
  if (!v.error.empty()) {
    d->Log("evcov: " + v.applicant + ": error: " + v.error);
    return;
  }
  d->Log("evcov: " + v.applicant + ": " + std::to_string(v.Count(Status::kMet)) + " met, " +
         std::to_string(v.Count(Status::kPartial)) + " partial, " +
         std::to_string(v.Count(Status::kMissing)) + " missing, " +
         std::to_string(v.Count(Status::kWaived)) + " waived, " +
         std::to_string(v.Count(Status::kManual)) + " manual; " + std::to_string(v.files.size()) +
         " files, " + std::to_string(v.UnreadFiles()) + " not read");
}

// The run's extraction cache, or null (--no-cache, or it cannot be opened:
// the run goes on without it).
std::unique_ptr<ExtractionCache> OpenCache(const std::string& out_dir, const RunOptions& o,
                                           ProgressDisplay* d) {
  if (!o.use_cache) return nullptr;
  std::string path =
      o.cache_path.empty() ? (fs::path(out_dir) / ".evcov-cache.sqlite").string() : o.cache_path;
  std::string warning;
  auto cache = ExtractionCache::Open(path, ExtractionRecipe(o.extract), &warning);
  if (!warning.empty()) d->Warn("evcov: warning: " + warning);
  if (!cache.ok()) {
    d->Warn("evcov: warning: " + cache.error().ToString() + "; running without cache");
    return nullptr;
  }
  return std::move(*cache);
}

struct Concluded {
  ApplicantVerdict verdict;
  std::string warning;  // from comparing with the previous run
  bool written = false;
};

// Judges every extracted applicant, compares each with the previous run and
// writes its outputs, on the run's workers: after extraction (all cached on a
// nightly re-run) this is the whole run. Progress and tallies follow in
// applicant order, so the log is the same at any -j.
void ConcludeAll(std::vector<PreparedApplicant>* prepared, const std::string& out_dir,
                 const RunOptions& options, ProgressDisplay* progress, RunSummary* summary) {
  std::vector<Concluded> done(prepared->size());
  progress->Clear();  // writers report failures on stderr themselves
  ParallelFor(prepared->size(), Workers(options), [&](size_t i) {
    Concluded& c = done[i];
    c.verdict = Finish((*prepared)[i]);
    c.warning = AttachChanges((fs::path(out_dir) / c.verdict.applicant / "coverage.json").string(),
                              &c.verdict);
    c.written = WriteApplicantOutputs(c.verdict, out_dir, options);
    (*prepared)[i].extracted.clear();  // the documents are no longer needed
  });
  for (const Concluded& c : done) {
    if (!c.warning.empty()) progress->Warn("evcov: warning: " + c.warning);
    Tally(c.verdict, c.written, summary);
    Progress(progress, c.verdict);
    progress->ApplicantDone();
  }
}

// The closing line: how many files came from the cache.
void Finale(ExtractionCache* cache, const RunSummary& s, ProgressDisplay* d) {
  std::string problem = cache ? cache->problem() : "";
  if (!problem.empty()) d->Warn("evcov: warning: " + problem);
  d->Clear();
  int files = s.cache_hits + s.extracted;
  d->Log("evcov: " + std::to_string(s.applicants) +
         (s.applicants == 1 ? " applicant, " : " applicants, ") + std::to_string(files) +
         (files == 1 ? " file: " : " files: ") + std::to_string(s.extracted) + " extracted, " +
         std::to_string(s.cache_hits) + " from cache" + (cache ? "" : " (cache off)"));
  d->Clear();
}

}  // namespace

RunSummary RunBatch(const std::string& batch_dir, const std::string& out_dir,
                    const RunOptions& options) {
  RunSummary summary;
  ProgressDisplay progress(ProgressDisplay::ModeForStderr(options.quiet), &std::cerr);
  auto cache = OpenCache(out_dir, options, &progress);
  std::vector<PreparedApplicant> prepared;
  for (const auto& dir : DiscoverApplicants(batch_dir)) {
    if (!InShard(fs::path(dir).filename().string(), options.shard)) {
      ++summary.other_shards;
      continue;
    }
    prepared.push_back(Prepare(dir, options));
  }
  ExtractAll(&prepared, options, cache.get(), &progress, &summary);
  ConcludeAll(&prepared, out_dir, options, &progress, &summary);
  progress.Clear();
  // Built from the coverage.json files on disk, as `evcov merge` does.
  if (auto index = WriteBatchIndex(out_dir, options.data_dir, options.write_pdf); !index.ok()) {
    std::cerr << "evcov: batch index: " << index.error().ToString() << "\n";
    ++summary.write_errors;
  }
  Finale(cache.get(), summary, &progress);
  return summary;
}

RunSummary CheckApplicant(const std::string& applicant_dir, const std::string& out_dir,
                          const RunOptions& options) {
  RunSummary summary;
  ProgressDisplay progress(ProgressDisplay::ModeForStderr(options.quiet), &std::cerr);
  auto cache = OpenCache(out_dir, options, &progress);
  std::vector<PreparedApplicant> prepared;
  prepared.push_back(Prepare(applicant_dir, options));
  ExtractAll(&prepared, options, cache.get(), &progress, &summary);
  ConcludeAll(&prepared, out_dir, options, &progress, &summary);
  Finale(cache.get(), summary, &progress);
  return summary;
}

}  // namespace evcov
