// Matching and judging mechanisms on small documents written for each case:
// negated and deferred passages, a table-only criterion, a diagram-only
// criterion, per-example scope with one example lacking a criterion, waivers,
// applicability and manual controls.
#include "pipeline/judge.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "tests/test_util.h"

namespace evcov {
namespace {

const char* kChecklist = R"(<?xml version="1.0"?>
<checklist schema="1" id="unit-1" title="Unit" version="1">
  <section title="Practice" group="practice" waived-by="ftr">
    <control id="ACC-001" title="Root account" scope="practice">
      <requirement>Root protected.</requirement>
      <criterion id="mfa" label="MFA on root"><terms>@mfa</terms><terms>@root</terms></criterion>
      <criterion id="trail" label="CloudTrail in all regions"><terms>@cloudtrail</terms><terms>all regions|every region</terms></criterion>
    </control>
    <control id="OPS-001" title="Incident handling" scope="practice">
      <requirement>Runbooks, escalation, reviews.</requirement>
      <criterion id="runbook" label="Runbook procedures"><terms>runbook*</terms><terms>procedure*|step*</terms></criterion>
      <criterion id="escalation" label="Escalation path"><terms>escalat*</terms><terms>on-call|pager*</terms></criterion>
      <criterion id="review" label="Post-incident review"><terms>post-incident|postmortem*</terms><terms>review*</terms></criterion>
    </control>
    <control id="DR-001" title="Recovery targets" scope="practice">
      <requirement>RTO and RPO.</requirement>
      <criterion id="targets" label="RTO and RPO targets" concrete="number"><terms>@rto</terms><terms>@rpo</terms></criterion>
    </control>
    <control id="POV-001" title="Presentation" manual="true" manual-reason="Delivered live at the validation session.">
      <requirement>Live.</requirement>
      <criterion id="deck" label="Deck"><terms>overview</terms></criterion>
    </control>
    <control id="CD-001" title="Deployment guide" applies-to="customer-deployed">
      <requirement>Guide.</requirement>
      <criterion id="guide" label="Guide"><terms>deployment guide</terms></criterion>
    </control>
  </section>
  <section title="Examples" group="example" scope="each-example">
    <control id="ARC-001" title="Architecture">
      <requirement>Diagram.</requirement>
      <criterion id="diagram" label="Diagram with subnets" source="diagram"><terms>subnet*</terms></criterion>
      <criterion id="ha" label="High availability"><terms>@multi-az</terms></criterion>
    </control>
    <control id="CUS-001" title="Customer">
      <requirement>Who the customer is.</requirement>
      <criterion id="industry" label="Customer industry" kind="fact"><terms>industry|sector</terms><terms>retail|banking|insurance</terms></criterion>
    </control>
  </section>
</checklist>
)";

class JudgeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::TempDir("judge");
    std::ofstream(dir_ + "/unit-1.xml") << kChecklist;
    auto c =
        LoadChecklistFile(dir_ + "/unit-1.xml", testing::SourceDir() + "/checklists/lexicon.xml");
    ASSERT_TRUE(c.ok()) << c.error().ToString();
    checklist_ = *c;
    applicant_.id = "unit";
    applicant_.deployment = "saas";
  }

  Document& AddDoc(const std::string& rel, const std::string& example, SourceKind source,
                   std::vector<std::pair<BlockKind, std::string>> blocks) {
    auto d = std::make_unique<Document>();
    d->path = rel;
    d->source = source;
    for (auto& [kind, text] : blocks) d->blocks.push_back({kind, text, Locator{.page = 1}});
    docs_.push_back(std::move(d));
    submitted_.push_back({docs_.back().get(), rel, example});
    return *docs_.back();
  }

  std::vector<ControlVerdict> Judge(std::vector<std::string> examples) {
    Matcher m(submitted_, examples, checklist_.cues);
    return JudgeChecklist(checklist_, applicant_, m, examples);
  }

  static const ControlVerdict& Get(const std::vector<ControlVerdict>& v, const std::string& id) {
    for (const auto& c : v) {
      if (c.id == id) return c;
    }
    throw std::runtime_error("no control " + id);
  }

  std::string dir_;
  Checklist checklist_;
  Applicant applicant_;
  std::vector<std::unique_ptr<Document>> docs_;
  std::vector<SubmittedDocument> submitted_;
};

