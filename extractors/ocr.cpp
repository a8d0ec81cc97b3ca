// OCR with Tesseract (LSTM, language ExtractOptions::ocr_lang) on Leptonica images.
//
// Handles: PDF pages rendered by poppler (gray8, or argb32/rgb24/bgr24 converted
// to gray); any Pix depth (converted to 8-bit gray); paragraphs from Tesseract's
// layout analysis, hyphenated line breaks rejoined ("reve-" + "lations").
// Partly: page size over max_pixels renders at a lower dpi (with a warning)
// rather than failing. Skipped: heading detection, tables (their cells come out
// as paragraphs in reading order), orientation detection (pages are assumed upright).
#include "extractors/ocr.h"

#include <dlfcn.h>
#include <leptonica/allheaders.h>
#include <poppler-document.h>
#include <poppler-image.h>
#include <poppler-page-renderer.h>
#include <poppler-page.h>
#include <tesseract/baseapi.h>
#include <tesseract/resultiterator.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <string_view>
#include <utility>

namespace evcov {

void PixDeleter::operator()(Pix* pix) const { pixDestroy(&pix); }

namespace {

// Tesseract's OpenMP build runs each LSTM step on 4 threads that busy-wait; on a
// small machine that is 2-4x slower than one thread, and the pipeline already
// runs one file per worker. OMP_THREAD_LIMIT is read before main, so instead make
// the calling thread's parallel regions inactive (one thread). Looked up at run
// time because libgomp is Tesseract's dependency, not ours; absent, nothing to do.
void RunTesseractSingleThreaded() {
  using SetMaxActiveLevels = void (*)(int);
  static const auto set_levels =
      reinterpret_cast<SetMaxActiveLevels>(dlsym(RTLD_DEFAULT, "omp_set_max_active_levels"));
  if (set_levels) set_levels(0);
}

// Tesseract language names are file names under tessdata; refuse anything that
// could walk out of it.
bool IsPlainLanguageName(const std::string& lang) {
  if (lang.empty() || lang.size() > 64) return false;
  return std::all_of(lang.begin(), lang.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '_' || c == '+' || c == '-';
  });
}

// The calling thread's engine for `lang`; nullptr (and *why) if it cannot start.
// TessBaseAPI is not thread-safe but separate instances are, and Init takes
// ~0.3 s, so each thread keeps its own for its lifetime.
tesseract::TessBaseAPI* EngineForThisThread(const std::string& lang, std::string* why) {
  struct ThreadEngine {
    std::unique_ptr<tesseract::TessBaseAPI> api;
    std::string lang;
    bool ready = false;
  };
  thread_local ThreadEngine engine;
  if (!engine.api || engine.lang != lang) {
    RunTesseractSingleThreaded();
    engine.api = std::make_unique<tesseract::TessBaseAPI>();
    engine.lang = lang;
    engine.ready = false;
    if (IsPlainLanguageName(lang)) {
      // Init sets process-global parameters as well as the instance's; one at a time.
      static std::mutex init_mutex;
      std::lock_guard<std::mutex> lock(init_mutex);
      // nullptr datapath: TESSDATA_PREFIX, else the compiled-in tessdata directory.
      engine.ready = engine.api->Init(nullptr, lang.c_str(), tesseract::OEM_DEFAULT) == 0;
      if (engine.ready) {
        // The API's default is one uniform block, which reads across columns;
        // the tesseract CLI's default, full layout analysis, keeps them apart.
        engine.api->SetPageSegMode(tesseract::PSM_AUTO);
        // Tesseract's chatter ("Estimating resolution as ...") is not ours to print.
        engine.api->SetVariable("debug_file", "/dev/null");
      }
    }
  }
  if (!engine.ready) {
    *why = "Tesseract cannot load language '" + lang +
           "' (is its traineddata installed, e.g. tesseract-ocr-eng?)";
    return nullptr;
  }
  return engine.api.get();
}

// One paragraph being assembled from Tesseract's words.
struct ParagraphText {
  std::string text;
  double kept_confidence_sum = 0;
  int kept_words = 0;
  int dropped_words = 0;

