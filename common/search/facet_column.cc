#include "common/search/facet_column.h"

#include <algorithm>
#include <thread>

#include "common/index/facet_fields.h"
#include "common/index/schema.h"

namespace gazette {

std::shared_ptr<const FacetColumn> FacetColumn::Load(
    const Xapian::Database& db) {
  auto column = std::make_shared<FacetColumn>();
  const size_t size = size_t{db.get_lastdocid()} + 2;
  column->starts_.assign(size, 0);
  column->months_.assign(size, 0);
  Xapian::docid next = 1;  // next article whose start is not set
  for (auto it = db.valuestream_begin(schema::kFacetSlot);
       it != db.valuestream_end(schema::kFacetSlot); ++it) {
    const Xapian::docid id = it.get_docid();
    const std::string value = *it;
    FacetFields fields;
    if (id >= size - 1 || !DecodeFacetFields(value, &fields)) continue;
    const auto start = static_cast<uint32_t>(column->codes_.size());
    for (; next <= id; ++next) column->starts_[next] = start;
    column->months_[id] = fields.month;
    for (size_t i = 0; i < fields.codes; ++i)
      column->codes_.push_back(fields.code(i));
  }
  const auto end = static_cast<uint32_t>(column->codes_.size());
  for (; next < size; ++next) column->starts_[next] = end;
  column->codes_.shrink_to_fit();
  return column;
}

void FacetColumn::CountRange(const Xapian::docid* begin,
                             const Xapian::docid* end,
                             FacetCodeTally& tally) const {
  const size_t size = months_.size() - 1;
  for (const Xapian::docid* id = begin; id != end; ++id) {
    if (*id >= size) break;
    const uint32_t first = starts_[*id];
    tally.Add(months_[*id], codes_.data() + first, starts_[*id + 1] - first);
  }
}

FacetCodeTally FacetColumn::Count(const std::vector<Xapian::docid>& ids,
                                  unsigned threads, size_t per_thread) const {
  const size_t parts = std::clamp<size_t>(
      ids.size() / std::max<size_t>(per_thread, 1), 1, std::max(threads, 1u));
  std::vector<FacetCodeTally> tallies(parts);
  const auto range = [&](size_t part) {
    tallies[part].Reserve(std::min<size_t>(ids.size() * 4, size_t{1} << 16));
    CountRange(ids.data() + ids.size() * part / parts,
               ids.data() + ids.size() * (part + 1) / parts, tallies[part]);
  };
  std::vector<std::thread> workers;
  for (size_t part = 1; part < parts; ++part) workers.emplace_back(range, part);
  range(0);
  for (auto& worker : workers) worker.join();
  for (size_t part = 1; part < parts; ++part) tallies[0].Merge(tallies[part]);
  return std::move(tallies[0]);
}

size_t FacetColumn::bytes() const {
  return sizeof(uint32_t) *
         (starts_.capacity() + months_.capacity() + codes_.capacity());
}

std::shared_ptr<const FacetColumn> FacetColumnCache::Get(
    const Xapian::Database& db) {
  std::string revision;
  try {
    revision = db.get_uuid() + ":" + std::to_string(db.get_revision());
  } catch (const Xapian::Error&) {
    return nullptr;  // several sub-databases
  }
  std::lock_guard lock(mutex_);
  if (revision != revision_) {
    revision_ = std::move(revision);
    asked_ = 1;
    column_.reset();
    return nullptr;
  }
  if (!column_ && ++asked_ >= 2) column_ = FacetColumn::Load(db);
  return column_;
}

}  // namespace gazette
