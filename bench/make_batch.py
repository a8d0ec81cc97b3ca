#!/usr/bin/python3
"""Write a synthetic, entirely fictional evcov batch for benchmarking.

Usage:
  /usr/bin/python3 bench/make_batch.py --out DIR [--applicants 20] [--files 15] [--seed 1]
                                       [--scan-pages 2] [--tiny] [--manifest FILE]

DIR gets one folder per applicant (applicant.yaml choosing one of the checklists in
checklists/, practice documents in a few sub-folders, customer examples in cases/<example>/).
Each applicant gets --files documents, cycling through every format evcov reads:
text PDF (reportlab), scanned PDF (text rendered to a grayscale image with PIL, placed on an
image-only PDF page with reportlab), DOCX (python-docx), XLSX (openpyxl), PPTX (minimal
PresentationML written with zipfile), PNG architecture diagram with text labels (PIL), SVG,
draw.io XML and Markdown. --tiny writes short documents and small images (for the 100-applicant
scaling run). --manifest writes one line per document, "<path relative to DIR>\t<kind>", with
kind one of text-pdf, scan-pdf, image, docx, xlsx, pptx, svg, drawio, md: the benchmark uses it
to send each file to its reference tool.

The text is generated, never copied: sentences are built from the checklists' own term groups
(so a sentence can show a criterion and matching does real work), from decoys the judge must set
aside (plans, negations), and from filler drawn from word lists of AWS services, security and
operations vocabulary. Every company, person and figure is invented.

Output depends only on the arguments: one random.Random(seed), reportlab in invariant mode,
fixed dates in OOXML core properties and fixed zip member timestamps.
Needs (Debian): python3-reportlab python3-docx python3-openpyxl python3-pil fonts-dejavu-core.
"""

import argparse
import datetime
import io
import os
import random
import re
import sys
import xml.etree.ElementTree as ET
import zipfile
from xml.sax.saxutils import escape, quoteattr

from reportlab import rl_config

rl_config.invariant = 1  # fixed creation date and /ID: reruns give identical bytes

from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.lib.utils import ImageReader  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402
from reportlab.platypus import (  # noqa: E402
    ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle,
)

import docx  # noqa: E402
import openpyxl  # noqa: E402
from PIL import Image, ImageDraw, ImageFont  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXED_DT = datetime.datetime(2025, 3, 3, 9, 0, 0)
ZIP_DT = (2025, 3, 3, 9, 0, 0)
FONT_DIR = "/usr/share/fonts/truetype/dejavu"

# ---------------------------------------------------------------------------------------------
# Word lists (domain vocabulary for filler and names).
# ---------------------------------------------------------------------------------------------

