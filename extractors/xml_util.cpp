#include "extractors/xml_util.h"

#include <libxml/parser.h>

#include <climits>

namespace evcov {

Result<XmlDocPtr> ParseXml(std::string_view xml, const std::string& file, const std::string& part) {
  if (xml.size() > static_cast<size_t>(INT_MAX)) {
    return MakeError(ErrorKind::kLimit, file, part + ": XML part too large");
  }
  // No XML_PARSE_NOENT (no entity substitution), no XML_PARSE_DTDLOAD, no
  // XML_PARSE_HUGE: libxml2 keeps its default size and depth protections.
  const int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
  xmlDoc* doc =
      xmlReadMemory(xml.data(), static_cast<int>(xml.size()), part.c_str(), nullptr, options);
  if (!doc) {
    const xmlError* err = xmlGetLastError();
    std::string why = err && err->message ? err->message : "malformed XML";
    while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
    return MakeError(ErrorKind::kCorrupt, file, part + ": " + why);
  }
  return XmlDocPtr(doc);
}

std::string_view LocalName(const xmlNode* node) {
  if (!node || !node->name) return {};
  return reinterpret_cast<const char*>(node->name);
}

bool IsElement(const xmlNode* node, std::string_view local_name) {
  return node && node->type == XML_ELEMENT_NODE && LocalName(node) == local_name;
}

std::string Attr(const xmlNode* node, std::string_view local_name) {
  if (!node) return {};
  for (xmlAttr* a = node->properties; a; a = a->next) {
    if (a->name && std::string_view(reinterpret_cast<const char*>(a->name)) == local_name) {
      xmlChar* v = xmlNodeListGetString(node->doc, a->children, 1);
      std::string out = v ? reinterpret_cast<const char*>(v) : "";
      xmlFree(v);
      return out;
    }
  }
  return {};
}

std::vector<xmlNode*> Children(const xmlNode* node, std::string_view local_name) {
  std::vector<xmlNode*> out;
  if (!node) return out;
  for (xmlNode* c = node->children; c; c = c->next) {
    if (IsElement(c, local_name)) out.push_back(c);
  }
  return out;
}

xmlNode* FirstChild(const xmlNode* node, std::string_view local_name) {
  if (!node) return nullptr;
  for (xmlNode* c = node->children; c; c = c->next) {
    if (IsElement(c, local_name)) return c;
  }
  return nullptr;
}

void Descendants(xmlNode* node, std::string_view local_name, std::vector<xmlNode*>* out) {
  for (xmlNode* c = node ? node->children : nullptr; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    if (LocalName(c) == local_name) out->push_back(c);
    Descendants(c, local_name, out);
  }
}

std::string TextOf(const xmlNode* node) {
  if (!node) return {};
  xmlChar* v = xmlNodeGetContent(node);
  std::string out = v ? reinterpret_cast<const char*>(v) : "";
  xmlFree(v);
  return out;
}

}  // namespace evcov
