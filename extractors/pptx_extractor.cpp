// PptxExtractor: PowerPoint presentations (PresentationML) via libzip + libxml2.
//
// Handles: slides in presentation order (ppt/presentation.xml sldIdLst and its
// relationships), hidden slides too (with a "hidden-slide" warning). The slide
// title (the title/ctrTitle placeholder; with several, the one without an index,
// else the topmost) becomes a kHeading block and the heading path of every other
// block of the slide, notes included. Other shapes are read in reading order:
// sorted top to bottom by position, shapes on about the same line (within
// 0.1 inch) left to right; placeholders without a position of their own take it
// from their slide layout or master; a group is kept together at its own
// position, its members ordered the same way. Text paragraphs (runs and fields
// joined) are kSlideText blocks, one per paragraph, so each bullet is a block;
// tables give one kTableRow per row, non-empty cells joined by " | " (merged-over
// cells skipped); charts give their title and their cached data (a row of series
// names, then one row per category); SmartArt gives its node texts. Speaker
// notes (the slide's notesSlide part) are kNotes blocks with Locator::notes set.
// Locator::page is the slide number.
// Skips: pictures (no OCR of images inside slides), slide numbers, dates,
// comments, text inherited from layouts and masters, embedded objects.
#include <algorithm>
#include <map>
#include <optional>

#include "extractors/extractor.h"
#include "extractors/opc.h"
#include "extractors/text_util.h"
#include "extractors/xml_util.h"
#include "extractors/zip_archive.h"

namespace evcov {

namespace {

// ---- Text helpers. ----

// Text of a DrawingML paragraph: runs and fields in order, line breaks as spaces.
void AppendParagraphText(const xmlNode* node, std::string* out) {
  for (xmlNode* c = node->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    auto name = LocalName(c);
    if (name == "t") {
      *out += TextOf(c);
    } else if (name == "br") {
      *out += ' ';
    } else if (name != "pPr" && name != "rPr" && name != "endParaRPr") {
      AppendParagraphText(c, out);
    }
  }
}

// The non-empty paragraphs under `node` (a txBody, a table cell, a SmartArt point).
std::vector<std::string> Paragraphs(xmlNode* node) {
  std::vector<xmlNode*> ps;
  Descendants(node, "p", &ps);
  std::vector<std::string> out;
  for (xmlNode* p : ps) {
    std::string text;
    AppendParagraphText(p, &text);
    text = CollapseWhitespace(text);
    if (!text.empty()) out.push_back(std::move(text));
  }
  return out;
}

std::string JoinParagraphs(xmlNode* node) {
  std::string out;
  for (const auto& p : Paragraphs(node)) out += (out.empty() ? "" : " ") + p;
  return out;
}

// ---- Positions and placeholders. ----

struct Position {
  long long x = 0;
  long long y = 0;
};

std::optional<Position> OffsetOf(const xmlNode* xfrm) {
  xmlNode* off = FirstChild(xfrm, "off");
  if (!off) return std::nullopt;
  return Position{std::atoll(Attr(off, "x").c_str()), std::atoll(Attr(off, "y").c_str())};
}

struct Placeholder {
  std::string type;  // "title", "body", ...; "obj" when absent (the schema default)
  std::string idx;   // "" when absent
};

// The placeholder a shape stands for, from its nv*Pr/nvPr/ph; nullopt if none.
std::optional<Placeholder> PlaceholderOf(const xmlNode* shape) {
  for (xmlNode* c = shape->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE || LocalName(c).rfind("nv", 0) != 0) continue;
    if (xmlNode* ph = FirstChild(FirstChild(c, "nvPr"), "ph")) {
      Placeholder p{Attr(ph, "type"), Attr(ph, "idx")};
      if (p.type.empty()) p.type = "obj";
      return p;
    }
  }
  return std::nullopt;
}

bool IsTitle(const Placeholder& p) { return p.type == "title" || p.type == "ctrTitle"; }

// Where the placeholders of a layout or master sit, by index and by type.
struct PlaceholderMap {
  std::map<std::string, Position> by_idx;
  std::map<std::string, Position> by_type;
};

PlaceholderMap MapPlaceholders(xmlNode* root) {
  PlaceholderMap map;
  std::vector<xmlNode*> shapes;
  Descendants(FirstChild(FirstChild(root, "cSld"), "spTree"), "sp", &shapes);
  for (xmlNode* sp : shapes) {
    auto ph = PlaceholderOf(sp);
    auto pos = OffsetOf(FirstChild(FirstChild(sp, "spPr"), "xfrm"));
    if (!ph || !pos) continue;
    if (!ph->idx.empty()) map.by_idx.emplace(ph->idx, *pos);
    map.by_type.emplace(ph->type, *pos);
  }
  return map;
}

// Layout and master placeholder positions, read once per part.
class InheritedPositions {
 public:
  InheritedPositions(const ZipArchive& zip, const std::string& file) : zip_(zip), file_(file) {}

