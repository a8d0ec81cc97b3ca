// OCR: images through the image extractor, text-less PDF pages through the PDF
// extractor. Fixtures come from tests/fixtures/make_ocr.sh (our own text); the
// corpus scans were checked first with `pdftoppm -r 300 | tesseract`, and the
// brochure against its ground-truth transcript.
#include "extractors/ocr.h"

#include <gtest/gtest.h>
#include <leptonica/allheaders.h>
#include <poppler-document.h>

#include <cctype>
#include <ctime>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <thread>

#include "tests/test_util.h"

namespace evcov {
namespace {

using testing::ExtractBytes;
using testing::ExtractPath;

std::string OcrFixture(const std::string& name) { return testing::Fixture("ocr/" + name); }
std::string Corpus(const std::string& rel) { return testing::SharedDir() + "/corpus/" + rel; }

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Text of the blocks on `page`, one block per line.
std::string PageText(const Document& doc, int page) {
  std::string out;
  for (const auto& b : doc.blocks) {
    if (b.loc.page == page) out += b.text + "\n";
  }
  return out;
}

bool HasWarning(const Document& doc, const std::string& code, int page) {
  for (const auto& w : doc.warnings) {
    if (w.code == code && w.loc.page == page) return true;
  }
  return false;
}

// Lowercased runs of ASCII letters and digits: how the ground truth is compared.
std::vector<std::string> Words(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text + " ") {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!word.empty()) {
      words.push_back(word);
      word.clear();
    }
  }
  return words;
}

void ExpectAllOcrBlocks(const Document& doc) {
  for (const auto& b : doc.blocks) {
    EXPECT_EQ(b.kind, BlockKind::kOcrLine) << b.text;
    EXPECT_TRUE(b.loc.ocr) << b.text;
    EXPECT_GE(b.loc.confidence, kOcrDropConfidence) << b.text;
    EXPECT_LE(b.loc.confidence, 100) << b.text;
  }
}

TEST(OcrImage, PngLinesAreReadAsParagraphsOnPageOne) {
  auto doc = ExtractPath(OcrFixture("harbour-lane-notes.png"));
  ASSERT_TRUE(doc.ok()) << doc.error().ToString();
  EXPECT_EQ(doc->extractor, "image");
  EXPECT_EQ(doc->media_type, "image/png");
  EXPECT_EQ(doc->source, SourceKind::kImage);
  EXPECT_EQ(doc->page_count, 1);
  EXPECT_EQ(doc->ocr_pages, std::vector<int>{1});
  EXPECT_TRUE(doc->warnings.empty()) << doc->warnings.front().code;
  ASSERT_FALSE(doc->blocks.empty());
  ExpectAllOcrBlocks(*doc);
  for (const auto& b : doc->blocks) EXPECT_EQ(b.loc.page, 1);
  // A sentence over two lines stays in one block, lines joined by a space.
  const std::string text = testing::AllText(*doc);
  EXPECT_NE(text.find("ledger database run nightly and are copied to a second region."),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("Access reviews happen every quarter."), std::string::npos) << text;
  EXPECT_NE(text.find("Harbour Lane Software"), std::string::npos) << text;
}

TEST(OcrImage, SmallDiagramLabelsInJpegAreRead) {
  auto doc = ExtractPath(OcrFixture("harbour-lane-diagram.jpg"));
  ASSERT_TRUE(doc.ok()) << doc.error().ToString();
  EXPECT_EQ(doc->media_type, "image/jpeg");
  ExpectAllOcrBlocks(*doc);
  const std::string text = testing::AllText(*doc);
  for (const char* label :
       {"Gateway service", "Billing worker", "Invoice archive", "Harbour Lane payment flow"}) {
    EXPECT_NE(text.find(label), std::string::npos) << label << " not in:\n" << text;
  }
}

