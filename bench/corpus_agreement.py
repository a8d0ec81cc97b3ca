#!/usr/bin/env python3
"""Word agreement of `evcov extract` with a reference tool, file by file, on the real corpus.

For every file under the corpus directory, evcov's words are compared with the
words an independent reader gets from the same file. The figure per format is
recall: the share of reference word occurrences (a multiset) that evcov's output
also contains. Extra words in evcov's output cost nothing: this measures text
lost, not layout or reading order.

References, chosen so that each is what a reader of the file would see, read by a
tool other than evcov (pdftotext uses Poppler as evcov does, so the PDF row
measures evcov's page text, layout and joining, not glyph decoding):
  PDF     `pdftotext -enc UTF-8`, page by page (split on form feeds), compared
          with evcov's blocks located on the same page. A page whose text layer
          has fewer than SCANNED_PAGE_CHARS visible characters is a scanned page:
          its reference is that thin layer plus `pdftoppm -r 300 -gray` (PGM) |
          `tesseract` (the CLI), and its words are counted in the separate
          "pdf (scanned, OCR)" row, because both sides are then Tesseract and the
          figure measures rendering and preprocessing, not text extraction.
          A PDF pdftotext cannot open either (a password) is expected to fail:
          evcov must then exit non-zero with a specific message.
  image   the `tesseract FILE -` CLI with its defaults, in its own row.
  DOCX    every w:t of word/document.xml. evcov does not read headers,
          footers, footnotes or comments (documented in docx_extractor.cpp), so
          neither does the reference; of an mc:AlternateContent only the Choice is
          read, as an Office reader does, so text-box fallbacks do not count twice.
  XLSX    every cell of every worksheet: shared strings (phonetic runs
          excluded), inline strings, formula string results, booleans, errors and
          numbers, the numbers shown as a spreadsheet shows them with the cell's
          number format (General, date, percent); the shared-string table itself
          is not the reference, since it may hold strings no cell uses.
  PPTX    every a:t of the slide parts and their notes parts, except the
          slide-number and date placeholders (fields the application fills in,
          not text of the deck); of an mc:AlternateContent only the Choice. Of
          the charts and SmartArt a slide points to: their a:t and the cached
          values (c:v) of each series, a category axis counted once per chart.
  SVG     text of text/tspan/textPath/title/desc and of HTML in foreignObject,
          outside style/script/metadata; of a <switch> only its first child, the
          one an SVG 1.1 viewer renders (draw.io puts a truncated "Label..." copy
          second).
  draw.io labels: mxCell value, object/UserObject label (%placeholders% filled
          when placeholders="1"), HTML labels reduced to text; compressed pages
          inflated (base64, raw deflate, URL-decoding). Layer cells (children of
          the root cell) are not drawn, so not counted.
  md/txt  the file's text, less the info string of a Markdown code fence ("```bash"
          names the language; a renderer does not show it).

Words: NFKC, Unicode casefold, runs of letters and digits; tokens of one
character are ignored (bullets, stray OCR marks, list letters). A word split by a
hyphen at a line end in the reference ("reve-" / "lations") is one reference word,
found if evcov has it joined or has both parts: the tesseract CLI never rejoins
such words, pdftotext only some, evcov most, and none of them can tell "reve-lations"
from "cloud-based", so neither spelling is penalised.

A file fails when evcov exits non-zero although the reference tool could read it,
when it exits non-zero without a message, or when it exits 0 with no words
although the reference has some (empty output without an error).

Exit status: 0 all formats at or above --threshold and no failure; 1 otherwise;
77 when the corpus directory or a reference tool is absent (CTest's SKIP_RETURN_CODE).
"""

import argparse
import base64
import collections
import concurrent.futures
import html.parser
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
import urllib.parse
import xml.etree.ElementTree as ET
import zipfile
import zlib
from datetime import datetime, timedelta

