// ImageExtractor: raster images (scans, screenshots, diagram exports) read by OCR.
//
// Handles: PNG, JPEG, TIFF (every page of a multi-page TIFF), GIF (first frame),
// BMP, WebP, decoded by Leptonica; transparency is flattened onto white, colour
// converted to 8-bit gray, and narrow images (< kUpscaleBelowWidth px) upscaled
// 2x, because diagram labels are small text Tesseract misses at 1x. One kOcrLine
// block per Tesseract paragraph (extractors/ocr.h). Pixel counts come from the
// header (for TIFF, from every page's directory) and are checked against
// max_pixels before anything is decoded. Refuses: unreadable headers or data
// (kCorrupt), images over max_pixels or TIFFs over max_pages (kLimit), BigTIFF
// (kUnsupported). OCR off or no text found is a Document with a warning.
#include <leptonica/allheaders.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>
#include <utility>

#include "extractors/extractor.h"
#include "extractors/ocr.h"

namespace evcov {

namespace {

constexpr int kUpscaleBelowWidth = 1000;

struct PageSize {
  long width = 0;
  long height = 0;
};

bool IsTiff(std::span<const std::byte> bytes) {
  return bytes.size() >= 4 &&
         (std::memcmp(bytes.data(), "II*\0", 4) == 0 || std::memcmp(bytes.data(), "MM\0*", 4) == 0);
}

// Width and height of every page of a classic TIFF, from its image file
// directories (IFDs) alone, so no page is decoded before its size is known.
Result<std::vector<PageSize>> TiffPageSizes(std::span<const std::byte> bytes,
                                            const ExtractContext& ctx) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t size = bytes.size();
  const bool little = p[0] == 'I';
  auto u16 = [&](size_t at) -> uint32_t {
    return little ? p[at] | p[at + 1] << 8 : p[at] << 8 | p[at + 1];
  };
  auto u32 = [&](size_t at) -> uint32_t {
    return little ? u16(at) | u16(at + 2) << 16 : u16(at) << 16 | u16(at + 2);
  };
  auto corrupt = [&](const std::string& why) {
    return MakeError(ErrorKind::kCorrupt, ctx.path, "TIFF " + why);
  };
  if (size < 8) return corrupt("header is truncated");
  if (u16(2) == 43) return MakeError(ErrorKind::kUnsupported, ctx.path, "BigTIFF is not read");
  std::vector<PageSize> pages;
  std::vector<size_t> seen;
  for (size_t ifd = u32(4); ifd != 0; ifd = u32(ifd + 2 + 12 * u16(ifd))) {
    if (ifd + 2 > size || ifd + 2 + 12 * static_cast<size_t>(u16(ifd)) + 4 > size) {
      return corrupt("page directory " + std::to_string(pages.size() + 1) +
                     " lies outside the file (truncated?)");
    }
    if (std::find(seen.begin(), seen.end(), ifd) != seen.end()) {
      return corrupt("page directories form a loop");
    }
    seen.push_back(ifd);
    if (static_cast<int>(pages.size()) >= ctx.options.max_pages) {
      return MakeError(
          ErrorKind::kLimit, ctx.path,
          "TIFF has more than " + std::to_string(ctx.options.max_pages) + " pages (the limit)");
    }
    PageSize page;
    const uint32_t entries = u16(ifd);
    for (uint32_t i = 0; i < entries; ++i) {
      const size_t entry = ifd + 2 + 12 * i;
      const uint32_t tag = u16(entry);
      if (tag != 256 && tag != 257) continue;  // ImageWidth, ImageLength
      const uint32_t type = u16(entry + 2);    // SHORT (3) or LONG (4), value inline
      const long value = type == 3 ? u16(entry + 8) : u32(entry + 8);
      (tag == 256 ? page.width : page.height) = value;
    }
    if (page.width <= 0 || page.height <= 0) {
      return corrupt("page " + std::to_string(pages.size() + 1) + " has no size");
    }
    pages.push_back(page);
  }
  if (pages.empty()) return corrupt("has no pages");
  return pages;
}

// 8-bit gray, transparency on white, small images doubled: what Tesseract reads best.
PixPtr PrepareForOcr(Pix* decoded, long max_pixels) {
  PixPtr flat;
  if (pixGetDepth(decoded) == 32 && pixGetSpp(decoded) == 4) {
    flat.reset(pixAlphaBlendUniform(decoded, 0xffffff00));
  } else {
    flat.reset(pixClone(decoded));
  }
  if (!flat) return nullptr;
  PixPtr gray(pixConvertTo8(flat.get(), 0));
  if (!gray) return nullptr;
  const long w = pixGetWidth(gray.get());
  const long h = pixGetHeight(gray.get());
  if (w < kUpscaleBelowWidth && 4 * w * h <= max_pixels) {
    PixPtr scaled(pixScale(gray.get(), 2.0, 2.0));
    if (scaled) return scaled;
  }
  return gray;
}

class ImageExtractor final : public Extractor {
 public:
  // Leptonica reports damaged images on stderr; Extract reports them as Errors.
  // Registry construction is single-threaded, so this global is set once, early.
  ImageExtractor() { setMsgSeverity(L_SEVERITY_NONE); }

