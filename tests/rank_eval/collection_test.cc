#include "bench/rank_eval/collection.h"

#include <doctest/doctest.h>

namespace gazette::eval {
namespace {

// Fixtures written for these tests in the distributions' formats.
constexpr char kTimeAll[] =
    "*TEXT 017 01/04/63 PAGE 020\n"
    "\n"
    "THE FIRST STORY BEGINS HERE .\n"
    "\n"
    "AND GOES ON .\n"
    "\n"
    "*TEXT 431 08/30 63 PAGE 026\n"
    "\n"
    "A SECOND STORY .\n"
    "\n"
    "*STOP\n";

constexpr char kTimeQue[] =
    "*FIND      1\n"
    "\n"
    " FIRST QUERY ON\n"
    "\n"
    "TWO LINES .\n"
    "\n"
    "*FIND      2\n"
    "\n"
    " SECOND .\n"
    "\n"
    "*STOP\n";

TEST_CASE("TIME parser numbers documents by position and reads dates") {
  const auto docs = ParseTimeDocuments(kTimeAll);
  REQUIRE(docs.size() == 2);
  CHECK(docs[0].docno == "1");
  CHECK(docs[0].date == "1963-01-04");
  CHECK(docs[0].title.empty());
  CHECK(docs[0].body == "THE FIRST STORY BEGINS HERE .\nAND GOES ON .");
  CHECK(docs[1].docno == "2");
  CHECK(docs[1].date == "1963-08-30");  // the irregular "08/30 63" header
  CHECK(docs[1].body == "A SECOND STORY .");

  CHECK_THROWS_AS(ParseTimeDocuments("stray\n*TEXT 1 01/01/63\n"), FormatError);
  CHECK_THROWS_AS(ParseTimeDocuments("*TEXT 017 PAGE 020\nX\n"), FormatError);
}

TEST_CASE("TIME parser reads queries and judgments") {
  const auto topics = ParseTimeTopics(kTimeQue);
  REQUIRE(topics.size() == 2);
  CHECK(topics[0].id == "1");
  CHECK(topics[0].text == "FIRST QUERY ON TWO LINES .");
  CHECK(topics[1].text == "SECOND .");

  const Qrels qrels = ParseTimeQrels("1  268 288\n\n2  326\n");
  REQUIRE(qrels.size() == 2);
  CHECK(qrels.at("1") == Judgments{{"268", 1}, {"288", 1}});
  CHECK(qrels.at("2") == Judgments{{"326", 1}});
}

TEST_CASE("CACM parser takes the title paragraph, date and body") {
  const EvalDocument doc = ParseCacmDocument(
      "CACM-0042",
      "<html>\n<pre>\n\n\nA Method for\nSorting Tapes\n\n"
      "We describe a method.\n\nCACM March, 1962\n\nSmith, J.\n\n"
      "CA620311 JB March 20, 1978  9:02 PM\n\n12\t5\t42\n\n</pre>\n</html>\n");
  CHECK(doc.docno == "CACM-0042");
  CHECK(doc.title == "A Method for Sorting Tapes");
  CHECK(doc.date == "1962-03-01");
  CHECK(doc.body ==
        "We describe a method.\n\nCACM March, 1962\n\nSmith, J.\n\n"
        "CA620311 JB March 20, 1978  9:02 PM\n\n12\t5\t42");

  const EvalDocument undated = ParseCacmDocument(
      "CACM-0001", "<html>\n<pre>\n\nTitle Only\n\n</pre>\n</html>\n");
  CHECK(undated.title == "Title Only");
  CHECK(undated.date.empty());
  CHECK(undated.body.empty());
  // Dates as irregular as the distribution's: any case, comma or not.
  CHECK(ParseCacmDocument("CACM-0003", "T\n\nCACM JUly, 1968\n").date ==
        "1968-07-01");
  CHECK(ParseCacmDocument("CACM-0004", "T\n\nCACM July 1973\n").date ==
        "1973-07-01");
  CHECK_THROWS_AS(ParseCacmDocument("CACM-0002", "<html>\n<pre>\n\n</pre>\n"),
                  FormatError);
}

TEST_CASE("TREC topic and qrels parsers read Anserini's files") {
  const auto topics = ParseTrecTopics(
      "<DOC>\n<DOCNO> 1 </DOCNO>\n\n What about TSS (Time Sharing),\n"
      "an OS?\n\n</DOC>\n<DOC>\n<DOCNO> 2 </DOCNO>\n Two\n</DOC>\n");
  REQUIRE(topics.size() == 2);
  CHECK(topics[0].id == "1");
  CHECK(topics[0].text == "What about TSS (Time Sharing), an OS?");
  CHECK(topics[1].id == "2");
  CHECK(topics[1].text == "Two");

  const Qrels qrels =
      ParseTrecQrels("1 Q0 CACM-1410 1\n1 Q0 CACM-1572 2\n3 0 CACM-0001 0\n");
  CHECK(qrels.at("1") == Judgments{{"CACM-1410", 1}, {"CACM-1572", 2}});
  CHECK(qrels.at("3") == Judgments{{"CACM-0001", 0}});
  CHECK_THROWS_AS(ParseTrecQrels("1 Q0\n"), FormatError);
}

TEST_CASE("converted articles carry date and title headers") {
  const EvalDocument doc{"CACM-0042", "1962-03-01", "Sorting Tapes",
                         "We describe."};
  CHECK(ToGazetteArticle(doc) ==
        "date: 1962-03-01\ntitle: Sorting Tapes\n\nWe describe.\n");
  CHECK(ToPlainText(doc) == "date 1962-03-01\nSorting Tapes\n\nWe describe.\n");
  CHECK(ToGazetteArticle({"7", "", "", "BODY ."}) == "\nBODY .\n");
}

}  // namespace
}  // namespace gazette::eval