  // Position of a slide placeholder that has none itself: the layout's
  // placeholder with the same index, or type; then the master's by type.
  std::optional<Position> Find(const Relationships& slide_rels, const Placeholder& ph) {
    std::string layout = TargetOfType(slide_rels, "/slideLayout");
    if (layout.empty()) return std::nullopt;
    const Part& lp = Load(layout);
    if (!ph.idx.empty()) {
      if (auto it = lp.map.by_idx.find(ph.idx); it != lp.map.by_idx.end()) return it->second;
    }
    if (auto it = lp.map.by_type.find(ph.type); it != lp.map.by_type.end()) return it->second;
    if (lp.master.empty()) return std::nullopt;
    const Part& mp = Load(lp.master);
    // A master has only generic placeholders: title and body.
    std::string type = ph.type;
    if (IsTitle(ph)) type = "title";
    if (ph.type == "obj" || ph.type == "subTitle") type = "body";
    if (auto it = mp.map.by_type.find(type); it != mp.map.by_type.end()) return it->second;
    return std::nullopt;
  }

 private:
  struct Part {
    PlaceholderMap map;
    std::string master;
  };

  const Part& Load(const std::string& part) {
    auto it = cache_.find(part);
    if (it != cache_.end()) return it->second;
    Part p;
    // Layouts only refine reading order: a missing or broken one is ignored.
    if (zip_.Has(part)) {
      auto parsed = ReadXmlPart(zip_, file_, part);
      if (parsed.ok()) p.map = MapPlaceholders(xmlDocGetRootElement(parsed->get()));
      auto rels = ReadRelationships(zip_, file_, part);
      if (rels.ok()) p.master = TargetOfType(*rels, "/slideMaster");
    }
    return cache_.emplace(part, std::move(p)).first->second;
  }

