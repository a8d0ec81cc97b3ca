// Minimal first report: one line per control. Replaced by the full renderer.
#include "pipeline/render_pdf.h"

#include <hpdf.h>

#include <vector>

namespace evcov {

namespace {
void OnError(HPDF_STATUS, HPDF_STATUS, void*) {}
}  // namespace

Result<std::string> RenderReportPdf(const ApplicantVerdict& verdict, const ReportOptions& options) {
  HPDF_Doc pdf = HPDF_New(OnError, nullptr);
  if (!pdf) return MakeError(ErrorKind::kInternal, "", "libharu: cannot create document");
  HPDF_UseUTFEncodings(pdf);
  HPDF_SetCurrentEncoder(pdf, "UTF-8");
  const char* name = HPDF_LoadTTFontFromFile(pdf, options.font_path.c_str(), HPDF_TRUE);
  HPDF_Font font = HPDF_GetFont(pdf, name, "UTF-8");
  HPDF_Page page = nullptr;
  float y = 0;
  auto line = [&](const std::string& text, float size) {
    if (!page || y < 50) {
      page = HPDF_AddPage(pdf);
      HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
      y = HPDF_Page_GetHeight(page) - 50;
    }
    HPDF_Page_BeginText(page);
    HPDF_Page_SetFontAndSize(page, font, size);
    HPDF_Page_TextOut(page, 50, y, text.c_str());
    HPDF_Page_EndText(page);
    y -= size + 6;
  };
  line("Evidence coverage: " + verdict.name, 16);
  line(verdict.checklist_title + " (" + verdict.checklist_id + ")", 11);
  for (const auto& c : verdict.controls) line(c.id + "  " + ToString(c.status) + "  " + c.title, 9);
  HPDF_SaveToStream(pdf);
  HPDF_ResetStream(pdf);
  std::string out;
  std::vector<HPDF_BYTE> buf(1 << 16);
  for (;;) {
    HPDF_UINT32 n = static_cast<HPDF_UINT32>(buf.size());
    HPDF_ReadFromStream(pdf, buf.data(), &n);
    if (n == 0) break;
    out.append(reinterpret_cast<const char*>(buf.data()), n);
  }
  HPDF_Free(pdf);
  return out;
}

}  // namespace evcov