SKIP = 77
# evcov's default ExtractOptions::min_page_chars: a page both call scanned is then
# compared OCR to OCR, and one that evcov fails to OCR shows as missing words.
SCANNED_PAGE_CHARS = 32
OCR_DPI = 300
# Words the tesseract CLI itself reads with lower confidence are mostly noise
# ("crcuwt", "heobot" from a photo on a slide); evcov drops them by design
# (kOcrDropConfidence in extractors/ocr.h), so recall counts only the words the
# CLI is surer of, and the report shows recall over every OCR word beside it.
OCR_MIN_CONFIDENCE = 30
TOOL_TIMEOUT = 600

PDF_TEXT, PDF_OCR = "pdf (text layer)", "pdf (scanned, OCR)"
IMAGE = "image (OCR)"
FORMAT_ORDER = [PDF_TEXT, PDF_OCR, "docx", "xlsx", "pptx", "svg", "drawio", IMAGE, "text"]
IMAGE_EXTS = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".gif", ".bmp", ".webp"}
TEXT_EXTS = {".md", ".txt", ".csv", ".markdown"}

# Tesseract's OpenMP threads busy-wait; with files already run in parallel one
# thread each is faster (and what evcov does internally).
CHILD_ENV = dict(os.environ, OMP_THREAD_LIMIT="1")

WORD = re.compile(r"[^\W_]+")
MD_FENCE = re.compile(r"^([ \t]*(?:```+|~~~+)).*$", re.M)
LINE_END_HYPHEN = re.compile(r"([^\W_]+)-[ \t]*\r?\n[ \t]*([^\W_]+)")


class Words:
    """A multiset of reference words, plus hyphen-split words with alternatives."""

    def __init__(self):
        self.plain = collections.Counter()
        self.split = collections.Counter()  # (joined, first part, second part)

    def add_text(self, text, dehyphenate=False):
        text = normalise(text)
        if dehyphenate:
            def keep(m):
                a, b = m.group(1), m.group(2)
                self.split[(a + b, a, b)] += 1
                return "\n"

            text = LINE_END_HYPHEN.sub(keep, text)
        self.plain.update(tokens_of(text))

    def total(self):
        return sum(self.plain.values()) + sum(self.split.values())


def normalise(text):
    return unicodedata.normalize("NFKC", text).casefold()


def tokens_of(text):
    return [t for t in WORD.findall(text) if len(t) > 1]


def evcov_counter(text):
    return collections.Counter(tokens_of(normalise(text)))


def match(ref, have):
    """Found occurrences of `ref` in the Counter `have` (consumed), and the misses."""
    have = collections.Counter(have)
    found = 0
    missing = collections.Counter()
    for w, n in ref.plain.items():
        k = min(n, have[w])
        found += k
        have[w] -= k
        if n > k:
            missing[w] += n - k
    for (joined, a, b), n in ref.split.items():
        for _ in range(n):
            if have[joined] > 0:
                have[joined] -= 1
                found += 1
            elif len(a) > 1 and len(b) > 1 and have[a] > 0 and have[b] > 0:
                have[a] -= 1
                have[b] -= 1
                found += 1
            else:
                missing[joined] += 1
    return found, missing


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, timeout=TOOL_TIMEOUT, env=CHILD_ENV, **kw)


def local(tag):
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


# ---- References ----------------------------------------------------------------


def tesseract_words(path, dpi=None):
    """(confident, all): the CLI's text as lines, once with only the words it reads
    with confidence >= OCR_MIN_CONFIDENCE, once with every word."""
    cmd = ["tesseract", path, "-"]
    if dpi:
        cmd += ["--dpi", str(dpi)]
    p = run(cmd + ["tsv"])
    if p.returncode != 0:
        raise RuntimeError("tesseract: " + p.stderr.decode(errors="replace").strip()[-300:])
    lines = {}  # (page, block, paragraph, line) -> [(confidence, word)], in reading order
    for row in p.stdout.decode("utf-8", errors="replace").splitlines()[1:]:
        f = row.split("\t")
        if len(f) == 12 and f[0] == "5" and f[11].strip():
            lines.setdefault((f[1], f[2], f[3], f[4]), []).append((float(f[10]), f[11]))
    confident, everything = Words(), Words()
    confident.add_text("\n".join(" ".join(w for c, w in ws if c >= OCR_MIN_CONFIDENCE)
                                  for ws in lines.values()), dehyphenate=True)
    everything.add_text("\n".join(" ".join(w for _, w in ws) for ws in lines.values()),
                        dehyphenate=True)
    return confident, everything


