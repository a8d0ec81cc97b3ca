// Content sniffing: libmagic for the broad type, then a closer look inside the
// containers libmagic only calls "zip" or "xml".
#include <magic.h>

#include <algorithm>
#include <cstring>
#include <mutex>

#include "extractors/registry.h"
#include "extractors/zip_archive.h"

namespace evcov {

namespace {

// A magic_t is not thread-safe, so each thread owns one, closed when the
// thread ends (a bare thread_local handle would leak).
class MagicCookie {
 public:
  MagicCookie() : cookie_(magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS)) {
    if (cookie_ && magic_load(cookie_, nullptr) != 0) {
      magic_close(cookie_);
      cookie_ = nullptr;
    }
  }
  ~MagicCookie() {
    if (cookie_) magic_close(cookie_);
  }
  MagicCookie(const MagicCookie&) = delete;
  MagicCookie& operator=(const MagicCookie&) = delete;
  magic_t get() const { return cookie_; }

 private:
  magic_t cookie_;
};

std::string MagicType(std::span<const std::byte> bytes) {
  thread_local MagicCookie cookie;
  if (!cookie.get()) return "application/octet-stream";
  const char* t = magic_buffer(cookie.get(), bytes.data(), bytes.size());
  return t ? t : "application/octet-stream";
}

bool StartsWith(std::span<const std::byte> bytes, std::string_view prefix) {
  return bytes.size() >= prefix.size() &&
         std::memcmp(bytes.data(), prefix.data(), prefix.size()) == 0;
}

// OOXML: the main part's content type in [Content_Types].xml names the format.
std::string OoxmlType(std::span<const std::byte> bytes) {
  auto zip = ZipArchive::Open(bytes, "");
  if (!zip.ok()) return "application/zip";
  auto ct = (*zip)->Read("[Content_Types].xml");
  if (!ct.ok()) return "application/zip";
  const std::string& x = *ct;
  if (x.find("wordprocessingml.document.main+xml") != std::string::npos ||
      x.find("wordprocessingml.template.main+xml") != std::string::npos)
    return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  if (x.find("spreadsheetml.sheet.main+xml") != std::string::npos ||
      x.find("spreadsheetml.template.main+xml") != std::string::npos ||
      x.find("ms-excel.sheet.macroEnabled.main+xml") != std::string::npos)
    return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  if (x.find("presentationml.presentation.main+xml") != std::string::npos ||
      x.find("presentationml.slideshow.main+xml") != std::string::npos ||
      x.find("ms-powerpoint.presentation.macroEnabled.main+xml") != std::string::npos)
    return "application/vnd.openxmlformats-officedocument.presentationml.presentation";
  return "application/zip";
}

// XML: the root element decides (SVG, draw.io); otherwise generic XML.
std::string XmlType(std::span<const std::byte> bytes) {
  std::string_view head(reinterpret_cast<const char*>(bytes.data()),
                        std::min<size_t>(bytes.size(), 4096));
  size_t pos = 0;
  while ((pos = head.find('<', pos)) != std::string_view::npos) {
    ++pos;
    if (pos < head.size() && (head[pos] == '?' || head[pos] == '!')) continue;
    auto name = head.substr(pos, head.find_first_of(" \t\r\n>/", pos) - pos);
    auto colon = name.find(':');
    if (colon != std::string_view::npos) name = name.substr(colon + 1);
    if (name == "svg") return "image/svg+xml";
    if (name == "mxfile" || name == "mxGraphModel") return "application/vnd.jgraph.mxfile";
    if (name == "html") return "text/html";
    return "application/xml";
  }
  return "application/xml";
}

std::string LowerExtension(std::string_view name) {
  auto dot = name.find_last_of('.');
  auto slash = name.find_last_of('/');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) return {};
  std::string ext(name.substr(dot + 1));
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

}  // namespace

std::string SniffMediaType(std::span<const std::byte> bytes, std::string_view name) {
  if (StartsWith(bytes, "%PDF-")) return "application/pdf";
  if (StartsWith(bytes, "PK\x03\x04")) return OoxmlType(bytes);
  std::string type = MagicType(bytes);
  if (type == "text/xml" || type == "application/xml" || type == "image/svg+xml" ||
      type == "text/html") {
    std::string xml = XmlType(bytes);
    if (xml != "application/xml" || type == "text/xml" || type == "application/xml") return xml;
    return type;
  }
  if (type.rfind("text/", 0) == 0) {
    std::string ext = LowerExtension(name);
    if (ext == "md" || ext == "markdown") return "text/markdown";
    if (ext == "csv" || type == "text/csv") return "text/csv";
    if (ext == "svg" || ext == "drawio" || ext == "xml") return XmlType(bytes);
    if (type == "text/html") return type;
    return "text/plain";
  }
  if (type == "application/csv") return "text/csv";
  return type;
}

}  // namespace evcov
