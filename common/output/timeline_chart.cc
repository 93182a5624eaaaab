#include "common/output/timeline_chart.h"

#include <algorithm>
#include <cstdint>

namespace gazette {
namespace {

std::string Repeat(std::string_view piece, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += piece;
  return out;
}

std::string Plural(uint64_t n, std::string_view word) {
  return std::to_string(n) + " " + std::string(word) + (n == 1 ? "" : "s");
}

}  // namespace

std::string TimelineChart(const Timeline& timeline) {
  if (timeline.buckets.empty())
    return "Timeline: no matching article has a date.\n";
  uint64_t total = 0;
  uint64_t most = 0;
  size_t label_width = timeline.unit.size();
  for (const TimelineBucket& b : timeline.buckets) {
    total += b.count;
    most = std::max(most, b.count);
    label_width = std::max(label_width, b.date.size());
  }
  // Articles per block: the largest count fills kTimelineBarWidth.
  const uint64_t per_block =
      std::max<uint64_t>(1, (most + kTimelineBarWidth - 1) / kTimelineBarWidth);
  const auto pad = [&](std::string_view text) {
    return std::string(text) + std::string(label_width - text.size(), ' ');
  };
  std::string out = "Timeline: " + Plural(total, "dated article") + " by " +
                    timeline.unit + ", " + timeline.buckets.front().date +
                    " to " + timeline.buckets.back().date +
                    " (█ = " + Plural(per_block, "article") + ")" +
                    (timeline.exact ? "" : ", estimated") + "\n";
  out += pad(timeline.unit) + " │\n";
  for (const TimelineBucket& b : timeline.buckets) {
    const uint64_t blocks = (b.count + per_block - 1) / per_block;
    out += pad(b.date) + " │" + Repeat("█", blocks) + " " +
           std::to_string(b.count) + "\n";
  }
  const size_t axis = static_cast<size_t>((most + per_block - 1) / per_block);
  out += pad("") + " └" + Repeat("─", std::max<size_t>(axis, 1)) + "\n";
  const std::string top = std::to_string(most);
  // 0 under the corner, the largest count ending under the axis' end.
  out += pad("") + " 0" +
         std::string(axis > top.size() ? axis - top.size() : 1, ' ') + top +
         " articles\n";
  return out;
}

}  // namespace gazette
