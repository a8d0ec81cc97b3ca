#include "pipeline/utf8.h"

namespace evcov {

bool IsUtf8Continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

char32_t DecodeUtf8(std::string_view text, size_t i, size_t* length) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char lead = byte(i);
  *length = 1;
  if (lead < 0x80) return lead;
  size_t n = 0;
  if (lead >= 0xC2 && lead < 0xE0) {
    n = 2;
  } else if (lead >= 0xE0 && lead < 0xF0) {
    n = 3;
  } else if (lead >= 0xF0 && lead < 0xF5) {
    n = 4;
  }
  if (n == 0 || i + n > text.size()) return 0xFFFD;
  char32_t cp = lead & (0xFF >> (n + 1));
  for (size_t k = 1; k < n; ++k) {
    if (!IsUtf8Continuation(text[i + k])) return 0xFFFD;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  bool overlong = (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000);
  if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0xFFFD;
  *length = n;
  return cp;
}

void AppendBmpUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace evcov
