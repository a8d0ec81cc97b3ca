#!/usr/bin/python3
"""Write the binary documents (PDF, DOCX, one unreadable .doc) of the fictional sample batch.

All companies, people, products and figures below are invented for testing evcov.
Markdown files and applicant.yaml are committed as plain text and are not written here.

Usage:  python3 samples/make_samples.py [--out DIR]     (default: samples/batch next to this file)
Needs:  reportlab and python-docx (Debian: python3-reportlab python3-docx).

Output is deterministic: reportlab runs in invariant mode (fixed dates and document id) and
every DOCX gets fixed core-properties dates and is re-zipped with fixed member timestamps.
"""

import argparse
import datetime
import hashlib
import io
import os
import re
import zipfile

from reportlab import rl_config

rl_config.invariant = 1  # fixed creation date and /ID, so reruns give identical bytes

from reportlab.lib import colors  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.platypus import (  # noqa: E402
    ListFlowable, ListItem, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table,
    TableStyle, XPreformatted,
)

import docx  # noqa: E402
from docx.shared import Cm, Pt  # noqa: E402

FIXED_DT = datetime.datetime(2025, 3, 3, 9, 0, 0)
ZIP_DT = (2025, 3, 3, 9, 0, 0)

# ---------------------------------------------------------------------------------------------
# Tiny document model shared by both writers:
#   ("h1", text) ("h2", text) ("p", text) ("ul", [text..]) ("ol", [text..])
#   ("table", [[cell..]..], [col widths in mm] or None) ("code", text) ("pb",)
# Text may use **bold**; everything else is literal.
# ---------------------------------------------------------------------------------------------


def _pdf_inline(text):
    t = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", t)


class _Doc(SimpleDocTemplate):
    """Adds PDF outline entries for h1/h2 headings."""

    def afterFlowable(self, flowable):
        level = getattr(flowable, "_outline_level", None)
        if level is None:
            return
        key = "h%d" % id(flowable)
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(flowable.getPlainText(), key, level=level, closed=False)


