// PPTX extraction on a fixture exported by LibreOffice Impress
// (tests/fixtures/make_pptx.sh) and on real public presentations in ../shared/corpus.
#include <gtest/gtest.h>

#include <filesystem>

#include "pipeline/atomic_file.h"
#include "tests/test_util.h"

namespace evcov {
namespace {

using testing::AllText;
using testing::ExtractPath;
using testing::Fixture;
using testing::SharedDir;

constexpr const char* kPptxType =
    "application/vnd.openxmlformats-officedocument.presentationml.presentation";

std::string Corpus(const std::string& name) { return SharedDir() + "/corpus/pptx/" + name; }

// Index of the first block with exactly this text; -1 if none.
int IndexOf(const Document& d, const std::string& text) {
  for (size_t i = 0; i < d.blocks.size(); ++i) {
    if (d.blocks[i].text == text) return static_cast<int>(i);
  }
  return -1;
}

const Block* Find(const Document& d, const std::string& text) {
  int i = IndexOf(d, text);
  return i < 0 ? nullptr : &d.blocks[static_cast<size_t>(i)];
}

std::vector<const Block*> OnSlide(const Document& d, int slide) {
  std::vector<const Block*> out;
  for (const auto& b : d.blocks) {
    if (b.loc.page == slide) out.push_back(&b);
  }
  return out;
}

TEST(PptxExtractor, TitlesBecomeHeadingsAndThePathOfTheSlide) {
  auto doc = ExtractPath(Fixture("pptx/briefing.pptx"));
  ASSERT_TRUE(doc.ok()) << doc.error().ToString();
  EXPECT_EQ(doc->extractor, "pptx");
  EXPECT_EQ(doc->source, SourceKind::kSlides);
  EXPECT_EQ(doc->page_count, 4);

  auto cover = OnSlide(*doc, 1);
  ASSERT_EQ(cover.size(), 2u);
  EXPECT_EQ(cover[0]->kind, BlockKind::kHeading);
  EXPECT_EQ(cover[0]->text, "Harbour Lane Software");
  EXPECT_TRUE(cover[0]->loc.heading_path.empty());
  EXPECT_EQ(cover[1]->kind, BlockKind::kSlideText);
  EXPECT_EQ(cover[1]->text, "Operational readiness briefing");
  EXPECT_EQ(cover[1]->loc.heading_path, (std::vector<std::string>{"Harbour Lane Software"}));
}

TEST(PptxExtractor, BulletsAreBlocksInReadingOrder) {
  auto doc = ExtractPath(Fixture("pptx/briefing.pptx"));
  ASSERT_TRUE(doc.ok());
  std::vector<std::string> texts;
  for (const Block* b : OnSlide(*doc, 2)) {
    if (!b->loc.notes) texts.push_back(b->text);
  }
  // The owner text box comes first in the file but sits at the bottom of the slide.
  EXPECT_EQ(texts, (std::vector<std::string>{
                       "Incident response",
                       "Pager rotation covers every hour of the week",
                       "Severity one incidents get a status page update within 30 minutes",
                       "Every incident ends with a blameless review",
                       "Owner: Harbour Lane operations desk",
                   }));
  const Block* bullet = Find(*doc, "Every incident ends with a blameless review");
  ASSERT_NE(bullet, nullptr);
  EXPECT_EQ(bullet->kind, BlockKind::kSlideText);
  EXPECT_EQ(bullet->loc.heading_path, (std::vector<std::string>{"Incident response"}));
}

TEST(PptxExtractor, SpeakerNotesAreNotesBlocksOfTheirSlide) {
  auto doc = ExtractPath(Fixture("pptx/briefing.pptx"));
  ASSERT_TRUE(doc.ok());
  const Block* note = Find(*doc, "Mention the tabletop exercise held in February.");
  ASSERT_NE(note, nullptr);
  EXPECT_EQ(note->kind, BlockKind::kNotes);
  EXPECT_TRUE(note->loc.notes);
  EXPECT_EQ(note->loc.page, 2);
  EXPECT_EQ(note->loc.heading_path, (std::vector<std::string>{"Incident response"}));
  const Block* second = Find(*doc, "Review timings come from the on-call handbook.");
  ASSERT_NE(second, nullptr);
  EXPECT_EQ(second->kind, BlockKind::kNotes);
  int notes = 0;
  for (const auto& b : doc->blocks) notes += b.loc.notes ? 1 : 0;
  EXPECT_EQ(notes, 2);
}

TEST(PptxExtractor, TableRowsJoinTheirCells) {
  auto doc = ExtractPath(Fixture("pptx/briefing.pptx"));
  ASSERT_TRUE(doc.ok());
  auto slide = OnSlide(*doc, 3);
  ASSERT_EQ(slide.size(), 4u);
  EXPECT_EQ(slide[0]->kind, BlockKind::kHeading);
  EXPECT_EQ(slide[0]->text, "Backup schedule");
  EXPECT_EQ(slide[1]->text, "System | Frequency | Retention");
  EXPECT_EQ(slide[2]->text, "Customer database | Hourly snapshots | 35 days");
  EXPECT_EQ(slide[3]->text, "Object storage | 1 year");  // the empty cell is left out
  for (size_t i = 1; i < slide.size(); ++i) {
    EXPECT_EQ(slide[i]->kind, BlockKind::kTableRow);
    EXPECT_EQ(slide[i]->loc.heading_path, (std::vector<std::string>{"Backup schedule"}));
  }
}

TEST(PptxExtractor, HiddenSlideAndGroupedShapes) {
  auto doc = ExtractPath(Fixture("pptx/briefing.pptx"));
  ASSERT_TRUE(doc.ok());
  ASSERT_EQ(doc->warnings.size(), 1u);
  EXPECT_EQ(doc->warnings[0].code, "hidden-slide");
  EXPECT_EQ(doc->warnings[0].loc.page, 4);
  // Both shapes of the group are on one line: left (Frankfurt) before right.
  int standby = IndexOf(*doc, "Standby region: Frankfurt");
  int primary = IndexOf(*doc, "Primary region: Dublin");
  ASSERT_GE(standby, 0);
  ASSERT_GE(primary, 0);
  EXPECT_LT(standby, primary);
  EXPECT_EQ(doc->blocks[static_cast<size_t>(primary)].loc.page, 4);
  EXPECT_EQ(doc->blocks[static_cast<size_t>(primary)].loc.heading_path,
            (std::vector<std::string>{"Appendix"}));
}

TEST(PptxExtractor, TruncatedPresentationIsCorrupt) {
  auto bytes = ReadFile(Fixture("pptx/briefing.pptx"));
  ASSERT_TRUE(bytes.ok());
  std::string truncated = bytes->substr(0, bytes->size() * 2 / 3);
  auto span = std::as_bytes(std::span<const char>(truncated.data(), truncated.size()));
  ExtractContext ctx;
  ctx.path = "truncated.pptx";
  auto via_registry = ExtractorRegistry::Builtin().Extract(span, ctx);
  ASSERT_FALSE(via_registry.ok());
  EXPECT_EQ(via_registry.error().kind, ErrorKind::kCorrupt);
  const Extractor* pptx = ExtractorRegistry::Builtin().Find(kPptxType);
  ASSERT_NE(pptx, nullptr);
  auto direct = pptx->Extract(span, ctx);
  ASSERT_FALSE(direct.ok());
  EXPECT_EQ(direct.error().kind, ErrorKind::kCorrupt);
}

// Checked with: unzip -p FILE ppt/presentation.xml, ppt/_rels/presentation.xml.rels,
// ppt/slides/slideN.xml, ppt/notesSlides/notesSlideN.xml.
TEST(PptxExtractor, CorpusSpeakerNotes) {
  auto doc = ExtractPath(Corpus("python-pptx-speaker-notes.pptx"));
  ASSERT_TRUE(doc.ok()) << doc.error().ToString();
  EXPECT_EQ(doc->page_count, 1);
  // The notes body says "Notes"; the slide number field ("1") is not text.
  ASSERT_EQ(doc->blocks.size(), 1u);
  EXPECT_EQ(doc->blocks[0].text, "Notes");
  EXPECT_EQ(doc->blocks[0].kind, BlockKind::kNotes);
  EXPECT_TRUE(doc->blocks[0].loc.notes);
  EXPECT_EQ(doc->blocks[0].loc.page, 1);
}

TEST(PptxExtractor, CorpusTableCells) {
  auto doc = ExtractPath(Corpus("python-pptx-table-cells.pptx"));
  ASSERT_TRUE(doc.ok()) << doc.error().ToString();
  EXPECT_EQ(doc->page_count, 3);
  // sldIdLst: rId2 (slides/slide1.xml), rId3 (slide2.xml), rId4 (slide3.xml).
  const Block* header = Find(*doc,
                             "having custom margins | vert anchor is inherited | "
                             "vert anchor is top | vert anchor is bottom");
  ASSERT_NE(header, nullptr);  // "vert" and " anchor is ..." are separate runs
  EXPECT_EQ(header->kind, BlockKind::kTableRow);
  EXPECT_EQ(header->loc.page, 1);
  ASSERT_NE(Find(*doc, "unladen swallows"), nullptr);
  // Slide 2: two tables, each with one merged cell; merged-over cells add nothing.
  auto merged = OnSlide(*doc, 2);
  ASSERT_EQ(merged.size(), 2u);
  EXPECT_EQ(merged[0]->text, "merged cell");
  EXPECT_EQ(merged[1]->text, "merged cell");
  auto grid = OnSlide(*doc, 3);
  ASSERT_EQ(grid.size(), 3u);
  EXPECT_EQ(grid[0]->text, "a | b | c");
  EXPECT_EQ(grid[1]->text, "d | e | f");
  EXPECT_EQ(grid[2]->text, "g | h | i");
}

TEST(PptxExtractor, CorpusSprintReviewTitlesOrderAndNotes) {
  auto doc = ExtractPath(Corpus("gsa-sample-sprint-review-presentation.pptx"));
  ASSERT_TRUE(doc.ok()) << doc.error().ToString();
  EXPECT_EQ(doc->page_count, 10);
  // Slide 3's only title placeholder has idx="6": still the title.
  const Block* overview = Find(*doc, "Overview: An Iterative Timeline");
  ASSERT_NE(overview, nullptr);
  EXPECT_EQ(overview->kind, BlockKind::kHeading);
  EXPECT_EQ(overview->loc.page, 3);
  // Month labels sit at y=1485575/1485600/1485550 EMU: one line, read left to right.
  int july = IndexOf(*doc, "July 2017");
  int august = IndexOf(*doc, "August 2017");
  int september = IndexOf(*doc, "September 2017");
  ASSERT_GE(july, 0);
  EXPECT_LT(july, august);
  EXPECT_LT(august, september);
  EXPECT_EQ(doc->blocks[static_cast<size_t>(july)].loc.heading_path,
            (std::vector<std::string>{"Overview: An Iterative Timeline"}));
  // Slide 2's agenda is in a title placeholder with idx="2" (Google Slides):
  // body text under the real title, one block per line.
  const Block* scope = Find(*doc, "Objectives / Scope");
  ASSERT_NE(scope, nullptr);
  EXPECT_EQ(scope->kind, BlockKind::kSlideText);
  EXPECT_EQ(scope->loc.heading_path, (std::vector<std::string>{"Agenda"}));
  // Title runs "Objectives " + "(July through September)".
  const Block* objectives = Find(*doc, "Objectives (July through September)");
  ASSERT_NE(objectives, nullptr);
  EXPECT_EQ(objectives->kind, BlockKind::kHeading);
  EXPECT_EQ(objectives->loc.page, 4);
  // notesSlide2.xml belongs to slide 2 (slides/_rels/slide2.xml.rels).
  const Block* note = Find(*doc,
                           "Sara - who are the developers that she will work with? Can Sara be "
                           "given access to the form in Salesforce?");
  ASSERT_NE(note, nullptr);
  EXPECT_EQ(note->kind, BlockKind::kNotes);
  EXPECT_TRUE(note->loc.notes);
  EXPECT_EQ(note->loc.page, 2);
}

TEST(PptxExtractor, CorpusChartDataAndPlaceholders) {
  auto charts = ExtractPath(Corpus("python-pptx-charts.pptx"));
  ASSERT_TRUE(charts.ok()) << charts.error().ToString();
  // ppt/charts/chart1.xml: three series over four categories.
  ASSERT_NE(Find(*charts, "Series 1 | Series 2 | Series 3"), nullptr);
  const Block* row = Find(*charts, "Category 1 | 4.3 | 2.4 | 2.0");
  ASSERT_NE(row, nullptr);
  EXPECT_EQ(row->kind, BlockKind::kTableRow);
  EXPECT_EQ(row->loc.page, 1);

  auto placeholders = ExtractPath(Corpus("python-pptx-placeholders.pptx"));
  ASSERT_TRUE(placeholders.ok()) << placeholders.error().ToString();
  EXPECT_EQ(placeholders->page_count, 9);
  const Block* title = Find(*placeholders, "Title Text");  // slides/slide5.xml, 5th in sldIdLst
  ASSERT_NE(title, nullptr);
  EXPECT_EQ(title->kind, BlockKind::kHeading);
  EXPECT_EQ(title->loc.page, 5);
  const Block* body = Find(*placeholders, "Body text");
  ASSERT_NE(body, nullptr);
  EXPECT_EQ(body->kind, BlockKind::kSlideText);
  EXPECT_EQ(body->loc.page, 7);
}

TEST(PptxExtractor, EveryCorpusPresentationYieldsBlocks) {
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(SharedDir() + "/corpus/pptx")) {
    if (entry.path().extension() != ".pptx") continue;
    ++files;
    auto doc = ExtractPath(entry.path().string());
    ASSERT_TRUE(doc.ok()) << doc.error().ToString();
    EXPECT_EQ(doc->extractor, "pptx") << entry.path();
    EXPECT_GT(doc->blocks.size(), 0u) << entry.path();
    for (const auto& b : doc->blocks) {
      EXPECT_GE(b.loc.page, 1) << entry.path();
      EXPECT_LE(b.loc.page, doc->page_count) << entry.path();
      EXPECT_FALSE(b.text.empty()) << entry.path();
    }
  }
  EXPECT_GE(files, 5);
}

}  // namespace
}  // namespace evcov
