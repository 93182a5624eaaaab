// rank_eval: measures Gazette's ranking on the TIME and CACM test
// collections against Xapian's omindex+quest, in one run, and prints one
// table. bench/rank-eval builds and runs it; README.md, "Ranking quality",
// shows the numbers.
#include <unistd.h>

#include <boost/program_options.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "bench/rank_eval/collection.h"
#include "bench/rank_eval/like_eval.h"
#include "bench/rank_eval/metrics.h"
#include "bench/rank_eval/quest_output.h"
#include "common/search/ranking.h"
#include "gazette/searcher.h"
#include "tests/support/test_support.h"

namespace po = boost::program_options;
namespace fs = std::filesystem;
using namespace gazette;
using namespace gazette::eval;

namespace {

struct Options {
  fs::path data;
  fs::path work;
  std::vector<std::string> collections;
  std::string indexer;
  bool baseline = true;
  bool reuse = false;
  std::vector<std::string> systems;  // empty: all
  bool json = false;
  bool like = false;  // evaluate --like instead of the topics' queries
  size_t depth = 1000;
  RankingParams ranking;
};

// A failure that ends the run: one line on stderr, exit code 2.
struct Fatal : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string ReadWhole(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Fatal("cannot read " + path.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteWhole(const fs::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  if (!out) throw Fatal("cannot write " + path.string());
}

// posix_spawn wants a path; look the program up as a shell would.
std::string FindProgram(const std::string& name) {
  if (name.find('/') != std::string::npos) return name;
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path ? path : "/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    const fs::path candidate = fs::path(dir.empty() ? "." : dir) / name;
    if (access(candidate.c_str(), X_OK) == 0) return candidate.string();
  }
  return {};
}

testing::RunResult MustRun(const std::vector<std::string>& argv,
                           std::initializer_list<int> ok = {0}) {
  testing::RunResult r = testing::Run(argv);
  if (std::find(ok.begin(), ok.end(), r.exit_code) == ok.end()) {
    std::string command;
    for (const auto& a : argv) command += (command.empty() ? "" : " ") + a;
    throw Fatal(command + " exited with " + std::to_string(r.exit_code) + ": " +
                r.err.substr(0, 500));
  }
  return r;
}

std::optional<Collection> LoadCollection(const std::string& name,
                                         const fs::path& data,
                                         const fs::path& scratch) {
  Collection c;
  c.name = name;
  if (name == "time") {
    const fs::path dir = data / "time";
    if (!fs::exists(dir / "TIME.ALL")) return std::nullopt;
    c.documents = ParseTimeDocuments(ReadWhole(dir / "TIME.ALL"));
    c.topics = ParseTimeTopics(ReadWhole(dir / "TIME.QUE"));
    c.qrels = ParseTimeQrels(ReadWhole(dir / "TIME.REL"));
    return c;
  }
  const fs::path dir = data / "cacm";
  if (!fs::exists(dir / "cacm.tar.gz")) return std::nullopt;
  const fs::path raw = scratch / "raw";
  fs::remove_all(raw);
  fs::create_directories(raw);
  MustRun({FindProgram("tar"), "-xzf", (dir / "cacm.tar.gz").string(), "-C",
           raw.string()});
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(raw)) {
    if (entry.path().extension() == ".html") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) {
    c.documents.push_back(
        ParseCacmDocument(file.stem().string(), ReadWhole(file)));
  }
  c.topics = ParseTrecTopics(ReadWhole(dir / "topics.cacm.txt"));
  c.qrels = ParseTrecQrels(ReadWhole(dir / "qrels.cacm.txt"));
  return c;
}

void WriteTrecRun(const fs::path& path, const Run& run,
                  const std::string& tag) {
  std::ofstream out(path);
  for (const auto& [topic, ranking] : run) {
    const Ranking ordered = TrecOrder(ranking);
    for (size_t i = 0; i < ordered.size(); ++i) {
      out << topic << " Q0 " << ordered[i].doc << ' ' << i + 1 << ' '
          << std::setprecision(10) << ordered[i].score << ' ' << tag << '\n';
    }
  }
  if (!out) throw Fatal("cannot write " + path.string());
}

void WriteTrecQrels(const fs::path& path, const Qrels& qrels) {
  std::ofstream out(path);
  for (const auto& [topic, judgments] : qrels) {
    for (const auto& [doc, grade] : judgments) {
      out << topic << " 0 " << doc << ' ' << grade << '\n';
    }
  }
  if (!out) throw Fatal("cannot write " + path.string());
}

Run RunBaseline(const Collection& c, const fs::path& corpus, const fs::path& db,
                size_t depth) {
  const std::string omindex = FindProgram("omindex");
  const std::string quest = FindProgram("quest");
  if (omindex.empty() || quest.empty()) {
    throw Fatal(
        "omindex and quest not found: run scripts/install-deps.sh bench, or "
        "pass --no-baseline");
  }
  fs::remove_all(db);
  MustRun({omindex, "--db", db.string(), "--url", "/", corpus.string()});
  Run run;
  for (const Topic& topic : c.topics) {
    const auto r = MustRun(
        {quest, "-d", db.string(), "-m", std::to_string(depth), topic.text});
    run[topic.id] = ParseQuestOutput(r.out);
  }
  return run;
}

struct GazetteSystem {
  std::string name;
  SearchRequest request;  // everything but the query
  // Ranking parameters this system sets after --set's.
  std::vector<std::string> settings;
};

// Each system is named by the searcher options that reproduce it.
std::vector<GazetteSystem> GazetteSystems(size_t depth) {
  SearchRequest any;
  any.match_any = true;
  any.limit = depth;
  any.snippet_bytes = 0;
  SearchRequest plain = any;
  plain.match_any = false;
  plain.plain_text = true;
  SearchRequest no_expand = plain;
  no_expand.expand = false;
  return {
      // The ranking Gazette 0.1 had: Xapian's BM25 defaults.
      {"0.1: searcher --any", any, {"k1=1", "k3=1"}},
      {"searcher --any", any, {}},
      {"searcher --plain --no-expand", no_expand, {}},
      // Feedback with Xapian's expansion set rather than the relevance model.
      {"searcher --plain, ESet", plain, {"expand_scheme=trad"}},
      {"searcher --plain", plain, {}},
  };
}

Run RunGazette(const Collection& c, const std::string& db,
               const GazetteSystem& system, RankingParams ranking) {
  for (const std::string& setting : system.settings) {
    const std::string error = SetRankingParam(ranking, setting);
    if (!error.empty()) throw Fatal(system.name + ": " + error);
  }
  Searcher searcher(db, ranking);
  Run run;
  for (const Topic& topic : c.topics) {
    SearchRequest request = system.request;
    request.query = topic.text;
    const SearchResult result = searcher.Search(request);
    Ranking& hits = run[topic.id];
    for (const Hit& hit : result.hits) {
      hits.push_back({fs::path(hit.id).stem().string(), hit.score});
    }
  }
  return run;
}

struct Row {
  std::string collection;
  std::string system;
  Summary all, tune, test;
};

// Topics are split by id: odd ids tune, even ids test.
std::set<std::string> TopicHalf(const Collection& c, bool odd) {
  std::set<std::string> half;
  for (const Topic& t : c.topics) {
    const bool is_odd = std::stoi(t.id) % 2 == 1;
    if (is_odd == odd) half.insert(t.id);
  }
  return half;
}

Row Score(const Collection& c, const std::string& system, const Run& run) {
  return {c.name, system, ScoreRun(run, c.qrels),
          ScoreRun(run, c.qrels, TopicHalf(c, true)),
          ScoreRun(run, c.qrels, TopicHalf(c, false))};
}

void PrintText(const std::vector<Row>& rows, std::ostream& out) {
  out << "Retrieval quality (trec_eval definitions; means over judged "
         "topics;\ntune = odd topic ids, test = even)\n\n";
  out << std::left << std::setw(11) << "collection" << std::setw(31) << "system"
      << std::right << std::setw(7) << "topics" << std::setw(8) << "MAP"
      << std::setw(8) << "P@10" << std::setw(8) << "P@30" << std::setw(9)
      << "nDCG@10" << std::setw(8) << "R@100" << std::setw(10) << "MAP tune"
      << std::setw(10) << "MAP test" << '\n';
  out << std::fixed << std::setprecision(4);
  for (const Row& r : rows) {
    out << std::left << std::setw(11) << r.collection << std::setw(31)
        << r.system << std::right << std::setw(7) << r.all.topics
        << std::setw(8) << r.all.mean.ap << std::setw(8) << r.all.mean.p10
        << std::setw(8) << r.all.mean.p30 << std::setw(9) << r.all.mean.ndcg10
        << std::setw(8) << r.all.mean.recall100 << std::setw(10)
        << r.tune.mean.ap << std::setw(10) << r.test.mean.ap << '\n';
  }
}

nlohmann::json ToJson(const Summary& s) {
  return {{"topics", s.topics},      {"map", s.mean.ap},
          {"p10", s.mean.p10},       {"p30", s.mean.p30},
          {"ndcg10", s.mean.ndcg10}, {"recall100", s.mean.recall100}};
}

void PrintJson(const std::vector<Row>& rows, std::ostream& out) {
  nlohmann::json results = nlohmann::json::array();
  for (const Row& r : rows) {
    results.push_back({{"collection", r.collection},
                       {"system", r.system},
                       {"all", ToJson(r.all)},
                       {"tune", ToJson(r.tune)},
                       {"test", ToJson(r.test)}});
  }
  out << nlohmann::json{{"results", results}}.dump(2) << '\n';
}

void PrintLike(const std::vector<LikeRow>& rows, std::ostream& out) {
  out << "Related articles (searcher --like): each relevant document of a "
         "topic is the seed,\nthe topic's other relevant documents are "
         "judged relevant; means over seeds\n\n";
  out << std::left << std::setw(11) << "collection" << std::setw(34) << "system"
      << std::right << std::setw(7) << "seeds" << std::setw(8) << "MAP"
      << std::setw(8) << "P@10" << std::setw(12) << "ms/seed" << '\n';
  out << std::fixed;
  for (const LikeRow& r : rows) {
    out << std::left << std::setw(11) << r.collection << std::setw(34)
        << r.system << std::right << std::setw(7) << r.seeds
        << std::setprecision(4) << std::setw(8) << r.map << std::setw(8)
        << r.p10 << std::setprecision(2) << std::setw(12) << r.ms << '\n';
  }
}

std::vector<Row> Evaluate(const Options& options,
                          std::vector<LikeRow>& like_rows) {
  std::vector<Row> rows;
  for (const std::string& name : options.collections) {
    const fs::path scratch = options.work / name;
    fs::create_directories(scratch);
    const auto collection = LoadCollection(name, options.data, scratch);
    if (!collection) {
      std::cerr << "rank-eval: no " << name << " collection under "
                << options.data.string() << "; skipped\n";
      continue;
    }
    const fs::path gazette_corpus = scratch / "gazette";
    const fs::path plain_corpus = scratch / "plain";
    const fs::path db = scratch / "gazette.db";
    const bool reuse = options.reuse && fs::exists(db);
    if (!reuse) {
      for (const fs::path& dir : {gazette_corpus, plain_corpus}) {
        fs::remove_all(dir);
        fs::create_directories(dir);
      }
      for (const EvalDocument& doc : collection->documents) {
        WriteWhole(gazette_corpus / (doc.docno + ".txt"),
                   ToGazetteArticle(doc));
        WriteWhole(plain_corpus / (doc.docno + ".txt"), ToPlainText(doc));
      }
    }
    WriteTrecQrels(scratch / "qrels.txt", collection->qrels);
    const fs::path runs = scratch / "runs";
    fs::create_directories(runs);

    if (options.baseline && !options.like) {
      const Run run = RunBaseline(*collection, plain_corpus,
                                  scratch / "omega.db", options.depth);
      WriteTrecRun(runs / "omindex-quest.txt", run, "omindex-quest");
      rows.push_back(Score(*collection, "omindex+quest", run));
    }
    if (!reuse) {
      MustRun({options.indexer, "build", gazette_corpus.string(), "--db",
               db.string(), "--rebuild"});
    }
    if (options.like) {
      for (LikeRow& row : EvaluateLike(*collection, db.string(),
                                       options.ranking, options.depth))
        like_rows.push_back(std::move(row));
      continue;
    }
    for (const GazetteSystem& system : GazetteSystems(options.depth)) {
      if (!options.systems.empty() &&
          std::find(options.systems.begin(), options.systems.end(),
                    system.name) == options.systems.end()) {
        continue;
      }
      const Run run =
          RunGazette(*collection, db.string(), system, options.ranking);
      std::string file;  // "searcher --plain" -> "searcher-plain"
      for (char ch : system.name) {
        if (std::isalnum(static_cast<unsigned char>(ch))) {
          file += ch;
        } else if (!file.empty() && file.back() != '-') {
          file += '-';
        }
      }
      WriteTrecRun(runs / (file + ".txt"), run, file);
      rows.push_back(Score(*collection, system.name, run));
    }
    std::cerr << "rank-eval: " << name << ": runs and qrels (TREC format) in "
              << scratch.string() << "\n";
  }
  return rows;
}

std::optional<Options> ParseOptions(int argc, char** argv) {
  const char* data_env = std::getenv("GAZETTE_DATA");
  const char* tmp = std::getenv("TMPDIR");
  po::options_description desc(
      "Usage: bench/rank-eval [OPTIONS]\n\n"
      "Converts the TIME and CACM test collections into Gazette corpora under\n"
      "--work, indexes them with the real indexer, runs every topic through\n"
      "the searcher and through omindex+quest, and prints MAP, P@10, P@30,\n"
      "nDCG@10 and recall@100 (trec_eval's definitions).\n\nOptions");
  // clang-format off
  desc.add_options()
    ("help,h", "show this help and exit")
    ("data", po::value<std::string>()->value_name("DIR")->default_value(
        data_env ? data_env : GAZETTE_DEFAULT_DATA),
     "directory holding time/ and cacm/ ($GAZETTE_DATA)")
    ("work", po::value<std::string>()->value_name("DIR")->default_value(
        std::string(tmp && *tmp ? tmp : "/tmp") + "/gazette-rank-eval"),
     "where corpora, indexes, runs and qrels are written")
    ("collection", po::value<std::vector<std::string>>()->value_name("NAME"),
     "time or cacm (repeatable; default: both)")
    ("indexer", po::value<std::string>()->value_name("PATH")->default_value(
        GAZETTE_DEFAULT_INDEXER), "the indexer binary to build indexes with")
    ("no-baseline", "skip the omindex+quest baseline")
    ("like", "evaluate related articles (searcher --like) instead: each "
     "relevant document of a topic as the seed, against Xapian's plain "
     "expand set (bench/like-eval)")
    ("reuse", "keep the corpora and indexes of an earlier run in --work "
     "(for parameter sweeps)")
    ("system", po::value<std::vector<std::string>>()->value_name("NAME"),
     "run only this Gazette system, as named in the table (repeatable)")
    ("set", po::value<std::vector<std::string>>()->value_name("NAME=VALUE"),
     "change a ranking parameter (common/search/ranking.h; repeatable)")
    ("depth", po::value<size_t>()->value_name("N")->default_value(1000),
     "hits retrieved per topic")
    ("format", po::value<std::string>()->value_name("FORMAT")->default_value("text"),
     "text or json");
  // clang-format on
  po::variables_map vm;
  po::store(po::parse_command_line(argc, argv, desc), vm);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << desc << '\n';
    return std::nullopt;
  }
  Options options;
  options.data = vm["data"].as<std::string>();
  options.work = vm["work"].as<std::string>();
  options.collections = vm.count("collection")
                            ? vm["collection"].as<std::vector<std::string>>()
                            : std::vector<std::string>{"time", "cacm"};
  for (const std::string& name : options.collections) {
    if (name != "time" && name != "cacm") {
      throw Fatal("unknown --collection '" + name + "' (valid: time, cacm)");
    }
  }
  options.indexer = vm["indexer"].as<std::string>();
  options.baseline = vm.count("no-baseline") == 0;
  options.reuse = vm.count("reuse") > 0;
  options.like = vm.count("like") > 0;
  if (vm.count("system")) {
    options.systems = vm["system"].as<std::vector<std::string>>();
  }
  options.depth = vm["depth"].as<size_t>();
  if (vm.count("set")) {
    for (const std::string& setting :
         vm["set"].as<std::vector<std::string>>()) {
      const std::string error = SetRankingParam(options.ranking, setting);
      if (!error.empty()) throw Fatal("--set: " + error);
    }
  }
  const std::string format = vm["format"].as<std::string>();
  if (format != "text" && format != "json") {
    throw Fatal("unknown --format '" + format + "' (valid: text, json)");
  }
  options.json = format == "json";
  return options;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const auto options = ParseOptions(argc, argv);
    if (!options) return 0;
    std::vector<LikeRow> like_rows;
    const std::vector<Row> rows = Evaluate(*options, like_rows);
    if (options->like && !like_rows.empty()) {
      PrintLike(like_rows, std::cout);
      return 0;
    }
    if (rows.empty()) {
      std::cerr << "rank-eval: no collection found; skipped (give --data)\n";
      return 0;
    }
    if (options->json) {
      PrintJson(rows, std::cout);
    } else {
      PrintText(rows, std::cout);
    }
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "rank-eval: " << e.what() << '\n';
    return 2;
  }
}
