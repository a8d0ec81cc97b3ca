// What the two PDF writers share: the report (render_pdf.cpp) and the batch
// index (batch_index.cpp). Template colours and "{key}" filling, the font
// fallback, and libharu plumbing: first-error capture and document ownership.
//
// No drawing and no layout: each writer lays out its own pages.
#pragma once

#include <hpdf.h>

#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include "pipeline/result.h"

namespace evcov {

struct Rgb {
  float r = 0;
  float g = 0;
  float b = 0;
};

// "#RRGGBB" (hex digits in either case) as a colour; nullopt for anything else.
std::optional<Rgb> ParseHexColor(const std::string& hex);

// Replaces each "{key}" in `pattern` by its value.
std::string Fill(std::string pattern,
                 std::initializer_list<std::pair<const char*, std::string>> values);

// `path` if it exists; else the same file name under <data_dir>/fonts/ if that
// exists (machines without the DejaVu package); else `path`.
std::string ResolveFont(const std::string& path, const std::string& data_dir);

// The first error libharu reported. Once it has failed, libharu refuses further
// work on the document, so the writers stop and report this one.
struct HaruError {
  HPDF_STATUS code = HPDF_OK;
  HPDF_STATUS detail = 0;
};

// An HPDF_Error_Handler for HPDF_New: `data` is the HaruError to fill.
void RecordHaruError(HPDF_STATUS code, HPDF_STATUS detail, void* data);

struct HaruDocFree {
  void operator()(HPDF_Doc pdf) const { HPDF_Free(pdf); }
};
using HaruDocPtr = std::unique_ptr<std::remove_pointer_t<HPDF_Doc>, HaruDocFree>;

// The bytes of a document saved with HPDF_SaveToStream. A libharu error becomes
// failure(*error, ""); an empty stream is kInternal.
Result<std::string> ReadHaruStream(HPDF_Doc pdf, HaruError* error,
                                   Error (*failure)(const HaruError&, const std::string&));

}  // namespace evcov