TEST(OcrImage, EveryPageOfAMultiPageTiffIsReadWithItsPageNumber) {
  auto doc = ExtractPath(OcrFixture("harbour-lane-pages.tif"));
  ASSERT_TRUE(doc.ok()) << doc.error().ToString();
  EXPECT_EQ(doc->media_type, "image/tiff");
  EXPECT_EQ(doc->page_count, 2);
  EXPECT_EQ(doc->ocr_pages, (std::vector<int>{1, 2}));
  ExpectAllOcrBlocks(*doc);
  EXPECT_NE(PageText(*doc, 1).find("Supplier onboarding checklist"), std::string::npos)
      << PageText(*doc, 1);
  EXPECT_NE(PageText(*doc, 2).find("Encryption keys rotate every ninety days"), std::string::npos)
      << PageText(*doc, 2);
  EXPECT_EQ(PageText(*doc, 1).find("Encryption"), std::string::npos);
}

TEST(OcrImage, OcrOffGivesAWarningNotText) {
  ExtractOptions options;
  options.ocr = false;
  auto doc = ExtractPath(OcrFixture("harbour-lane-notes.png"), options);
  ASSERT_TRUE(doc.ok()) << doc.error().ToString();
  EXPECT_TRUE(doc->blocks.empty());
  EXPECT_TRUE(doc->ocr_pages.empty());
  ASSERT_EQ(doc->warnings.size(), 1u);
  EXPECT_EQ(doc->warnings[0].code, "ocr-disabled");
}

TEST(OcrImage, BlankImageIsADocumentWithANoTextWarning) {
  // A white 1200 x 400 PNG: a scan of nothing.
  PixPtr blank(pixCreate(1200, 400, 8));
  pixSetAllArbitrary(blank.get(), 255);
  l_uint8* png = nullptr;
  size_t size = 0;
  ASSERT_EQ(pixWriteMem(&png, &size, blank.get(), IFF_PNG), 0);
  std::string bytes(reinterpret_cast<const char*>(png), size);
  lept_free(png);
  auto empty = ExtractBytes(bytes, "blank.png");
  ASSERT_TRUE(empty.ok()) << empty.error().ToString();
  EXPECT_TRUE(empty->blocks.empty());
  EXPECT_EQ(empty->ocr_pages, std::vector<int>{1});
  ASSERT_EQ(empty->warnings.size(), 1u);
  EXPECT_EQ(empty->warnings[0].code, "no-text");
}

TEST(OcrImage, ImageOverThePixelLimitIsRefusedBeforeDecoding) {
  ExtractOptions options;
  options.max_pixels = 100000;  // the PNG is 671 x 193 = 129503 pixels
  auto doc = ExtractPath(OcrFixture("harbour-lane-notes.png"), options);
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.error().kind, ErrorKind::kLimit);
  EXPECT_EQ(doc.error().message, "image is 671 x 193 pixels (limit 100000)");
}

TEST(OcrImage, TruncatedPngIsCorrupt) {
  auto doc = ExtractPath(OcrFixture("truncated.png"));
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.error().kind, ErrorKind::kCorrupt);
  EXPECT_NE(doc.error().message.find("cannot be decoded"), std::string::npos)
      << doc.error().message;
}

TEST(OcrImage, TiffWhoseSecondPageDirectoryIsCutOffIsCorrupt) {
  std::string bytes = ReadAll(OcrFixture("harbour-lane-pages.tif"));
  ASSERT_GT(bytes.size(), 11000u);  // page 2's directory sits near the end
  auto doc = ExtractBytes(bytes.substr(0, 8000), "cut.tif");
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.error().kind, ErrorKind::kCorrupt);
  EXPECT_NE(doc.error().message.find("page directory 2"), std::string::npos) << doc.error().message;
}

TEST(OcrImage, MissingLanguageDataIsAWarningNotACrash) {
  ExtractOptions options;
  options.ocr_lang = "zzz";  // no zzz.traineddata
  auto doc = ExtractPath(OcrFixture("harbour-lane-notes.png"), options);
  ASSERT_TRUE(doc.ok()) << doc.error().ToString();
  EXPECT_TRUE(doc->blocks.empty());
  EXPECT_TRUE(doc->ocr_pages.empty());
  EXPECT_TRUE(HasWarning(*doc, "ocr-unavailable", 1));
  // A name that could leave tessdata is refused the same way.
  options.ocr_lang = "../eng";
  auto escaped = ExtractPath(OcrFixture("harbour-lane-notes.png"), options);
  ASSERT_TRUE(escaped.ok());
  EXPECT_TRUE(HasWarning(*escaped, "ocr-unavailable", 1));
  // The thread's engine recovers for a good language afterwards.
  auto again = ExtractPath(OcrFixture("harbour-lane-notes.png"));
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->blocks.empty());
}

