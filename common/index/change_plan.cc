#include "common/index/change_plan.h"

#include <algorithm>

namespace gazette {
namespace {

std::string SeenKey(const std::string& root, const std::string& id) {
  std::string key = root;
  key += '\0';
  key += id;
  return key;
}

bool SameFile(const SourceRecord& source, const std::string& root,
              const CorpusFile& file) {
  return source.root == root && source.size == file.size &&
         source.mtime_ns == file.mtime_ns;
}

// Decides a file whose id no other root holds.
void PlanFile(const IndexedSources& indexed, FileChange& change) {
  const std::string& root = *change.root;
  const CorpusFile& file = *change.file;
  if (change.indexed.empty()) {
    change.action = FileAction::kAdd;
    change.reason = FileReason::kNew;
    return;
  }
  // A JSON Lines file is unchanged only if every article indexed from it
  // says so.
  const auto same = [&](size_t i) { return SameFile(indexed[i], root, file); };
  if (std::all_of(change.indexed.begin(), change.indexed.end(), same)) {
    change.action = FileAction::kSkip;
    change.reason = FileReason::kUnchanged;
    return;
  }
  const auto here = [&](size_t i) { return indexed[i].root == root; };
  change.action = FileAction::kReplace;
  change.reason =
      std::all_of(change.indexed.begin(), change.indexed.end(), here)
          ? FileReason::kChanged
          : FileReason::kMoved;
}

// A label's name: the root's last path component.
std::string LabelBase(const std::string& root) {
  const size_t slash = root.find_last_of('/');
  std::string base = slash == std::string::npos ? root : root.substr(slash + 1);
  return base.empty() ? "root" : base;
}

// Adds the top folder of a path ("a" of "a/b.txt"; none for "b.txt").
void AddTopFolder(const std::string& path, std::set<std::string>& folders) {
  const size_t slash = path.find('/');
  if (slash != std::string::npos) folders.insert(path.substr(0, slash));
}

}  // namespace

bool IndexedSources::Add(SourceRecord record) {
  if (!by_id_.emplace(record.id, records_.size()).second) return false;
  if (!record.file.empty()) by_file_[record.file].push_back(records_.size());
  records_.push_back(std::move(record));
  return true;
}

std::optional<size_t> IndexedSources::FindId(const std::string& id) const {
  const std::span<const size_t> found = WithId(id);
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::span<const size_t> IndexedSources::WithId(const std::string& id) const {
  // A map's values stay where they are as it grows.
  const auto it = by_id_.find(id);
  if (it == by_id_.end()) return {};
  return {&it->second, 1};
}

std::span<const size_t> IndexedSources::FromFile(
    const std::string& file) const {
  const auto it = by_file_.find(file);
  if (it == by_file_.end()) return {};
  return it->second;
}

std::set<std::string> IndexedSources::Roots() const {
  std::set<std::string> roots;
  for (const SourceRecord& record : records_) roots.insert(record.root);
  return roots;
}

std::map<std::string, std::string> IndexedSources::Labels() const {
  std::map<std::string, std::string> labels;
  for (const SourceRecord& record : records_)
    labels.emplace(record.root, record.label);
  return labels;
}

std::vector<std::string> ChooseRootLabels(
    const std::vector<std::string>& roots,
    const std::vector<CorpusListing>& listings, const IndexedSources& indexed,
    const std::set<std::string>& live_roots) {
  const std::map<std::string, std::string> known = indexed.Labels();
  const auto in_build = [&](const std::string& root) {
    return std::find(roots.begin(), roots.end(), root) != roots.end();
  };
  // Labels held by roots that are directories or in this build, and the
  // top folders of the unlabelled one's ids: a new label is none of them.
  std::set<std::string> taken;
  bool other_live = false;
  for (const auto& [root, label] : known) {
    const bool live = live_roots.count(root) > 0;
    if (live || in_build(root)) taken.insert(label);
    other_live = other_live || (live && !in_build(root));
  }
  std::vector<std::optional<std::string>> chosen(roots.size());
  for (size_t r = 0; r < roots.size(); ++r) {
    const auto it = known.find(roots[r]);
    if (it != known.end()) chosen[r] = it->second;
  }
  if (roots.size() == 1 && !chosen[0] && !other_live) chosen[0] = "";
  // Most builds label no new root: then the records need no second look.
  if (std::all_of(chosen.begin(), chosen.end(),
                  [](const auto& label) { return label.has_value(); })) {
    std::vector<std::string> labels;
    for (const auto& label : chosen) labels.push_back(*label);
    return labels;
  }
  for (size_t i = 0; i < indexed.size(); ++i) {
    if (indexed[i].label.empty() &&
        (live_roots.count(indexed[i].root) || in_build(indexed[i].root)))
      AddTopFolder(indexed[i].FilePath(), taken);
  }
  for (size_t r = 0; r < roots.size(); ++r) {
    if (chosen[r] != "") continue;
    for (const CorpusFile& file : listings[r].files)
      AddTopFolder(file.id, taken);
  }
  std::vector<std::string> labels;
  for (size_t r = 0; r < roots.size(); ++r) {
    if (!chosen[r]) {
      const std::string base = LabelBase(roots[r]);
      std::string label = base;
      for (int n = 2; taken.count(label); ++n)
        label = base + "-" + std::to_string(n);
      taken.insert(label);
      chosen[r] = label;
    }
    labels.push_back(*chosen[r]);
  }
  return labels;
}

void ApplyRootLabel(const std::string& label, CorpusListing& listing) {
  if (label.empty()) return;
  for (CorpusFile& file : listing.files) file.id = label + "/" + file.id;
}

ChangePlan PlanChanges(const std::vector<std::string>& roots,
                       const std::vector<CorpusListing>& listings,
                       const IndexedSources& indexed,
                       const std::set<std::string>& live_roots) {
  ChangePlan plan;
  std::unordered_set<std::string> seen;
  std::unordered_map<std::string, const std::string*> claimed;
  for (size_t r = 0; r < roots.size(); ++r) {
    const std::string& root = roots[r];
    for (const CorpusFile& file : listings[r].files) {
      seen.insert(SeenKey(root, file.id));
      FileChange& change = plan.files.emplace_back();
      change.root = &root;
      change.file = &file;
      change.indexed = file.kind == CorpusFileKind::kJsonLines
                           ? indexed.FromFile(file.id)
                           : indexed.WithId(file.id);
      const auto [claim, fresh] = claimed.emplace(file.id, &root);
      if (!fresh) {
        change.owner = claim->second;
      } else if (!change.indexed.empty()) {
        const std::string& earlier = indexed[change.indexed.front()].root;
        // Indexed from a corpus not named in this build that still exists.
        // (One named in this build either still has the file, and claimed
        // it above, or lost it, and gives it up.)
        if (earlier != root && live_roots.count(earlier) &&
            std::find(roots.begin(), roots.end(), earlier) == roots.end())
          change.owner = &earlier;
      }
      if (change.owner != nullptr) {
        change.action = FileAction::kSkip;
        change.reason = FileReason::kIdTaken;
        continue;
      }
      PlanFile(indexed, change);
    }
  }
  const std::set<std::string> root_set(roots.begin(), roots.end());
  for (size_t i = 0; i < indexed.size(); ++i) {
    if (root_set.count(indexed[i].root) &&
        !seen.count(SeenKey(indexed[i].root, indexed[i].FilePath())))
      plan.removed.push_back(i);
  }
  return plan;
}

namespace {

// Reads again the JSON Lines files skipped as unchanged that `pick` names.
template <typename Pick>
void ReadJsonLinesAgain(ChangePlan& plan, Pick&& pick) {
  for (FileChange& change : plan.files) {
    if (change.file->kind != CorpusFileKind::kJsonLines ||
        change.action != FileAction::kSkip ||
        change.reason != FileReason::kUnchanged || !pick(change))
      continue;
    change.action = FileAction::kReplace;
    change.reason = FileReason::kChanged;
  }
}

}  // namespace

void ReadPartialFileAgain(ChangePlan& plan, std::string_view partial) {
  if (partial.empty()) return;
  ReadJsonLinesAgain(plan, [&](const FileChange& change) {
    return *change.root + '\0' + change.file->id == partial;
  });
}

void ReadEveryJsonLinesFileAgain(ChangePlan& plan) {
  ReadJsonLinesAgain(plan, [](const FileChange&) { return true; });
}

bool SameContent(const SourceRecord& indexed, const SourceRecord& found) {
  return indexed.root == found.root &&
         indexed.content_hash == found.content_hash &&
         (found.file.empty() || indexed.file == found.file);
}

std::vector<size_t> LinesGone(const FileChange& change,
                              const IndexedSources& indexed,
                              const std::unordered_set<std::string>& ids_read) {
  std::vector<size_t> gone;
  for (size_t i : change.indexed) {
    if (indexed[i].root == *change.root && !ids_read.count(indexed[i].id))
      gone.push_back(i);
  }
  return gone;
}

}  // namespace gazette