SERVICES = [
    "Amazon EC2", "Amazon S3", "AWS Lambda", "Amazon RDS", "Amazon Aurora", "Amazon DynamoDB",
    "AWS CloudTrail", "Amazon CloudWatch", "AWS Config", "Amazon GuardDuty", "AWS Security Hub",
    "IAM Identity Center", "AWS Organizations", "AWS Control Tower", "AWS KMS",
    "AWS Secrets Manager", "AWS Systems Manager", "AWS CodePipeline", "AWS CodeBuild",
    "AWS CloudFormation", "Amazon EKS", "Amazon ECS", "AWS Fargate", "Amazon API Gateway",
    "Amazon Route 53", "Amazon CloudFront", "AWS WAF", "AWS Backup", "AWS Step Functions",
    "Amazon SQS", "Amazon SNS", "Amazon EventBridge", "Amazon Kinesis", "AWS Glue",
    "Amazon Athena", "Amazon Redshift", "Amazon QuickSight", "AWS Lake Formation",
    "Amazon SageMaker", "Amazon OpenSearch Service", "AWS X-Ray", "Amazon ElastiCache",
    "Elastic Load Balancing", "AWS Transit Gateway", "Amazon VPC", "AWS Cost Explorer",
]
VERBS = [
    "monitors", "encrypts", "deploys", "replicates", "audits", "rotates", "provisions",
    "scales", "backs up", "isolates", "tags", "routes", "archives", "validates", "patches",
]
OBJECTS = [
    "application logs", "tenant data", "build artefacts", "customer workloads", "access keys",
    "container images", "database snapshots", "network traffic", "billing records",
    "deployment manifests", "configuration drift", "API requests", "event streams",
    "service quotas", "TLS certificates", "cost allocation tags", "on-call rotations",
]
TEAMS = ["platform", "security", "delivery", "operations", "data", "finance", "support", "SRE"]
WHEN = [
    "every night", "before each release", "during onboarding", "once a quarter",
    "after every incident", "on each pull request", "at month end", "within the change window",
    "as part of the weekly review", "whenever a new account is vended",
]
FIGURES = [
    "within 15 minutes", "for 90 days", "at 99.95% availability", "every 24 hours",
    "with an RTO of 4 hours", "with an RPO of 15 minutes", "for 400 tenants", "in 3 regions",
    "below 250 ms at p99", "for 12 months", "across 40 accounts", "at 70% CPU",
]
INTROS = [
    "Our runbook states that", "In every engagement", "The delivery handbook requires that",
    "As documented in the standard,", "For this customer", "Across the practice",
    "The operations team confirms that", "Our architecture review checks that",
    "During the last audit we showed that", "The project plan records that",
]
GLUE = ["together with", "alongside", "using", "backed by", "through", "with", "covering"]
DECOYS = [
    "{t} is planned for Q3 and not yet in place.",
    "We do not currently use {t}.",
    "{t} is out of scope for this engagement.",
    "{t}: TBD.",
    "The customer is responsible for {t}.",
]
ADJ = [
    "Ardent", "Basalt", "Cobalt", "Drift", "Ember", "Fathom", "Granite", "Harbour", "Iris",
    "Juniper", "Kestrel", "Lumen", "Meridian", "Northwind", "Obsidian", "Pinnacle", "Quarry",
    "Rivet", "Saltmarsh", "Tidewater", "Umber", "Vantage", "Willow", "Yarrow", "Zephyr",
]
NOUN = [
    "Cloud", "Stack", "Signal", "Harbor", "Forge", "Beacon", "Lattice", "Summit", "Current",
    "Anchor", "Circuit", "Compass", "Foundry", "Quill", "Relay", "Vector",
]
SUFFIX = ["Consulting", "Software", "Labs", "Partners", "Systems", "Technologies", "Group"]
CUSTOMERS = [
    "Bramble Health", "Copperline Freight", "Dunmore Insurance", "Eastgate Retail",
    "Fernhill Energy", "Goldcrest Media", "Hollowbrook Bank", "Ironbark Logistics",
    "Jasper Learning", "Kingfisher Travel", "Larchmont Games", "Mossvale Pharma",
]
FOLDERS = ["security", "delivery", "operations", "sales", "training", "governance"]
TITLES = {
    "security": ["Account Security Standard", "Identity and Access Runbook", "Encryption Policy"],
    "delivery": ["Delivery Methodology", "Statement of Work Template", "Change Procedure"],
    "operations": ["Operations Runbook", "Monitoring Guide", "Incident Response Plan"],
    "sales": ["Practice Overview", "Customer References", "Offering Catalogue"],
    "training": ["Training Plan", "Certification Tracker", "Enablement Handbook"],
    "governance": ["Cost Governance Guide", "Tagging Standard", "Architecture Review Record"],
    "case": ["Case Study", "Solution Design", "Project Closure Report", "Architecture"],
}

# Order in which formats are handed out; --files N takes the first N of the cycle.
FORMAT_CYCLE = ["text-pdf", "docx", "xlsx", "md", "pptx", "scan-pdf", "image", "svg", "drawio",
                "text-pdf", "md", "docx", "text-pdf", "pptx", "xlsx"]
TINY_CYCLE = ["md", "text-pdf", "docx", "xlsx", "image", "svg", "pptx", "drawio", "scan-pdf"]
EXTENSIONS = {"text-pdf": "pdf", "scan-pdf": "pdf", "docx": "docx", "xlsx": "xlsx",
              "pptx": "pptx", "image": "png", "svg": "svg", "drawio": "drawio", "md": "md"}

# ---------------------------------------------------------------------------------------------
# Checklists: the term groups of every criterion, concepts expanded.
# ---------------------------------------------------------------------------------------------