  const ZipArchive& zip_;
  const std::string& file_;
  std::map<std::string, Part> cache_;
};

// ---- Slide content. ----

// One shape (or group) of a slide, its blocks ready but not yet placed.
struct Item {
  std::optional<Position> pos;
  std::vector<Block> blocks;
  std::optional<Placeholder> placeholder;
  std::string title_text;  // for title placeholders: paragraphs joined
};

constexpr long long kSameLineEmu = 91440;  // 0.1 inch

// Reading order: top to bottom; items whose tops are within kSameLineEmu of
// the first of a line are one line, read left to right. An item without a
// position stays after the one before it in the file.
void SortReadingOrder(std::vector<Item>* items) {
  Position last{0, 0};
  for (auto& item : *items) {
    if (item.pos) {
      last = *item.pos;
    } else {
      item.pos = last;
    }
  }
  std::stable_sort(items->begin(), items->end(),
                   [](const Item& a, const Item& b) { return a.pos->y < b.pos->y; });
  for (size_t start = 0; start < items->size();) {
    size_t end = start + 1;
    while (end < items->size() && (*items)[end].pos->y - (*items)[start].pos->y <= kSameLineEmu) {
      ++end;
    }
    std::stable_sort(items->begin() + start, items->begin() + end,
                     [](const Item& a, const Item& b) { return a.pos->x < b.pos->x; });
    start = end;
  }
}

Block MakeBlock(BlockKind kind, std::string text) {
  Block b;
  b.kind = kind;
  b.text = std::move(text);
  return b;
}

void TableBlocks(xmlNode* tbl, std::vector<Block>* out) {
  for (xmlNode* tr : Children(tbl, "tr")) {
    std::string row;
    for (xmlNode* tc : Children(tr, "tc")) {
      // A merged-over cell repeats nothing: its text lives in the merge origin.
      if (Attr(tc, "hMerge") == "1" || Attr(tc, "vMerge") == "1") continue;
      std::string cell = JoinParagraphs(tc);
      if (!cell.empty()) row += (row.empty() ? "" : " | ") + cell;
    }
    if (!row.empty()) out->push_back(MakeBlock(BlockKind::kTableRow, row));
  }
}

// Cached point values of a chart data reference, by point index.
std::map<int, std::string> ChartPoints(xmlNode* node) {
  std::map<int, std::string> points;
  std::vector<xmlNode*> pts;
  Descendants(node, "pt", &pts);
  for (xmlNode* pt : pts) {
    int idx = std::atoi(Attr(pt, "idx").c_str());
    std::string v = CollapseWhitespace(TextOf(FirstChild(pt, "v")));
    if (!v.empty()) points.emplace(idx, v);  // the first level of multi-level labels wins
  }
  return points;
}

constexpr size_t kMaxChartRows = 200;

void ChartBlocks(xmlNode* chart_space, std::vector<Block>* out) {
  xmlNode* chart = FirstChild(chart_space, "chart");
  if (xmlNode* title = FirstChild(chart, "title")) {
    std::string text = JoinParagraphs(title);
    if (text.empty()) {
      auto pts = ChartPoints(title);
      if (!pts.empty()) text = pts.begin()->second;
    }
    if (!text.empty()) out->push_back(MakeBlock(BlockKind::kSlideText, text));
  }
  std::vector<xmlNode*> series;
  Descendants(FirstChild(chart, "plotArea"), "ser", &series);
  std::string names;
  std::map<int, std::string> categories;
  std::vector<std::map<int, std::string>> values;
  int count = 0;
  for (xmlNode* ser : series) {
    // A series name is a cached cell reference or a literal <c:v>.
    xmlNode* tx = FirstChild(ser, "tx");
    auto cached = ChartPoints(tx);
    std::string name =
        cached.empty() ? CollapseWhitespace(TextOf(FirstChild(tx, "v"))) : cached.begin()->second;
    if (!name.empty()) names += (names.empty() ? "" : " | ") + name;
    if (categories.empty()) categories = ChartPoints(FirstChild(ser, "cat"));
    values.push_back(ChartPoints(FirstChild(ser, "val")));
    if (!values.back().empty()) count = std::max(count, values.back().rbegin()->first + 1);
  }
  if (!categories.empty()) count = std::max(count, categories.rbegin()->first + 1);
  if (!names.empty()) out->push_back(MakeBlock(BlockKind::kTableRow, names));
  for (int i = 0; i < count && static_cast<size_t>(i) < kMaxChartRows; ++i) {
    std::string row;
    auto add = [&row](const std::map<int, std::string>& points, int idx) {
      auto it = points.find(idx);
      if (it != points.end()) row += (row.empty() ? "" : " | ") + it->second;
    };
    add(categories, i);
    for (const auto& v : values) add(v, i);
    if (!row.empty()) out->push_back(MakeBlock(BlockKind::kTableRow, row));
  }
}

void SmartArtBlocks(xmlNode* data_model, std::vector<Block>* out) {
  for (xmlNode* pt : Children(FirstChild(data_model, "ptLst"), "pt")) {
    std::string type = Attr(pt, "type");
    if (!type.empty() && type != "node") continue;  // connectors, presentation points
    for (auto& p : Paragraphs(FirstChild(pt, "t"))) {
      out->push_back(MakeBlock(BlockKind::kSlideText, std::move(p)));
    }
  }
}

class SlideReader {
 public:
  SlideReader(const ZipArchive& zip, const std::string& file, const Relationships& rels,
              InheritedPositions* inherited, Document* doc, int slide)
      : zip_(zip), file_(file), rels_(rels), inherited_(inherited), doc_(doc), slide_(slide) {}

