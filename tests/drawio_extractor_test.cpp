// DrawioExtractor on fixtures written by tests/fixtures/make_diagrams.py (plain
// and draw.io-compressed pages) and on real draw.io files in the shared corpus.
// Corpus labels were checked with an independent decode (python3 base64 +
// zlib.decompress(wbits=-15) + urllib.parse.unquote + html.parser).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "tests/test_util.h"

namespace evcov {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

const std::string kFixtures = testing::Fixture("diagrams/");
const std::string kCorpus = testing::SharedDir() + "/corpus/diagrams/";

Result<Document> ExtractFile(const std::string& path) { return testing::ExtractPath(path); }

std::vector<std::string> Texts(const Document& doc, int page = 0) {
  std::vector<std::string> out;
  for (const auto& b : doc.blocks) {
    if (page == 0 || b.loc.page == page) out.push_back(b.text);
  }
  return out;
}

bool HasText(const Document& doc, const std::string& text) {
  auto texts = Texts(doc);
  return std::find(texts.begin(), texts.end(), text) != texts.end();
}

// Both fixture variants hold the same two pages; only the encoding differs.
void ExpectTwoPageFixture(const Document& doc) {
  EXPECT_EQ(doc.media_type, "application/vnd.jgraph.mxfile");
  EXPECT_EQ(doc.extractor, "drawio");
  EXPECT_EQ(doc.source, SourceKind::kDiagram);
  EXPECT_EQ(doc.page_count, 2);
  EXPECT_THAT(doc.warnings, IsEmpty());
  // HTML dropped and entities decoded; the named layer "Annotations layer" and
  // the markup-only edge label are absent; the <object> and placeholder
  // <UserObject> labels and the edge label are present.
  EXPECT_THAT(
      Texts(doc, 1),
      ElementsAre("Harbour Lane Edge Gateway & WAF", "Ledger API eu-west-1 primary",
                  "Latency < 50 ms alert on breach", "Audit log bucket", "Owner: Platform guild",
                  "TLS 1.2 only", "Reviewed by architecture board"));
  EXPECT_THAT(Texts(doc, 2),
              ElementsAre("Branch ledger exports",
                          "Cold storage (7\u2011year retention)",  // &#8209; non-breaking hyphen
                          "Nightly encrypted export"));
  for (const auto& b : doc.blocks) {
    EXPECT_EQ(b.kind, BlockKind::kDiagramLabel) << b.text;
    EXPECT_THAT(b.loc.heading_path, ElementsAre(b.loc.page == 1 ? "Network" : "Data Flow"))
        << b.text;
  }
}

TEST(DrawioExtractorTest, PlainPagesGiveOneBlockPerLabelledCell) {
  auto doc = ExtractFile(kFixtures + "plain_two_pages.drawio");
  ASSERT_TRUE(doc.ok()) << doc.error().ToString();
  ExpectTwoPageFixture(*doc);
  EXPECT_EQ(doc->metadata.at("modified"), "2024-03-01T09:00:00.000Z");
}

TEST(DrawioExtractorTest, CompressedPagesDecodeLikeDrawio) {
  auto doc = ExtractFile(kFixtures + "compressed_two_pages.drawio");
  ASSERT_TRUE(doc.ok()) << doc.error().ToString();
  ExpectTwoPageFixture(*doc);
}

TEST(DrawioExtractorTest, BareGraphModelIsOneUnnamedPage) {
  auto doc = ExtractFile(kFixtures + "bare_model.drawio");
  ASSERT_TRUE(doc.ok()) << doc.error().ToString();
  EXPECT_EQ(doc->extractor, "drawio");
  EXPECT_EQ(doc->page_count, 1);
  EXPECT_THAT(Texts(*doc, 1),
              ElementsAre("Branch ledger exports", "Cold storage (7\u2011year retention)",
                          "Nightly encrypted export"));
  EXPECT_THAT(doc->blocks.front().loc.heading_path, IsEmpty());
}

TEST(DrawioExtractorTest, GarbageBase64IsCorrupt) {
  auto doc = ExtractFile(kFixtures + "garbage_base64.drawio");
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.error().kind, ErrorKind::kCorrupt);
  EXPECT_THAT(doc.error().message, HasSubstr("not base64"));
  EXPECT_THAT(doc.error().message, HasSubstr("'Page-1'"));
}