def pdf_text_pages(path):
    """The text layer of each page (pdftotext), or raises when it cannot open the file."""
    p = run(["pdftotext", "-enc", "UTF-8", path, "-"])
    if p.returncode != 0:
        raise RuntimeError("pdftotext: " + p.stderr.decode(errors="replace").strip())
    pages = p.stdout.decode("utf-8", errors="replace").split("\f")
    if pages and not pages[-1].strip():
        pages.pop()  # pdftotext ends every page, the last one too, with a form feed
    return pages


def is_scanned(page_text):
    return sum(not c.isspace() for c in page_text) < SCANNED_PAGE_CHARS


def pdf_page_ocr(path, page):
    with tempfile.TemporaryDirectory() as tmp:
        r = run(["pdftoppm", "-r", str(OCR_DPI), "-gray", "-f", str(page), "-l",
                 str(page), path, os.path.join(tmp, "page")])
        if r.returncode != 0:
            raise RuntimeError("pdftoppm: " + r.stderr.decode(errors="replace").strip())
        (image,) = [os.path.join(tmp, f) for f in os.listdir(tmp)]
        return tesseract_words(image, OCR_DPI)


def pdf_reference(pages, ocr):
    """{page: (row, confident words, all words)} from the text layer and the OCR of
    scanned pages (`ocr`: page -> tesseract_words result)."""
    out = {}
    for i, text in enumerate(pages, start=1):
        if i not in ocr:
            words = Words()
            words.add_text(text, dehyphenate=True)
            out[i] = (PDF_TEXT, words, words)
            continue
        confident, everything = ocr[i]
        # The thin text layer is kept with the OCR words, as evcov keeps both.
        confident.add_text(text, dehyphenate=True)
        everything.add_text(text, dehyphenate=True)
        out[i] = (PDF_OCR, confident, everything)
    return out


def element_text(elem, breaking=()):
    """Text of `elem`, with a space at each element named in `breaking`."""
    parts = []

    def walk(e):
        name = local(e.tag)
        if name in breaking:
            parts.append(" ")
        if e.text:
            parts.append(e.text)
        for c in e:
            walk(c)
            if c.tail:
                parts.append(c.tail)
        if name in breaking:
            parts.append(" ")

    walk(elem)
    return "".join(parts)


def paragraph_texts(root, text_tag, skip=lambda e: False):
    """Text of each paragraph (w:p or a:p) under root, its runs joined without spaces
    (one word may span runs), nested paragraphs (text boxes) on their own. Of an
    mc:AlternateContent only the Choice is read: a consumer renders one branch."""
    out = []

    def walk(e, parts):
        if skip(e):
            return
        name = local(e.tag)
        if name == "AlternateContent":
            branch = next((c for c in e if local(c.tag) == "Choice"), None)
            if branch is None:
                branch = next(iter(e), None)
            if branch is not None:
                walk(branch, parts)
        elif name == "p":
            own = []
            for c in e:
                walk(c, own)
            out.append("".join(own))
        elif name == text_tag and parts is not None:
            parts.append(e.text or "")
        elif name in ("tab", "br", "cr") and parts is not None:
            parts.append(" ")  # a tab stop or line break separates words as a space does
        else:
            for c in e:
                walk(c, parts)

    walk(root, None)
    return out


def docx_reference(path):
    with zipfile.ZipFile(path) as z:
        root = ET.fromstring(z.read("word/document.xml"))
    words = Words()
    for text in paragraph_texts(root, "t"):
        words.add_text(text)
    return words


XLSX_BUILTIN_DATE = set(range(14, 23)) | set(range(27, 37)) | set(range(45, 48)) | set(
    range(50, 59))


