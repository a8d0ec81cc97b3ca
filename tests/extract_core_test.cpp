// PDF, DOCX and text extraction on fixtures made by real tools
// (tests/fixtures/make_core.py) and on real public documents in ../shared/corpus.
#include <gtest/gtest.h>

#include <filesystem>

#include "extractors/text_layout.h"
#include "tests/test_util.h"

namespace evcov {
namespace {

using testing::AllText;
using testing::ExtractPath;
using testing::Fixture;

const Block* FindBlock(const Document& d, const std::string& needle) {
  for (const auto& b : d.blocks) {
    if (b.text.find(needle) != std::string::npos) return &b;
  }
  return nullptr;
}

TEST(DocxExtractor, HeadingsBecomeThePathOfWhatFollows) {
  auto doc = ExtractPath(Fixture("core/access-standard.docx"));
  ASSERT_TRUE(doc.ok()) << doc.error().ToString();
  EXPECT_EQ(doc->extractor, "docx");
  const Block* mfa = FindBlock(*doc, "Hardware MFA is enabled on the root user");
  ASSERT_NE(mfa, nullptr);
  EXPECT_EQ(mfa->kind, BlockKind::kParagraph);
  EXPECT_EQ(mfa->loc.heading_path,
            (std::vector<std::string>{"Quayside Access Standard", "Root user"}));
  const Block* bullet = FindBlock(*doc, "used only for the tasks");
  ASSERT_NE(bullet, nullptr);
  EXPECT_EQ(bullet->kind, BlockKind::kListItem);
  EXPECT_EQ(doc->metadata.at("title"), "Quayside Access Standard");
}

TEST(DocxExtractor, TableRowsKeepTheirCellsTogether) {
  auto doc = ExtractPath(Fixture("core/access-standard.docx"));
  ASSERT_TRUE(doc.ok());
  const Block* row = FindBlock(*doc, "Network ACLs deny inbound");
  ASSERT_NE(row, nullptr);
  EXPECT_EQ(row->kind, BlockKind::kTableRow);
  EXPECT_EQ(row->text, "Subnet | Network ACLs deny inbound by default | Platform team");
  EXPECT_EQ(row->loc.heading_path.back(), "Network controls");
}

TEST(Registry, TypeComesFromContentNotExtension) {
  auto doc = ExtractPath(Fixture("core/docx-named-as.pdf"));
  ASSERT_TRUE(doc.ok()) << doc.error().ToString();
  EXPECT_EQ(doc->extractor, "docx");
  ASSERT_FALSE(doc->warnings.empty());
  EXPECT_EQ(doc->warnings.front().code, "extension-mismatch");
}

TEST(Registry, DamagedAndUnsupportedFilesGetSpecificErrors) {
  auto truncated = ExtractPath(Fixture("core/truncated.docx"));
  ASSERT_FALSE(truncated.ok());
  EXPECT_EQ(truncated.error().kind, ErrorKind::kCorrupt);

  auto legacy = ExtractPath(Fixture("core/legacy.doc"));
  ASSERT_FALSE(legacy.ok());
  EXPECT_EQ(legacy.error().kind, ErrorKind::kUnsupported);
  EXPECT_NE(legacy.error().message.find("legacy binary Office file"), std::string::npos)
      << legacy.error().message;

  auto empty = ExtractPath(Fixture("core/empty.txt"));
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.error().message.find("empty file"), std::string::npos);
}

TEST(TextLayout, HyphenAtALineEndRejoinsTheWordButNotAcrossColumns) {
  std::vector<Block> blocks;
  std::vector<std::string> path;
  LinesToBlocks({"the text is hyphen-", "ated across lines and goes on for a while"}, {}, &path,
                &blocks);
  ASSERT_EQ(blocks.size(), 1u);
  EXPECT_NE(blocks[0].text.find("hyphenated across"), std::string::npos) << blocks[0].text;

  // Physical layout of two columns: the right column's "hen-" continues on the
  // next line's right half ("drerit"), not at its start ("elit").
  blocks.clear();
  LinesToBlocks(
      {"ultricies auctor, pede lorem egestas dui, et       ius, eros tellus, pellentesque hen-",
       "elit erat sed nulla. Donec luctus. Curabitur      drerit ipsum dolor sed augue."},
      {}, &path, &blocks);
  std::string all;
  for (const auto& b : blocks) all += b.text + "\n";
  EXPECT_EQ(all.find("henelit"), std::string::npos) << all;
  EXPECT_NE(all.find(" elit erat"), std::string::npos) << all;
}

TEST(PdfExtractor, TextPerPageWithNumberedHeadings) {
  auto doc = ExtractPath(Fixture("core/release-handbook.pdf"));
  ASSERT_TRUE(doc.ok()) << doc.error().ToString();
  EXPECT_EQ(doc->page_count, 2);
  const Block* pipeline = FindBlock(*doc, "integration tests");
  ASSERT_NE(pipeline, nullptr);
  EXPECT_EQ(pipeline->loc.page, 1);
  EXPECT_EQ(pipeline->loc.heading_path.back(), "1. Pipeline stages");
  const Block* rto = FindBlock(*doc, "RTO of 4 hours");
  ASSERT_NE(rto, nullptr);
  EXPECT_EQ(rto->loc.page, 2);
}

TEST(TextExtractor, DetectsUtf16AndLegacyEncodings) {
  auto utf16 = ExtractPath(Fixture("core/notes-utf16.txt"));
  ASSERT_TRUE(utf16.ok());
  EXPECT_NE(AllText(*utf16).find("Die Bereitschaft prüft Alarme"), std::string::npos);
  auto latin1 = ExtractPath(Fixture("core/notes-latin1.txt"));
  ASSERT_TRUE(latin1.ok());
  EXPECT_NE(AllText(*latin1).find("Café procedures"), std::string::npos);
  EXPECT_NE(AllText(*latin1).find("résumé"), std::string::npos);
}

TEST(Corpus, RealPdfsMatchPdftotextWords) {
  // Words found by our extractor vs. the text poppler's own pdftotext prints.
  std::string dir = testing::SharedDir() + "/corpus/pdf/";
  for (const char* name : {"fedramp-csp-incident-communications-procedures.pdf",
                           "gsa-agile-approach-pilot-teams.pdf", "latex-multicolumn.pdf"}) {
    std::string path = dir + name;
    if (!std::filesystem::exists(path)) GTEST_SKIP() << "corpus not present";
    auto doc = ExtractPath(path, ExtractOptions{.ocr = false});
    ASSERT_TRUE(doc.ok()) << doc.error().ToString();
    std::string cmd = "pdftotext -q '" + path + "' - 2>/dev/null";
    FILE* p = popen(cmd.c_str(), "r");
    ASSERT_NE(p, nullptr);
    std::string ref;
    char buf[4096];
    for (size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) ref.append(buf, n);
    pclose(p);
    std::string ours = AllText(*doc);
    size_t total = 0, found = 0, pos = 0;
    while (pos < ref.size()) {
      size_t b = ref.find_first_not_of(" \n\t\f\r", pos);
      if (b == std::string::npos) break;
      size_t e = ref.find_first_of(" \n\t\f\r", b);
      std::string w = ref.substr(b, e == std::string::npos ? std::string::npos : e - b);
      pos = e == std::string::npos ? ref.size() : e;
      if (w.size() < 4 || w.back() == '-') continue;
      ++total;
      found += ours.find(w) != std::string::npos;
    }
    ASSERT_GT(total, 50u) << name;
    EXPECT_GE(static_cast<double>(found) / total, 0.95) << name << ": " << found << "/" << total;
  }
}

TEST(Corpus, DocxTableCellsAreReadWhole) {
  // A table cell of several paragraphs: "Version 1.0" and "August 28, 2018".
  std::string path =
      testing::SharedDir() + "/corpus/docx/fedramp-significant-change-policies-procedures.docx";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "corpus not present";
  auto doc = ExtractPath(path);
  ASSERT_TRUE(doc.ok()) << doc.error().ToString();
  std::string all = AllText(*doc);
  EXPECT_NE(all.find("Version 1.0 August 28, 2018"), std::string::npos);
  EXPECT_EQ(all.find("1.0August"), std::string::npos);
  // The revision history's rows are content controls (w:tr/w:sdt/w:tc).
  EXPECT_NE(all.find("8/28/2018 | Initial document | 1.0 | FedRAMP PMO"), std::string::npos);
}

TEST(Corpus, ThinTextLayerIsMeasuredInCharactersNotBytes) {
  // 24 characters of Arabic (but over 32 bytes): thin, so the page is OCR'd too.
  std::string path = testing::SharedDir() + "/corpus/pdf/arabic-habibi.pdf";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "corpus not present";
  auto doc = ExtractPath(path);
  ASSERT_TRUE(doc.ok()) << doc.error().ToString();
  EXPECT_EQ(doc->ocr_pages, std::vector<int>{1});
}

TEST(Corpus, EncryptedPdfIsReportedNotSilentlyEmpty) {
  std::string path = testing::SharedDir() + "/corpus/pdf/libreoffice-writer-password-encrypted.pdf";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "corpus not present";
  auto doc = ExtractPath(path, ExtractOptions{.ocr = false});
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.error().kind, ErrorKind::kEncrypted);
}

TEST(Corpus, EveryDocxExtractsText) {
  std::string dir = testing::SharedDir() + "/corpus/docx";
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << "corpus not present";
  int n = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    auto doc = ExtractPath(e.path().string());
    ASSERT_TRUE(doc.ok()) << doc.error().ToString();
    EXPECT_FALSE(doc->blocks.empty()) << e.path();
    ++n;
  }
  EXPECT_GE(n, 5);
}

}  // namespace
}  // namespace evcov