TEST(DrawioExtractorTest, TruncatedDeflateIsCorrupt) {
  auto doc = ExtractFile(kFixtures + "truncated_deflate.drawio");
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.error().kind, ErrorKind::kCorrupt);
  EXPECT_THAT(doc.error().message, HasSubstr("truncated"));
}

TEST(DrawioExtractorTest, MalformedPercentEncodingIsCorrupt) {
  auto doc = ExtractFile(kFixtures + "bad_percent.drawio");
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.error().kind, ErrorKind::kCorrupt);
  EXPECT_THAT(doc.error().message, HasSubstr("percent-encoding"));
}

TEST(DrawioExtractorTest, PayloadInflatingPast64MiBHitsLimit) {
  auto doc = ExtractFile(kFixtures + "inflate_bomb.drawio");
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.error().kind, ErrorKind::kLimit);
  EXPECT_THAT(doc.error().message, HasSubstr("64 MiB"));
}

TEST(DrawioExtractorTest, CorpusFilesAllYieldLabels) {
  for (const char* name :
       {"iot-remote-monitoring-architecture.drawio", "mammography-workshop-architecture.drawio",
        "ppe-detection-architecture.drawio", "selenium-ecs-fargate-architecture.drawio"}) {
    auto doc = ExtractFile(kCorpus + name);
    ASSERT_TRUE(doc.ok()) << name << ": " << doc.error().ToString();
    EXPECT_EQ(doc->page_count, 1) << name;
    EXPECT_GT(doc->blocks.size(), 0u) << name;
    for (const auto& b : doc->blocks) {
      EXPECT_EQ(b.loc.page, 1) << name;
      EXPECT_THAT(b.loc.heading_path, ElementsAre("Page-1")) << name;
    }
  }
}

TEST(DrawioExtractorTest, CorpusIotArchitecture) {
  auto doc = ExtractFile(kCorpus + "iot-remote-monitoring-architecture.drawio");
  ASSERT_TRUE(doc.ok()) << doc.error().ToString();
  EXPECT_EQ(doc->blocks.size(), 41u);
  EXPECT_TRUE(HasText(*doc, "AWS IoT Core"));  // "AWS IoT <br>Core"
  EXPECT_TRUE(HasText(*doc, "Amazon ECS Containers (Simulated Engine)"));
  EXPECT_TRUE(HasText(*doc, "Amazon DynamoDB stores simulation and device information"));
}

TEST(DrawioExtractorTest, CorpusMammographyArchitecture) {
  auto doc = ExtractFile(kCorpus + "mammography-workshop-architecture.drawio");
  ASSERT_TRUE(doc.ok()) << doc.error().ToString();
  EXPECT_EQ(doc->blocks.size(), 10u);
  EXPECT_TRUE(HasText(*doc, "Amazon S3 Original & Resized Images"));
  EXPECT_TRUE(HasText(*doc, "Amazon SageMaker Image Classification Endpoint"));
}

TEST(DrawioExtractorTest, CorpusPpeDetectionHasEdgeLabels) {
  auto doc = ExtractFile(kCorpus + "ppe-detection-architecture.drawio");
  ASSERT_TRUE(doc.ok()) << doc.error().ToString();
  // 23 labelled cells, one of them an edge label "<b><br></b>" with no text.
  EXPECT_EQ(doc->blocks.size(), 22u);
  EXPECT_TRUE(HasText(*doc, "Amazon Rekognition"));  // "Amazon&nbsp;</b></span><b>Rekognition"
  EXPECT_TRUE(HasText(*doc, "Worker without equipment detected"));  // an edge
  EXPECT_TRUE(HasText(*doc, "Save date and time information"));     // an edge
}

TEST(DrawioExtractorTest, CorpusSeleniumArchitecture) {
  auto doc = ExtractFile(kCorpus + "selenium-ecs-fargate-architecture.drawio");
  ASSERT_TRUE(doc.ok()) << doc.error().ToString();
  EXPECT_EQ(doc->blocks.size(), 23u);
  EXPECT_TRUE(HasText(*doc, "Selenium Hub [ECS Service]"));
  EXPECT_TRUE(HasText(*doc, "Path: /* Port: 4444"));
}

}  // namespace
}  // namespace evcov