def xlsx_number_styles(z, names):
    """Per cellXfs index: 'date', 'percent' or 'general'."""
    part = next((n for n in names if re.fullmatch(r"xl/styles\.xml", n)), None)
    if not part:
        return []
    root = ET.fromstring(z.read(part))
    custom = {}
    for e in root.iter():
        if local(e.tag) == "numFmt":
            code = e.get("formatCode", "")
            bare = re.sub(r'"[^"]*"|\\.|_.|\*.|\[[^\]]*\]', "", code.split(";")[0]).lower()
            if "general" in bare:
                kind = "general"
            elif re.search(r"[dmyhs]", bare):
                kind = "date"
            elif "%" in bare:
                kind = "percent"
            else:
                kind = "general"
            custom[int(e.get("numFmtId", "0"))] = kind
    styles = []
    for e in root:
        if local(e.tag) == "cellXfs":
            for xf in e:
                fid = int(xf.get("numFmtId", "0"))
                if fid in custom:
                    styles.append(custom[fid])
                elif fid in XLSX_BUILTIN_DATE:
                    styles.append("date")
                elif fid in (9, 10):
                    styles.append("percent")
                else:
                    styles.append("general")
    return styles


def excel_general(v):
    if v == int(v) and abs(v) < 1e15:
        return str(int(v))
    return "%.15g" % v


def excel_number(raw, kind, date1904):
    try:
        v = float(raw)
    except ValueError:
        return raw
    if kind == "percent":
        return excel_general(round(v * 100, 10)) + "%"
    if kind == "date" and 0 <= v < 2958466:
        base = datetime(1904, 1, 1) if date1904 else datetime(1899, 12, 30)
        if not date1904 and v < 61:
            base = datetime(1899, 12, 31)  # serials before Lotus's 1900-02-29
        d = base + timedelta(days=v)
        # A date format without a time of day shows no 00:00:00.
        return d.strftime("%Y-%m-%d" if d.time() == datetime.min.time() else "%Y-%m-%d %H:%M:%S")
    return excel_general(v)


def string_item_text(si):
    """Every t of a string item but those of phonetic guides (rPh), which annotate it."""
    if local(si.tag) == "rPh":
        return ""
    if local(si.tag) == "t":
        return si.text or ""
    return "".join(string_item_text(c) for c in si)


def xlsx_reference(path):
    words = Words()
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        shared = []
        if "xl/sharedStrings.xml" in names:
            for si in ET.fromstring(z.read("xl/sharedStrings.xml")):
                if local(si.tag) == "si":
                    shared.append(string_item_text(si))
        styles = xlsx_number_styles(z, names)
        date1904 = False
        if "xl/workbook.xml" in names:
            for e in ET.fromstring(z.read("xl/workbook.xml")).iter():
                if local(e.tag) == "workbookPr" and e.get("date1904") in ("1", "true"):
                    date1904 = True
        for n in sorted(names):
            if not re.fullmatch(r"xl/worksheets/[^/]+\.xml", n):
                continue
            for c in ET.fromstring(z.read(n)).iter():
                if local(c.tag) != "c":
                    continue
                t = c.get("t", "n")
                v = next((x.text or "" for x in c if local(x.tag) == "v"), None)
                if t == "s" and v is not None:
                    i = int(float(v))
                    text = shared[i] if 0 <= i < len(shared) else ""
                elif t == "inlineStr":
                    is_ = next((x for x in c if local(x.tag) == "is"), None)
                    text = string_item_text(is_) if is_ is not None else ""
                elif t == "b" and v is not None:
                    text = "TRUE" if v in ("1", "true") else "FALSE"
                elif t in ("str", "e", "d"):
                    text = v or ""
                elif v:
                    s = int(c.get("s", "0") or 0)
                    text = excel_number(v, styles[s] if s < len(styles) else "general", date1904)
                else:
                    text = ""
                words.add_text(text)
    return words


def related_parts(z, part, type_suffixes):
    """Parts that `part` points to by a relationship of one of these types."""
    rels = posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")
    if rels not in z.namelist():
        return []
    out = []
    for r in ET.fromstring(z.read(rels)):
        if r.get("TargetMode") != "External" and r.get("Type", "").endswith(type_suffixes):
            target = r.get("Target", "")
            out.append(posixpath.normpath(target[1:] if target.startswith("/") else
                                          posixpath.join(posixpath.dirname(part), target)))
    return [p for p in out if p in z.namelist()]