  // The items of a shape tree (spTree or grpSp), in file order.
  std::vector<Item> Tree(xmlNode* tree) {
    std::vector<Item> items;
    for (xmlNode* c = tree ? tree->children : nullptr; c; c = c->next) {
      if (IsElement(c, "AlternateContent")) {
        // The Choice is the richer rendering (text with equations, not a picture).
        xmlNode* choice = FirstChild(c, "Choice");
        auto inner = Tree(choice ? choice : FirstChild(c, "Fallback"));
        for (auto& i : inner) items.push_back(std::move(i));
        continue;
      }
      std::optional<Item> item = Shape(c);
      if (item) items.push_back(std::move(*item));
    }
    return items;
  }

 private:
  std::optional<Item> Shape(xmlNode* node) {
    Item item;
    if (IsElement(node, "sp")) {
      item.placeholder = PlaceholderOf(node);
      if (item.placeholder &&
          (item.placeholder->type == "sldNum" || item.placeholder->type == "dt")) {
        return std::nullopt;
      }
      item.pos = OffsetOf(FirstChild(FirstChild(node, "spPr"), "xfrm"));
      if (!item.pos && item.placeholder) item.pos = inherited_->Find(rels_, *item.placeholder);
      xmlNode* body = FirstChild(node, "txBody");
      for (auto& p : Paragraphs(body)) {
        item.blocks.push_back(MakeBlock(BlockKind::kSlideText, std::move(p)));
      }
      if (item.placeholder && IsTitle(*item.placeholder)) item.title_text = JoinParagraphs(body);
    } else if (IsElement(node, "grpSp")) {
      item.pos = OffsetOf(FirstChild(FirstChild(node, "grpSpPr"), "xfrm"));
      auto members = Tree(node);
      SortReadingOrder(&members);
      for (auto& m : members) {
        for (auto& b : m.blocks) item.blocks.push_back(std::move(b));
      }
    } else if (IsElement(node, "graphicFrame")) {
      item.pos = OffsetOf(FirstChild(node, "xfrm"));
      GraphicBlocks(FirstChild(FirstChild(node, "graphic"), "graphicData"), &item.blocks);
    } else {
      return std::nullopt;  // pictures, connectors, content parts
    }
    if (item.blocks.empty()) return std::nullopt;
    return item;
  }

  void GraphicBlocks(xmlNode* data, std::vector<Block>* out) {
    if (!data) return;
    if (xmlNode* tbl = FirstChild(data, "tbl")) {
      TableBlocks(tbl, out);
    } else if (xmlNode* chart = FirstChild(data, "chart")) {
      if (xmlNode* root = RelatedPart(RelationshipId(chart), "chart")) ChartBlocks(root, out);
    } else if (xmlNode* dgm = FirstChild(data, "relIds")) {
      if (xmlNode* root = RelatedPart(Attr(dgm, "dm"), "diagram")) SmartArtBlocks(root, out);
    }
  }