  void AddWord(const std::string& word, bool starts_line) {
    if (text.empty()) {
      text = word;
      return;
    }
    // "reve-" at a line end + "lations": one word that was hyphenated to fit.
    const size_t n = text.size();
    if (starts_line && n >= 2 && text[n - 1] == '-' &&
        std::isalpha(static_cast<unsigned char>(text[n - 2])) &&
        std::islower(static_cast<unsigned char>(word[0]))) {
      text.pop_back();
      text += word;
      return;
    }
    text += ' ';
    text += word;
  }

  // The paragraph continues on `next`, the following paragraph.
  void Append(const ParagraphText& next) {
    AddWord(next.text, true);
    kept_confidence_sum += next.kept_confidence_sum;
    kept_words += next.kept_words;
    dropped_words += next.dropped_words;
  }

  // Mean confidence of the words kept (the text); 0 when every word was dropped.
  float MeanConfidence() const {
    return kept_words ? static_cast<float>(kept_confidence_sum / kept_words) : 0.0f;
  }
};

// Whether `text` ends a sentence: . ! ? or : before any closing quotes/brackets.
bool EndsSentence(std::string_view text) {
  while (!text.empty()) {
    if (text.ends_with("\u2019") || text.ends_with("\u201d")) {  // ’ ”
      text.remove_suffix(3);
    } else if (text.back() == ')' || text.back() == ']' || text.back() == '"' ||
               text.back() == '\'') {
      text.remove_suffix(1);
    } else {
      break;
    }
  }
  return !text.empty() &&
         (text.back() == '.' || text.back() == '!' || text.back() == '?' || text.back() == ':');
}

// Whether paragraph `next` reads as the rest of the sentence `previous` left open.
// Across Tesseract's layout blocks (columns, boxes) only a long `previous` counts,
// so a short heading is never glued to the text after it.
bool ContinuesSentence(std::string_view previous, std::string_view next, bool same_block) {
  if (previous.empty() || next.empty() || EndsSentence(previous)) return false;
  const unsigned char last = previous.back();
  const unsigned char first = next.front();
  const bool next_continues = std::islower(first) || first == '(';
  if (same_block) return next_continues || last == ',' || last == ';' || last == '-';
  constexpr long kMinWordsToFlowOn = 6;
  return next_continues &&
         std::count(previous.begin(), previous.end(), ' ') + 1 >= kMinWordsToFlowOn;
}

std::string Trimmed(const char* s) {
  std::string out = s ? s : "";
  auto not_space = [](unsigned char c) { return !std::isspace(c); };
  out.erase(out.begin(), std::find_if(out.begin(), out.end(), not_space));
  out.erase(std::find_if(out.rbegin(), out.rend(), not_space).base(), out.end());
  return out;
}

// poppler's rendered page as an 8-bit gray Pix; nullptr for formats we do not expect.
PixPtr ImageToGrayPix(const poppler::image& image) {
  const int w = image.width();
  const int h = image.height();
  const auto format = image.format();
  if (w <= 0 || h <= 0) return nullptr;
  if (format != poppler::image::format_gray8 && format != poppler::image::format_argb32 &&
      format != poppler::image::format_rgb24 && format != poppler::image::format_bgr24) {
    return nullptr;
  }
  PixPtr pix(pixCreate(w, h, 8));
  if (!pix) return nullptr;
  l_uint32* data = pixGetData(pix.get());
  const int wpl = pixGetWpl(pix.get());
  const int stride = image.bytes_per_row();
  const auto* src = reinterpret_cast<const unsigned char*>(image.const_data());
  auto luma = [](unsigned r, unsigned g, unsigned b) { return (77 * r + 150 * g + 29 * b) >> 8; };
  for (int y = 0; y < h; ++y) {
    const unsigned char* row = src + static_cast<size_t>(y) * stride;
    l_uint32* line = data + static_cast<size_t>(y) * wpl;
    for (int x = 0; x < w; ++x) {
      unsigned gray = 255;
      switch (format) {
        case poppler::image::format_gray8:
          gray = row[x];
          break;
        case poppler::image::format_argb32: {
          uint32_t argb;  // native-endian 0xAARRGGBB, as Cairo and Splash store it
          std::memcpy(&argb, row + 4 * x, 4);
          gray = luma((argb >> 16) & 0xff, (argb >> 8) & 0xff, argb & 0xff);
          break;
        }
        case poppler::image::format_rgb24:
          gray = luma(row[3 * x], row[3 * x + 1], row[3 * x + 2]);
          break;
        case poppler::image::format_bgr24:
          gray = luma(row[3 * x + 2], row[3 * x + 1], row[3 * x]);
          break;
        default:
          break;
      }
      SET_DATA_BYTE(line, x, gray);
    }
  }
  return pix;
}

}  // namespace