# A term ending in '*' matches a word prefix ("encrypt*"); write a whole word that has it.
PREFIX_ENDINGS = [("polic", "ies"), ("it", "y"), ("tr", "ies"), ("at", "ion"), ("ul", "ing"),
                  ("e", "s")]


def _whole_word(alt):
    alt = alt.strip()
    if not alt.endswith("*"):
        return alt
    alt = alt.rstrip("*")
    for ending, suffix in PREFIX_ENDINGS:
        if alt.endswith(ending):
            return alt + suffix
    return alt + "s"


def _split_terms(text, concepts):
    out = []
    for alt in text.split("|"):
        alt = alt.strip()
        if not alt:
            continue
        if alt.startswith("@"):
            out.extend(concepts.get(alt[1:], []))
        else:
            out.append(_whole_word(alt))
    return [a for a in out if a]


def load_checklists(directory):
    """{id: {"practice": [criterion], "example": [criterion], "diagram": [criterion]}}.
    A criterion is {"groups": [[alternative..]..], "mins": [n..], "number": bool}."""
    concepts = {}
    lexicon = ET.parse(os.path.join(directory, "lexicon.xml")).getroot()
    for c in lexicon.iter("concept"):
        concepts[c.get("id")] = [_whole_word(a) for a in (c.text or "").split("|") if a.strip()]
    result = {}
    for name in sorted(os.listdir(directory)):
        if not name.endswith(".xml") or name == "lexicon.xml":
            continue
        root = ET.parse(os.path.join(directory, name)).getroot()
        local = dict(concepts)
        for c in root.findall("concept"):
            local[c.get("id")] = _split_terms(c.text or "", concepts)
        pools = {"practice": [], "example": [], "diagram": []}
        for section in root.iter("section"):
            for control in section.iter("control"):
                scope = control.get("scope") or section.get("scope") or "practice"
                for crit in control.findall("criterion"):
                    groups, mins = [], []
                    for t in crit.findall("terms"):
                        alts = _split_terms(t.text or "", local)
                        if alts:
                            groups.append(alts)
                            mins.append(int(t.get("min", "1")))
                    if not groups:
                        continue
                    entry = {"groups": groups, "mins": mins,
                             "number": crit.get("concrete") == "number"}
                    if crit.get("source") == "diagram":
                        pools["diagram"].append(entry)
                    elif scope == "practice":
                        pools["practice"].append(entry)
                    else:
                        pools["example"].append(entry)
        result[root.get("id")] = pools
    return result


# ---------------------------------------------------------------------------------------------
# Text generation.
# ---------------------------------------------------------------------------------------------


class Writer:
    """Generates sentences for one applicant's checklist from one random stream."""

    def __init__(self, rng, pools, coverage):
        self.rng = rng
        self.pools = pools
        self.coverage = coverage  # probability that a sentence shows a criterion

    def terms_for(self, crit):
        picked = []
        for alts, n in zip(crit["groups"], crit["mins"]):
            picked.extend(self.rng.sample(alts, min(n, len(alts))))
        return picked

    def shows(self, pool):
        crit = self.rng.choice(self.pools[pool] or self.pools["practice"])
        terms = self.terms_for(crit)
        words = [self.rng.choice(INTROS), terms[0]]
        for t in terms[1:]:
            words += [self.rng.choice(GLUE), t]
        words += [self.rng.choice(GLUE), self.rng.choice(SERVICES)]
        if crit["number"] or self.rng.random() < 0.3:
            words.append(self.rng.choice(FIGURES))
        return " ".join(words) + "."

    def filler(self):
        r = self.rng
        return "%s %s %s for the %s team %s." % (r.choice(SERVICES), r.choice(VERBS),
                                                 r.choice(OBJECTS), r.choice(TEAMS),
                                                 r.choice(WHEN))

    def decoy(self, pool):
        crit = self.rng.choice(self.pools[pool] or self.pools["practice"])
        t = " ".join(self.terms_for(crit)[:2])
        s = self.rng.choice(DECOYS).format(t=t)
        return s[0].upper() + s[1:]

    def sentence(self, pool):
        x = self.rng.random()
        if x < self.coverage:
            return self.shows(pool)
        if x < self.coverage + 0.08:
            return self.decoy(pool)
        return self.filler()

    def paragraph(self, pool, n=None):
        n = n or self.rng.randint(2, 4)
        return " ".join(self.sentence(pool) for _ in range(n))

    def heading(self):
        r = self.rng
        return "%s %s" % (r.choice(["Managing", "Operating", "Securing", "Reviewing", "Scaling",
                                    "Automating", "Recovering"]), r.choice(OBJECTS))

    def label(self, pool):
        """A short diagram label: one term of a criterion, or a service name."""
        if self.pools[pool] and self.rng.random() < 0.6:
            crit = self.rng.choice(self.pools[pool])
            return self.rng.choice(crit["groups"][0])[:28]
        return self.rng.choice(SERVICES)

    def document(self, pool, title, sections):
        """Blocks: ("h1"|"h2"|"p", text), ("ul", [text]), ("table", [[cell]])."""
        blocks = [("h1", title)]
        for _ in range(sections):
            blocks.append(("h2", self.heading()))
            for _ in range(self.rng.randint(1, 3)):
                blocks.append(("p", self.paragraph(pool)))
            kind = self.rng.random()
            if kind < 0.3:
                blocks.append(("ul", [self.sentence(pool) for _ in range(self.rng.randint(2, 4))]))
            elif kind < 0.45:
                rows = [["Item", "Owner", "Evidence"]]
                for _ in range(self.rng.randint(2, 4)):
                    rows.append([self.rng.choice(SERVICES), self.rng.choice(TEAMS).title(),
                                 self.sentence(pool)])
                blocks.append(("table", rows))
        return blocks


