#include "extractors/opc.h"

#include <vector>

namespace evcov {

namespace {

std::string DirOf(const std::string& part) {
  auto slash = part.find_last_of('/');
  return slash == std::string::npos ? "" : part.substr(0, slash + 1);
}

// A relationship target resolved against the directory of the part that holds
// it: "worksheets/sheet1.xml" from "xl/workbook.xml" is "xl/worksheets/sheet1.xml",
// "../notesSlides/notesSlide1.xml" from "ppt/slides/slide1.xml" is
// "ppt/notesSlides/notesSlide1.xml"; "/xl/x.xml" is absolute; ".." segments are folded.
std::string ResolveTarget(const std::string& source_part, const std::string& target) {
  std::string joined =
      !target.empty() && target[0] == '/' ? target.substr(1) : DirOf(source_part) + target;
  std::vector<std::string> segments;
  size_t start = 0;
  while (start <= joined.size()) {
    size_t end = joined.find('/', start);
    if (end == std::string::npos) end = joined.size();
    std::string seg = joined.substr(start, end - start);
    if (seg == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!seg.empty() && seg != ".") {
      segments.push_back(seg);
    }
    start = end + 1;
  }
  std::string out;
  for (const auto& s : segments) out += (out.empty() ? "" : "/") + s;
  return out;
}

std::string RelsPartFor(const std::string& part) {
  auto slash = part.find_last_of('/');
  if (slash == std::string::npos) return "_rels/" + part + ".rels";
  return part.substr(0, slash + 1) + "_rels/" + part.substr(slash + 1) + ".rels";
}

}  // namespace

Result<XmlDocPtr> ReadXmlPart(const ZipArchive& zip, const std::string& file,
                              const std::string& part) {
  auto xml = zip.Read(part);
  if (!xml.ok()) return xml.error();
  return ParseXml(*xml, file, part);
}

Result<Relationships> ReadRelationships(const ZipArchive& zip, const std::string& file,
                                        const std::string& part) {
  Relationships rels;
  std::string rels_part = RelsPartFor(part);
  if (!zip.Has(rels_part)) return rels;
  auto parsed = ReadXmlPart(zip, file, rels_part);
  if (!parsed.ok()) return parsed.error();
  for (xmlNode* r : Children(xmlDocGetRootElement(parsed->get()), "Relationship")) {
    Relationship rel;
    rel.type = Attr(r, "Type");
    rel.external = Attr(r, "TargetMode") == "External";
    rel.target = rel.external ? Attr(r, "Target") : ResolveTarget(part, Attr(r, "Target"));
    rels[Attr(r, "Id")] = std::move(rel);
  }
  return rels;
}

bool RelTypeIs(const std::string& type, std::string_view suffix) {
  return type.size() >= suffix.size() &&
         type.compare(type.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string TargetOfType(const Relationships& rels, std::string_view type_suffix) {
  for (const auto& [id, rel] : rels) {
    if (!rel.external && RelTypeIs(rel.type, type_suffix)) return rel.target;
  }
  return {};
}

std::string TargetOfId(const Relationships& rels, const std::string& id) {
  auto it = rels.find(id);
  return it == rels.end() || it->second.external ? std::string() : it->second.target;
}

std::string RelationshipId(const xmlNode* node) {
  for (xmlAttr* a = node ? node->properties : nullptr; a; a = a->next) {
    if (a->ns && a->name && std::string_view(reinterpret_cast<const char*>(a->name)) == "id") {
      xmlChar* v = xmlNodeListGetString(node->doc, a->children, 1);
      std::string out = v ? reinterpret_cast<const char*>(v) : "";
      xmlFree(v);
      return out;
    }
  }
  return {};
}

void ReadCoreProperties(const ZipArchive& zip, const std::string& file, Document* doc) {
  if (!zip.Has("docProps/core.xml")) return;
  auto parsed = ReadXmlPart(zip, file, "docProps/core.xml");
  if (!parsed.ok()) return;
  xmlNode* root = xmlDocGetRootElement(parsed->get());
  for (const char* key : {"title", "creator", "created", "modified", "lastModifiedBy"}) {
    if (xmlNode* n = FirstChild(root, key)) {
      std::string v = TextOf(n);
      if (!v.empty()) doc->metadata[key] = v;
    }
  }
}

}  // namespace evcov