Result<std::vector<Block>> OcrPix(Pix* pix, int page, const ExtractContext& ctx,
                                  std::vector<Warning>* warnings) {
  std::string why;
  tesseract::TessBaseAPI* api = EngineForThisThread(ctx.options.ocr_lang, &why);
  if (!api) return MakeError(ErrorKind::kInternal, ctx.path, why);

  PixPtr gray(pixGetDepth(pix) == 8 && !pixGetColormap(pix) ? pixClone(pix)
                                                            : pixConvertTo8(pix, 0));
  if (!gray)
    return MakeError(ErrorKind::kInternal, ctx.path, "image could not be converted to gray");
  api->SetImage(gray.get());
  const int dpi = pixGetXRes(gray.get());
  if (dpi >= 70) api->SetSourceResolution(dpi);  // below that Tesseract estimates it anyway
  if (api->Recognize(nullptr) != 0) {
    api->Clear();
    return MakeError(ErrorKind::kInternal, ctx.path, "Tesseract could not recognise the image");
  }

  // Tesseract's paragraphs in reading order, each with the layout block it is in.
  std::vector<std::pair<int, ParagraphText>> found;
  int layout_block = -1;
  ParagraphText para;
  auto flush = [&] {
    if (para.kept_words > 0 || para.dropped_words > 0) found.emplace_back(layout_block, para);
    para = ParagraphText{};
  };
  std::unique_ptr<tesseract::ResultIterator> it(api->GetIterator());
  if (it && !it->Empty(tesseract::RIL_WORD)) {
    it->Begin();
    do {
      if (it->IsAtBeginningOf(tesseract::RIL_PARA)) flush();
      if (it->IsAtBeginningOf(tesseract::RIL_BLOCK)) ++layout_block;
      const bool starts_line = it->IsAtBeginningOf(tesseract::RIL_TEXTLINE);
      std::unique_ptr<char[]> raw(it->GetUTF8Text(tesseract::RIL_WORD));
      std::string word = Trimmed(raw.get());
      if (word.empty()) continue;
      const float confidence = it->Confidence(tesseract::RIL_WORD);
      if (confidence < kOcrDropConfidence) {
        ++para.dropped_words;
        continue;
      }
      para.AddWord(word, starts_line);
      para.kept_confidence_sum += confidence;
      ++para.kept_words;
    } while (it->Next(tesseract::RIL_WORD));
  }
  flush();
  it.reset();
  api->Clear();  // frees the page; the engine and its language model stay loaded

  // Tesseract often starts a paragraph (or block) at a line that merely follows a
  // short one ("... It is" / "extremely powerful"); a sentence split so is rejoined.
  const int paragraphs = static_cast<int>(found.size());
  int low_paragraphs = 0;
  int dropped_words = 0;
  std::vector<ParagraphText> kept;
  int last_block = -1;
  for (auto& [block_index, text] : found) {
    dropped_words += text.dropped_words;
    if (text.MeanConfidence() < kOcrLowConfidence) ++low_paragraphs;
    if (text.text.empty()) continue;
    if (!kept.empty() &&
        ContinuesSentence(kept.back().text, text.text, block_index == last_block)) {
      kept.back().Append(text);
    } else {
      kept.push_back(std::move(text));
    }
    last_block = block_index;
  }
  std::vector<Block> blocks;
  for (ParagraphText& text : kept) {
    Block block{BlockKind::kOcrLine, std::move(text.text), {}};
    block.loc.page = page;
    block.loc.ocr = true;
    block.loc.confidence = std::round(text.MeanConfidence() * 10) / 10;
    blocks.push_back(std::move(block));
  }

  if (low_paragraphs > 0) {
    Locator where;
    where.page = page;
    where.ocr = true;
    warnings->push_back({"ocr-low-confidence",
                         std::to_string(low_paragraphs) + " of " + std::to_string(paragraphs) +
                             " OCR paragraphs have mean word confidence below " +
                             std::to_string(static_cast<int>(kOcrLowConfidence)) + "; " +
                             std::to_string(dropped_words) + " words below " +
                             std::to_string(static_cast<int>(kOcrDropConfidence)) + " were dropped",
                         where});
  }
  return blocks;
}

