#include "pipeline/document_json.h"

namespace evcov {

using nlohmann::json;

json ToJson(const Locator& loc) {
  json j = json::object();
  if (loc.page) j["page"] = loc.page;
  if (!loc.sheet.empty()) j["sheet"] = loc.sheet;
  if (!loc.cell.empty()) j["cell"] = loc.cell;
  if (loc.notes) j["notes"] = true;
  if (!loc.heading_path.empty()) j["heading_path"] = loc.heading_path;
  if (loc.ocr) j["ocr"] = true;
  if (loc.confidence >= 0) j["confidence"] = loc.confidence;
  return j;
}

json ToJson(const Document& doc) {
  json blocks = json::array();
  for (const auto& b : doc.blocks) {
    blocks.push_back({{"kind", ToString(b.kind)}, {"text", b.text}, {"loc", ToJson(b.loc)}});
  }
  json warnings = json::array();
  for (const auto& w : doc.warnings) {
    warnings.push_back({{"code", w.code}, {"message", w.message}, {"loc", ToJson(w.loc)}});
  }
  return {{"schema", kDocumentSchema},
          {"path", doc.path},
          {"media_type", doc.media_type},
          {"extractor", doc.extractor},
          {"source", ToString(doc.source)},
          {"page_count", doc.page_count},
          {"ocr_pages", doc.ocr_pages},
          {"metadata", doc.metadata},
          {"blocks", blocks},
          {"warnings", warnings}};
}

namespace {

Locator LocatorFromJson(const json& j) {
  Locator loc;
  loc.page = j.value("page", 0);
  loc.sheet = j.value("sheet", "");
  loc.cell = j.value("cell", "");
  loc.notes = j.value("notes", false);
  loc.heading_path = j.value("heading_path", std::vector<std::string>{});
  loc.ocr = j.value("ocr", false);
  loc.confidence = j.value("confidence", -1.0f);
  return loc;
}

template <typename Enum>
Enum EnumFromString(const std::string& s, std::initializer_list<Enum> all, Enum fallback) {
  for (Enum e : all) {
    if (s == ToString(e)) return e;
  }
  return fallback;
}

}  // namespace

Result<Document> DocumentFromJson(const json& j) {
  try {
    if (j.value("schema", "") != kDocumentSchema) {
      return MakeError(
          ErrorKind::kInvalid, j.value("path", ""),
          "document dump has schema '" + j.value("schema", "") + "', expected " + kDocumentSchema);
    }
    Document doc;
    doc.path = j.at("path").get<std::string>();
    doc.media_type = j.value("media_type", "");
    doc.extractor = j.value("extractor", "");
    doc.source = EnumFromString(j.value("source", "text"),
                                {SourceKind::kText, SourceKind::kSpreadsheet, SourceKind::kSlides,
                                 SourceKind::kDiagram, SourceKind::kImage},
                                SourceKind::kText);
    doc.page_count = j.value("page_count", 0);
    doc.ocr_pages = j.value("ocr_pages", std::vector<int>{});
    doc.metadata = j.value("metadata", std::map<std::string, std::string>{});
    for (const auto& b : j.at("blocks")) {
      Block block;
      block.kind = EnumFromString(
          b.value("kind", "paragraph"),
          {BlockKind::kHeading, BlockKind::kParagraph, BlockKind::kListItem, BlockKind::kTableRow,
           BlockKind::kSlideText, BlockKind::kNotes, BlockKind::kDiagramLabel, BlockKind::kOcrLine},
          BlockKind::kParagraph);
      block.text = b.value("text", "");
      block.loc = LocatorFromJson(b.value("loc", json::object()));
      doc.blocks.push_back(std::move(block));
    }
    for (const auto& w : j.value("warnings", json::array())) {
      doc.warnings.push_back({w.value("code", ""), w.value("message", ""),
                              LocatorFromJson(w.value("loc", json::object()))});
    }
    return doc;
  } catch (const json::exception& e) {
    return MakeError(ErrorKind::kInvalid, "", std::string("malformed document dump: ") + e.what());
  }
}

}  // namespace evcov