TEST_F(JudgeTest, AllCriteriaShownIsMetWithEvidencePerCriterion) {
  AddDoc(
      "sop.docx", "", SourceKind::kText,
      {{BlockKind::kParagraph, "Hardware MFA is enabled on the root user of every account."},
       {BlockKind::kParagraph, "An organization trail records CloudTrail events in all regions."}});
  auto v = Judge({});
  const auto& acc = Get(v, "ACC-001");
  EXPECT_EQ(acc.status, Status::kMet);
  for (const auto& c : acc.criteria) {
    ASSERT_FALSE(c.evidence.empty()) << c.id;
    EXPECT_EQ(c.evidence.front().file, "sop.docx");
  }
}

TEST_F(JudgeTest, NegatedAndDeferredPassagesAreSetAside) {
  AddDoc("sop.docx", "", SourceKind::kText,
         {{BlockKind::kParagraph, "We do not enforce MFA on the root user today."},
          {BlockKind::kParagraph, "CloudTrail in all regions is planned for Q3 next year."}});
  auto v = Judge({});
  const auto& acc = Get(v, "ACC-001");
  EXPECT_EQ(acc.status, Status::kMissing);
  ASSERT_FALSE(acc.criteria[0].set_aside.empty());
  EXPECT_EQ(acc.criteria[0].set_aside[0].reason, "negated");
  ASSERT_FALSE(acc.criteria[1].set_aside.empty());
  EXPECT_EQ(acc.criteria[1].set_aside[0].reason, "deferred or planned");
}

TEST_F(JudgeTest, AStatementThatSomethingHasNotBeenDoneIsSetAside) {
  // The negation sits far from the terms, and the deferral in the clause after
  // the semicolon: both still qualify the sentence.
  AddDoc("sop.docx", "", SourceKind::kText,
         {{BlockKind::kParagraph,
           "Hardware MFA tokens for the root user of each new account have not been "
           "bought; this is on the security roadmap."}});
  auto v = Judge({});
  const auto& mfa = Get(v, "ACC-001").criteria[0];
  EXPECT_FALSE(mfa.shown);
  ASSERT_FALSE(mfa.set_aside.empty());
  EXPECT_EQ(mfa.set_aside[0].reason, "deferred or planned");
}

TEST_F(JudgeTest, DiagramLabelsShowAPracticeOnlyWhenTheyAreNeighbours) {
  // One page: the terms of the runbook criterion sit in labels far apart.
  AddDoc("platform.drawio", "", SourceKind::kDiagram,
         {{BlockKind::kDiagramLabel, "Runbook bucket"},
          {BlockKind::kDiagramLabel, "Amazon CloudWatch"},
          {BlockKind::kDiagramLabel, "AWS Lambda"},
          {BlockKind::kDiagramLabel, "Amazon SNS"},
          {BlockKind::kDiagramLabel, "AWS Step Functions"}});
  auto far = Judge({});
  EXPECT_FALSE(Get(far, "OPS-001").criteria[0].shown);
  ASSERT_FALSE(Get(far, "OPS-001").criteria[0].set_aside.empty());
  EXPECT_EQ(Get(far, "OPS-001").criteria[0].set_aside[0].reason,
            "named only in separate diagram labels");
  // A shape's label and the note beside it read together.
  AddDoc("ops-flow.drawio", "", SourceKind::kDiagram,
         {{BlockKind::kDiagramLabel, "Runbook: restart procedure"},
          {BlockKind::kDiagramLabel, "Step 1 drain the node, step 2 restart, step 3 verify"}});
  EXPECT_TRUE(Get(Judge({}), "OPS-001").criteria[0].shown);
}

TEST_F(JudgeTest, MostCriteriaShownIsPartialAndNamesWhatIsNeeded) {
  AddDoc("runbook.md", "", SourceKind::kText,
         {{BlockKind::kParagraph,
           "Each runbook lists the procedure step by step, and each step names its owner."},
          {BlockKind::kParagraph,
           "The on-call engineer escalates to the pager rota lead; escalation is logged."}});
  auto v = Judge({});
  const auto& ops = Get(v, "OPS-001");
  EXPECT_EQ(ops.status, Status::kPartial);
  ASSERT_EQ(ops.still_needed.size(), 1u);
  EXPECT_EQ(ops.still_needed[0], "Post-incident review");
}

