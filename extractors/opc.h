// OPC (Open Packaging Conventions) plumbing shared by the OOXML extractors
// (DOCX, XLSX, PPTX): reading a part as XML, a part's relationships, and the
// package's core properties.
//
// Part names have no leading '/'. Relationship targets are resolved against
// the directory of the part that holds them ("../x.xml", "/abs/x.xml");
// external targets are kept as written. Nothing here writes or opens files.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "extractors/xml_util.h"
#include "extractors/zip_archive.h"
#include "pipeline/document.h"
#include "pipeline/result.h"

namespace evcov {

struct Relationship {
  std::string type;    // full type URI
  std::string target;  // resolved part name, no leading '/'; as written when external
  bool external = false;
};
using Relationships = std::map<std::string, Relationship>;  // by Id

// The part `part` of `zip`, parsed; `file` names the package in errors.
Result<XmlDocPtr> ReadXmlPart(const ZipArchive& zip, const std::string& file,
                              const std::string& part);

// Relationships of `part` ("" for the package's own, _rels/.rels) by id;
// empty when the part has none, an error when its .rels part is broken.
Result<Relationships> ReadRelationships(const ZipArchive& zip, const std::string& file,
                                        const std::string& part);

// Whether a relationship type URI ends with `suffix` ("/officeDocument").
bool RelTypeIs(const std::string& type, std::string_view suffix);
// The first internal relationship of this type, or "".
std::string TargetOfType(const Relationships& rels, std::string_view type_suffix);
// The internal target of relationship `id`, or "".
std::string TargetOfId(const Relationships& rels, const std::string& id);
// The relationship id of an element: its namespaced r:id. Attr() cannot tell
// it from a plain "id" attribute, and <p:sldId id="256" r:id="rId2"/> has both.
std::string RelationshipId(const xmlNode* node);

// Title, creator, created, modified and lastModifiedBy from docProps/core.xml
// into doc->metadata; a missing or broken part adds nothing.
void ReadCoreProperties(const ZipArchive& zip, const std::string& file, Document* doc);

}  // namespace evcov