  // The root of a part this slide points to, parsed and kept alive with the
  // reader; nullptr when missing or broken, which costs its content only.
  xmlNode* RelatedPart(const std::string& id, const std::string& what) {
    std::string part = TargetOfId(rels_, id);
    Locator where;
    where.page = slide_;
    if (part.empty() || !zip_.Has(part)) {
      doc_->warnings.push_back(
          {what + "-missing",
           "slide " + std::to_string(slide_) + ": " + what + " part is missing; not read", where});
      return nullptr;
    }
    auto parsed = ReadXmlPart(zip_, file_, part);
    if (!parsed.ok()) {
      doc_->warnings.push_back({what + "-unreadable", parsed.error().message, where});
      return nullptr;
    }
    parts_.push_back(std::move(*parsed));
    return xmlDocGetRootElement(parts_.back().get());
  }

  const ZipArchive& zip_;
  const std::string& file_;
  const Relationships& rels_;
  InheritedPositions* inherited_;
  Document* doc_;
  int slide_;
  std::vector<XmlDocPtr> parts_;
};

// The slide title among the items: a title placeholder without an index (the
// layout's own title), else the topmost title placeholder. Google Slides marks
// body text boxes as indexed title placeholders, hence the preference.
std::optional<size_t> ChooseTitle(const std::vector<Item>& items) {
  std::optional<size_t> best;
  auto rank = [&](size_t i) {
    const auto& ph = *items[i].placeholder;
    bool primary = ph.idx.empty() || ph.idx == "0";
    long long y = items[i].pos ? items[i].pos->y : 0;
    return std::make_pair(primary ? 0 : 1, y);
  };
  for (size_t i = 0; i < items.size(); ++i) {
    if (!items[i].placeholder || !IsTitle(*items[i].placeholder)) continue;
    if (items[i].title_text.empty()) continue;
    if (!best || rank(i) < rank(*best)) best = i;
  }
  return best;
}

// Notes text: every shape of the notes slide but the slide image and the
// header, footer, date and number fields.
void NotesBlocks(xmlNode* notes_root, const std::vector<std::string>& path, int slide,
                 Document* doc) {
  std::vector<xmlNode*> shapes;
  Descendants(FirstChild(FirstChild(notes_root, "cSld"), "spTree"), "sp", &shapes);
  for (xmlNode* sp : shapes) {
    auto ph = PlaceholderOf(sp);
    if (ph && (ph->type == "sldImg" || ph->type == "sldNum" || ph->type == "dt" ||
               ph->type == "hdr" || ph->type == "ftr")) {
      continue;
    }
    for (auto& p : Paragraphs(FirstChild(sp, "txBody"))) {
      Block b = MakeBlock(BlockKind::kNotes, std::move(p));
      b.loc.page = slide;
      b.loc.notes = true;
      b.loc.heading_path = path;
      doc->blocks.push_back(std::move(b));
    }
  }
}

class PptxExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "pptx"; }
  std::vector<std::string> media_types() const override {
    return {"application/vnd.openxmlformats-officedocument.presentationml.presentation"};
  }

  Result<Document> Extract(std::span<const std::byte> bytes,
                           const ExtractContext& ctx) const override {
    auto zip = ZipArchive::Open(bytes, ctx.path);
    if (!zip.ok()) return zip.error();
    const ZipArchive& z = **zip;

    // The main part is named by the package's root relationship;
    // ppt/presentation.xml is only the usual name, and the fallback when
    // _rels/.rels is broken.
    auto root_rels = ReadRelationships(z, ctx.path, "");
    std::string main_part = root_rels.ok() ? TargetOfType(*root_rels, "/officeDocument") : "";
    if (main_part.empty() || !z.Has(main_part)) main_part = "ppt/presentation.xml";
    if (!z.Has(main_part)) {
      return MakeError(ErrorKind::kCorrupt, ctx.path,
                       "PPTX has no presentation part (ppt/presentation.xml)");
    }
    auto presentation = ReadXmlPart(z, ctx.path, main_part);
    if (!presentation.ok()) return presentation.error();
    auto rels = ReadRelationships(z, ctx.path, main_part);
    if (!rels.ok()) return rels.error();
    std::vector<std::string> slide_parts;
    xmlNode* root = xmlDocGetRootElement(presentation->get());
    for (xmlNode* id : Children(FirstChild(root, "sldIdLst"), "sldId")) {
      slide_parts.push_back(TargetOfId(*rels, RelationshipId(id)));
    }

    Document doc;
    doc.source = SourceKind::kSlides;
    doc.page_count = static_cast<int>(slide_parts.size());
    ReadCoreProperties(z, ctx.path, &doc);
    InheritedPositions inherited(z, ctx.path);
    int slides_read = 0;
    for (size_t i = 0; i < slide_parts.size(); ++i) {
      if (ReadSlide(z, ctx.path, slide_parts[i], static_cast<int>(i) + 1, &inherited, &doc)) {
        ++slides_read;
      }
    }
    if (!slide_parts.empty() && slides_read == 0) {
      return MakeError(ErrorKind::kCorrupt, ctx.path, "no slide of this PPTX could be read");
    }
    if (doc.blocks.empty()) {
      doc.warnings.push_back({"no-text", "the presentation has no text", {}});
    }
    return doc;
  }

 private:
  // False when the slide part is missing or broken (a warning says so).
  static bool ReadSlide(const ZipArchive& zip, const std::string& file, const std::string& part,
                        int slide, InheritedPositions* inherited, Document* doc) {
    Locator where;
    where.page = slide;
    if (part.empty() || !zip.Has(part)) {
      doc->warnings.push_back(
          {"slide-missing", "slide " + std::to_string(slide) + " has no slide part", where});
      return false;
    }
    auto parsed = ReadXmlPart(zip, file, part);
    if (!parsed.ok()) {
      doc->warnings.push_back({"slide-unreadable", parsed.error().message, where});
      return false;
    }
    auto rels_or = ReadRelationships(zip, file, part);
    Relationships rels = rels_or.ok() ? *rels_or : Relationships{};
    xmlNode* root = xmlDocGetRootElement(parsed->get());
    std::string show = Attr(root, "show");
    if (show == "0" || show == "false") {
      doc->warnings.push_back(
          {"hidden-slide", "slide " + std::to_string(slide) + " is hidden; read anyway", where});
    }

    SlideReader reader(zip, file, rels, inherited, doc, slide);
    auto items = reader.Tree(FirstChild(FirstChild(root, "cSld"), "spTree"));
    std::vector<std::string> path;
    if (auto title = ChooseTitle(items)) {
      Block heading = MakeBlock(BlockKind::kHeading, items[*title].title_text);
      heading.loc.page = slide;
      doc->blocks.push_back(std::move(heading));
      path.push_back(items[*title].title_text);
      items.erase(items.begin() + static_cast<long>(*title));
    }
    SortReadingOrder(&items);
    for (auto& item : items) {
      for (auto& b : item.blocks) {
        b.loc.page = slide;
        b.loc.heading_path = path;
        doc->blocks.push_back(std::move(b));
      }
    }

    std::string notes_part = TargetOfType(rels, "/notesSlide");
    if (!notes_part.empty()) {
      auto notes = zip.Has(notes_part)
                       ? ReadXmlPart(zip, file, notes_part)
                       : Result<XmlDocPtr>(MakeError(ErrorKind::kCorrupt, file,
                                                     "notes part " + notes_part + " is missing"));
      if (notes.ok()) {
        NotesBlocks(xmlDocGetRootElement(notes->get()), path, slide, doc);
      } else {
        where.notes = true;
        doc->warnings.push_back({"notes-unreadable", notes.error().message, where});
      }
    }
    return true;
  }
};

}  // namespace

std::unique_ptr<Extractor> MakePptxExtractor() { return std::make_unique<PptxExtractor>(); }

}  // namespace evcov
