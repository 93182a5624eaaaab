#!/usr/bin/env bash
# Trains the name tagger the entity extractor consults and writes its model
# to common/data/ner_model.tsv (compiled into the library; its licence and
# credits: common/data/NOTICE).
#
# Usage: scripts/train-tagger.sh [--data DIR] [--out FILE] [--epochs N]
#
# Trains only on openly licensed sets of DIR/ner-open (DIR: ../shared/data
# beside the repository unless $GAZETTE_DATA says otherwise): UNER English
# EWT train, GUM train, CrossNER science, music, literature and AI, re3d,
# the Broad Twitter Corpus train and WNUT17 train. Never on CoNLL or
# Reuters, and never on the sets bench/ner-eval reports (wikigold, UNER PUD,
# UNER EWT test, CrossNER politics). Same data and options give the same
# file. Converts the sets with bench/ner_data.py into $GAZETTE_NER_DATA
# (default /tmp/gazette-ner-data) and builds bench/ner_eval in
# $GAZETTE_BUILD_DIR (default build/). Afterwards rebuild, then check with
# bench/ner-eval and bench/reuters_audit.py.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
data=${GAZETTE_DATA:-"$root/../shared/data"}
work=${GAZETTE_NER_DATA:-/tmp/gazette-ner-data}
build=${GAZETTE_BUILD_DIR:-"$root/build"}
out="$root/common/data/ner_model.tsv"
epochs=8
while [ $# -gt 0 ]; do
  case "$1" in
    --data) data=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --epochs) epochs=$2; shift 2 ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "train-tagger: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
case "$epochs" in
  ''|*[!0-9]*) echo "train-tagger: --epochs must be 1 to 100" >&2; exit 2 ;;
esac
if [ "$epochs" -lt 1 ] || [ "$epochs" -gt 100 ]; then
  echo "train-tagger: --epochs must be 1 to 100" >&2
  exit 2
fi
if [ ! -d "$data/ner-open" ]; then
  echo "train-tagger: no training data at $data/ner-open (give --data DIR)" >&2
  exit 3
fi
sets=(ewt-train gum-train crossner-science crossner-music
      crossner-literature crossner-ai re3d btc-train wnut17-train)
python3 "$root/bench/ner_data.py" --data "$data" --out "$work" 2>/dev/null
touch "$work/.converted"
files=()
for s in "${sets[@]}"; do
  if [ ! -f "$work/$s.jsonl" ]; then
    echo "train-tagger: set '$s' is missing from $data/ner-open" >&2
    exit 3
  fi
  files+=("$work/$s.jsonl")
done
cmake --build "$build" --target ner_eval -j2 >/dev/null
"$build/bench/ner_eval/ner_eval" --train "$out" --epochs "$epochs" \
  --header "Gazette's name tagger: averaged perceptron weights, written by" \
  --header "scripts/train-tagger.sh (bench/ner_eval/ner_train.cc), $epochs epochs." \
  --header "Trained on: ${sets[*]}" \
  --header "(bench/ner_data.py says what each is). Licence and credits:" \
  --header "common/data/NOTICE (CC BY-SA 4.0). Format: HASH<TAB>LABEL:WEIGHT,..." \
  --header "with labels 0 O, 1 B-PER, 2 I-PER, 3 B-LOC, 4 I-LOC, 5 B-ORG, 6 I-ORG." \
  "${files[@]}"
