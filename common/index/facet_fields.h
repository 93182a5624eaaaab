// The facet fields of an article: what facet counting reads for it, derived
// from its entity list and date whenever either is written, so that they
// are in step with every commit, shard merge and rebuild by construction.
//
// - The facet slot (schema::kFacetSlot): the article's month and one 8-byte
//   code per entity key, a few bytes that counting reads without decoding
//   names. docs/facets.md says why this form.
// An article counts once for each entity key it lists, under the first
// display name it gives the key:
// - One facet name term per key, "XN" + key code + display name: its
//   term frequency is the number of articles giving that key that name, so
//   the whole index's facets are term statistics, and the term is how a
//   code found by counting gets its key and name back.
#ifndef GAZETTE_COMMON_INDEX_FACET_FIELDS_H_
#define GAZETTE_COMMON_INDEX_FACET_FIELDS_H_

#include <xapian.h>

#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "gazette/entity.h"

namespace gazette {

// An entity key's code: its type in the top two bits, a 62-bit hash of the
// folded key below; never 0. Two keys share a code with probability about
// n^2 / 2^63 for n distinct keys (1e-7 at a million).
uint64_t FacetKeyCode(EntityType type, std::string_view key);
inline EntityType FacetCodeType(uint64_t code) {
  return static_cast<EntityType>(code >> 62);
}

// The month of a date slot value ("20250528") as the number YYYYMM
// (202505); 0 when it has none.
uint32_t FacetMonth(std::string_view date_value);

// Sets doc's facet slot and facet name terms from its entity list and date
// slots, removing facet name terms it no longer has. Call after writing
// either slot, before the document is stored.
void SyncFacetFields(Xapian::Document& doc);

// The facet name term of a key code and a display name: "XN" + the code's
// 8 bytes, most significant first (so a code's names sort together) + the
// name, cut (at a character boundary) to Xapian's term length limit.
std::string FacetNameTerm(uint64_t code, std::string_view name);
// The prefix all of a code's facet name terms share.
std::string FacetNamePrefix(uint64_t code);
// False when a facet name term holds the whole name; true when it may have
// been cut.
bool FacetNameTermCut(std::string_view term);

// A facet slot value, read in place.
struct FacetFields {
  // YYYYMM as a number (202505), or 0 for an undated article.
  uint32_t month = 0;
  // The key codes, ascending, one per key, 8 bytes each, least
  // significant first.
  size_t codes = 0;
  const char* code_bytes = nullptr;

  uint64_t code(size_t i) const {
    uint64_t c;
    std::memcpy(&c, code_bytes + 8 * i, 8);
    if constexpr (std::endian::native == std::endian::big) c = Swap(c);
    return c;
  }
  static uint64_t Swap(uint64_t c) {
    uint64_t out = 0;
    for (int i = 0; i < 8; ++i) out = (out << 8) | ((c >> (8 * i)) & 0xff);
    return out;
  }
};

// Reads a facet slot value; false (and nothing read) if malformed.
bool DecodeFacetFields(std::string_view value, FacetFields* out);

}  // namespace gazette

#endif  // GAZETTE_COMMON_INDEX_FACET_FIELDS_H_
