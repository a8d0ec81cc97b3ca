// Safe libxml2 parsing and small tree helpers shared by the XML-based extractors.
//
// ParseXml never touches the network, never loads external DTDs or entities and
// does not substitute entities, so an XXE or "billion laughs" document yields an
// error or its literal text, never another file's content. Namespaces are
// matched by local name only: OOXML producers disagree on prefixes.
#pragma once

#include <libxml/tree.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/result.h"

namespace evcov {

struct XmlDocDeleter {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
using XmlDocPtr = std::unique_ptr<xmlDoc, XmlDocDeleter>;

// Parses `xml`; `file` and `part` name the source in errors ("word/document.xml").
Result<XmlDocPtr> ParseXml(std::string_view xml, const std::string& file, const std::string& part);

// Local name of an element ("p" for <w:p>).
std::string_view LocalName(const xmlNode* node);
bool IsElement(const xmlNode* node, std::string_view local_name);
// Attribute by local name (ignores the prefix); empty when absent.
std::string Attr(const xmlNode* node, std::string_view local_name);
// Element children with this local name.
std::vector<xmlNode*> Children(const xmlNode* node, std::string_view local_name);
xmlNode* FirstChild(const xmlNode* node, std::string_view local_name);
// All descendant elements with this local name, document order.
void Descendants(xmlNode* node, std::string_view local_name, std::vector<xmlNode*>* out);
// Concatenated text content of a node and its descendants.
std::string TextOf(const xmlNode* node);

}  // namespace evcov