# ---------------------------------------------------------------------------------------------
# Writers, one per format.
# ---------------------------------------------------------------------------------------------


def _rezip(data, path):
    """Rewrites an OOXML zip with fixed member timestamps and fixed core-property dates, so the
    bytes do not depend on the clock."""
    src = zipfile.ZipFile(io.BytesIO(data))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                stamp = FIXED_DT.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
                body = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + stamp,
                              body)
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_DT)
            zi.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(zi, body)


def _fixed_zip(path, members):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, body in members:
            zi = zipfile.ZipInfo(name, date_time=ZIP_DT)
            zi.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(zi, body)


def write_text_pdf(path, blocks, author):
    ss = getSampleStyleSheet()
    body = ParagraphStyle("b", parent=ss["BodyText"], fontSize=10, leading=13.5, spaceAfter=5)
    cell = ParagraphStyle("c", parent=body, fontSize=8.5, leading=11, spaceAfter=0)
    styles = {"h1": ss["Title"], "h2": ss["Heading2"], "p": body}
    story = []
    for b in blocks:
        if b[0] in styles:
            story.append(Paragraph(escape(b[1]), styles[b[0]]))
        elif b[0] == "ul":
            story.append(ListFlowable([ListItem(Paragraph(escape(t), body)) for t in b[1]],
                                      bulletType="bullet"))
        elif b[0] == "table":
            data = [[Paragraph(escape(c), cell) for c in row] for row in b[1]]
            t = Table(data, colWidths=[45 * mm, 25 * mm, 100 * mm])
            t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, (0.6, 0.6, 0.6)),
                                   ("VALIGN", (0, 0), (-1, -1), "TOP")]))
            story += [t, Spacer(1, 6)]
    doc = SimpleDocTemplate(path, pagesize=A4, title=blocks[0][1], author=author,
                            leftMargin=20 * mm, rightMargin=20 * mm)
    doc.build(story)


