// UTF-8 decoding and encoding shared by the writers (the PDF report, the batch
// index and self-assessment.xlsx), which must never pass invalid text on.
//
// DecodeUtf8 never fails: an invalid, truncated, overlong or surrogate
// sequence, or one beyond U+10FFFF, decodes as U+FFFD with length 1, so a
// caller that advances by the length always makes progress. A real U+FFFD in
// the input has length 3.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace evcov {

// A byte that continues a multi-byte character (10xxxxxx).
bool IsUtf8Continuation(char c);

// The code point at text[i] (i < text.size()); sets *length to its bytes.
char32_t DecodeUtf8(std::string_view text, size_t i, size_t* length);

// Appends `cp`, which must be at most U+FFFF, as UTF-8.
void AppendBmpUtf8(char32_t cp, std::string* out);

}  // namespace evcov
