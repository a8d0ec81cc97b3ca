// SvgExtractor on fixtures from tests/fixtures/make_diagrams.py (a hand-written
// SVG with draw.io-style <switch>/<foreignObject> labels, and one exported by
// LibreOffice) and on the real draw.io and sequence-diagram SVGs in the corpus.
// Corpus labels were checked independently with python3 xml.etree.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "tests/test_util.h"

namespace evcov {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Not;

const std::string kFixtures = testing::Fixture("diagrams/");
const std::string kCorpus = testing::SharedDir() + "/corpus/diagrams/";

Result<Document> ExtractFile(const std::string& path) { return testing::ExtractPath(path); }

std::vector<std::string> Texts(const Document& doc) {
  std::vector<std::string> out;
  for (const auto& b : doc.blocks) out.push_back(b.text);
  return out;
}

TEST(SvgExtractorTest, TextTitleDescAndForeignObjectInDocumentOrder) {
  auto doc = ExtractFile(kFixtures + "labels.svg");
  ASSERT_TRUE(doc.ok()) << doc.error().ToString();
  EXPECT_EQ(doc->media_type, "image/svg+xml");
  EXPECT_EQ(doc->extractor, "svg");
  EXPECT_EQ(doc->source, SourceKind::kDiagram);
  EXPECT_EQ(doc->page_count, 1);
  EXPECT_THAT(doc->warnings, IsEmpty());
  EXPECT_EQ(doc->metadata.at("title"), "Harbour Lane deployment overview");
  // The foreignObject HTML is read and its truncated <text> fallback is not;
  // draw.io's "Viewer does not support full SVG 1.1" notice, <style> and
  // <metadata> are skipped.
  EXPECT_THAT(Texts(*doc), ElementsAre("Harbour Lane deployment overview",
                                       "Production network zones of the ledger service",
                                       "Customer VPC eu-west-1", "Bastion tooltip", "Bastion host",
                                       "Payments API [ECS Service]"));
  for (const auto& b : doc->blocks) {
    EXPECT_EQ(b.kind, BlockKind::kDiagramLabel) << b.text;
    EXPECT_EQ(b.loc.page, 1) << b.text;
  }
}

TEST(SvgExtractorTest, LibreOfficeExportJoinsTspansPerTextElement) {
  // LibreOffice writes one <text> per shape, a <tspan> per paragraph and line:
  // "Nightly backup to cold " and "storage" are two line tspans.
  auto doc = ExtractFile(kFixtures + "libreoffice_drawing.svg");
  ASSERT_TRUE(doc.ok()) << doc.error().ToString();
  EXPECT_EQ(doc->extractor, "svg");
  EXPECT_THAT(Texts(*doc), ElementsAre("Harbour Lane Ledger API Primary region",
                                       "Nightly backup to cold storage"));
}

TEST(SvgExtractorTest, IconsOnlyIsDocumentWithNoTextWarning) {
  auto doc = ExtractFile(kFixtures + "icons_only.svg");
  ASSERT_TRUE(doc.ok()) << doc.error().ToString();
  EXPECT_THAT(doc->blocks, IsEmpty());
  ASSERT_EQ(doc->warnings.size(), 1u);
  EXPECT_EQ(doc->warnings[0].code, "no-text");
}

TEST(SvgExtractorTest, TruncatedSvgIsCorrupt) {
  auto doc = ExtractFile(kFixtures + "truncated.svg");
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.error().kind, ErrorKind::kCorrupt);
  EXPECT_FALSE(doc.error().message.empty());
}

TEST(SvgExtractorTest, CorpusDrawioExportReadsForeignObjectsOnce) {
  auto doc = ExtractFile(kCorpus + "selenium-ecs-fargate-architecture.svg");
  ASSERT_TRUE(doc.ok()) << doc.error().ToString();
  EXPECT_EQ(doc->extractor, "svg");
  auto texts = Texts(*doc);
  EXPECT_EQ(texts.size(), 23u);
  EXPECT_THAT(texts, Contains("Selenium Hub [ECS Service]"));
  EXPECT_THAT(texts, Contains("Path: /* Port: 4444"));
  EXPECT_THAT(texts, Contains("ECS Tasks"));             // plain <text>, not in a <switch>
  EXPECT_THAT(texts, Not(Contains("Selenium Hub...")));  // the fallback <text>
  EXPECT_THAT(texts, Not(Contains("Viewer does not support full SVG 1.1")));
}

TEST(SvgExtractorTest, CorpusDrawioExportMatchesItsDrawioSource) {
  // The same diagram as .drawio and as draw.io's SVG export: the same labels.
  auto svg = ExtractFile(kCorpus + "selenium-ecs-fargate-architecture.svg");
  auto drawio = ExtractFile(kCorpus + "selenium-ecs-fargate-architecture.drawio");
  ASSERT_TRUE(svg.ok()) << svg.error().ToString();
  ASSERT_TRUE(drawio.ok()) << drawio.error().ToString();
  auto a = Texts(*svg);
  auto b = Texts(*drawio);
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  EXPECT_EQ(a, b);
}

TEST(SvgExtractorTest, CorpusSequenceDiagram) {
  auto doc = ExtractFile(kCorpus + "selenium-ecs-fargate-sequence.svg");
  ASSERT_TRUE(doc.ok()) << doc.error().ToString();
  auto texts = Texts(*doc);
  EXPECT_EQ(texts.size(), 22u);
  ASSERT_FALSE(texts.empty());
  EXPECT_EQ(texts.front(), "Webdriver Test");  // "Webdriver&#160;Test"
  EXPECT_THAT(texts, Contains("Submit test request for chrome"));
  EXPECT_THAT(texts, Contains("Launch headless chrome"));
}

}  // namespace
}  // namespace evcov