def _wrap(draw, text, font, width):
    lines, line = [], ""
    for word in text.split():
        trial = (line + " " + word).strip()
        if draw.textlength(trial, font=font) <= width or not line:
            line = trial
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def write_scan_pdf(path, blocks, pages, dpi, rng):
    """Image-only PDF: each page is the text rendered to a grayscale A4 bitmap at `dpi`, with
    a slight tilt-free noise-free 'photocopy' look (no text layer at all)."""
    w, h = int(8.27 * dpi), int(11.69 * dpi)
    scale = dpi / 72.0
    fonts = {"h1": ImageFont.truetype(os.path.join(FONT_DIR, "DejaVuSans-Bold.ttf"),
                                      int(16 * scale)),
             "h2": ImageFont.truetype(os.path.join(FONT_DIR, "DejaVuSans-Bold.ttf"),
                                      int(12 * scale)),
             "p": ImageFont.truetype(os.path.join(FONT_DIR, "DejaVuSerif.ttf"), int(10.5 * scale))}
    margin = int(0.9 * dpi)
    lines = []  # (kind, text)
    for b in blocks:
        if b[0] in ("h1", "h2", "p"):
            lines.append((b[0], b[1]))
        elif b[0] == "ul":
            lines += [("p", "- " + t) for t in b[1]]
        elif b[0] == "table":
            lines += [("p", "   ".join(row)) for row in b[1]]
    images, i = [], 0
    for _ in range(pages):
        img = Image.new("L", (w, h), 255)
        draw = ImageDraw.Draw(img)
        y = margin
        while i < len(lines):
            kind, text = lines[i]
            font = fonts[kind]
            wrapped = _wrap(draw, text, font, w - 2 * margin)
            step = int(font.size * 1.35)
            if y + step * len(wrapped) > h - margin:
                break
            for ln in wrapped:
                draw.text((margin, y), ln, fill=rng.randint(0, 40), font=font)
                y += step
            y += step // 2
            i += 1
        images.append(img)
    c = canvas.Canvas(path, pagesize=A4)
    for img in images:
        c.drawImage(ImageReader(img), 0, 0, width=A4[0], height=A4[1])
        c.showPage()
    c.save()


def write_docx(path, blocks, author):
    d = docx.Document()
    for b in blocks:
        if b[0] == "h1":
            d.add_heading(b[1], level=1)
        elif b[0] == "h2":
            d.add_heading(b[1], level=2)
        elif b[0] == "p":
            d.add_paragraph(b[1])
        elif b[0] == "ul":
            for t in b[1]:
                d.add_paragraph(t, style="List Bullet")
        elif b[0] == "table":
            t = d.add_table(rows=len(b[1]), cols=len(b[1][0]))
            t.style = "Table Grid"
            for r, row in enumerate(b[1]):
                for c, text in enumerate(row):
                    t.cell(r, c).text = text
    cp = d.core_properties
    cp.author, cp.title = author, blocks[0][1]
    cp.created = cp.modified = cp.last_printed = FIXED_DT
    buf = io.BytesIO()
    d.save(buf)
    _rezip(buf.getvalue(), path)


