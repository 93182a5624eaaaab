// Trains the tagger the extractor consults (common/entities/name_tagger.h).
#ifndef GAZETTE_BENCH_NER_EVAL_NER_TRAIN_H_
#define GAZETTE_BENCH_NER_EVAL_NER_TRAIN_H_

#include <string>
#include <vector>

namespace gazette {

struct TrainOptions {
  std::vector<std::string> files;  // ner_data.py's JSONL sets
  std::string out;                 // the model file to write
  int epochs = 8;
  unsigned seed = 1;
  // Features whose every averaged weight is smaller are left out.
  float prune = 3;
  // Comment lines written at the top of the model (credits, licence).
  std::vector<std::string> header;
};

// Averaged perceptron, greedy left to right with the labels it predicted
// before, on the features the tagger reads: rules, gazetteer, words. Returns
// an exit code; prints progress on stderr.
int TrainTagger(const TrainOptions& options);

}  // namespace gazette

#endif  // GAZETTE_BENCH_NER_EVAL_NER_TRAIN_H_
