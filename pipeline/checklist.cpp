#include "pipeline/checklist.h"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <sstream>

#include "pipeline/normalise.h"

namespace evcov {

namespace fs = std::filesystem;

namespace {

struct XmlDocDeleter {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
using XmlDoc = std::unique_ptr<xmlDoc, XmlDocDeleter>;

std::string Attr(xmlNode* n, const char* name) {
  xmlChar* v = xmlGetProp(n, reinterpret_cast<const xmlChar*>(name));
  std::string out = v ? reinterpret_cast<const char*>(v) : "";
  xmlFree(v);
  return out;
}

std::string Text(xmlNode* n) {
  xmlChar* v = xmlNodeGetContent(n);
  std::string out = v ? reinterpret_cast<const char*>(v) : "";
  xmlFree(v);
  return out;
}

bool Is(xmlNode* n, const char* name) {
  return n->type == XML_ELEMENT_NODE &&
         xmlStrcmp(n->name, reinterpret_cast<const xmlChar*>(name)) == 0;
}

std::vector<std::string> Words(const std::string& s) {
  std::istringstream in(s);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

std::string Collapse(const std::string& s) {
  std::string out;
  for (const auto& w : Words(s)) out += (out.empty() ? "" : " ") + w;
  return out;
}

Result<XmlDoc> ReadXml(const std::string& path) {
  xmlDoc* d =
      xmlReadFile(path.c_str(), nullptr, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (!d) {
    const xmlError* e = xmlGetLastError();
    std::string why = e && e->message ? Collapse(e->message) : "cannot read file";
    if (e) why += " (line " + std::to_string(e->line) + ")";
    return MakeError(ErrorKind::kInvalid, path, why);
  }
  return XmlDoc(d);
}

using Concepts = std::map<std::string, std::string>;

// Expands @id references, recursively, guarding against cycles.
Result<std::string> Expand(const std::string& spec, const Concepts& concepts, int depth = 0) {
  if (depth > 8) return Error{ErrorKind::kInvalid, "", "concept references nest too deeply"};
  std::string out;
  std::stringstream in(spec);
  for (std::string alt; std::getline(in, alt, '|');) {
    std::string a = Collapse(alt);
    if (a.empty()) continue;
    if (a[0] == '@') {
      auto it = concepts.find(a.substr(1));
      if (it == concepts.end()) return Error{ErrorKind::kInvalid, "", "unknown concept " + a};
      auto inner = Expand(it->second, concepts, depth + 1);
      if (!inner.ok()) return inner;
      a = *inner;
    }
    out += (out.empty() ? "" : "|") + a;
  }
  return out;
}

void ReadConcepts(xmlNode* root, Concepts* concepts) {
  for (xmlNode* n = root->children; n; n = n->next) {
    if (Is(n, "concept")) (*concepts)[Attr(n, "id")] = Text(n);
  }
}

Error ControlError(const std::string& file, const std::string& control, const std::string& why) {
  return MakeError(ErrorKind::kInvalid, file,
                   control.empty() ? why : "control " + control + ": " + why);
}

Result<Criterion> ReadCriterion(xmlNode* n, const Concepts& concepts, const std::string& file,
                                const std::string& control) {
  Criterion c;
  c.id = Attr(n, "id");
  c.label = Collapse(Attr(n, "label"));
  if (c.id.empty() || c.label.empty()) {
    return ControlError(file, control, "a criterion needs an id and a label");
  }
  std::string source = Attr(n, "source");
  if (source == "diagram") {
    c.source = CriterionSource::kDiagram;
  } else if (!source.empty()) {
    return ControlError(file, control, "criterion " + c.id + ": unknown source '" + source + "'");
  }
  std::string concrete = Attr(n, "concrete");
  if (concrete == "number") {
    c.needs_number = true;
  } else if (!concrete.empty()) {
    return ControlError(file, control,
                        "criterion " + c.id + ": unknown concrete '" + concrete + "'");
  }
  std::string kind = Attr(n, "kind");
  if (kind == "fact") {
    c.fact = true;
  } else if (!kind.empty()) {
    return ControlError(file, control, "criterion " + c.id + ": unknown kind '" + kind + "'");
  }
  for (xmlNode* t = n->children; t; t = t->next) {
    if (!Is(t, "terms")) continue;
    auto spec = Expand(Text(t), concepts);
    if (!spec.ok())
      return ControlError(file, control, "criterion " + c.id + ": " + spec.error().message);
    TermGroup g;
    g.terms = CompileTerms(*spec);
    std::string min = Attr(t, "min");
    if (!min.empty()) g.min_distinct = std::max(1, std::atoi(min.c_str()));
    if (g.terms.empty())
      return ControlError(file, control, "criterion " + c.id + ": empty <terms>");
    c.groups.push_back(std::move(g));
  }
  if (c.groups.empty() && c.source != CriterionSource::kDiagram) {
    return ControlError(file, control, "criterion " + c.id + " has no <terms>");
  }
  return c;
}

Result<Scope> ParseScope(const std::string& s, int* min_examples) {
  if (s.empty() || s == "practice") return Scope::kPractice;
  if (s == "each-example") return Scope::kEachExample;
  if (s == "any-example") return Scope::kAnyExample;
  if (s.rfind("examples:", 0) == 0) {
    *min_examples = std::max(1, std::atoi(s.c_str() + 9));
    return Scope::kMinExamples;
  }
  return Error{ErrorKind::kInvalid, "", "unknown scope '" + s + "'"};
}

Result<Control> ReadControl(xmlNode* n, const Concepts& concepts, const std::string& file,
                            const std::string& section, const std::string& group,
                            const std::string& subgroup, const std::string& section_scope,
                            const std::vector<std::string>& section_waivers) {
  Control c;
  c.id = Attr(n, "id");
  c.title = Collapse(Attr(n, "title"));
  if (c.id.empty()) return ControlError(file, "", "a control has no id");
  if (c.title.empty()) return ControlError(file, c.id, "no title");
  c.section = section;
  c.group = group;
  c.subgroup = subgroup;
  std::string scope = Attr(n, "scope");
  auto parsed = ParseScope(scope.empty() ? section_scope : scope, &c.min_examples);
  if (!parsed.ok()) return ControlError(file, c.id, parsed.error().message);
  c.scope = *parsed;
  std::string ee = Attr(n, "example-evidence");
  c.example_evidence = ee == "one";
  if (!ee.empty() && ee != "one")
    return ControlError(file, c.id, "unknown example-evidence '" + ee + "'");
  c.manual = Attr(n, "manual") == "true";
  c.manual_reason = Collapse(Attr(n, "manual-reason"));
  if (c.manual && c.manual_reason.empty())
    return ControlError(file, c.id, "manual without manual-reason");
  c.waived_by = section_waivers;
  for (const auto& w : Words(Attr(n, "waived-by"))) c.waived_by.push_back(w);
  c.applies_to = Words(Attr(n, "applies-to"));
  c.category = Attr(n, "category");
  for (xmlNode* k = n->children; k; k = k->next) {
    if (Is(k, "requirement")) {
      c.requirement = Collapse(Text(k));
    } else if (Is(k, "criterion")) {
      auto crit = ReadCriterion(k, concepts, file, c.id);
      if (!crit.ok()) return crit.error();
      c.criteria.push_back(std::move(*crit));
    }
  }
  if (c.criteria.empty()) return ControlError(file, c.id, "no criteria");
  return c;
}

const std::vector<std::string> kKnownWaivers = {"ftr", "services-competency", "software-competency",
                                                "msp", "wafr"};

}  // namespace

std::vector<Term> CompileTerms(const std::string& alternatives) {
  std::vector<Term> terms;
  std::stringstream in(alternatives);
  for (std::string alt; std::getline(in, alt, '|');) {
    std::string a = Collapse(alt);
    if (a.empty()) continue;
    Term t;
    t.text = a;
    if (a.back() == '*') {
      t.prefix = true;
      a.pop_back();
    }
    for (const auto& tok : Tokenize(a)) {
      t.stems.push_back(t.prefix ? tok.folded : tok.stem);
    }
    if (t.prefix && !t.stems.empty()) {
      // Only the last word is a prefix; the others compare as stems.
      auto toks = Tokenize(a);
      for (size_t i = 0; i + 1 < toks.size(); ++i) t.stems[i] = toks[i].stem;
    }
    if (!t.stems.empty()) terms.push_back(std::move(t));
  }
  return terms;
}

const char* ToString(Scope scope) {
  switch (scope) {
    case Scope::kPractice:
      return "practice";
    case Scope::kEachExample:
      return "each-example";
    case Scope::kAnyExample:
      return "any-example";
    case Scope::kMinExamples:
      return "examples";
  }
  return "practice";
}

Result<Checklist> LoadChecklistFile(const std::string& path, const std::string& lexicon_path) {
  Concepts concepts;
  Checklist checklist;
  auto lex = ReadXml(lexicon_path);
  if (!lex.ok()) return lex.error();
  xmlNode* lroot = xmlDocGetRootElement(lex->get());
  if (!lroot || !Is(lroot, "lexicon") || Attr(lroot, "schema") != "1") {
    return MakeError(ErrorKind::kInvalid, lexicon_path, "not a schema 1 <lexicon>");
  }
  ReadConcepts(lroot, &concepts);
  for (xmlNode* n = lroot->children; n; n = n->next) {
    if (Is(n, "cues")) checklist.cues.push_back({Attr(n, "kind"), CompileTerms(Text(n))});
  }

  auto doc = ReadXml(path);
  if (!doc.ok()) return doc.error();
  xmlNode* root = xmlDocGetRootElement(doc->get());
  if (!root || !Is(root, "checklist"))
    return MakeError(ErrorKind::kInvalid, path, "root element is not <checklist>");
  if (Attr(root, "schema") != "1") {
    return MakeError(ErrorKind::kInvalid, path,
                     "schema '" + Attr(root, "schema") + "' is not supported (expected 1)");
  }
  checklist.id = Attr(root, "id");
  checklist.title = Attr(root, "title");
  checklist.version = Attr(root, "version");
  checklist.file = path;
  if (checklist.id.empty()) return MakeError(ErrorKind::kInvalid, path, "<checklist> has no id");
  ReadConcepts(root, &concepts);

  std::vector<std::string> seen;
  for (xmlNode* s = root->children; s; s = s->next) {
    if (!Is(s, "section")) continue;
    std::string title = Collapse(Attr(s, "title"));
    std::string group = Attr(s, "group");
    std::string scope = Attr(s, "scope");
    auto waivers = Words(Attr(s, "waived-by"));
    auto read = [&](xmlNode* n, const std::string& subgroup) -> Result<bool> {
      auto c = ReadControl(n, concepts, path, title, group, subgroup, scope, waivers);
      if (!c.ok()) return c.error();
      for (const auto& w : c->waived_by) {
        if (std::find(kKnownWaivers.begin(), kKnownWaivers.end(), w) == kKnownWaivers.end()) {
          return ControlError(path, c->id, "unknown waiver '" + w + "'");
        }
      }
      if (std::find(seen.begin(), seen.end(), c->id) != seen.end()) {
        return ControlError(path, c->id, "duplicate control id");
      }
      seen.push_back(c->id);
      checklist.controls.push_back(std::move(*c));
      return true;
    };
    for (xmlNode* n = s->children; n; n = n->next) {
      if (Is(n, "control")) {
        auto ok = read(n, "");
        if (!ok.ok()) return ok.error();
      } else if (Is(n, "group")) {
        std::string sub = Collapse(Attr(n, "title"));
        for (xmlNode* k = n->children; k; k = k->next) {
          if (!Is(k, "control")) continue;
          auto ok = read(k, sub);
          if (!ok.ok()) return ok.error();
        }
      }
    }
  }
  if (checklist.controls.empty()) return MakeError(ErrorKind::kInvalid, path, "no controls");
  return checklist;
}

Result<Checklist> LoadChecklist(const std::string& data_dir, const std::string& id) {
  fs::path dir = fs::path(data_dir) / "checklists";
  fs::path file = dir / (id + ".xml");
  std::error_code ec;
  if (id.empty() || id.find('/') != std::string::npos || !fs::exists(file, ec)) {
    std::string known;
    for (const auto& k : ListChecklists(data_dir)) known += (known.empty() ? "" : ", ") + k;
    return MakeError(ErrorKind::kInvalid, "",
                     "unknown checklist '" + id + "' (known: " + known + ")");
  }
  auto c = LoadChecklistFile(file.string(), (dir / "lexicon.xml").string());
  if (c.ok() && c->id != id) {
    return MakeError(ErrorKind::kInvalid, file.string(), "file declares id '" + c->id + "'");
  }
  return c;
}

std::vector<std::string> ListChecklists(const std::string& data_dir) {
  std::vector<std::string> ids;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(fs::path(data_dir) / "checklists", ec)) {
    if (e.path().extension() == ".xml" && e.path().stem() != "lexicon")
      ids.push_back(e.path().stem());
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

}  // namespace evcov