  std::string_view name() const override { return "image"; }
  int version() const override { return 1; }
  std::vector<std::string> media_types() const override {
    return {"image/png", "image/jpeg",     "image/tiff", "image/gif",
            "image/bmp", "image/x-ms-bmp", "image/webp"};
  }

  Result<Document> Extract(std::span<const std::byte> bytes,
                           const ExtractContext& ctx) const override {
    const auto* data = reinterpret_cast<const l_uint8*>(bytes.data());
    l_int32 format = 0, w = 0, h = 0, bps = 0, spp = 0, iscmap = 0;
    if (bytes.size() < 8 ||
        pixReadHeaderMem(data, bytes.size(), &format, &w, &h, &bps, &spp, &iscmap) != 0 || w <= 0 ||
        h <= 0) {
      return MakeError(ErrorKind::kCorrupt, ctx.path,
                       "image header cannot be read (damaged or not an image)");
    }
    const bool tiff = IsTiff(bytes);
    std::vector<PageSize> pages{{w, h}};
    if (tiff) {
      auto sizes = TiffPageSizes(bytes, ctx);
      if (!sizes.ok()) return sizes.error();
      pages = std::move(*sizes);
    }

    Document doc;
    doc.source = SourceKind::kImage;
    doc.page_count = static_cast<int>(pages.size());
    if (!ctx.options.ocr) {
      doc.warnings.push_back({"ocr-disabled", "image not read: OCR is off", {}});
      return doc;
    }
    for (size_t i = 0; i < pages.size(); ++i) {
      if (pages[i].width * pages[i].height > ctx.options.max_pixels) {
        std::string what = pages.size() > 1 ? "image page " + std::to_string(i + 1) : "image";
        return MakeError(ErrorKind::kLimit, ctx.path,
                         what + " is " + std::to_string(pages[i].width) + " x " +
                             std::to_string(pages[i].height) + " pixels (limit " +
                             std::to_string(ctx.options.max_pixels) + ")");
      }
    }

    size_t tiff_offset = 0;  // where the next TIFF page starts
    bool ocr_ran = false;
    for (size_t i = 0; i < pages.size(); ++i) {
      Locator loc;
      loc.page = static_cast<int>(i) + 1;
      PixPtr decoded(tiff ? pixReadMemFromMultipageTiff(data, bytes.size(), &tiff_offset)
                          : pixReadMem(data, bytes.size()));
      if (!decoded) {
        if (i == 0) {
          return MakeError(ErrorKind::kCorrupt, ctx.path,
                           "image data cannot be decoded (damaged or truncated)");
        }
        doc.warnings.push_back({"page-unreadable", "image page cannot be decoded", loc});
        break;  // the next page's position is unknown
      }
      // The header could lie about the size; what was decoded is what counts.
      const long decoded_pixels =
          static_cast<long>(pixGetWidth(decoded.get())) * pixGetHeight(decoded.get());
      if (decoded_pixels > ctx.options.max_pixels) {
        return MakeError(ErrorKind::kLimit, ctx.path,
                         "image decodes to " + std::to_string(decoded_pixels) + " pixels (limit " +
                             std::to_string(ctx.options.max_pixels) + ")");
      }
      PixPtr prepared = PrepareForOcr(decoded.get(), ctx.options.max_pixels);
      decoded.reset();
      if (!prepared) {
        doc.warnings.push_back({"page-unreadable", "image cannot be converted to gray", loc});
        continue;
      }
      auto blocks = OcrPix(prepared.get(), loc.page, ctx, &doc.warnings);
      if (!blocks.ok()) {
        doc.warnings.push_back({"ocr-unavailable", blocks.error().message, loc});
        continue;
      }
      ocr_ran = true;
      doc.ocr_pages.push_back(loc.page);
      for (Block& block : *blocks) doc.blocks.push_back(std::move(block));
      if (tiff && tiff_offset == 0) break;  // Leptonica says that was the last page
    }
    if (ocr_ran && doc.blocks.empty()) {
      doc.warnings.push_back({"no-text", "OCR found no text in the image", {}});
    }
    return doc;
  }
};

}  // namespace

std::unique_ptr<Extractor> MakeImageExtractor() { return std::make_unique<ImageExtractor>(); }

}  // namespace evcov
