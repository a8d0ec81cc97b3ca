// Checklists as data: every seed control transcribed in order, malformed files
// rejected with file + control + reason, and pinned scope/waiver facts.
#include "pipeline/checklist.h"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "tests/test_util.h"

namespace evcov {
namespace {

struct SeedPair {
  const char* id;
  const char* seed;
};

const SeedPair kSeeds[] = {
    {"aws-saas-2025-02", "000_a5136845fee201cb.txt"},
    {"aws-smb-2025-08", "001_eeea3dc2315abe7b.txt"},
    {"aws-data-analytics-7.1", "002_9dbd367913552317.txt"},
    {"aws-financial-services-3.0", "003_8ae35ebb4bef3e53.txt"},
    {"aws-devops-4.0", "004_4162bd667be039fc.txt"},
};

std::vector<std::string> SeedControlIds(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  static const std::regex kHeading(R"((^|\n)[\s\-\u2022•]*([A-Z]{2,8}-[0-9]{3}) - )");
  std::vector<std::string> ids;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kHeading);
       it != std::sregex_iterator(); ++it) {
    ids.push_back((*it)[2].str());
  }
  return ids;
}

const Control* Find(const Checklist& c, const std::string& id) {
  for (const auto& k : c.controls) {
    if (k.id == id) return &k;
  }
  return nullptr;
}

bool Waives(const Control& c, const std::string& w) {
  return std::find(c.waived_by.begin(), c.waived_by.end(), w) != c.waived_by.end();
}

class ChecklistFiles : public ::testing::TestWithParam<SeedPair> {};

TEST_P(ChecklistFiles, SameControlIdsInSameOrderAsSeed) {
  std::string seed = testing::SharedDir() + "/seeds/" + GetParam().seed;
  if (!std::filesystem::exists(seed)) GTEST_SKIP() << "seeds not present";
  auto checklist = LoadChecklist(testing::SourceDir(), GetParam().id);
  ASSERT_TRUE(checklist.ok()) << checklist.error().ToString();
  std::vector<std::string> ids;
  for (const auto& c : checklist->controls) ids.push_back(c.id);
  auto seed_ids = SeedControlIds(seed);
  ASSERT_GT(seed_ids.size(), 30u);
  EXPECT_EQ(ids, seed_ids);
  for (const auto& c : checklist->controls) {
    EXPECT_FALSE(c.criteria.empty()) << c.id;
    EXPECT_FALSE(c.requirement.empty()) << c.id;
  }
}

INSTANTIATE_TEST_SUITE_P(All, ChecklistFiles, ::testing::ValuesIn(kSeeds), [](const auto& info) {
  std::string n = info.param.id;
  for (auto& c : n) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return n;
});

TEST(ChecklistFacts, SaasScopesManualAndWaivers) {
  auto c = LoadChecklist(testing::SourceDir(), "aws-saas-2025-02");
  ASSERT_TRUE(c.ok()) << c.error().ToString();
  EXPECT_TRUE(Find(*c, "POV-001")->manual);
  EXPECT_TRUE(Find(*c, "POV-004")->manual);
  EXPECT_FALSE(Find(*c, "POV-002")->manual);
  EXPECT_TRUE(Waives(*Find(*c, "PRJ-003"), "ftr"));
  EXPECT_TRUE(Waives(*Find(*c, "CSN-002"), "services-competency"));
  EXPECT_TRUE(Waives(*Find(*c, "DOC-001"), "wafr"));
  EXPECT_EQ(Find(*c, "DOC-001")->scope, Scope::kEachExample);
  EXPECT_EQ(Find(*c, "SAASTA-019")->scope, Scope::kMinExamples);
  EXPECT_EQ(Find(*c, "SAASTA-019")->min_examples, 2);
  EXPECT_TRUE(Find(*c, "ACCT-001")->example_evidence);
}

TEST(ChecklistFacts, SmbApplicabilityAndSoftwareWaiver) {
  auto c = LoadChecklist(testing::SourceDir(), "aws-smb-2025-08");
  ASSERT_TRUE(c.ok()) << c.error().ToString();
  EXPECT_EQ(Find(*c, "DOC-002")->applies_to, std::vector<std::string>{"customer-deployed"});
  EXPECT_EQ(Find(*c, "AWSAPI-004")->applies_to, std::vector<std::string>{"customer-deployed"});
  EXPECT_TRUE(Waives(*Find(*c, "SUP-001"), "software-competency"));
  EXPECT_FALSE(Waives(*Find(*c, "UCR-001"), "software-competency"));
  EXPECT_EQ(Find(*c, "UCR-001")->scope, Scope::kEachExample);
}

