#include "gazette/search_request.h"

namespace gazette {

std::string_view SortOrderName(SortOrder order) {
  switch (order) {
    case SortOrder::kRelevance:
      return "relevance";
    case SortOrder::kNewest:
      return "newest";
    case SortOrder::kOldest:
      return "oldest";
  }
  return "relevance";
}

std::optional<SortOrder> ParseSortOrder(std::string_view name) {
  for (SortOrder order :
       {SortOrder::kRelevance, SortOrder::kNewest, SortOrder::kOldest}) {
    if (SortOrderName(order) == name) return order;
  }
  return std::nullopt;
}

}  // namespace gazette