def pptx_reference(path):
    def auto_field(e):
        # Slide-number and date placeholders: the application's fields, not the deck's text.
        if local(e.tag) != "sp":
            return False
        ph = next((x for x in e.iter() if local(x.tag) == "ph"), None)
        return ph is not None and ph.get("type") in ("sldNum", "dt")

    words = Words()
    with zipfile.ZipFile(path) as z:
        for n in sorted(z.namelist()):
            if not re.fullmatch(r"ppt/(slides/slide|notesSlides/notesSlide)\d+\.xml", n):
                continue
            for text in paragraph_texts(ET.fromstring(z.read(n)), "t", auto_field):
                words.add_text(text)
            # What the slide shows from other parts: a chart's title and cached
            # values (c:v), a SmartArt diagram's node texts.
            for part in related_parts(z, n, ("/chart", "/diagramData")):
                root = ET.fromstring(z.read(part))
                for text in paragraph_texts(root, "t"):
                    words.add_text(text)
                # Every series repeats the category labels in the XML; the chart
                # shows them once, on its axis.
                seen_categories = set()
                for ser in (e for e in root.iter() if local(e.tag) == "ser"):
                    for child in ser:
                        values = tuple(v.text or "" for v in child.iter() if local(v.tag) == "v")
                        if local(child.tag) == "cat":
                            if values in seen_categories:
                                continue
                            seen_categories.add(values)
                        for v in values:
                            words.add_text(v)
    return words


HTML_BREAKS = {"br", "div", "p", "li", "ul", "ol", "tr", "td", "th", "table", "h1", "h2", "h3",
               "h4", "h5", "h6", "hr", "dt", "dd", "dl", "pre", "blockquote", "section"}


def svg_reference(path):
    root = ET.parse(path).getroot()
    words = Words()

    def walk(e):
        name = local(e.tag)
        if name in ("style", "script", "metadata"):
            return
        if name in ("text", "title", "desc"):
            # tspans are separate pieces (often separate lines): a space between them.
            words.add_text(element_text(e, breaking={"tspan", "textPath"}))
            return
        if name == "foreignObject":
            words.add_text(element_text(e, breaking=HTML_BREAKS))
            return
        children = [c for c in e if isinstance(c.tag, str)]
        if name == "switch":
            children = children[:1]
        for c in children:
            walk(c)

    walk(root)
    return words