TEST(ChecklistFacts, MspWaiversWhereTheSeedSaysSo) {
  auto fs = LoadChecklist(testing::SourceDir(), "aws-financial-services-3.0");
  ASSERT_TRUE(fs.ok()) << fs.error().ToString();
  EXPECT_TRUE(Waives(*Find(*fs, "PRSEC-001"), "msp"));
  EXPECT_TRUE(Waives(*Find(*fs, "EXOPE-001"), "msp"));
  EXPECT_FALSE(Waives(*Find(*fs, "DOC-001"), "msp"));
  auto da = LoadChecklist(testing::SourceDir(), "aws-data-analytics-7.1");
  ASSERT_TRUE(da.ok()) << da.error().ToString();
  EXPECT_TRUE(Waives(*Find(*da, "PRID-002"), "msp"));
  EXPECT_TRUE(Waives(*Find(*da, "EXMON-001"), "msp"));
  auto devops = LoadChecklist(testing::SourceDir(), "aws-devops-4.0");
  ASSERT_TRUE(devops.ok()) << devops.error().ToString();
  EXPECT_EQ(Find(*devops, "PRMLO-003")->scope, Scope::kMinExamples);
  EXPECT_TRUE(Waives(*Find(*devops, "POV-002"), "ftr"));
  // The applicant.yaml contract: a WAFR replaces the common customer-example
  // evidence (DOC, ACCT, OPE, NETSEC, REL, COST) in every services checklist.
  for (const auto* list : {&*fs, &*da, &*devops}) {
    EXPECT_TRUE(Waives(*Find(*list, "NETSEC-001"), "wafr")) << list->id;
    EXPECT_FALSE(Waives(*Find(*list, "POV-002"), "wafr")) << list->id;
  }
}

// Writes a checklist file with `control_xml` inside one section.
std::string WriteChecklist(const std::string& name, const std::string& control_xml) {
  std::string dir = testing::TempDir("checklist");
  std::string path = dir + "/" + name + ".xml";
  std::ofstream(path) << "<?xml version=\"1.0\"?>\n<checklist schema=\"1\" id=\"" << name
                      << "\" title=\"T\" version=\"1\"><section title=\"S\" group=\"practice\">"
                      << control_xml << "</section></checklist>\n";
  return path;
}

std::string Lexicon() { return testing::SourceDir() + "/checklists/lexicon.xml"; }

TEST(ChecklistLoader, RejectsMalformedFilesWithFileControlAndReason) {
  auto no_criteria = LoadChecklistFile(
      WriteChecklist("t1",
                     "<control id=\"ABC-001\" title=\"X\"><requirement>r</requirement></control>"),
      Lexicon());
  ASSERT_FALSE(no_criteria.ok());
  EXPECT_EQ(no_criteria.error().kind, ErrorKind::kInvalid);
  EXPECT_NE(no_criteria.error().file.find("t1.xml"), std::string::npos);
  EXPECT_NE(no_criteria.error().message.find("ABC-001"), std::string::npos);
  EXPECT_NE(no_criteria.error().message.find("no criteria"), std::string::npos);

  auto unknown_concept = LoadChecklistFile(
      WriteChecklist("t2",
                     "<control id=\"ABC-002\" title=\"X\"><criterion id=\"a\" label=\"A\">"
                     "<terms>@no-such-concept</terms></criterion></control>"),
      Lexicon());
  ASSERT_FALSE(unknown_concept.ok());
  EXPECT_NE(unknown_concept.error().message.find("unknown concept @no-such-concept"),
            std::string::npos);

  auto bad_scope = LoadChecklistFile(
      WriteChecklist("t3",
                     "<control id=\"ABC-003\" title=\"X\" scope=\"sometimes\"><criterion id=\"a\" "
                     "label=\"A\"><terms>x</terms></criterion></control>"),
      Lexicon());
  ASSERT_FALSE(bad_scope.ok());
  EXPECT_NE(bad_scope.error().message.find("unknown scope 'sometimes'"), std::string::npos);

  auto not_xml = LoadChecklistFile(WriteChecklist("t4", "<control id=\"ABC-004\""), Lexicon());
  ASSERT_FALSE(not_xml.ok());
  EXPECT_EQ(not_xml.error().kind, ErrorKind::kInvalid);
}

TEST(ChecklistLoader, UnknownChecklistIdNamesTheKnownOnes) {
  auto c = LoadChecklist(testing::SourceDir(), "aws-nonexistent-1.0");
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message.find("aws-saas-2025-02"), std::string::npos);
}

TEST(CompileTerms, StemsPhrasesAndPrefixes) {
  auto terms = CompileTerms("Runbooks|recovery time objective|encrypt*");
  ASSERT_EQ(terms.size(), 3u);
  EXPECT_EQ(terms[0].stems, std::vector<std::string>{"runbook"});
  EXPECT_EQ(terms[1].stems.size(), 3u);
  EXPECT_TRUE(terms[2].prefix);
  EXPECT_EQ(terms[2].stems, std::vector<std::string>{"encrypt"});
}

}  // namespace
}  // namespace evcov