def write_xlsx(path, w, pool, rows, author):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Self-Assessment"
    ws.append(["Ref", "Requirement", "Partner response", "Evidence location"])
    for i in range(rows):
        ws.append(["R-%03d" % (i + 1), w.heading(), w.sentence(pool),
                   "%s, section %d" % (w.rng.choice(FOLDERS), w.rng.randint(1, 9))])
    ws2 = wb.create_sheet("Metrics")
    ws2.append(["Service", "Metric", "Threshold", "Action"])
    for _ in range(max(3, rows // 3)):
        ws2.append([w.rng.choice(SERVICES), w.rng.choice(["p99 latency", "error rate", "CPU",
                                                          "queue depth", "5xx count"]),
                    w.rng.randint(1, 500), w.filler()])
    wb.properties.creator = author
    wb.properties.created = wb.properties.modified = FIXED_DT
    buf = io.BytesIO()
    wb.save(buf)
    _rezip(buf.getvalue(), path)


_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_EMU = 12700  # per point


def _shape(sid, name, x, y, cx, cy, paragraphs, title=False):
    ph = '<p:nvPr><p:ph type="title"/></p:nvPr>' if title else "<p:nvPr/>"
    paras = "".join('<a:p><a:r><a:rPr lang="en-GB"/><a:t>%s</a:t></a:r></a:p>' % escape(t)
                    for t in paragraphs)
    return ('<p:sp><p:nvSpPr><p:cNvPr id="%d" name=%s/><p:cNvSpPr/>%s</p:nvSpPr>'
            '<p:spPr><a:xfrm><a:off x="%d" y="%d"/><a:ext cx="%d" cy="%d"/></a:xfrm></p:spPr>'
            '<p:txBody><a:bodyPr/><a:lstStyle/>%s</p:txBody></p:sp>'
            % (sid, quoteattr(name), ph, x * _EMU, y * _EMU, cx * _EMU, cy * _EMU, paras))


def write_pptx(path, slides):
    """Minimal PresentationML: every shape has its own position, so no layout or master is
    needed to read it. `slides` is [(title, [bullet..], notes or None)]."""
    n = len(slides)
    types = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
             'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
             '<Override PartName="/ppt/presentation.xml" ContentType="application/vnd.'
             'openxmlformats-officedocument.presentationml.presentation.main+xml"/>']
    for i in range(1, n + 1):
        types.append('<Override PartName="/ppt/slides/slide%d.xml" ContentType="application/'
                     'vnd.openxmlformats-officedocument.presentationml.slide+xml"/>' % i)
    types.append("</Types>")
    members = [("[Content_Types].xml", "".join(types)),
               ("_rels/.rels",
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="%s">'
                '<Relationship Id="rId1" Type="%s/officeDocument" Target="ppt/presentation.xml"/>'
                "</Relationships>" % (_REL, _R))]
    ids = "".join('<p:sldId id="%d" r:id="rId%d"/>' % (255 + i, i) for i in range(1, n + 1))
    members.append(("ppt/presentation.xml",
                    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                    '<p:presentation xmlns:a="%s" xmlns:r="%s" xmlns:p="%s"><p:sldIdLst>%s'
                    '</p:sldIdLst><p:sldSz cx="12192000" cy="6858000"/>'
                    '<p:notesSz cx="6858000" cy="9144000"/></p:presentation>' % (_A, _R, _P, ids)))
    rels = "".join('<Relationship Id="rId%d" Type="%s/slide" Target="slides/slide%d.xml"/>'
                   % (i, _R, i) for i in range(1, n + 1))
    members.append(("ppt/_rels/presentation.xml.rels",
                    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                    '<Relationships xmlns="%s">%s</Relationships>' % (_REL, rels)))
    for i, (title, bullets, _notes) in enumerate(slides, 1):
        shapes = _shape(2, "Title", 40, 20, 880, 60, [title], title=True)
        shapes += _shape(3, "Body", 40, 100, 880, 400, bullets)
        members.append(("ppt/slides/slide%d.xml" % i,
                        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                        '<p:sld xmlns:a="%s" xmlns:r="%s" xmlns:p="%s"><p:cSld><p:spTree>'
                        '<p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/>'
                        '</p:nvGrpSpPr><p:grpSpPr/>%s</p:spTree></p:cSld></p:sld>'
                        % (_A, _R, _P, shapes)))
    _fixed_zip(path, members)


def write_md(path, blocks):
    out = []
    for b in blocks:
        if b[0] == "h1":
            out += ["# " + b[1], ""]
        elif b[0] == "h2":
            out += ["## " + b[1], ""]
        elif b[0] == "p":
            out += [b[1], ""]
        elif b[0] == "ul":
            out += ["- " + t for t in b[1]] + [""]
        elif b[0] == "table":
            out.append("| " + " | ".join(b[1][0]) + " |")
            out.append("|" + "---|" * len(b[1][0]))
            out += ["| " + " | ".join(row) + " |" for row in b[1][1:]]
            out.append("")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out))


