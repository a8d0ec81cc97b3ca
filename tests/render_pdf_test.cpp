// RenderReportPdf on a hand-built verdict of a fictional applicant, read back
// with poppler-cpp: what a validator must find in the PDF (every control with
// its status, the applicant's non-ASCII name, unread files on page 1, one
// bookmark per control) and how the renderer fails on a bad template.
#include "pipeline/render_pdf.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>
#include <poppler-toc.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/cli_run.h"

namespace evcov {
namespace {

namespace fs = std::filesystem;

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::StartsWith;

const std::string kApplicantName = "Søren & Zoë Cloud ApS";
const std::string kUnreadFile = "Sales/Ørestad pitch deck.pptx";
const std::string kUnreadReason = "corrupt: no slide of this PPTX could be read";

EvidenceSpan Span(const std::string& file, int page, const std::string& snippet) {
  EvidenceSpan span;
  span.file = file;
  span.loc.page = page;
  span.loc.heading_path = {"Operations", "Backups"};
  span.snippet = snippet;
  return span;
}

CriterionVerdict Shown(const std::string& id, const std::string& label, EvidenceSpan span) {
  CriterionVerdict c;
  c.id = id;
  c.label = label;
  c.shown = true;
  c.evidence.push_back(std::move(span));
  return c;
}

CriterionVerdict NotShown(const std::string& id, const std::string& label) {
  CriterionVerdict c;
  c.id = id;
  c.label = label;
  return c;
}

ControlVerdict Control(const std::string& id, const std::string& title, const std::string& section,
                       Status status, const std::string& reason) {
  ControlVerdict c;
  c.id = id;
  c.title = title;
  c.section = section;
  c.scope = "practice";
  c.status = status;
  c.reason = reason;
  return c;
}

// Two sections, every status, evidence, a set-aside match, still-needed
// criteria, a per-example control and an unread file.
ApplicantVerdict SampleVerdict() {
  ApplicantVerdict v;
  v.applicant = "soren-zoe";
  v.name = kApplicantName;
  v.checklist_id = "aws-devops-4.0";
  v.checklist_title = "AWS DevOps Competency";
  v.checklist_version = "4.0";
  v.category = "";
  v.deployment = "saas";
  v.waivers = {"msp"};
  v.examples = {"nordlys-bank", "kø-logistik"};
  v.generated_at = "2026-01-15T09:30:00Z";
  v.tool_version = "0.1.0";

  ControlVerdict met =
      Control("DOC-001", "Architecture diagram of the reference solution",
              "Common Customer Example Requirements", Status::kMet, "All 2 criteria shown.");
  met.criteria.push_back(Shown("diagram", "An architecture diagram",
                               Span("Engineering/arkitektur-oversigt.drawio", 1,
                                    "Diagram: VPC → ALB → ECS tasks (Zoë's naming) in 3 AZs")));
  met.criteria.push_back(Shown("services", "AWS services named on the diagram",
                               Span("Engineering/arkitektur-oversigt.drawio", 1,
                                    "Amazon ECS, Amazon RDS for PostgreSQL, AWS WAF")));
  v.controls.push_back(met);

  ControlVerdict partial =
      Control("REL-002", "Backups and restore tests", "Common Customer Example Requirements",
              Status::kPartial, "1 of 2 criteria shown; still needed: Restore test results.");
  CriterionVerdict backups =
      Shown("backups", "Backup policy with retention",
            Span("Operations/Backup-politik.pdf", 3,
                 "Daily snapshots are kept for 35 days in a second Region."));
  SetAside negated;
  negated.span = Span("Operations/Backup-politik.pdf", 4, "We do not yet test restores.");
  negated.reason = "negated";
  CriterionVerdict restore = NotShown("restore", "Restore test results");
  restore.set_aside.push_back(negated);
  partial.criteria = {backups, restore};
  partial.still_needed = {"Restore test results"};
  v.controls.push_back(partial);

  ControlVerdict missing = Control("NETSEC-003", "Network segmentation", "Security",
                                   Status::kMissing, "None of the 1 criteria is shown.");
  missing.criteria.push_back(NotShown("segments", "Separate subnets per tier"));
  missing.still_needed = {"Separate subnets per tier"};
  v.controls.push_back(missing);

  v.controls.push_back(Control("MSP-001", "Managed service operations", "Security", Status::kWaived,
                               "Waived: the applicant is an approved AWS MSP."));
  v.controls.push_back(Control("SEC-009", "Annual penetration test", "Security", Status::kManual,
                               "Manual: a validator checks the report with the partner."));

  ControlVerdict per_example = Control("CI-001", "Continuous integration in each customer example",
                                       "Common Customer Example Requirements", Status::kPartial,
                                       "Met in 1 of 2 customer examples (every example required).");
  per_example.scope = "each-example";
  per_example.criteria.push_back(
      Shown("pipeline", "A build pipeline",
            Span("cases/nordlys-bank/Case study.pdf", 2, "CodePipeline builds every commit.")));
  per_example.examples = {{"nordlys-bank", Status::kMet, {}},
                          {"kø-logistik", Status::kMissing, {"A build pipeline"}}};
  v.controls.push_back(per_example);

  FileRecord read;
  read.relative = "Operations/Backup-politik.pdf";
  read.media_type = "application/pdf";
  read.extractor = "pdf";
  read.pages = 5;
  read.ocr_pages = {4, 5};
  read.state = FileState::kPartial;
  read.warnings = {"p. 5: OCR confidence is low"};
  v.files.push_back(read);
  FileRecord unread;
  unread.relative = kUnreadFile;
  unread.state = FileState::kNotRead;
  unread.error = kUnreadReason;
  v.files.push_back(unread);
  return v;
}

ReportOptions SourceOptions() {
  ReportOptions options;
  options.data_dir = EVCOV_SOURCE_DIR;
  return options;
}

// A fresh directory under the system temporary directory, removed on exit.
class TempDir {
 public:
  TempDir() {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = fs::temp_directory_path() /
            ("evcov-render-" + std::string(test->name()) + "-" + std::to_string(::getpid()));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::string Utf8(const poppler::ustring& text) {
  poppler::byte_array bytes = text.to_utf8();
  return std::string(bytes.begin(), bytes.end());
}

// Runs of whitespace (line breaks of wrapped text included) become one space.
std::string Squash(const std::string& text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

void IgnorePopplerMessages(const std::string&, void*) {}

// The rendered PDF as poppler sees it.
struct ReadBack {
  int pages = 0;
  std::vector<std::string> page_text;  // physical layout, one string per page
  std::vector<std::string> lines;      // every line of every page
  std::vector<std::string> outline;    // every bookmark title, depth first
  // Right edge of the rightmost text box on any page, and the page width.
  double max_text_right = 0;
  double page_width = 0;
};

void CollectOutline(const poppler::toc_item* item, std::vector<std::string>* titles) {
  for (const poppler::toc_item* child : item->children()) {
    titles->push_back(Utf8(child->title()));
    CollectOutline(child, titles);
  }
}

ReadBack Read(const std::string& pdf_bytes, const fs::path& dir) {
  // Written to a file, as run.cpp does, and read back from there.
  fs::path file = dir / "report.pdf";
  std::ofstream(file, std::ios::binary) << pdf_bytes;
  poppler::set_debug_error_function(IgnorePopplerMessages, nullptr);
  std::unique_ptr<poppler::document> doc(poppler::document::load_from_file(file.string()));
  ReadBack out;
  if (!doc) {
    ADD_FAILURE() << "poppler cannot open " << file;
    return out;
  }
  out.pages = doc->pages();
  for (int i = 0; i < out.pages; ++i) {
    std::unique_ptr<poppler::page> page(doc->create_page(i));
    std::string text = Utf8(page->text(poppler::rectf(), poppler::page::physical_layout));
    out.page_text.push_back(text);
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) out.lines.push_back(line);
    out.page_width = page->page_rect().width();
    for (const poppler::text_box& box : page->text_list()) {
      out.max_text_right = std::max(out.max_text_right, box.bbox().right());
    }
  }
  std::unique_ptr<poppler::toc> toc(doc->create_toc());
  if (toc) CollectOutline(toc->root(), &out.outline);
  return out;
}

// The word the template prints for `status`, so wording changes in
// templates/report.json do not break the test.
std::string StatusWord(Status status) {
  nlohmann::json j =
      testing::ReadJsonFile(std::string(EVCOV_SOURCE_DIR) + "/templates/report.json");
  return j["statuses"][ToString(status)]["word"].get<std::string>();
}

TEST(RenderPdfTest, EveryControlAppearsWithItsStatusWord) {
  TempDir dir;
  ApplicantVerdict verdict = SampleVerdict();
  auto pdf = RenderReportPdf(verdict, SourceOptions());
  ASSERT_TRUE(pdf.ok()) << pdf.error().ToString();
  ReadBack report = Read(*pdf, dir.path());

  EXPECT_GT(report.pages, 1);
  for (const ControlVerdict& c : verdict.controls) {
    // A summary row holds the id and the status word on one line.
    EXPECT_THAT(report.lines, Contains(AllOf(HasSubstr(c.id), HasSubstr(StatusWord(c.status)))))
        << c.id;
  }
}

TEST(RenderPdfTest, CoverHasNonAsciiNameAndUnreadFileWithReason) {
  TempDir dir;
  auto pdf = RenderReportPdf(SampleVerdict(), SourceOptions());
  ASSERT_TRUE(pdf.ok()) << pdf.error().ToString();
  ReadBack report = Read(*pdf, dir.path());
  ASSERT_GE(report.pages, 1);

  std::string cover = Squash(report.page_text[0]);
  EXPECT_THAT(cover, HasSubstr(kApplicantName));
  EXPECT_THAT(cover, HasSubstr(kUnreadFile));
  EXPECT_THAT(cover, HasSubstr(kUnreadReason));
  EXPECT_THAT(cover, HasSubstr("aws-devops-4.0"));
  EXPECT_THAT(cover, HasSubstr("2026-01-15T09:30:00Z"));
}

TEST(RenderPdfTest, EvidenceSetAsideAndStillNeededArePrinted) {
  TempDir dir;
  auto pdf = RenderReportPdf(SampleVerdict(), SourceOptions());
  ASSERT_TRUE(pdf.ok()) << pdf.error().ToString();
  ReadBack report = Read(*pdf, dir.path());
  std::string all;
  for (const std::string& text : report.page_text) all += Squash(text) + " ";

  EXPECT_THAT(all, HasSubstr("DOC-001 — Architecture diagram of the reference solution"));
  EXPECT_THAT(all, HasSubstr("✓ An architecture diagram"));
  EXPECT_THAT(all, HasSubstr("Diagram: VPC → ALB → ECS tasks (Zoë's naming) in 3 AZs"));
  EXPECT_THAT(all, HasSubstr("Operations/Backup-politik.pdf · p. 3, § Operations > Backups"));
  EXPECT_THAT(all, HasSubstr("✗ still needed: Restore test results"));
  EXPECT_THAT(all, HasSubstr("set aside (negated): Operations/Backup-politik.pdf, p. 4, "
                             "§ Operations > Backups: We do not yet test restores."));
  EXPECT_THAT(all, HasSubstr("kø-logistik: still needed: A build pipeline"));
  // File inventory: OCR pages, state and warnings.
  EXPECT_THAT(all, HasSubstr("OCR p. 4–5"));
  EXPECT_THAT(all, HasSubstr("p. 5: OCR confidence is low"));
}

TEST(RenderPdfTest, OutlineHasAnEntryPerControl) {
  TempDir dir;
  ApplicantVerdict verdict = SampleVerdict();
  auto pdf = RenderReportPdf(verdict, SourceOptions());
  ASSERT_TRUE(pdf.ok()) << pdf.error().ToString();
  ReadBack report = Read(*pdf, dir.path());

  for (const ControlVerdict& c : verdict.controls) {
    EXPECT_THAT(report.outline, Contains(StartsWith(c.id + " — " + c.title))) << c.id;
  }
  EXPECT_THAT(report.outline, Contains(std::string("Security")));
  EXPECT_THAT(report.outline, Contains(std::string("Common Customer Example Requirements")));
}

TEST(RenderPdfTest, MetControlWithoutEvidenceGetsAWarning) {
  TempDir dir;
  ApplicantVerdict verdict = SampleVerdict();
  verdict.controls.push_back(Control("ODD-001", "A control the judge got wrong", "Security",
                                     Status::kMet, "All 0 criteria shown."));
  auto pdf = RenderReportPdf(verdict, SourceOptions());
  ASSERT_TRUE(pdf.ok()) << pdf.error().ToString();
  ReadBack report = Read(*pdf, dir.path());
  std::string all;
  for (const std::string& text : report.page_text) all += Squash(text) + " ";
  EXPECT_THAT(all, HasSubstr("no evidence is recorded for this control"));
}

TEST(RenderPdfTest, LongTextWrapsInsideTheMarginsAndFlowsOntoNewPages) {
  TempDir dir;
  ApplicantVerdict verdict = SampleVerdict();
  std::string long_snippet;
  for (int i = 0; i < 400; ++i) long_snippet += "Ålborg runbook step " + std::to_string(i) + ". ";
  long_snippet += std::string(300, 'x');  // one word wider than the page
  long_snippet += " \xFF\xFE invalid bytes and a tab\there";
  ControlVerdict& met = verdict.controls[0];
  met.criteria[0].evidence.push_back(Span(std::string(200, 'd') + ".pdf", 9, long_snippet));
  met.title = std::string(50, 'T') + " " + met.title;

  auto short_pdf = RenderReportPdf(SampleVerdict(), SourceOptions());
  auto pdf = RenderReportPdf(verdict, SourceOptions());
  ASSERT_TRUE(pdf.ok()) << pdf.error().ToString();
  ASSERT_TRUE(short_pdf.ok());
  ReadBack report = Read(*pdf, dir.path());
  ReadBack short_report = Read(*short_pdf, dir.path());

  EXPECT_GT(report.pages, short_report.pages + 1);
  // The template's right margin is 54 pt; allow a point for rounding.
  EXPECT_LE(report.max_text_right, report.page_width - 53);
  std::string all;
  for (const std::string& text : report.page_text) all += Squash(text) + " ";
  EXPECT_THAT(all, HasSubstr("Ålborg runbook step 399."));
}

TEST(RenderPdfTest, ErrorVerdictIsTheCoverWithTheErrorOnly) {
  TempDir dir;
  ApplicantVerdict verdict;
  verdict.applicant = "broken";
  verdict.name = kApplicantName;
  verdict.error = "applicant.yaml: unknown checklist \"aws-nothing-1.0\"";
  verdict.generated_at = "2026-01-15T09:30:00Z";
  verdict.tool_version = "0.1.0";
  auto pdf = RenderReportPdf(verdict, SourceOptions());
  ASSERT_TRUE(pdf.ok()) << pdf.error().ToString();
  ReadBack report = Read(*pdf, dir.path());

  EXPECT_EQ(report.pages, 1);
  ASSERT_EQ(report.page_text.size(), 1u);
  EXPECT_THAT(Squash(report.page_text[0]), HasSubstr(verdict.error));
  EXPECT_THAT(Squash(report.page_text[0]), HasSubstr(kApplicantName));
}

TEST(RenderPdfTest, MissingTemplateIsAnInvalidError) {
  TempDir dir;
  ReportOptions options;
  options.data_dir = dir.path().string();
  auto pdf = RenderReportPdf(SampleVerdict(), options);
  ASSERT_FALSE(pdf.ok());
  EXPECT_EQ(pdf.error().kind, ErrorKind::kInvalid);
  EXPECT_THAT(pdf.error().file, EndsWith("templates/report.json"));
}

TEST(RenderPdfTest, MalformedTemplateIsAnInvalidError) {
  TempDir dir;
  fs::create_directories(dir.path() / "templates");
  std::ofstream(dir.path() / "templates" / "report.json") << "{\"schema\": ";
  ReportOptions options;
  options.data_dir = dir.path().string();
  auto pdf = RenderReportPdf(SampleVerdict(), options);
  ASSERT_FALSE(pdf.ok());
  EXPECT_EQ(pdf.error().kind, ErrorKind::kInvalid);
  EXPECT_THAT(pdf.error().file, EndsWith("templates/report.json"));
}

TEST(RenderPdfTest, TemplateWithoutAKeyNamesTheKey) {
  TempDir dir;
  nlohmann::json j =
      testing::ReadJsonFile(std::string(EVCOV_SOURCE_DIR) + "/templates/report.json");
  j["text"].erase("all_read");
  fs::create_directories(dir.path() / "templates");
  std::ofstream(dir.path() / "templates" / "report.json") << j.dump();
  ReportOptions options;
  options.data_dir = dir.path().string();
  auto pdf = RenderReportPdf(SampleVerdict(), options);
  ASSERT_FALSE(pdf.ok());
  EXPECT_EQ(pdf.error().kind, ErrorKind::kInvalid);
  EXPECT_THAT(pdf.error().message, HasSubstr("text.all_read"));
}

TEST(RenderPdfTest, MissingFontIsAnIoError) {
  ReportOptions options = SourceOptions();
  options.font_path = "/nonexistent/DejaVuSans.ttf";
  auto pdf = RenderReportPdf(SampleVerdict(), options);
  ASSERT_FALSE(pdf.ok());
  EXPECT_EQ(pdf.error().kind, ErrorKind::kIo);
  EXPECT_EQ(pdf.error().file, "/nonexistent/DejaVuSans.ttf");
}

TEST(RenderPdfTest, FileThatIsNotAFontIsALibharuError) {
  TempDir dir;
  fs::path fake = dir.path() / "not-a-font.ttf";
  std::ofstream(fake) << "this is not a TrueType font";
  ReportOptions options = SourceOptions();
  options.font_path = fake.string();
  auto pdf = RenderReportPdf(SampleVerdict(), options);
  ASSERT_FALSE(pdf.ok());
  EXPECT_EQ(pdf.error().kind, ErrorKind::kInternal);
  EXPECT_EQ(pdf.error().file, fake.string());
  EXPECT_THAT(pdf.error().message, HasSubstr("libharu error"));
}

}  // namespace
}  // namespace evcov
