#include <algorithm>
#include <array>

#include "gazette/printers.h"

namespace gazette {
namespace {

constexpr std::array<OutputFormat, 5> kFormats = {
    OutputFormat::kText, OutputFormat::kJson, OutputFormat::kJsonl,
    OutputFormat::kPaths, OutputFormat::kTsv};

constexpr std::array<int, 1> kSupportedVersions = {kJsonFormatVersion};

constexpr std::array<Highlight, 3> kHighlights = {
    Highlight::kNone, Highlight::kAnsi, Highlight::kMarkers};

template <typename T, size_t N>
std::string JoinNames(const std::array<T, N>& items,
                      std::string_view (*name)(T)) {
  std::string out;
  for (T item : items) {
    if (!out.empty()) out += ", ";
    out += name(item);
  }
  return out;
}

}  // namespace

std::string_view OutputFormatName(OutputFormat format) {
  switch (format) {
    case OutputFormat::kText:
      return "text";
    case OutputFormat::kJson:
      return "json";
    case OutputFormat::kJsonl:
      return "jsonl";
    case OutputFormat::kPaths:
      return "paths";
    case OutputFormat::kTsv:
      return "tsv";
  }
  return "text";
}

std::optional<OutputFormat> ParseOutputFormat(std::string_view name) {
  for (OutputFormat format : kFormats) {
    if (OutputFormatName(format) == name) return format;
  }
  return std::nullopt;
}

std::string OutputFormatNames() {
  return JoinNames(kFormats, &OutputFormatName);
}

std::span<const int> SupportedFormatVersions() { return kSupportedVersions; }

bool IsSupportedFormatVersion(int version) {
  return std::find(kSupportedVersions.begin(), kSupportedVersions.end(),
                   version) != kSupportedVersions.end();
}

std::string SupportedFormatVersionNames() {
  std::string out;
  for (int v : kSupportedVersions) {
    if (!out.empty()) out += ", ";
    out += std::to_string(v);
  }
  return out;
}

std::string_view HighlightName(Highlight highlight) {
  switch (highlight) {
    case Highlight::kNone:
      return "none";
    case Highlight::kAnsi:
      return "ansi";
    case Highlight::kMarkers:
      return "markers";
  }
  return "none";
}

std::optional<Highlight> ParseHighlight(std::string_view name) {
  for (Highlight h : kHighlights) {
    if (HighlightName(h) == name) return h;
  }
  return std::nullopt;
}

}  // namespace gazette