TEST_F(JudgeTest, OneCriterionOfSeveralIsMissingButItsEvidenceIsKept) {
  // What incidental topic words give: one criterion of three, or one of two.
  AddDoc("deck.pptx", "", SourceKind::kSlides,
         {{BlockKind::kParagraph,
           "Each runbook lists the procedure step by step, and each step names its owner."},
          {BlockKind::kParagraph, "Hardware MFA is enabled on the root user of every account."}});
  auto v = Judge({});
  const auto& ops = Get(v, "OPS-001");
  EXPECT_EQ(ops.status, Status::kMissing);
  EXPECT_TRUE(ops.criteria[0].shown);
  EXPECT_FALSE(ops.criteria[0].evidence.empty());
  EXPECT_EQ(Get(v, "ACC-001").status, Status::kMissing);
}

TEST_F(JudgeTest, CriteriaShownOnlyInSeparateDocumentsArePartial) {
  AddDoc("mfa-note.md", "", SourceKind::kText,
         {{BlockKind::kParagraph, "Hardware MFA is enabled on the root user of every account."}});
  AddDoc(
      "logging.md", "", SourceKind::kText,
      {{BlockKind::kParagraph, "An organization trail records CloudTrail events in all regions."}});
  auto v = Judge({});
  const auto& acc = Get(v, "ACC-001");
  EXPECT_EQ(acc.status, Status::kPartial);
  EXPECT_TRUE(acc.criteria[0].shown);
  EXPECT_TRUE(acc.criteria[1].shown);
  ASSERT_EQ(acc.still_needed.size(), 1u);
  EXPECT_NE(acc.still_needed[0].find("One document that shows every criterion"), std::string::npos);
}

TEST_F(JudgeTest, TableRowShowsACriterionAndAFigureIsRequired) {
  AddDoc(
      "dr.xlsx", "", SourceKind::kSpreadsheet,
      {{BlockKind::kTableRow,
        "Billing API | RTO 4 hours (recovery time objective) | RPO 15 minutes (recovery point)"}});
  EXPECT_EQ(Get(Judge({}), "DR-001").status, Status::kMet);
}

TEST_F(JudgeTest, RecoveryTargetsWithoutAFigureDoNotCount) {
  AddDoc("dr.docx", "", SourceKind::kText,
         {{BlockKind::kParagraph, "We discuss RTO and RPO with every customer."}});
  auto verdicts = Judge({});
  const auto& dr = Get(verdicts, "DR-001");
  EXPECT_EQ(dr.status, Status::kMissing);
  ASSERT_FALSE(dr.criteria[0].set_aside.empty());
  EXPECT_EQ(dr.criteria[0].set_aside[0].reason, "no figure given");
}

TEST_F(JudgeTest, DiagramCriterionNeedsADiagramAndEveryExampleCounts) {
  AddDoc("cases/alpha/arch.drawio", "alpha", SourceKind::kDiagram,
         {{BlockKind::kDiagramLabel, "Private subnet A"},
          {BlockKind::kDiagramLabel, "Private subnet B"}});
  AddDoc("cases/alpha/case.pdf", "alpha", SourceKind::kText,
         {{BlockKind::kParagraph,
           "The service runs across two availability zones with automatic failover."}});
  // Beta names subnets only in prose: no diagram shows them, so it shows one
  // criterion of two, which is not yet evidence of the control.
  AddDoc(
      "cases/beta/case.pdf", "beta", SourceKind::kText,
      {{BlockKind::kParagraph, "Workers run in private subnets across three availability zones."}});
  auto v = Judge({"alpha", "beta"});
  const auto& arc = Get(v, "ARC-001");
  EXPECT_EQ(arc.status, Status::kPartial);
  ASSERT_EQ(arc.examples.size(), 2u);
  EXPECT_EQ(arc.examples[0].status, Status::kMet);
  EXPECT_EQ(arc.examples[1].status, Status::kMissing);
  EXPECT_EQ(arc.examples[1].still_needed, std::vector<std::string>{"Diagram with subnets"});
}

TEST_F(JudgeTest, EvidenceInAnotherExamplesFolderDoesNotCount) {
  AddDoc("cases/alpha/arch.png", "alpha", SourceKind::kImage,
         {{BlockKind::kOcrLine, "Public subnet"}});
  AddDoc("cases/alpha/case.pdf", "alpha", SourceKind::kText,
         {{BlockKind::kParagraph, "Aurora Multi-AZ with automatic failover."}});
  auto v = Judge({"alpha", "beta"});
  const auto& arc = Get(v, "ARC-001");
  EXPECT_EQ(arc.examples[1].status, Status::kMissing);
  EXPECT_NE(arc.status, Status::kMet);
}