void OcrPdfPage(const poppler::document& pdf, int index, const ExtractContext& ctx, Document* doc,
                std::vector<std::string>* heading_path) {
  Locator loc;
  loc.page = index + 1;
  std::unique_ptr<poppler::page> page(pdf.create_page(index));
  if (!page) {
    doc->warnings.push_back({"page-unreadable", "page could not be read", loc});
    return;
  }
  if (!poppler::page_renderer::can_render()) {
    doc->warnings.push_back(
        {"ocr-unavailable", "page has no text layer and poppler cannot render it for OCR", loc});
    return;
  }
  // The rendered size follows from the page box; check it before rendering.
  const poppler::rectf box = page->page_rect(poppler::crop_box);
  const double width_in = std::abs(box.width()) / 72.0;
  const double height_in = std::abs(box.height()) / 72.0;
  if (!(width_in > 0) || !(height_in > 0)) {
    doc->warnings.push_back({"page-unreadable", "page has an empty page box", loc});
    return;
  }
  auto pixels_at = [&](double dpi) {
    return std::ceil(width_in * dpi) * std::ceil(height_in * dpi);
  };
  const double max_pixels = static_cast<double>(ctx.options.max_pixels);
  double dpi = ctx.options.ocr_dpi;
  if (pixels_at(dpi) > max_pixels) {
    double fit = std::floor(std::sqrt(max_pixels / (width_in * height_in)));
    while (fit > 0 && pixels_at(fit) > max_pixels) --fit;
    constexpr double kMinUsefulDpi = 20;
    if (fit < kMinUsefulDpi) {
      doc->warnings.push_back({"page-too-large",
                               "page is too large to render for OCR within max_pixels; not read",
                               loc});
      return;
    }
    char size[64];
    std::snprintf(size, sizeof size, "%.1f x %.1f in", width_in, height_in);
    doc->warnings.push_back({"ocr-dpi-reduced",
                             std::string("page is ") + size + "; rendered for OCR at " +
                                 std::to_string(static_cast<int>(fit)) + " dpi instead of " +
                                 std::to_string(ctx.options.ocr_dpi) + " to stay within " +
                                 std::to_string(ctx.options.max_pixels) + " pixels",
                             loc});
    dpi = fit;
  }

  poppler::page_renderer renderer;
  renderer.set_render_hint(poppler::page_renderer::antialiasing, true);
  renderer.set_render_hint(poppler::page_renderer::text_antialiasing, true);
  renderer.set_image_format(poppler::image::format_gray8);  // 1 byte per pixel
  PixPtr pix;
  {
    poppler::image image = renderer.render_page(page.get(), dpi, dpi);
    if (image.is_valid()) pix = ImageToGrayPix(image);
  }
  if (!pix) {
    doc->warnings.push_back({"page-unreadable", "page could not be rendered for OCR", loc});
    return;
  }
  pixSetResolution(pix.get(), static_cast<int>(dpi), static_cast<int>(dpi));

  auto blocks = OcrPix(pix.get(), index + 1, ctx, &doc->warnings);
  if (!blocks.ok()) {
    doc->warnings.push_back({"ocr-unavailable", blocks.error().message, loc});
    return;
  }
  doc->ocr_pages.push_back(index + 1);
  if (blocks->empty()) {
    doc->warnings.push_back(
        {"page-no-text", "OCR found no text on this page (its text layer is empty or thin)", loc});
    return;
  }
  for (Block& block : *blocks) {
    block.loc.heading_path = *heading_path;
    doc->blocks.push_back(std::move(block));
  }
}

}  // namespace evcov
