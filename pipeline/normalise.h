// Normalisation: text -> comparable tokens, the same way for documents and for
// checklist terms, so matching never depends on case, width, accents forms or
// inflection.
//
// NFKC case folding (ICU), then words split at anything that is not a letter or
// digit, then English Snowball stemming (libstemmer). Every token remembers its
// byte span in the original text (for snippets) and the sentence it is in.
// Thread-safe: each thread keeps its own stemmer.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace evcov {

struct Token {
  std::string stem;     // folded and stemmed, e.g. "runbook" for "Runbooks"
  std::string folded;   // folded only, e.g. "runbooks" (for prefix terms)
  int sentence = 0;     // index of the sentence within the text
  bool number = false;  // made of digits (possibly with a unit suffix: "4h", "15min")
};

// NFC-normalises UTF-8 text (invalid sequences become U+FFFD).
std::string NormaliseNfc(std::string_view text);

// Tokenises `text`. Sentence boundaries: '.', '!', '?', ';' followed by space or
// end, and line breaks.
std::vector<Token> Tokenize(std::string_view text);

}  // namespace evcov