TEST(OcrImage, SeveralThreadsOcrAtOnceWithTheSameResult) {
  auto alone = ExtractPath(OcrFixture("harbour-lane-pages.tif"));
  ASSERT_TRUE(alone.ok());
  std::vector<std::string> texts(3);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < texts.size(); ++i) {
    threads.emplace_back([&texts, i] {
      auto doc = ExtractPath(OcrFixture("harbour-lane-pages.tif"));
      if (doc.ok()) texts[i] = testing::AllText(*doc);
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& text : texts) EXPECT_EQ(text, testing::AllText(*alone));
}

TEST(OcrPdf, PageWithoutTextLayerIsOcrdAndTheOtherIsNot) {
  auto doc = ExtractPath(OcrFixture("harbour-lane-scan.pdf"));
  ASSERT_TRUE(doc.ok()) << doc.error().ToString();
  EXPECT_EQ(doc->extractor, "pdf");
  EXPECT_EQ(doc->page_count, 2);
  EXPECT_EQ(doc->ocr_pages, std::vector<int>{2});
  int ocr_blocks = 0;
  for (const auto& b : doc->blocks) {
    EXPECT_EQ(b.loc.ocr, b.loc.page == 2) << b.text;
    if (b.loc.ocr) {
      ++ocr_blocks;
      EXPECT_EQ(b.kind, BlockKind::kOcrLine);
      EXPECT_GE(b.loc.confidence, kOcrLowConfidence) << b.text;
    }
  }
  EXPECT_GE(ocr_blocks, 2);
  EXPECT_NE(PageText(*doc, 1).find("security overview"), std::string::npos);
  const std::string scanned = PageText(*doc, 2);
  EXPECT_NE(scanned.find("Incident response runbook"), std::string::npos) << scanned;
  EXPECT_NE(scanned.find("rotates the on-call engineer every week."), std::string::npos) << scanned;
  EXPECT_NE(scanned.find("duty manager within five minutes."), std::string::npos) << scanned;
  EXPECT_TRUE(doc->warnings.empty()) << doc->warnings.front().code;
}

TEST(OcrPdf, OcrOffLeavesTheScannedPageWithAWarning) {
  ExtractOptions options;
  options.ocr = false;
  auto doc = ExtractPath(OcrFixture("harbour-lane-scan.pdf"), options);
  ASSERT_TRUE(doc.ok()) << doc.error().ToString();
  EXPECT_TRUE(doc->ocr_pages.empty());
  EXPECT_TRUE(PageText(*doc, 2).empty());
  EXPECT_FALSE(PageText(*doc, 1).empty());
  EXPECT_TRUE(HasWarning(*doc, "page-no-text", 2));
}

TEST(OcrPdf, PageOverThePixelLimitIsRenderedAtALowerDpi) {
  ExtractOptions options;
  options.max_pixels = 2'000'000;  // A4 at 300 dpi is 8.7 million
  auto doc = ExtractPath(OcrFixture("harbour-lane-scan.pdf"), options);
  ASSERT_TRUE(doc.ok()) << doc.error().ToString();
  ASSERT_TRUE(HasWarning(*doc, "ocr-dpi-reduced", 2));
  for (const auto& w : doc->warnings) {
    if (w.code == "ocr-dpi-reduced") {
      // sqrt(2e6 / (8.27 in * 11.69 in)) = 143.8
      EXPECT_NE(w.message.find("at 143 dpi instead of 300"), std::string::npos) << w.message;
    }
  }
  EXPECT_EQ(doc->ocr_pages, std::vector<int>{2});
  EXPECT_NE(PageText(*doc, 2).find("duty manager"), std::string::npos) << PageText(*doc, 2);
}

TEST(OcrCorpus, ScannedSinglePageIsRead) {
  auto doc = ExtractPath(Corpus("pdf/scanned-page-image-only.pdf"));
  ASSERT_TRUE(doc.ok()) << doc.error().ToString();
  EXPECT_EQ(doc->ocr_pages, std::vector<int>{1});
  ExpectAllOcrBlocks(*doc);
  const std::string text = PageText(*doc, 1);
  for (const char* phrase : {"tip-toeing along a path", "the branches wouldn", "scrouched down",
                             "THEY TIP-TOED ALONG."}) {
    EXPECT_NE(text.find(phrase), std::string::npos) << phrase << " not in:\n" << text;
  }
  // The illustration's scribbles read as a low-confidence paragraph.
  EXPECT_TRUE(HasWarning(*doc, "ocr-low-confidence", 1));
}

TEST(OcrCorpus, EveryScannedPageOfAMultiPagePdfIsRead) {
  // Page 2 is 30 x 30 inches, 81 megapixels at 300 dpi; a 10 million pixel cap
  // (60 million by default) brings it down to ~105 dpi and keeps the test quick.
  ExtractOptions options;
  options.max_pixels = 10'000'000;
  auto doc = ExtractPath(Corpus("pdf/scanned-multipage-image-only.pdf"), options);
  ASSERT_TRUE(doc.ok()) << doc.error().ToString();
  EXPECT_EQ(doc->page_count, 6);
  // Page 4 carries an OCR text layer of its own (pdftotext: "No vote{note 1]"),
  // thick enough that it is read as text.
  EXPECT_EQ(doc->ocr_pages, (std::vector<int>{1, 2, 3, 5, 6}));
  for (int page : {1, 2, 3, 5, 6}) {
    bool found = false;
    for (const auto& b : doc->blocks) found |= b.loc.page == page && b.loc.ocr;
    EXPECT_TRUE(found) << "no OCR block on page " << page;
  }
  EXPECT_NE(PageText(*doc, 1).find("kitchen"), std::string::npos);
  EXPECT_TRUE(HasWarning(*doc, "ocr-dpi-reduced", 2));
  EXPECT_FALSE(HasWarning(*doc, "ocr-dpi-reduced", 5));  // letter at 300 dpi: 8.4 million
  EXPECT_NE(PageText(*doc, 2).find("megapixels"), std::string::npos) << PageText(*doc, 2);
  EXPECT_NE(PageText(*doc, 3).find("Oppose"), std::string::npos) << PageText(*doc, 3);
  EXPECT_NE(PageText(*doc, 4).find("Percentage"), std::string::npos) << PageText(*doc, 4);
  for (int page : {5, 6}) {
    const std::string text = PageText(*doc, page);
    EXPECT_NE(text.find("on the throne of England;"), std::string::npos) << text;
    EXPECT_NE(text.find("seven hundred and seventy-five"), std::string::npos) << text;
  }
}

TEST(OcrCorpus, BrochureScanMatchesMostGroundTruthWords) {
  auto doc = ExtractPath(Corpus("diagrams/scanned-brochure-linn.png"));
  ASSERT_TRUE(doc.ok()) << doc.error().ToString();
  ExpectAllOcrBlocks(*doc);
  auto ocr_words = Words(testing::AllText(*doc));
  std::set<std::string> read(ocr_words.begin(), ocr_words.end());
  auto truth = Words(ReadAll(Corpus("text/scanned-brochure-linn-ocr-groundtruth.txt")));
  ASSERT_GT(truth.size(), 700u);
  size_t found = 0;
  for (const auto& w : truth) found += read.count(w);
  EXPECT_GE(static_cast<double>(found) / truth.size(), 0.90)
      << found << " of " << truth.size() << " ground-truth words";
  // Sentences wrapped over lines and Tesseract paragraphs come out whole.
  const std::string text = testing::AllText(*doc);
  EXPECT_NE(text.find("simultaneous, polyphonic tracks."), std::string::npos);
  EXPECT_NE(text.find("holds over 110,000 notes per disk!"), std::string::npos) << text;
}

}  // namespace
}  // namespace evcov