def diagram(w, pool, boxes):
    """A diagram as data: [(label, x, y)] on a 4-column grid plus edges between neighbours."""
    nodes = []
    for i in range(boxes):
        nodes.append((w.label(pool) if i % 2 else w.label("diagram"), i % 4, i // 4))
    edges = [(i, i + 1) for i in range(boxes - 1) if (i + 1) % 4]
    edges += [(i, i + 4) for i in range(boxes - 4)]
    return nodes, edges


BOX_W, BOX_H, GAP_X, GAP_Y, PAD = 340, 110, 60, 90, 40


def _box_xy(col, row):
    return PAD + col * (BOX_W + GAP_X), PAD + 60 + row * (BOX_H + GAP_Y)


def write_png(path, title, nodes, edges):
    rows = max(r for _, _, r in nodes) + 1
    width = 2 * PAD + 4 * BOX_W + 3 * GAP_X  # 1580 px: wide enough that evcov does not upscale
    height = PAD + 60 + rows * (BOX_H + GAP_Y) + PAD
    img = Image.new("RGB", (width, height), "white")
    d = ImageDraw.Draw(img)
    f_title = ImageFont.truetype(os.path.join(FONT_DIR, "DejaVuSans-Bold.ttf"), 34)
    f_label = ImageFont.truetype(os.path.join(FONT_DIR, "DejaVuSans.ttf"), 24)
    d.text((PAD, PAD // 2), title, fill="black", font=f_title)
    for a, b in edges:
        (xa, ya), (xb, yb) = _box_xy(*nodes[a][1:]), _box_xy(*nodes[b][1:])
        d.line([(xa + BOX_W // 2, ya + BOX_H // 2), (xb + BOX_W // 2, yb + BOX_H // 2)],
               fill=(90, 90, 90), width=3)
    for label, col, row in nodes:
        x, y = _box_xy(col, row)
        d.rounded_rectangle([x, y, x + BOX_W, y + BOX_H], 12, fill=(232, 240, 254),
                            outline=(35, 47, 62), width=3)
        lines = _wrap(d, label, f_label, BOX_W - 24)[:2]
        for k, ln in enumerate(lines):
            d.text((x + 12, y + 22 + k * 34), ln, fill="black", font=f_label)
    img.save(path, optimize=False)


def write_svg(path, title, nodes, edges):
    rows = max(r for _, _, r in nodes) + 1
    width = 2 * PAD + 4 * BOX_W + 3 * GAP_X
    height = PAD + 60 + rows * (BOX_H + GAP_Y) + PAD
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d">' % (width, height),
           "<title>%s</title>" % escape(title)]
    for a, b in edges:
        (xa, ya), (xb, yb) = _box_xy(*nodes[a][1:]), _box_xy(*nodes[b][1:])
        out.append('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#555"/>'
                   % (xa + BOX_W // 2, ya + BOX_H // 2, xb + BOX_W // 2, yb + BOX_H // 2))
    for label, col, row in nodes:
        x, y = _box_xy(col, row)
        out.append('<g><rect x="%d" y="%d" width="%d" height="%d" rx="12" fill="#e8f0fe" '
                   'stroke="#232f3e"/><text x="%d" y="%d" font-size="20">%s</text></g>'
                   % (x, y, BOX_W, BOX_H, x + 12, y + 40, escape(label)))
    out.append("</svg>")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


def write_drawio(path, title, nodes, edges):
    cells = ['<mxCell id="0"/>', '<mxCell id="1" parent="0"/>']
    for i, (label, col, row) in enumerate(nodes):
        x, y = _box_xy(col, row)
        cells.append('<mxCell id="n%d" value=%s style="rounded=1;whiteSpace=wrap;" vertex="1" '
                     'parent="1"><mxGeometry x="%d" y="%d" width="%d" height="%d" as="geometry"/>'
                     "</mxCell>" % (i, quoteattr(label), x, y, BOX_W, BOX_H))
    for k, (a, b) in enumerate(edges):
        cells.append('<mxCell id="e%d" edge="1" parent="1" source="n%d" target="n%d">'
                     '<mxGeometry relative="1" as="geometry"/></mxCell>' % (k, a, b))
    xml = ('<mxfile host="bench" agent="evcov make_batch.py"><diagram id="d1" name=%s>'
           '<mxGraphModel><root>%s</root></mxGraphModel></diagram></mxfile>\n'
           % (quoteattr(title), "".join(cells)))
    with open(path, "w", encoding="utf-8") as f:
        f.write(xml)


# ---------------------------------------------------------------------------------------------
# Batch layout.
# ---------------------------------------------------------------------------------------------


def slug(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def write_file(kind, path, w, pool, title, author, tiny, scan_pages):
    sections = 2 if tiny else 9
    if kind == "text-pdf":
        write_text_pdf(path, w.document(pool, title, sections), author)
    elif kind == "scan-pdf":
        pages = 1 if tiny else scan_pages
        write_scan_pdf(path, w.document(pool, title, 2 if tiny else 5 * pages), pages, 200,
                       w.rng)
    elif kind == "docx":
        write_docx(path, w.document(pool, title, sections - 2 if not tiny else 2), author)
    elif kind == "xlsx":
        write_xlsx(path, w, pool, 8 if tiny else 45, author)
    elif kind == "md":
        write_md(path, w.document(pool, title, sections - 3 if not tiny else 2))
    elif kind == "pptx":
        slides = [(title, [author, "Confidential: prepared for AWS Partner validation"], None)]
        for _ in range(2 if tiny else 9):
            slides.append((w.heading(), [w.sentence(pool) for _ in range(w.rng.randint(3, 5))],
                           None))
        write_pptx(path, slides)
    else:
        nodes, edges = diagram(w, pool, 4 if tiny else 12)
        {"image": write_png, "svg": write_svg, "drawio": write_drawio}[kind](path, title, nodes,
                                                                            edges)


def make_applicant(root, index, rng, checklists, args):
    adj, noun, suffix = rng.choice(ADJ), rng.choice(NOUN), rng.choice(SUFFIX)
    name = "%s %s %s" % (adj, noun, suffix)
    folder = "a%03d-%s" % (index + 1, slug(adj + " " + noun))
    checklist = sorted(checklists)[index % len(checklists)]
    adir = os.path.join(root, folder)
    os.makedirs(adir)
    yaml = ["# Fictional applicant generated by bench/make_batch.py.",
            "name: %s" % name, "checklist: %s" % checklist]
    if checklist.startswith("aws-saas"):
        yaml += ["category: builders", "deployment: saas"]
    if rng.random() < 0.1:
        yaml.append("waivers: [ftr]")
    with open(os.path.join(adir, "applicant.yaml"), "w", encoding="utf-8") as f:
        f.write("\n".join(yaml) + "\n")

    w = Writer(rng, checklists[checklist], coverage=rng.uniform(0.1, 0.45))
    examples = rng.sample(CUSTOMERS, 1 if args.tiny else 2)
    cycle = TINY_CYCLE if args.tiny else FORMAT_CYCLE
    written = []
    for i in range(args.files):
        kind = cycle[i % len(cycle)]
        # Every third document belongs to a customer example, diagrams mostly so.
        in_case = i % 3 == 2 or (kind in ("image", "svg", "drawio") and rng.random() < 0.5)
        if in_case:
            customer = examples[i % len(examples)]
            sub = os.path.join("cases", slug(customer))
            title = "%s %s" % (customer, rng.choice(TITLES["case"]))
            pool = "example"
        else:
            sub = rng.choice(FOLDERS)
            title = "%s %s" % (adj, rng.choice(TITLES[sub]))
            pool = "practice"
        if kind in ("image", "svg", "drawio"):
            title = "%s architecture" % (title if in_case else adj + " reference")
        os.makedirs(os.path.join(adir, sub), exist_ok=True)
        rel = os.path.join(sub, "%02d-%s.%s" % (i + 1, slug(title), EXTENSIONS[kind]))
        write_file(kind, os.path.join(adir, rel), w, pool, title, name, args.tiny,
                   args.scan_pages)
        written.append((os.path.join(folder, rel), kind))
    return written


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True, help="batch folder to create (must not exist)")
    ap.add_argument("--applicants", type=int, default=20)
    ap.add_argument("--files", type=int, default=15, help="documents per applicant")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--scan-pages", type=int, default=2, help="pages per scanned PDF")
    ap.add_argument("--tiny", action="store_true", help="short documents, small images")
    ap.add_argument("--checklists", default=os.path.join(REPO, "checklists"))
    ap.add_argument("--manifest", help="write '<relative path>\\t<kind>' lines here")
    args = ap.parse_args()
    if os.path.exists(args.out):
        sys.exit("make_batch.py: %s already exists; give a new folder" % args.out)
    checklists = load_checklists(args.checklists)
    rng = random.Random(args.seed)
    os.makedirs(args.out)
    manifest = []
    for i in range(args.applicants):
        manifest += make_applicant(args.out, i, rng, checklists, args)
    if args.manifest:
        with open(args.manifest, "w", encoding="utf-8") as f:
            f.writelines("%s\t%s\n" % m for m in manifest)
    print("make_batch.py: %d applicants, %d files in %s" % (args.applicants, len(manifest),
                                                             args.out))


if __name__ == "__main__":
    main()