class HtmlText(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag in HTML_BREAKS:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in HTML_BREAKS:
            self.parts.append(" ")

    def handle_data(self, data):
        self.parts.append(data)


def html_to_text(s):
    p = HtmlText()
    p.feed(s)
    p.close()
    return "".join(p.parts)


def drawio_models(root):
    if local(root.tag) == "mxGraphModel":
        yield root
        return
    for d in root.iter():
        if local(d.tag) != "diagram":
            continue
        model = next((c for c in d if local(c.tag) == "mxGraphModel"), None)
        if model is not None:
            yield model
        elif (d.text or "").strip():
            raw = zlib.decompress(base64.b64decode(d.text.strip()), -15)
            yield ET.fromstring(urllib.parse.unquote(raw.decode("utf-8")))


def drawio_reference(path):
    words = Words()
    for model in drawio_models(ET.parse(path).getroot()):
        cells = []  # (id, parent, label, style)
        for e in model.iter():
            name = local(e.tag)
            if name in ("object", "UserObject"):
                cell = next((c for c in e if local(c.tag) == "mxCell"), None)
                label = e.get("label", "")
                if e.get("placeholders") == "1":
                    label = re.sub(r"%(\w+)%", lambda m: e.get(m.group(1), m.group(0)), label)
                cells.append((e.get("id"), cell.get("parent") if cell is not None else None,
                              label, cell.get("style", "") if cell is not None else ""))
            elif name == "mxCell" and e.get("id") is not None:
                cells.append((e.get("id"), e.get("parent"), e.get("value", ""),
                              e.get("style", "")))
        roots = {cid for cid, parent, _, _ in cells if parent is None}
        for cid, parent, label, style in cells:
            if parent is None or parent in roots or not label:
                continue
            if re.search(r"(^|;)html=1", style):
                label = html_to_text(label)
            words.add_text(label)
    return words


def text_reference(path):
    with open(path, "rb") as f:
        data = f.read()
    text = data.decode("utf-8-sig", errors="replace")
    if path.lower().endswith((".md", ".markdown")):
        # A code fence's info string ("```bash") tells a renderer the language; it is
        # Markdown syntax, never shown as text.
        text = MD_FENCE.sub(r"\1", text)
    words = Words()
    words.add_text(text, dehyphenate=True)
    return words


def image_reference(path):
    return tesseract_words(path)


REFERENCES = {"docx": docx_reference, "xlsx": xlsx_reference, "pptx": pptx_reference,
              "svg": svg_reference, "drawio": drawio_reference, IMAGE: image_reference,
              "text": text_reference}


# ---- One file ------------------------------------------------------------------


def kind_of(path):
    ext = os.path.splitext(path)[1].lower()
    if ext == ".pdf":
        return "pdf"
    if ext in IMAGE_EXTS:
        return IMAGE
    if ext in TEXT_EXTS:
        return "text"
    if ext in (".docx", ".xlsx", ".pptx", ".svg", ".drawio"):
        return ext[1:]
    return None


def run_evcov(evcov, path):
    """(Document, "") or (None, evcov's error line)."""
    t0 = time.monotonic()
    p = run([evcov, "extract", path])
    seconds = time.monotonic() - t0
    if p.returncode != 0:
        lines = p.stderr.decode(errors="replace").strip().splitlines()
        # The last line is evcov's own; libraries (poppler) may print before it.
        return None, lines[-1] if lines else "", seconds
    return json.loads(p.stdout), "", seconds


def compare(path, rel, kind, evcov_result, ref, ref_err):
    """One file's figures: rows {row: [words, found, missing, all words, all found]}."""
    doc, err, seconds = evcov_result
    out = {"file": rel, "kind": kind, "rows": {}, "status": "ok", "reason": "",
           "evcov_seconds": round(seconds, 1), "row": PDF_TEXT if kind == "pdf" else kind}
    if doc is None:
        if not re.search(r"\S.*\[\w+\]$", err):
            out["status"] = "fail"
            out["reason"] = "evcov failed without a specific message: %r" % err
        elif ref is None:
            # The reference tool cannot read it either (a password): failing is right,
            # provided evcov says why.
            out["status"], out["reason"] = "error-expected", err
            for prefix in ("evcov: ", path + ": "):
                out["reason"] = out["reason"].removeprefix(prefix)
        else:
            out["status"], out["reason"] = "fail", "evcov failed, the reference read it: " + err
        return out
    if ref is None:
        out["status"] = "fail"
        out["reason"] = "the reference cannot read it (%s) but evcov returned text" % ref_err
        return out

    blocks = doc.get("blocks", [])
    if kind == "pdf":
        by_page = collections.defaultdict(list)
        for b in blocks:
            by_page[b.get("loc", {}).get("page", 0)].append(b["text"])
        texts = {page: "\n".join(t) for page, t in by_page.items()}
    else:
        texts = {0: "\n".join(b["text"] for b in blocks)}
    for page, (row, words, all_words) in ref.items():
        have = evcov_counter(texts.get(page, ""))
        found, missing = match(words, have)
        r = out["rows"].setdefault(row, [0, 0, collections.Counter(), 0, 0])
        r[0] += words.total()
        r[1] += found
        r[2].update(missing)
        r[3] += all_words.total()
        r[4] += found if all_words is words else match(all_words, have)[0]
    if out["rows"]:
        out["row"] = max(out["rows"], key=lambda k: out["rows"][k][0])
    if not any(evcov_counter(t) for t in texts.values()) and any(
            r[0] for r in out["rows"].values()):
        codes = ", ".join(w.get("code", "") for w in doc.get("warnings", []))
        out["status"] = "fail"
        out["reason"] = "no words extracted, the reference has some" + (
            " (warnings: %s)" % codes if codes else "")
    return out


def measure_all(evcov, corpus, files, jobs):
    """Every file, as a pool of tasks: evcov per file, the reference per file, and the
    OCR of each scanned PDF page on its own, longest first, so that the two slowest
    files (a slide deck of scanned pages, both sides OCR'd) do not run one after the
    other on the same worker."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        pdfs = [f for f in files if kind_of(f) == "pdf"]
        text_pages = {}
        for f, fut in [(f, pool.submit(pdf_text_pages, f)) for f in pdfs]:
            try:
                text_pages[f] = fut.result()
            except Exception as e:  # reported per file below
                text_pages[f] = e
        tasks = []  # (cost, key, callable)
        for f in files:
            kind = kind_of(f)
            if kind == "pdf":
                pages = text_pages[f]
                scanned = [] if isinstance(pages, Exception) else [
                    i for i, t in enumerate(pages, start=1) if is_scanned(t)]
                tasks.append((1 + 3 * len(scanned), ("evcov", f), lambda f=f: run_evcov(evcov, f)))
                for i in scanned:
                    tasks.append((3, ("ocr", f, i), lambda f=f, i=i: pdf_page_ocr(f, i)))
            else:
                cost = 3 if kind == IMAGE else 0.1
                tasks.append((cost, ("evcov", f), lambda f=f: run_evcov(evcov, f)))
                tasks.append((cost, ("ref", f), lambda f=f, k=kind: REFERENCES[k](f)))
        tasks.sort(key=lambda t: -t[0])
        futures = {key: pool.submit(fn) for _, key, fn in tasks}

    def outcome(key):
        try:
            return futures[key].result(), ""
        except Exception as e:  # a reference that cannot be read is reported, not fatal
            return None, "%s: %s" % (type(e).__name__, e)

    results = []
    for f in files:
        kind = kind_of(f)
        rel = os.path.relpath(f, corpus)
        evcov_result, err = outcome(("evcov", f))
        if evcov_result is None:
            evcov_result = (None, "", 0.0)  # could not even start: fails below
        if kind == "pdf":
            pages = text_pages[f]
            if isinstance(pages, Exception):
                ref, ref_err = None, str(pages)
            else:
                ocr, ref_err = {}, ""
                for i, t in enumerate(pages, start=1):
                    if is_scanned(t):
                        ocr[i], e = outcome(("ocr", f, i))
                        ref_err = ref_err or e
                ref = None if ref_err else pdf_reference(pages, ocr)
        else:
            words, ref_err = outcome(("ref", f))
            ref = None if words is None else {
                0: (kind,) + (words if isinstance(words, tuple) else (words, words))}
        results.append(compare(f, rel, kind, evcov_result, ref, ref_err))
    return results


# ---- Report --------------------------------------------------------------------


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", nargs="?", default=os.path.join(root, "..", "shared", "corpus"))
    ap.add_argument("--evcov", default=os.path.join(root, "build", "evcov"))
    ap.add_argument("-j", "--jobs", type=int, default=min(2, os.cpu_count() or 1))
    ap.add_argument("--threshold", type=float, default=0.95)
    ap.add_argument("--json", metavar="OUT", help="write the figures as JSON")
    ap.add_argument("--missing", type=int, default=0, metavar="N",
                    help="list each file's N most frequent missing words")
    ap.add_argument("--only", metavar="TEXT", help="only files whose path contains TEXT")
    args = ap.parse_args()

    corpus = os.path.normpath(args.corpus)
    if not os.path.isdir(corpus):
        print("corpus not found: %s (skipped)" % corpus)
        return SKIP
    tools = [t for t in ("pdftotext", "pdftoppm", "tesseract") if not shutil.which(t)]
    if tools:
        print("reference tools missing: %s (skipped; install poppler-utils, tesseract-ocr)"
              % ", ".join(tools))
        return SKIP
    if not os.access(args.evcov, os.X_OK):
        print("evcov binary not found: %s" % args.evcov, file=sys.stderr)
        return 2
    files = []
    for d, dirs, names in os.walk(corpus):
        dirs[:] = sorted(x for x in dirs if x != "licenses")
        if d == corpus:
            continue  # the corpus's README.md and SOURCES.tsv describe it; not documents
        files += [os.path.join(d, n) for n in sorted(names) if kind_of(n)]
    if args.only:
        files = [f for f in files if args.only in os.path.relpath(f, corpus)]

    t0 = time.monotonic()
    results = measure_all(args.evcov, corpus, files, args.jobs)
    wall = time.monotonic() - t0

    rows = {}
    for res in results:
        for name in set(res["rows"]) | {res["row"]}:
            r = rows.setdefault(name, {"files": 0, "ok": 0, "errors": [], "failures": [],
                                       "words": 0, "found": 0, "all_words": 0, "all_found": 0,
                                       "worst": None})
            r["files"] += 1
            if res["status"] == "ok":
                r["ok"] += 1
            elif res["status"] == "error-expected":
                r["errors"].append("%s: %s" % (res["file"], res["reason"]))
            else:
                r["failures"].append("%s: %s" % (res["file"], res["reason"]))
            if name in res["rows"]:
                words, found, _, all_words, all_found = res["rows"][name]
                r["words"] += words
                r["found"] += found
                r["all_words"] += all_words
                r["all_found"] += all_found
                if words and (r["worst"] is None or found / words < r["worst"][1]):
                    r["worst"] = (res["file"], found / words)

    print("| format | files | ok | errors (expected) | reference words | recall "
          "| recall, every OCR word | worst file (recall) |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    failed = False
    summary = []
    for name in sorted(rows, key=lambda k: FORMAT_ORDER.index(k) if k in FORMAT_ORDER else 99):
        r = rows[name]
        recall = r["found"] / r["words"] if r["words"] else None
        all_recall = r["all_found"] / r["all_words"] if r["all_words"] else None
        below = recall is not None and recall < args.threshold
        failed |= below or bool(r["failures"])
        ocr = name in (PDF_OCR, IMAGE)
        print("| %s | %d | %d | %d | %d | %s%s | %s | %s |" % (
            name, r["files"], r["ok"], len(r["errors"]), r["words"],
            "%.3f" % recall if recall is not None else "-", " **below**" if below else "",
            "%.3f (%d words)" % (all_recall, r["all_words"]) if ocr and all_recall else "",
            "%s (%.3f)" % (os.path.basename(r["worst"][0]), r["worst"][1])
            if r["worst"] and r["worst"][1] < 1 else "-"))
        summary.append(dict(format=name, files=r["files"], ok=r["ok"],
                            errors_expected=r["errors"], failures=r["failures"],
                            reference_words=r["words"], found=r["found"], recall=recall,
                            all_ocr_words=r["all_words"], all_ocr_found=r["all_found"],
                            worst_file=r["worst"][0] if r["worst"] else None,
                            worst_recall=r["worst"][1] if r["worst"] else None))
    print()
    for name, r in rows.items():
        for e in r["errors"]:
            print("- error (expected), %s: %s" % (name, e))
        for e in r["failures"]:
            print("- FAILED, %s: %s" % (name, e))
    print("- %d files in %.0f s with %d worker(s); threshold %.2f" % (
        len(results), wall, args.jobs, args.threshold))

    if args.missing:
        print()
        for res in results:
            for name, (words, found, missing, _, _) in sorted(res["rows"].items()):
                if missing:
                    print("%s [%s] %d/%d: %s" % (res["file"], name, found, words, ", ".join(
                        "%s×%d" % (w, n) for w, n in missing.most_common(args.missing))))

    if args.json:
        per_file = [dict(file=r["file"], status=r["status"], reason=r["reason"],
                         evcov_seconds=r["evcov_seconds"],
                         rows={k: dict(reference_words=v[0], found=v[1],
                                       recall=v[1] / v[0] if v[0] else None,
                                       all_ocr_words=v[3], all_ocr_found=v[4],
                                       missing=dict(v[2].most_common(20)))
                               for k, v in r["rows"].items()}) for r in results]
        with open(args.json, "w") as f:
            json.dump(dict(threshold=args.threshold, wall_seconds=round(wall, 1),
                           jobs=args.jobs, formats=summary, files=per_file), f, indent=2,
                      ensure_ascii=False)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
