// The facet fields of an article: what facet counting reads for it, derived
// from its entity list and date whenever either is written, so that they
// are in step with every commit, shard merge and rebuild by construction.
// An article counts once for each entity key it lists, under the first
// display name it gives the key (docs/facets.md says why this form):
// - The facet slot (schema::kFacetSlot): the article's month and one 4-byte
//   code per key, read by counting without decoding a name.
// - One facet name term per key, "XN" + the key's code + the display name:
//   its term frequency is the number of articles giving the key that name,
//   so the whole index's facets are term statistics, and the terms are how
//   a code found by counting gets its key and name back.
#ifndef GAZETTE_COMMON_INDEX_FACET_FIELDS_H_
#define GAZETTE_COMMON_INDEX_FACET_FIELDS_H_

#include <xapian.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "gazette/entity.h"

namespace gazette {

// An entity key's code: its type in the top two bits, a 30-bit hash of the
// folded key below; never 0. Distinct keys can share a code (about n^2 /
// 2^31 pairs among n keys of a type): counting treats a code's count as
// the most its keys can have, and the facet name terms tell them apart.
uint32_t FacetKeyCode(EntityType type, std::string_view key);
inline EntityType FacetCodeType(uint32_t code) {
  return static_cast<EntityType>(code >> 30);
}

// The month of a date slot value ("20250528") as the number YYYYMM
// (202505); 0 when it has none.
uint32_t FacetMonth(std::string_view date_value);

// Sets doc's facet slot and facet name terms from its entity list and date
// slots, removing facet name terms it no longer has. Call after writing
// either slot, before the document is stored.
void SyncFacetFields(Xapian::Document& doc);

// The facet name term of a key code and a display name: "XN" + the code's
// 4 bytes, most significant first (so a code's names sort together) + the
// name, cut (at a character boundary) to Xapian's term length limit.
std::string FacetNameTerm(uint32_t code, std::string_view name);
// The prefix all of a code's facet name terms share.
std::string FacetNamePrefix(uint32_t code);
// The code of a facet name term; 0 if it is not one.
uint32_t FacetNameTermCode(std::string_view term);
// False when a facet name term holds the whole name; true when it may have
// been cut.
bool FacetNameTermCut(std::string_view term);

// A facet slot value, read in place.
struct FacetFields {
  // YYYYMM as a number (202505), or 0 for an undated article.
  uint32_t month = 0;
  // The key codes, ascending, one per code, 4 bytes each, least
  // significant first.
  size_t codes = 0;
  const unsigned char* code_bytes = nullptr;

  uint32_t code(size_t i) const {
    const unsigned char* p = code_bytes + 4 * i;
    return uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 |
           uint32_t{p[3]} << 24;
  }
};

// Reads a facet slot value; false (and nothing read) if malformed.
bool DecodeFacetFields(std::string_view value, FacetFields* out);

}  // namespace gazette

#endif  // GAZETTE_COMMON_INDEX_FACET_FIELDS_H_
