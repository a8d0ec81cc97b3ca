#include "extractors/registry.h"

#include <algorithm>
#include <set>

#include "extractors/zip_archive.h"

namespace evcov {

// Each extractor file defines one factory. Adding a format: a new file in
// extractors/ and one line in each list below.
std::unique_ptr<Extractor> MakePdfExtractor();
std::unique_ptr<Extractor> MakeDocxExtractor();
std::unique_ptr<Extractor> MakeTextExtractor();
std::unique_ptr<Extractor> MakeXlsxExtractor();
std::unique_ptr<Extractor> MakePptxExtractor();
std::unique_ptr<Extractor> MakeImageExtractor();
std::unique_ptr<Extractor> MakeSvgExtractor();
std::unique_ptr<Extractor> MakeDrawioExtractor();

const ExtractorRegistry& ExtractorRegistry::Builtin() {
  static const ExtractorRegistry* registry = [] {
    std::vector<std::unique_ptr<Extractor>> list;
    list.push_back(MakePdfExtractor());
    list.push_back(MakeDocxExtractor());
    list.push_back(MakeTextExtractor());
    list.push_back(MakeXlsxExtractor());
    list.push_back(MakePptxExtractor());
    list.push_back(MakeImageExtractor());
    list.push_back(MakeSvgExtractor());
    list.push_back(MakeDrawioExtractor());
    return new ExtractorRegistry(std::move(list));
  }();
  return *registry;
}

ExtractorRegistry::ExtractorRegistry(std::vector<std::unique_ptr<Extractor>> extractors)
    : extractors_(std::move(extractors)) {}

const Extractor* ExtractorRegistry::Find(std::string_view media_type) const {
  for (const auto& e : extractors_) {
    for (const auto& t : e->media_types()) {
      if (t == media_type) return e.get();
    }
  }
  auto slash = media_type.find('/');
  if (slash == std::string_view::npos) return nullptr;
  std::string wildcard = std::string(media_type.substr(0, slash)) + "/*";
  for (const auto& e : extractors_) {
    for (const auto& t : e->media_types()) {
      if (t == wildcard) return e.get();
    }
  }
  return nullptr;
}

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string Extension(std::string_view name) {
  auto slash = name.find_last_of('/');
  auto base = slash == std::string_view::npos ? name : name.substr(slash + 1);
  auto dot = base.find_last_of('.');
  if (dot == std::string_view::npos || dot == 0) return {};
  return Lower(base.substr(dot + 1));
}

// The media types an extension usually stands for; empty when unknown.
std::vector<std::string> TypesForExtension(const std::string& ext) {
  if (ext == "pdf") return {"application/pdf"};
  if (ext == "docx")
    return {"application/vnd.openxmlformats-officedocument.wordprocessingml.document"};
  if (ext == "xlsx") return {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"};
  if (ext == "pptx")
    return {"application/vnd.openxmlformats-officedocument.presentationml.presentation"};
  if (ext == "md" || ext == "markdown") return {"text/markdown"};
  if (ext == "txt") return {"text/plain"};
  if (ext == "csv") return {"text/csv"};
  if (ext == "png") return {"image/png"};
  if (ext == "jpg" || ext == "jpeg") return {"image/jpeg"};
  if (ext == "svg") return {"image/svg+xml"};
  if (ext == "drawio") return {"application/vnd.jgraph.mxfile"};
  return {};
}

// Why a file of `type` named `path` is not read, in words a partner can act on.
std::string NotReadReason(const std::string& type, const std::string& path) {
  static const std::set<std::string> kLegacyOffice = {
      "application/x-ole-storage", "application/msword", "application/vnd.ms-excel",
      "application/vnd.ms-powerpoint", "application/CDFV2"};
  if (kLegacyOffice.count(type)) {
    return "not read: a legacy binary Office file (.doc/.xls/.ppt, " + type +
           "); save it as .docx/.xlsx/.pptx or PDF";
  }
  std::string ext = Extension(path);
  if (type == "application/octet-stream" && !ext.empty()) {
    return "not read: the content is not a document type evcov knows (" + type +
           "), although the name ends in ." + ext;
  }
  return "not read: no extractor for " + type;
}

}  // namespace

Result<Document> ExtractorRegistry::Extract(std::span<const std::byte> bytes,
                                            const ExtractContext& ctx) const {
  if (bytes.empty()) {
    return MakeError(ErrorKind::kCorrupt, ctx.path, "empty file (0 bytes)");
  }
  std::string type = SniffMediaType(bytes, ctx.path);
  const Extractor* extractor = Find(type);
  if (!extractor && type == "application/zip") {
    // A ZIP that is not an OOXML package, or one too damaged to say which.
    auto zip = ZipArchive::Open(bytes, ctx.path);
    if (!zip.ok()) return zip.error();
    if (!(*zip)->Has("[Content_Types].xml")) {
      return MakeError(ErrorKind::kUnsupported, ctx.path,
                       "not read: a ZIP archive that is not an Office document");
    }
  }
  if (!extractor) {
    return MakeError(ErrorKind::kUnsupported, ctx.path, NotReadReason(type, ctx.path));
  }
  ExtractContext typed = ctx;
  typed.media_type = type;
  Result<Document> doc = extractor->Extract(bytes, typed);
  if (!doc.ok()) return doc;
  doc->path = ctx.path;
  doc->media_type = type;
  doc->extractor = std::string(extractor->name());
  auto expected = TypesForExtension(Extension(ctx.path));
  if (!expected.empty() && std::find(expected.begin(), expected.end(), type) == expected.end()) {
    doc->warnings.push_back({"extension-mismatch",
                             "the extension says " + expected.front() + " but the content is " +
                                 type + "; read as " + type,
                             {}});
  }
  return doc;
}

}  // namespace evcov