TEST_F(JudgeTest, SelfAssessmentClaimsExclusionsAndTheCustomersOwnAreNotEvidence) {
  AddDoc(
      "self-assessment.xlsx", "", SourceKind::kSpreadsheet,
      {{BlockKind::kTableRow,
        "ACC-001 | Root MFA and CloudTrail | Met | Hardware MFA on the root user of each account, "
        "organisation trail with CloudTrail in all regions and a locked bucket for the logs"}});
  AddDoc("sop.docx", "", SourceKind::kText,
         {{BlockKind::kParagraph,
           "MFA for the root user is covered by a separate programme and is excluded here."},
          {BlockKind::kParagraph, "Alarms link to the customer's CloudTrail in all regions."}});
  auto verdicts = Judge({});
  const auto& acc = Get(verdicts, "ACC-001");
  EXPECT_EQ(acc.status, Status::kMissing);
  std::set<std::string> reasons;
  for (const auto& c : acc.criteria) {
    for (const auto& s : c.set_aside) reasons.insert(s.reason);
  }
  EXPECT_TRUE(reasons.count("a self-assessment claim, not evidence"));
  EXPECT_TRUE(reasons.count("excluded from scope"));
  EXPECT_TRUE(reasons.count("left to the customer"));
}

TEST_F(JudgeTest, AHeadingAloneDoesNotShowACriterion) {
  auto& d = AddDoc("plan.xlsx", "", SourceKind::kSpreadsheet,
                   {{BlockKind::kTableRow, "Quarterly | Platform team | done"}});
  d.blocks[0].loc.heading_path = {"Hardware MFA on the root user"};
  auto verdicts = Judge({});
  const auto& acc = Get(verdicts, "ACC-001");
  EXPECT_FALSE(acc.criteria[0].shown);
}

TEST_F(JudgeTest, ABareMentionIsPartialNotMet) {
  AddDoc("sop.docx", "", SourceKind::kText,
         {{BlockKind::kParagraph, "We record RTO and RPO of 4 hours for each workload."}});
  auto verdicts = Judge({});
  const auto& dr = Get(verdicts, "DR-001");
  EXPECT_EQ(dr.status, Status::kPartial);
  ASSERT_EQ(dr.still_needed.size(), 1u);
  EXPECT_NE(dr.still_needed[0].find("only mentioned"), std::string::npos);
}

TEST_F(JudgeTest, AFactStatedOnceIsMet) {
  // The same single mention that leaves a practice "only mentioned" is all a
  // stated fact needs.
  AddDoc("cases/alpha/case.pdf", "alpha", SourceKind::kText,
         {{BlockKind::kParagraph, "Alpha is a regional bank (industry: banking)."}});
  auto verdicts = Judge({"alpha"});
  const auto& cus = Get(verdicts, "CUS-001");
  EXPECT_EQ(cus.status, Status::kMet) << cus.reason;
  EXPECT_FALSE(cus.criteria[0].weak);
}

TEST_F(JudgeTest, WaiversApplicabilityAndManualComeFirst) {
  AddDoc("sop.docx", "", SourceKind::kText,
         {{BlockKind::kParagraph,
           "Our deployment guide covers installation; the deployment guide is versioned. "
           "The company overview deck."}});
  applicant_.waivers = {"ftr"};
  auto v = Judge({});
  EXPECT_EQ(Get(v, "ACC-001").status, Status::kWaived);
  EXPECT_NE(Get(v, "ACC-001").reason.find("Foundational Technical Review"), std::string::npos);
  applicant_.waivers = {};
  v = Judge({});
  EXPECT_EQ(Get(v, "POV-001").status, Status::kManual);
  EXPECT_EQ(Get(v, "CD-001").status, Status::kWaived);
  EXPECT_NE(Get(v, "CD-001").reason.find("Not applicable"), std::string::npos);
  applicant_.deployment = "customer-deployed";
  v = Judge({});
  EXPECT_EQ(Get(v, "CD-001").status, Status::kMet) << Get(v, "CD-001").reason;
}

}  // namespace
}  // namespace evcov