def write_pdf(path, title, author, subject, blocks, footer=None):
    ss = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=ss["BodyText"], fontName="Helvetica", fontSize=10,
                          leading=13.5, spaceAfter=5)
    h1 = ParagraphStyle("h1", parent=ss["Heading1"], fontSize=15, spaceBefore=10, spaceAfter=6,
                        keepWithNext=1)
    h2 = ParagraphStyle("h2", parent=ss["Heading2"], fontSize=12, spaceBefore=8, spaceAfter=4,
                        keepWithNext=1)
    ttl = ParagraphStyle("ttl", parent=ss["Title"], fontSize=19, spaceAfter=4)
    code = ParagraphStyle("code", parent=ss["Code"], fontSize=8, leading=10,
                          backColor=colors.HexColor("#f3f3f3"), borderPadding=4,
                          spaceBefore=4, spaceAfter=8)
    cell = ParagraphStyle("cell", parent=body, fontSize=8.5, leading=11, spaceAfter=0)

    story = [Paragraph(_pdf_inline(title), ttl)]
    for b in blocks:
        kind = b[0]
        if kind in ("h1", "h2"):
            p = Paragraph(_pdf_inline(b[1]), h1 if kind == "h1" else h2)
            p._outline_level = 0 if kind == "h1" else 1
            story.append(p)
        elif kind == "p":
            story.append(Paragraph(_pdf_inline(b[1]), body))
        elif kind in ("ul", "ol"):
            items = [ListItem(Paragraph(_pdf_inline(t), body), leftIndent=14) for t in b[1]]
            story.append(ListFlowable(items, bulletType="bullet" if kind == "ul" else "1",
                                      start=None if kind == "ul" else 1, leftIndent=14,
                                      bulletFontSize=8 if kind == "ul" else 10))
        elif kind == "table":
            rows = [[Paragraph(_pdf_inline(c), cell) for c in r] for r in b[1]]
            widths = [w * mm for w in b[2]] if len(b) > 2 and b[2] else None
            t = Table(rows, colWidths=widths, repeatRows=1)
            t.setStyle(TableStyle([
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dde6ef")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]))
            story += [t, Spacer(1, 6)]
        elif kind == "code":
            story.append(XPreformatted(b[1].replace("&", "&amp;").replace("<", "&lt;")
                                       .replace(">", "&gt;"), code))
        elif kind == "pb":
            story.append(PageBreak())
        else:
            raise ValueError(kind)

    foot = footer or title

    def on_page(canv, doc):
        canv.saveState()
        canv.setFont("Helvetica", 7.5)
        canv.setFillColor(colors.grey)
        canv.drawString(20 * mm, 12 * mm, foot)
        canv.drawRightString(190 * mm, 12 * mm, "Page %d" % doc.page)
        canv.restoreState()

    os.makedirs(os.path.dirname(path), exist_ok=True)
    doc = _Doc(path, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=18 * mm,
               bottomMargin=20 * mm, title=title, author=author, subject=subject,
               creator="make_samples.py", invariant=1)
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)


def _docx_runs(par, text):
    for i, part in enumerate(re.split(r"\*\*(.+?)\*\*", text)):
        if part:
            par.add_run(part).bold = (i % 2 == 1)


def write_docx(path, title, author, subject, blocks):
    d = docx.Document()
    d.styles["Normal"].font.name = "Calibri"
    d.styles["Normal"].font.size = Pt(10)
    for sec in d.sections:  # A4 with 2 cm margins
        sec.page_width, sec.page_height = Cm(21), Cm(29.7)
        sec.left_margin = sec.right_margin = sec.top_margin = sec.bottom_margin = Cm(2)
    d.add_heading(title, level=0)
    for b in blocks:
        kind = b[0]
        if kind == "h1":
            d.add_heading(b[1], level=1)
        elif kind == "h2":
            d.add_heading(b[1], level=2)
        elif kind == "p":
            _docx_runs(d.add_paragraph(), b[1])
        elif kind in ("ul", "ol"):
            for t in b[1]:
                _docx_runs(d.add_paragraph(style="List Bullet" if kind == "ul" else "List Number"), t)
        elif kind == "table":
            rows = b[1]
            t = d.add_table(rows=len(rows), cols=len(rows[0]))
            t.style = "Table Grid"
            for i, r in enumerate(rows):
                for j, c in enumerate(r):
                    cp = t.cell(i, j).paragraphs[0]
                    _docx_runs(cp, "**%s**" % c if i == 0 else c)
            d.add_paragraph()
        elif kind == "code":
            p = d.add_paragraph()
            run = p.add_run(b[1])
            run.font.name = "Courier New"
            run.font.size = Pt(8.5)
        elif kind == "pb":
            d.add_page_break()
        else:
            raise ValueError(kind)

    cp = d.core_properties
    cp.title, cp.author, cp.subject = title, author, subject
    cp.last_modified_by = author
    cp.created = cp.modified = cp.last_printed = FIXED_DT
    cp.revision = 1
    buf = io.BytesIO()
    d.save(buf)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    _rezip(buf.getvalue(), path)


# Optional parts of python-docx's default template, dropped to keep the samples small.
_DROP_PARTS = ("word/stylesWithEffects.xml", "docProps/thumbnail.jpeg")


def _rezip(data, path):
    """Rewrite a zip with fixed member timestamps so the bytes do not depend on the clock,
    leaving out the optional parts in _DROP_PARTS and every reference to them."""
    src = zipfile.ZipFile(io.BytesIO(data))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            if info.filename in _DROP_PARTS:
                continue
            blob = src.read(info.filename)
            if info.filename.endswith(".rels") or info.filename == "[Content_Types].xml":
                text = blob.decode("utf-8")
                for part in _DROP_PARTS:
                    name = re.escape(part.split("/")[-1])
                    text = re.sub(r'<Relationship [^>]*Target="[^"]*%s"[^>]*/>' % name, "", text)
                    text = re.sub(r'<Override [^>]*PartName="/%s"[^>]*/>' % re.escape(part), "", text)
                blob = text.encode("utf-8")
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_DT)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            out.writestr(zi, blob)


def write_unreadable(path, size=3072):
    """A '.doc' that is not an Office file at all: a made-up header and pseudo-random bytes."""
    out = bytearray(b"LGNT\x00\x03\x00\x00kestrel-archive\x00")
    seed = b"kestrel legacy notes"
    while len(out) < size:
        seed = hashlib.sha256(seed).digest()
        out += seed
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(bytes(out[:size]))


# =============================================================================================
# Harbour Lane Software Ltd  (AWS SaaS Competency, builders)
# =============================================================================================

HL_AUTHOR = "Harbour Lane Software Ltd"

HL_SECURITY_SOP = [
    ("p", "**Document:** HLS-SEC-004  |  **Version:** 3.2  |  **Owner:** Ines Marchetti, Head of "
          "Security & Compliance  |  **Approved:** 14 January 2025  |  **Next review:** January 2026"),
    ("h1", "1. Purpose and scope"),
    ("p", "This SOP sets out how Harbour Lane creates, hardens and accesses AWS accounts that we "
          "build for customers. It applies to the Cloud Platform team and to every delivery squad "
          "from the day an engagement's first account is requested until the accounts are handed "
          "over. Deviations need a written exception from the Head of Security & Compliance, "
          "recorded in the security risk register with an expiry date."),
    ("h1", "2. Creating customer accounts"),
    ("h2", "2.1 Account vending and contact details"),
    ("p", "New accounts are created through the customer's AWS Organizations management account, "
          "normally with the Control Tower Account Factory. Where a customer has no organisation "
          "yet, the Cloud Platform team sets one up with a management account, a Log Archive "
          "account and an Audit account before any workload account is vended."),
    ("ul", [
        "The root email address of every account is a customer-owned distribution list on the "
        "customer's corporate domain, in the form aws-root-<workload>-<env>@<customer domain>. "
        "A personal mailbox is never used as the root address.",
        "The billing, operations and security alternate contacts are set to the customer's group "
        "mailboxes (finance, service desk, security) and to the company switchboard phone number. "
        "The values are written into the account register kept in the engagement's Confluence "
        "space.",
        "Every Monday the script hls-acct-check reads the alternate contacts through the Account "
        "Management API and opens a ticket in the HLS-SEC Jira queue if any contact differs from "
        "the register.",
    ]),
    ("h2", "2.2 When the root user may be used"),
    ("p", "The root user is not used for workload activities, deployments or day-to-day "
          "administration. It is reserved for the short list of tasks that only root can perform: "
          "closing the account, changing the account name or root email, restoring access after an "
          "IAM Identity Center lock-out, and enabling features that AWS restricts to root. Each use "
          "needs an HLS-SEC ticket approved by the customer's security contact and by our Head of "
          "Security & Compliance, and is carried out by two people on a recorded call."),
    ("ul", [
        "The root password is a 32-character generated value stored in the Break-Glass vault of "
        "our password manager; opening the vault item notifies the security mailbox.",
        "Root access keys are not created. If one is found, it is deleted within 24 hours and the "
        "finding is reviewed with the customer.",
    ]),
    ("h2", "2.3 MFA on the root user"),
    ("p", "Before any workload is deployed, two FIDO2 hardware security keys (YubiKey 5 NFC) are "
          "registered as MFA devices on the root user of every account. One key is sealed in a "
          "tamper-evident bag in the Bristol office safe and the other is handed to the customer's "
          "security contact. An EventBridge rule in each account matches ConsoleLogin events whose "
          "userIdentity type is Root and sends them to the security SNS topic, which pages the "
          "on-call security engineer through PagerDuty."),
    ("h1", "3. Audit logging"),
    ("p", "CloudTrail is enabled as an organization trail from the management account. The trail "
          "is multi-Region, includes global service events and has log file validation switched "
          "on, so it records API activity in all Regions of every member account, including "
          "Regions we do not use."),
    ("ul", [
        "Log files are delivered to a dedicated S3 bucket, <org>-cloudtrail-archive, in the Log "
        "Archive account. No workload and no other log type writes to this bucket.",
        "The bucket has versioning and S3 Object Lock in compliance mode with a 365-day retention "
        "period, default encryption with a dedicated KMS key, and a bucket policy that denies "
        "s3:DeleteObject, s3:PutBucketPolicy and s3:PutLifecycleConfiguration to every principal "
        "except the LogArchiveAdmin role.",
        "A service control policy denies cloudtrail:StopLogging, cloudtrail:DeleteTrail and "
        "cloudtrail:UpdateTrail in all member accounts.",
        "Objects move to S3 Glacier Flexible Retrieval after 90 days and expire after 7 years.",
    ]),
    ("table", [
        ["Baseline setting", "Value", "Checked by"],
        ["Root MFA", "2 x FIDO2 keys, registered before first deployment", "Cloud Platform lead at account hand-off"],
        ["Root access keys", "None", "AWS Config rule iam-root-access-key-check"],
        ["Alternate contacts", "Customer group mailboxes + switchboard", "hls-acct-check, weekly"],
        ["CloudTrail", "Organization trail, all Regions, log file validation", "AWS Config rule multi-region-cloudtrail-enabled"],
        ["Trail bucket", "Log Archive account, Object Lock 365 days, versioning", "Security Hub, monthly review"],
    ]),
    ("h1", "4. Accessing customer accounts"),
    ("h2", "4.1 Console and command-line access"),
    ("p", "Console access goes through the customer's IAM Identity Center access portal; engineers "
          "pick the account and permission set and the portal opens the AWS Management Console "
          "with a role session. Programmatic access for the AWS CLI and SDKs uses profiles created "
          "with aws configure sso and refreshed with aws sso login. Terraform is never run from a "
          "laptop against staging or production: it runs in the delivery pipeline."),
    ("h2", "4.2 Federation with the customer's identity provider"),
    ("p", "We do not create IAM users in customer accounts. IAM Identity Center is connected to "
          "the customer's existing corporate identity provider (Microsoft Entra ID, Okta or Google "
          "Workspace) over SAML 2.0 with SCIM provisioning, or to AWS Managed Microsoft AD where "
          "the customer already runs it. Access is granted to the customer directory group "
          "HLS-Delivery-<project>, which the customer's IT team owns; removing someone from the "
          "group removes their access on the next sync."),
    ("h2", "4.3 Temporary credentials"),
    ("p", "All access to customer accounts uses IAM roles and short-lived credentials issued by "
          "AWS STS, never long-term access keys. Permission sets have a session duration of "
          "4 hours in non-production accounts and 1 hour in production. The delivery pipeline "
          "assumes its deploy role through GitHub Actions OIDC federation; the role's trust policy "
          "is restricted to the project repository and the main branch, and its credentials "
          "expire after 1 hour. Workloads use ECS task roles and EC2 instance profiles."),
    ("h2", "4.4 Least privilege"),
    ("p", "Permission sets follow least privilege. HLS-ReadOnly is the default; HLS-Developer "
          "exists only in development and test accounts; HLS-ProdOperator allows the operational "
          "actions listed in the platform runbook and nothing else. IAM policies that we write "
          "avoid wildcards in Action and Resource; the only accepted exceptions are List and "
          "Describe actions that do not support resource-level permissions, and each exception is "
          "commented in the Terraform code. Every policy is checked with IAM Access Analyzer "
          "validate-policy in the pipeline, and unused-access findings are reviewed with the "
          "customer every quarter."),
    ("h1", "5. Review"),
    ("p", "The Head of Security & Compliance reviews this SOP every twelve months and after any "
          "security incident in a customer account. The change history is kept in the document "
          "management system."),
]

HL_HANDBOOK = [
    ("p", "**Edition 2025.1** - owner: Callum Ferris, Delivery Director. Applies to all "
          "fixed-scope and time-and-materials build engagements run from our Bristol and Cardiff "
          "studios."),
    ("h1", "1. How an engagement runs"),
    ("p", "We deliver in five phases: Discover (two weeks), Shape (one to two weeks), Build "
          "(two-week sprints), Harden (one sprint) and Handover. Every engagement has a named "
          "project manager from our delivery office who owns the plan, the budget, the RAID log "
          "and the weekly status report, a solutions architect who owns the design, and a tech "
          "lead who owns the code base and the pipeline. The project manager chairs a fortnightly "
          "steering meeting with the customer's sponsor."),
    ("h2", "1.1 Agreeing outcomes"),
    ("p", "In Discover the solutions architect and the project manager run an outcomes workshop "
          "with the customer's product owner. The result is the Outcome Canvas (template "
          "HLS-T02): for each business objective we record today's baseline, the target value, "
          "how and when it will be measured, and who on the customer side owns it. A typical "
          "canvas row reads: 'Reduce time to onboard a new tenant from 3 days to under 15 minutes, "
          "measured from the onboarding workflow logs in the month after launch, owned by the "
          "Head of Customer Success.' The canvas is attached to the SOW."),
    ("h1", "2. Change requests"),
    ("p", "Scope changes are normal; unrecorded scope changes are not. Any request that changes "
          "scope, deliverables, dates or fees follows this procedure, whoever raises it."),
    ("ol", [
        "The requester (customer or Harbour Lane) describes the change on change request form "
        "HLS-F07 in the engagement's Jira CR project: what is wanted, why, who asked and by when.",
        "The project manager logs the request in the change register within one business day "
        "and gives it a number (CR-001, CR-002 ...).",
        "Within three business days the solutions architect and tech lead assess the impact on "
        "scope, effort in person-days, cost, timeline and risk, and record the assessment on the "
        "form.",
        "The customer's sponsor approves, rejects or defers the request in writing. An approved "
        "request becomes a SOW variation signed by both parties; a rejected one stays in the "
        "register with the reason.",
        "The project manager re-baselines the plan and the backlog and reports the change at the "
        "next steering meeting.",
    ]),
    ("p", "Requests under two person-days may be absorbed from the engagement's contingency with "
          "the project manager's approval, but they are still logged in the register."),
    ("h1", "3. Engineering standards"),
    ("h2", "3.1 Source control"),
    ("p", "Code lives in the customer's GitHub organisation. We work trunk-based: short-lived "
          "branches, a pull request for every change, at least one approving review, and a "
          "protected main branch that only accepts merges whose checks are green."),
    ("h2", "3.2 CI/CD pipeline"),
    ("p", "Every pull request triggers a GitHub Actions workflow that runs linting, the unit test "
          "suites (Jest for TypeScript services, pytest for Python workers), integration tests "
          "against a throwaway PostgreSQL container started with Testcontainers, Pact contract "
          "tests between services, the container image build and a Trivy image scan. A pull "
          "request cannot merge if any step fails or line coverage drops below 80%."),
    ("p", "A merge to main deploys automatically to the development account and then to staging. "
          "In staging the pipeline runs the Playwright end-to-end suite (about 180 tests) and a "
          "five-minute k6 smoke load test. Promotion to production is a CodePipeline stage that "
          "waits for the tech lead's approval and then runs a CodeDeploy blue/green deployment "
          "on ECS, shifting traffic after the new task set passes its health checks and rolling "
          "back automatically if the 5xx alarm fires during the 10-minute bake time."),
    ("h2", "3.3 Infrastructure as code"),
    ("p", "All AWS infrastructure is written in Terraform (version 1.7 or later) using our module "
          "library. terraform plan runs on every pull request and its output is posted as a PR "
          "comment; terraform apply runs only from the pipeline, with the deploy role described "
          "in HLS-SEC-004. Engineers have read-only console access in production, so changes "
          "cannot be made by hand. A nightly job runs terraform plan -detailed-exitcode against "
          "each environment and posts any drift to the #platform channel, where the tech lead "
          "either codifies or reverts it the same day. Below is an excerpt of the module we use "
          "for ECS service scaling."),
    ("code", 'resource "aws_appautoscaling_target" "api" {\n'
             '  service_namespace  = "ecs"\n'
             '  resource_id        = "service/${var.cluster_name}/${var.service_name}"\n'
             '  scalable_dimension = "ecs:service:DesiredCount"\n'
             '  min_capacity       = var.min_tasks   # 2 in production\n'
             '  max_capacity       = var.max_tasks   # 16 in production\n'
             '}\n\n'
             'resource "aws_appautoscaling_policy" "cpu" {\n'
             '  name               = "${var.service_name}-cpu-target"\n'
             '  policy_type        = "TargetTrackingScaling"\n'
             '  service_namespace  = aws_appautoscaling_target.api.service_namespace\n'
             '  resource_id        = aws_appautoscaling_target.api.resource_id\n'
             '  scalable_dimension = aws_appautoscaling_target.api.scalable_dimension\n'
             '  target_tracking_scaling_policy_configuration {\n'
             '    target_value = 60\n'
             '    predefined_metric_specification {\n'
             '      predefined_metric_type = "ECSServiceAverageCPUUtilization"\n'
             '    }\n'
             '  }\n'
             '}'),
    ("h1", "4. Release readiness"),
    ("p", "Before the first production launch, and before any release that changes the data "
          "model, the tech lead walks through the readiness checklist with the customer's product "
          "owner. Each item needs evidence, not a tick."),
    ("table", [
        ["Check", "Owner", "Evidence"],
        ["All pipeline test stages green on the release commit", "Tech lead", "Pipeline run link"],
        ["Playwright suite and k6 smoke test passed in staging", "QA engineer", "Test report in the release ticket"],
        ["Database migration rehearsed on a staging copy", "Backend engineer", "Migration log and duration"],
        ["CloudWatch alarms and dashboards deployed for new components", "DevOps engineer", "Terraform plan output"],
        ["Runbook updated for new alarms", "DevOps engineer", "Runbook pull request"],
        ["Rollback tested (blue/green switch back)", "DevOps engineer", "Staging rollback record"],
        ["Customer product owner sign-off", "Project manager", "Signed release note"],
    ], [70, 32, 68]),
    ("h1", "5. Customer satisfaction"),
    ("p", "The project manager sends a four-question CSAT survey to the customer's sponsor and "
          "product owner at the end of Discover, at the MVP milestone and two weeks after launch. "
          "Scores are on a 1-5 scale and any answer of 3 or below triggers a call with the "
          "Delivery Director within a week. In 2024 we collected 23 milestone surveys across nine "
          "engagements with an average score of 4.6; the lowest, 3.5 at one MVP milestone, led to "
          "a change in how we demo work in progress."),
    ("h1", "6. Handover"),
    ("p", "Handover is a sprint, not a meeting. The DevOps engineer delivers the platform runbook, "
          "the tech lead runs three knowledge-transfer sessions (architecture, pipeline, "
          "operations) and the customer's team performs one production deployment and one "
          "restore exercise while we watch. Access for the Harbour Lane group is reduced to "
          "read-only at the end of the 30-day hypercare period."),
]

HL_SOW_TEMPLATE = [
    ("p", "Template HLS-T05, version 4 (SaaS build engagements). Text in [square brackets] is "
          "completed per engagement; everything else is standard wording approved by our legal "
          "counsel and may only be changed with the Delivery Director's agreement."),
    ("h1", "1. Parties and background"),
    ("p", "This Statement of Work is entered into under the Master Services Agreement dated "
          "[MSA date] between Harbour Lane Software Ltd ('Harbour Lane') and [Customer legal "
          "name] ('the Customer'). It describes the design and build of [product name], a "
          "multi-tenant software-as-a-service product hosted in the Customer's AWS accounts."),
    ("h1", "2. Objectives"),
    ("p", "The business objectives, baselines and targets agreed in the outcomes workshop are "
          "recorded in the Outcome Canvas attached as Schedule A."),
    ("h1", "3. Scope"),
    ("h2", "3.1 In scope"),
    ("ul", [
        "Discovery, solution architecture and tenancy design for [product name].",
        "Build of the application services, tenant onboarding workflow and administration "
        "console described in Schedule B.",
        "AWS landing zone set-up for the workload accounts in line with Harbour Lane SOP "
        "HLS-SEC-004.",
        "CI/CD pipeline and Terraform code for all environments.",
    ]),
    ("h2", "3.2 Out of scope"),
    ("ul", [
        "Migration of data from the Customer's existing systems, unless added by change request.",
        "Ongoing operation of the production service after the hypercare period.",
        "Licences for third-party software.",
    ]),
    ("h2", "3.3 Assumptions"),
    ("ul", [
        "The Customer names a product owner available for at least two days per sprint.",
        "The Customer provides AWS Organizations management access or accepts that Harbour Lane "
        "creates the organisation on its behalf.",
    ]),
    ("h1", "4. Deliverables and acceptance criteria"),
    ("table", [
        ["Deliverable", "Description", "Acceptance criteria"],
        ["D1 Solution design", "Architecture, tenancy model, security and data design",
         "Reviewed in a design review with the Customer's architect; no open high-severity comments"],
        ["D2 MVP release", "Features listed in Schedule B, release 1",
         "All Schedule B release 1 acceptance tests pass in staging; no open Severity 1 or 2 defects"],
        ["D3 Production launch", "Production environment live with first tenants",
         "Readiness checklist complete; 7 days in production without a Severity 1 incident"],
        ["D4 Handover pack", "Runbook, pipeline guide, architecture document, training materials",
         "Customer team completes one deployment and one restore exercise using the pack"],
    ]),
    ("h1", "5. Acceptance process"),
    ("p", "When a deliverable is ready Harbour Lane issues an acceptance request. The Customer has "
          "ten (10) business days to test the deliverable against the acceptance criteria in "
          "section 4 and either sign the acceptance certificate or reject the deliverable in "
          "writing, listing each non-conformity with the criteria. Harbour Lane corrects the "
          "listed defects and resubmits, after which a new five-business-day review period "
          "starts. A deliverable is deemed accepted if the Customer neither signs nor rejects it "
          "within the review period, or uses it in production for purposes other than testing."),
    ("h1", "6. Handover responsibilities"),
    ("p", "Harbour Lane is responsible for delivering the handover pack (D4), running three "
          "knowledge-transfer sessions for the Customer's engineering team, supporting the first "
          "production deployment performed by the Customer and providing 30 days of hypercare "
          "support after launch. The Customer is responsible for naming the team that will "
          "operate the service, attending the sessions and taking over ownership of the AWS "
          "accounts, the pipeline credentials and the on-call rota at the end of hypercare. "
          "Harbour Lane access is then reduced to read-only or removed, as the Customer decides."),
    ("h1", "7. Change control"),
    ("p", "Changes to this SOW follow the change request procedure in section 2 of the Harbour "
          "Lane Delivery Handbook; no change is binding until both parties sign a SOW variation."),
    ("h1", "8. Milestones and fees"),
    ("table", [
        ["Milestone", "Target date", "Fee (GBP, excl. VAT)"],
        ["D1 accepted", "[date]", "[amount]"],
        ["D2 accepted", "[date]", "[amount]"],
        ["D3 accepted", "[date]", "[amount]"],
        ["D4 accepted", "[date]", "[amount]"],
    ]),
    ("h1", "9. Signatures"),
    ("p", "For Harbour Lane Software Ltd: ______________________  Date: __________"),
    ("p", "For [Customer legal name]: ______________________  Date: __________"),
]

HL_CASE_FENWICK = [
    ("p", "**Customer:** Fenwick Yard Systems Ltd, Leeds  |  **Product:** SlotWise dock "
          "scheduling  |  **Engagement:** March 2024 - November 2024  |  **Project type:** Build - "
          "Greenfield"),
    ("h1", "The customer and the challenge"),
    ("p", "Fenwick Yard Systems sells yard and dock software to warehouse operators. Its on-site "
          "product could not serve the smaller third-party logistics firms that wanted dock "
          "appointment booking without running servers, so Fenwick needed a multi-tenant SaaS "
          "product it could sell by subscription. Harbour Lane was engaged to design and build "
          "SlotWise from scratch on AWS, a greenfield build, and to hand it over to Fenwick's "
          "own platform team. SlotWise is a B2B SaaS: each tenant is a logistics company, from "
          "single-site 3PLs to national grocery distributors. At the time of writing about 140 "
          "tenants are live in production."),
    ("h1", "Team"),
    ("p", "Dara Quigley was the Harbour Lane project manager for the whole engagement and ran the "
          "plan, budget and steering meetings. Oskar Lindqvist (solutions architect) owned the "
          "design; Femi Adeyemi (tech lead) led two backend engineers, Yuki Brannagh and Sam "
          "Okonjo; Rosa Kettering (DevOps engineer) built the accounts, pipeline and observability; "
          "Hamish Doyle (QA engineer) owned the automated test suites. Technical artefacts "
          "delivered include the solution design document, the product backlog with user "
          "stories, the test strategy and test reports, the Terraform modules and the platform "
          "runbook."),
    ("h1", "Architecture"),
    ("p", "SlotWise runs in eu-west-2 in a VPC with the CIDR 10.40.0.0/16 spread over two "
          "Availability Zones, eu-west-2a and eu-west-2b. Each AZ has a public subnet for the "
          "Application Load Balancer nodes and a NAT gateway, a private application subnet for "
          "ECS tasks and an isolated data subnet for Aurora and ElastiCache. Users reach the "
          "service through CloudFront with AWS WAF attached; the ALB's security group only "
          "accepts traffic from the CloudFront managed prefix list, and the task security group "
          "only accepts traffic from the ALB."),
    ("ul", [
        "**Compute:** the API and the booking engine run as ECS services on Fargate with tasks "
        "in both AZs. Target-tracking auto scaling keeps average CPU at 60% and ALB requests per "
        "target under 400, between a minimum of 2 and a maximum of 16 tasks per service. During "
        "the Black Friday peak in 2024 the booking engine scaled out from 2 to 11 tasks without "
        "intervention.",
        "**Database:** Aurora PostgreSQL with the writer in one AZ and a reader in the other. If "
        "the writer fails, Aurora promotes the reader automatically; in our failover test the "
        "API saw 27 seconds of retried writes and no failed bookings. Read-heavy reporting "
        "queries go to the reader endpoint and hot availability data is cached in ElastiCache "
        "for Redis (Multi-AZ with a replica).",
        "**Asynchronous work:** booking confirmations go through SQS to Lambda functions that "
        "send email through Amazon SES and webhooks to carriers' systems over HTTPS.",
        "**Resilience:** ALB health checks replace unhealthy tasks; losing one AZ leaves the "
        "service running on the other with capacity restored by auto scaling within minutes.",
    ]),
    ("h1", "Tenancy and isolation"),
    ("p", "SlotWise uses a tiered isolation model. Standard and Pro tenants share a pooled "
          "Aurora cluster: every table carries a tenant_id column and PostgreSQL row-level "
          "security policies restrict each session to the tenant_id set from the caller's token, "
          "so a query cannot return another tenant's rows even if application code forgets a "
          "filter. Enterprise tenants get a silo: a dedicated Aurora cluster and KMS key "
          "provisioned by the onboarding workflow. Tenant context comes from Amazon Cognito: the "
          "ID token carries custom:tenant_id, custom:tier and a role claim, and the API "
          "middleware rejects any request whose path tenant differs from the token tenant."),
    ("p", "Such cross-tenant attempts are logged as a structured tenant_mismatch event with both "
          "tenant IDs, the user and the route. A CloudWatch metric filter counts them and an alarm "
          "pages the on-call engineer through PagerDuty on the first occurrence; each one is "
          "reviewed within one business day. Workers that read tenant files from S3 assume an "
          "IAM role with a session tag for the tenant, and the bucket policy only allows access "
          "to the prefix matching that tag."),
    ("h1", "Operating the platform"),
    ("ul", [
        "**APIs:** CloudFront and WAF with the AWS managed rule groups and a rate-based rule of "
        "2,000 requests per five minutes per IP; the API authenticates Cognito JWTs and "
        "authorises each route against the role claim.",
        "**Feature access:** roles (tenant admin, planner, carrier viewer) control screens and "
        "actions; plan-based feature flags in AWS AppConfig switch on Pro and Enterprise "
        "modules. Tenant-specific settings (opening hours, slot length, branding) are stored "
        "as AppConfig configuration profiles per tenant; every change is a new version and "
        "can be rolled back to the previous version from the admin console.",
        "**Per-tenant monitoring and limits:** services publish metrics in CloudWatch embedded "
        "metric format with a TenantId dimension. A per-tenant dashboard shows p95 latency, "
        "bookings and errors, and Fenwick's product team reviews the ten busiest tenants every "
        "month. Standard tenants are limited to 5 docks and 2,000 bookings a month, Pro to 25 "
        "docks and 20,000 bookings; usage is metered daily and the tenant admin is emailed at 80% "
        "of the limit. A per-tenant token bucket in Redis throttles any tenant above 50 requests "
        "per second so one busy tenant cannot starve the others.",
        "**Onboarding and offboarding:** a Step Functions workflow creates the Cognito group, "
        "the tenant record, the AppConfig profile and, for Enterprise, the silo resources; a new "
        "tenant is live in about six minutes. Tenants unpaid for 30 days are suspended; on "
        "cancellation the tenant admin can export data for 30 days and the data is deleted 90 "
        "days after cancellation.",
        "**Support:** tickets arrive in Zendesk with a mandatory tenant ID field; severity 1 "
        "issues are answered within 15 minutes and escalated from Fenwick's first-line team to "
        "the platform on-call engineer.",
        "**Releases:** the pipeline described in our Delivery Handbook builds and tests every "
        "pull request and deploys to production with CodeDeploy blue/green, so releases need "
        "no maintenance window.",
        "**Compliance:** Fenwick holds a SOC 2 Type II report covering SlotWise, renewed by an "
        "annual audit, and signs a GDPR data processing agreement with each tenant.",
    ]),
    ("h1", "Security and recovery"),
    ("p", "The three SlotWise accounts (development, staging, production) were created following "
          "our SOP HLS-SEC-004: root users have hardware MFA and are locked away, alternate "
          "contacts point to Fenwick's group mailboxes, and an organization trail writes to an "
          "Object Lock bucket in Fenwick's Log Archive account. Engineers sign in through IAM "
          "Identity Center federated with Fenwick's Entra ID. With Fenwick's CTO we agreed a "
          "recovery time objective of 1 hour and a recovery point objective of 5 minutes, "
          "covered by Aurora point-in-time recovery and a Terraform rebuild of the stack that we "
          "rehearsed in staging in 52 minutes."),
    ("h1", "Outcome"),
    ("p", "SlotWise launched on schedule in September 2024. Tenant onboarding went from a "
          "three-day manual set-up in the on-site product to about six minutes, and the platform "
          "has met its 99.9% availability target every month since launch."),
]

HL_CASE_MARLOW = [
    ("p", "**Customer:** Marlow & Pike Learning Ltd, Reading  |  **Product:** CourseDock  |  "
          "**Engagement:** June - September 2024"),
    ("h1", "Background"),
    ("p", "Marlow & Pike sells CourseDock, a booking and attendance tool used by corporate "
          "training providers. The product ran as a single-tenant PHP application on a rented "
          "virtual server per customer, which made every upgrade a weekend of manual work. The "
          "goal of this Build engagement was to re-factor CourseDock into one multi-tenant "
          "application hosted on AWS so that new training providers could be added without a new "
          "server. About 35 training companies use the service today."),
    ("h1", "What we built"),
    ("p", "Harbour Lane re-factored the data access layer so that every table carries a "
          "provider_id, and all providers now share one PostgreSQL schema (a pool model). The "
          "ORM adds the provider filter to each query based on the logged-in user's provider."),
    ("p", "The application runs in Docker on one EC2 m6i.large instance in a public subnet in "
          "eu-west-1a, with the database on an RDS for PostgreSQL db.t4g.medium instance in a "
          "private subnet in the same Availability Zone. There is no standby in a second AZ; "
          "RDS takes a daily automated snapshot retained for seven days. Ahead of the January "
          "and September enrolment peaks the instance is resized by hand. Multi-AZ failover for "
          "the database and per-tenant usage dashboards are planned for Q3 of next year."),
    ("p", "A GitHub Actions workflow builds the container image on each push to main and "
          "deploys it to the instance with docker compose over SSM Run Command."),
    ("h1", "Team"),
    ("p", "The engagement was run by Dara Quigley as project manager, with Oskar Lindqvist as "
          "solutions architect and Priya Halloran as full-stack engineer."),
    ("h1", "Results"),
    ("p", "All 35 providers were moved to the shared application over four weekends, and the "
          "monthly hosting bill fell from about GBP 2,900 for separate servers to about GBP 640."),
]

# =============================================================================================
# Kestrel DevOps Pty Ltd  (AWS DevOps Competency 4.0, FTR waiver)
# =============================================================================================

KD_AUTHOR = "Kestrel DevOps Pty Ltd"

KD_STANDARD = [
    ("p", "Standard KDO-STD-02, revision 7, 2 February 2025. Owner: Tamsin Greaves, Head of "
          "Platform Engineering. The key words MUST, SHOULD and MAY are used as in RFC 2119. This "
          "standard applies to every Kestrel engagement in which we build or change a customer's "
          "infrastructure or delivery pipelines."),
    ("h1", "1. Source control"),
    ("ul", [
        "Each customer gets an organisation (GitHub or GitLab) that the customer owns. Kestrel "
        "engineers are added to a kestrel-delivery team with Maintain rights on the engagement "
        "repositories only; admin rights stay with the customer.",
        "Branching is trunk-based. Feature branches SHOULD live less than two days.",
        "main MUST be protected: pull request required, one approval (two for infrastructure "
        "repositories), CODEOWNERS review for /infra and /pipelines, required status checks, no "
        "force pushes, signed commits.",
    ]),
    ("h1", "2. Infrastructure as code"),
    ("p", "Terraform is our default; we use CloudFormation or the CDK where the customer has "
          "already standardised on them. Modules are versioned with semantic versions in the "
          "customer's private module registry. State lives in an encrypted, versioned S3 bucket "
          "per account with DynamoDB locking. Every infrastructure change MUST go through the "
          "pipeline: the production console is read-only for everyone, and a daily drift check "
          "(terraform plan -detailed-exitcode) raises a ticket when the live estate differs from "
          "code. Before we start building, the lead engineer walks the customer's team through "
          "why templated provisioning matters: identical dev, test and production environments, "
          "repeatable rebuilds during an incident, and reviewable changes instead of console "
          "clicks."),
    ("h1", "3. Pipeline"),
    ("p", "Every commit pushed to a pull request, and every merge to main, builds, tests and "
          "packages the change. The stages below are the minimum."),
    ("table", [
        ["Stage", "Tooling", "Gate"],
        ["Build", "CodeBuild (or GitHub Actions runners) - compile, unit tests, package, push image to ECR, SBOM with Syft", "Unit tests pass; coverage >= 75%"],
        ["Static checks", "Semgrep SAST, gitleaks secrets scan, Checkov and cfn-guard on IaC, conftest (OPA) on the Terraform plan", "No high findings"],
        ["Deploy dev", "terraform apply / CodeDeploy", "Automatic"],
        ["Integration", "API tests (Postman/Newman), contract tests", "All pass"],
        ["Deploy staging", "Same artefact as dev", "Automatic"],
        ["Approval", "Change owner approves in CodePipeline", "Manual, production only"],
        ["Deploy prod", "Release model per service (section 4)", "Alarms green during bake"],
    ], [28, 92, 50]),
    ("h2", "3.1 Build capacity"),
    ("p", "Build capacity is provisioned by code like everything else. CodeBuild projects use "
          "on-demand compute (BUILD_GENERAL1_MEDIUM by default) with a concurrency limit of 20 "
          "per account; Docker-heavy builds use a reserved-capacity fleet of 4 instances. Where "
          "self-hosted GitHub runners are needed they run on an EC2 Auto Scaling group of Spot "
          "instances that scales from zero on queued jobs and back to zero after 15 idle "
          "minutes."),
    ("h1", "4. Release models"),
    ("p", "Each service's README records which pre-defined release model it uses, chosen with "
          "the customer's product owner:"),
    ("ul", [
        "**R1 Rolling** - internal services behind an ALB; ECS minimum healthy percent 100, "
        "maximum 200.",
        "**R2 Blue/green** - customer-facing services; CodeDeploy shifts all traffic after "
        "health checks and keeps the old task set for 30 minutes for instant rollback.",
        "**R3 Canary** - Lambda functions; 10% of traffic for 10 minutes, automatic rollback on "
        "the error-rate alarm.",
    ]),
    ("p", "We teach customers to build their own release models in a two-day pipeline clinic: "
          "day one pairs their engineers with ours to take one service through R1 and R2, day two "
          "they design the model for a service of their choice and we review it."),
    ("h1", "5. Policy as code"),
    ("ul", [
        "AWS Config records all supported resource types in every account and Region, giving a "
        "resource inventory and configuration history; an aggregator in the Audit account shows "
        "the whole organisation.",
        "Config rules and the conformance pack 'Operational Best Practices for AWS Well-Architected "
        "Security Pillar' are deployed from Terraform; non-compliant results go to Security Hub.",
        "An EventBridge rule forwards configuration changes to security groups, IAM roles and S3 "
        "bucket policies to the customer's security Slack channel through SNS and AWS Chatbot.",
        "Service control policies and OPA policies live in the customer's policy repository and "
        "are applied by the pipeline; conftest blocks a plan that opens 0.0.0.0/0 on anything "
        "but ports 80 and 443.",
    ]),
    ("h1", "6. Containers and serverless"),
    ("p", "Our default for long-running services is Amazon ECS on Fargate, because it removes "
          "host patching and fits teams new to containers; event-driven work runs on Lambda. We "
          "use EKS only where the customer already runs Kubernetes. We do not propose Elastic "
          "Beanstalk for new workloads: customers who want a managed web platform get AWS App "
          "Runner or ECS with our service template, which keeps the pipeline and Terraform "
          "modules identical across services. Since 2023 we have built and deployed 60+ Fargate "
          "services and 200+ Lambda functions for customers."),
    ("h1", "7. Security in the pipeline"),
    ("p", "Security checks run in the pipeline from the first commit rather than at the end: SAST, "
          "secrets scanning, IaC scanning and image scanning block merges on high findings, and "
          "ECR enhanced scanning re-scans images nightly. Every customer receives our 'Secure "
          "Delivery Onboarding Guide', a 14-page document that explains each check, how to read "
          "its findings and how to request an exception."),
]

KD_SECURITY_SOP = [
    ("p", "KDO-SOP-05 - owner Nell Abernathy, Security Lead - reviewed 20 January 2025."),
    ("h1", "Scope"),
    ("p", "How Kestrel sets up and accesses AWS accounts for customers. Applies to every engineer "
          "and contractor."),
    ("h1", "Account set-up"),
    ("h2", "Root user"),
    ("p", "Nobody uses the root user for workload activities. Root is kept for the tasks only root "
          "can do (account closure, root email change, support plan change). The credentials are "
          "sealed in the customer's password vault; every use needs a change ticket approved by "
          "the customer and is logged. MFA is enabled on the root user of every account with a "
          "hardware security key before the account is handed to a delivery team."),
    ("h2", "Contacts"),
    ("p", "Root email and the alternate contacts (billing, operations, security) are set to "
          "corporate distribution lists on the customer's domain, with the customer's main "
          "office phone number. Personal addresses are not accepted."),
    ("h2", "CloudTrail"),
    ("p", "An organization trail covering all Regions delivers to a dedicated S3 bucket in the "
          "Log Archive account with versioning, Object Lock (governance mode, 1 year) and a "
          "bucket policy that denies deletion; an SCP stops member accounts from disabling it."),
    ("h1", "Access"),
    ("table", [
        ["Topic", "Kestrel practice"],
        ["Identities", "Every Kestrel engineer uses a named identity in the customer's IAM Identity Center; shared credentials are prohibited."],
        ["Federation", "Identity Center is federated with the customer's existing identity provider (Entra ID, Okta) or AWS Managed Microsoft AD."],
        ["Console / CLI", "Console through the access portal; CLI and SDK through aws sso login profiles."],
        ["Temporary credentials", "IAM roles only, sessions of 1 hour in production; no IAM user access keys; pipelines use OIDC to assume roles."],
        ["Least privilege", "Permission sets scoped per role; no wildcards in Action or Resource; IAM Access Analyzer policy checks in CI."],
    ], [40, 130]),
    ("h1", "Network and data"),
    ("ul", [
        "Security groups: only the load balancer accepts traffic from the Internet (443); "
        "application tiers accept traffic only from the security group of the tier in front.",
        "Network ACLs on data subnets allow inbound only from the application subnets' CIDR "
        "ranges and deny all other inbound and outbound traffic.",
        "GuardDuty, VPC Flow Logs and AWS WAF are enabled on every production workload.",
        "Public endpoints terminate TLS 1.2+ with ACM certificates; calls to external APIs use "
        "HTTPS only.",
        "Encryption at rest is on by default: EBS default encryption is enabled per Region, S3 "
        "uses SSE-KMS, and RDS storage is encrypted with customer managed KMS keys that rotate "
        "yearly.",
    ]),
]

KD_CASE_SALTBUSH = [
    ("p", "**Customer:** Saltbush Mutual, Toowoomba (regional insurer)  |  **Engagement:** "
          "April 2024 - January 2025  |  **Project manager:** Marcus Delacroix, Kestrel"),
    ("h1", "Where Saltbush started"),
    ("p", "Saltbush's claims portal ran on EC2 instances built by hand in the console. Releases "
          "happened once a month in a Saturday window after a change ticket had passed the change "
          "advisory board, and a Jenkins server in the Toowoomba data centre ran a handful of "
          "build jobs that nobody wanted to touch. A failed release in late 2023 kept the portal "
          "down for six hours."),
    ("h1", "What we did"),
    ("p", "Marcus Delacroix, our project manager, led a team of three: Rafael Oduya (principal "
          "DevOps engineer), Ana Petrakis (cloud engineer) and Jonah Whitcombe (developer). Over "
          "nine months we replaced the manual process with infrastructure as code and CI/CD on "
          "AWS:"),
    ("ul", [
        "All infrastructure was codified in Terraform modules (network, ECS service, Aurora, "
        "observability) and is applied only by the pipeline. Saltbush's team now creates a "
        "complete test environment from the same templates in 25 minutes.",
        "Jenkins was retired. CodePipeline and CodeBuild build, test and deploy the portal on "
        "every merge, using the R2 blue/green release model.",
        "The portal moved to ECS on Fargate across three Availability Zones behind an ALB, with "
        "Aurora PostgreSQL Multi-AZ; target-tracking auto scaling holds CPU at 55%.",
        "CloudTrail was set up as an organization trail delivering API activity logs to the Log "
        "Archive account. We recommended it because Saltbush's auditors asked, under the "
        "insurer's information-security obligations, who changed what in production, and "
        "because it feeds the pipeline's own audit: every Terraform apply shows up against the "
        "deploy role.",
        "CloudWatch dashboards and alarms cover the golden signals, and AWS X-Ray tracing "
        "through the ADOT collector showed that 70% of quote latency came from a synchronous "
        "call to the legacy rating service; caching its reference data cut p95 quote time from "
        "2.8 s to 0.9 s.",
    ]),
    ("code", 'module "claims_portal" {\n'
             '  source          = "app.terraform.io/saltbush/ecs-service/aws"\n'
             '  version         = "3.4.1"\n'
             '  name            = "claims-portal"\n'
             '  cluster_arn     = module.cluster.arn\n'
             '  subnets         = module.network.private_subnet_ids   # 3 AZs\n'
             '  desired_count   = 3\n'
             '  cpu_target      = 55\n'
             '  release_model   = "blue_green"\n'
             '}'),
    ("h1", "Results"),
    ("table", [
        ["Measure", "Before", "After (Jan 2025)"],
        ["Deployment frequency", "1 per month", "about 35 per week"],
        ["Lead time for changes", "19 days", "1.5 days"],
        ["Change failure rate", "18%", "4%"],
        ["Time to restore service", "6 hours", "40 minutes"],
    ], [60, 50, 60]),
    ("p", "The business impact was felt outside IT: the claims team now gets fixes the same week "
          "they report them, and Saltbush launched online claim lodgement for storm events two "
          "months earlier than planned."),
]


def build(out):
    hl = os.path.join(out, "harbour-lane-software")
    write_docx(os.path.join(hl, "security", "customer-account-security-sop.docx"),
               "Customer AWS Account Security SOP", HL_AUTHOR, "HLS-SEC-004", HL_SECURITY_SOP)
    write_pdf(os.path.join(hl, "delivery", "delivery-handbook.pdf"),
              "Harbour Lane Delivery Handbook", HL_AUTHOR, "Delivery methodology", HL_HANDBOOK,
              footer="Harbour Lane Software Ltd - Delivery Handbook 2025.1 - internal")
    write_docx(os.path.join(hl, "delivery", "templates", "sow-template.docx"),
               "Statement of Work - SaaS Build Engagement", HL_AUTHOR, "Template HLS-T05",
               HL_SOW_TEMPLATE)
    write_pdf(os.path.join(hl, "cases", "fenwick-slotwise", "slotwise-case-study.pdf"),
              "Case study: SlotWise for Fenwick Yard Systems", HL_AUTHOR, "Customer example",
              HL_CASE_FENWICK, footer="Harbour Lane Software Ltd - SlotWise case study")
    write_pdf(os.path.join(hl, "cases", "marlow-pike-coursedock", "coursedock-case-study.pdf"),
              "Case study: CourseDock for Marlow & Pike Learning", HL_AUTHOR, "Customer example",
              HL_CASE_MARLOW, footer="Harbour Lane Software Ltd - CourseDock case study")

    kd = os.path.join(out, "kestrel-devops")
    write_pdf(os.path.join(kd, "standards", "iac-cicd-standard.pdf"),
              "KDO-STD-02 Infrastructure as Code and Delivery Pipeline Standard", KD_AUTHOR,
              "Engineering standard", KD_STANDARD, footer="Kestrel DevOps - KDO-STD-02 rev 7")
    write_docx(os.path.join(kd, "account-security-sop.docx"),
               "AWS Account Security SOP", KD_AUTHOR, "KDO-SOP-05", KD_SECURITY_SOP)
    write_pdf(os.path.join(kd, "cases", "saltbush-mutual", "saltbush-case-study.pdf"),
              "Saltbush Mutual: from change tickets to pipelines", KD_AUTHOR, "Customer example",
              KD_CASE_SALTBUSH, footer="Kestrel DevOps - customer story")
    write_unreadable(os.path.join(kd, "archive", "legacy-notes.doc"))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=os.path.join(here, "batch"))
    build(ap.parse_args().out)


if __name__ == "__main__":
    main()
