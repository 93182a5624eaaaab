#include "common/base/fold.h"

#include <xapian.h>

#include <algorithm>
#include <iterator>

#include "common/base/utf8.h"

namespace gazette {
namespace {

struct FoldEntry {
  char32_t cp;
  const char* ascii;
};

constexpr FoldEntry kLatinFolds[] = {
#include "common/base/latin_fold_table.inc"
};

bool IsSpace(char32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0 ||
         Xapian::Unicode::get_category(cp) == Xapian::Unicode::SPACE_SEPARATOR;
}

}  // namespace

std::string FoldName(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  bool pending_space = false;
  size_t pos = 0;
  while (pos < name.size()) {
    char32_t cp = DecodeUtf8(name, pos);
    if (IsSpace(cp)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) {
      out += ' ';
      pending_space = false;
    }
    if (cp == 0x2019 || cp == 0x2018 || cp == 0x02BC || cp == 0x02BB ||
        cp == 0x0060 || cp == 0x00B4) {
      out += '\'';
      continue;
    }
    if (cp >= 0x2010 && cp <= 0x2015) {
      out += '-';
      continue;
    }
    // Text in decomposed form carries its accents as combining marks.
    if (Xapian::Unicode::get_category(cp) ==
        Xapian::Unicode::NON_SPACING_MARK) {
      continue;
    }
    cp = Xapian::Unicode::tolower(cp);
    if (cp < 0x80) {
      out += static_cast<char>(cp);
      continue;
    }
    const auto* it = std::lower_bound(
        std::begin(kLatinFolds), std::end(kLatinFolds), cp,
        [](const FoldEntry& e, char32_t value) { return e.cp < value; });
    if (it != std::end(kLatinFolds) && it->cp == cp) {
      out += it->ascii;
    } else {
      AppendUtf8(out, cp);
    }
  }
  return out;
}

}  // namespace gazette
