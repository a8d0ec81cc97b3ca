#include "pipeline/pdf_util.h"

#include <filesystem>

namespace evcov {

namespace fs = std::filesystem;

std::optional<Rgb> ParseHexColor(const std::string& hex) {
  if (hex.size() != 7 || hex[0] != '#') return std::nullopt;
  unsigned value = 0;
  for (size_t i = 1; i < hex.size(); ++i) {
    char c = hex[i];
    int digit = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
    if (digit < 0) return std::nullopt;
    value = value * 16 + static_cast<unsigned>(digit);
  }
  return Rgb{static_cast<float>((value >> 16) & 0xFF) / 255.0f,
             static_cast<float>((value >> 8) & 0xFF) / 255.0f,
             static_cast<float>(value & 0xFF) / 255.0f};
}

std::string Fill(std::string pattern,
                 std::initializer_list<std::pair<const char*, std::string>> values) {
  for (const auto& [key, value] : values) {
    std::string token = std::string("{") + key + "}";
    for (size_t at = pattern.find(token); at != std::string::npos;
         at = pattern.find(token, at + value.size())) {
      pattern.replace(at, token.size(), value);
    }
  }
  return pattern;
}

std::string ResolveFont(const std::string& path, const std::string& data_dir) {
  std::error_code ec;
  if (fs::exists(path, ec) || data_dir.empty()) return path;
  fs::path fallback = fs::path(data_dir) / "fonts" / fs::path(path).filename();
  return fs::exists(fallback, ec) ? fallback.string() : path;
}

void RecordHaruError(HPDF_STATUS code, HPDF_STATUS detail, void* data) {
  auto* error = static_cast<HaruError*>(data);
  if (error->code == HPDF_OK) *error = {code, detail};
}

Result<std::string> ReadHaruStream(HPDF_Doc pdf, HaruError* error,
                                   Error (*failure)(const HaruError&, const std::string&)) {
  std::string out(HPDF_GetStreamSize(pdf), '\0');
  HPDF_UINT32 size = static_cast<HPDF_UINT32>(out.size());
  if (size == 0) return MakeError(ErrorKind::kInternal, "", "libharu wrote an empty document");
  HPDF_ResetStream(pdf);
  HPDF_ReadFromStream(pdf, reinterpret_cast<HPDF_BYTE*>(out.data()), &size);
  // Reading up to the end of the stream reports "end of stream", which only
  // means the whole document was read.
  if (error->code == HPDF_STREAM_EOF) *error = HaruError{};
  if (error->code != HPDF_OK) return failure(*error, "");
  out.resize(size);
  return out;
}

}  // namespace evcov
