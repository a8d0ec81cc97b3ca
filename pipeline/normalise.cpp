#include "pipeline/normalise.h"

#include <libstemmer.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <memory>

namespace evcov {

namespace {

struct StemmerDeleter {
  void operator()(sb_stemmer* s) const { sb_stemmer_delete(s); }
};

std::string Stem(const std::string& word) {
  thread_local std::unique_ptr<sb_stemmer, StemmerDeleter> stemmer(
      sb_stemmer_new("english", "UTF_8"));
  if (!stemmer || word.size() < 3) return word;
  const sb_symbol* out =
      sb_stemmer_stem(stemmer.get(), reinterpret_cast<const sb_symbol*>(word.data()),
                      static_cast<int>(word.size()));
  if (!out) return word;
  return std::string(reinterpret_cast<const char*>(out), sb_stemmer_length(stemmer.get()));
}

icu::UnicodeString Fold(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
  icu::UnicodeString in = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  if (U_FAILURE(status)) return in;
  icu::UnicodeString out = nfkc_cf->normalize(in, status);
  return U_SUCCESS(status) ? out : in;
}

}  // namespace

std::string NormaliseNfc(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  icu::UnicodeString in = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  std::string out;
  if (U_FAILURE(status)) {
    in.toUTF8String(out);
    return out;
  }
  nfc->normalize(in, status).toUTF8String(out);
  return out;
}

std::vector<Token> Tokenize(std::string_view text) {
  icu::UnicodeString folded = Fold(text);
  std::vector<Token> tokens;
  int sentence = 0;
  std::string word;
  bool digits_only = true;
  bool starts_with_digit = false;
  auto emit = [&] {
    if (word.empty()) return;
    Token t;
    t.folded = word;
    t.number = starts_with_digit;
    (void)digits_only;
    t.stem = t.number ? word : Stem(word);
    t.sentence = sentence;
    tokens.push_back(std::move(t));
    word.clear();
    digits_only = true;
    starts_with_digit = false;
  };
  const int32_t n = folded.length();
  for (int32_t i = 0; i < n;) {
    UChar32 c = folded.char32At(i);
    int32_t next = folded.moveIndex32(i, 1);
    if (u_isalnum(c)) {
      if (word.empty()) starts_with_digit = u_isdigit(c);
      if (!u_isdigit(c)) digits_only = false;
      icu::UnicodeString(c).toUTF8String(word);
    } else if ((c == '\'' || c == 0x2019) && !word.empty() && next < n &&
               u_isalpha(folded.char32At(next))) {
      // Keep contractions whole: "don't", "can't".
      word += '\'';
    } else {
      emit();
      bool end =
          (c == '.' || c == '!' || c == '?') && (next >= n || u_isspace(folded.char32At(next)));
      if (end || c == '\n') ++sentence;
    }
    i = next;
  }
  emit();
  return tokens;
}

}  // namespace evcov
