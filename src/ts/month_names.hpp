// Month names in the languages whose spreadsheets and statistics offices write them in dates and headers: English,
// German, French, Spanish, Italian, Dutch and Portuguese. No word names different months in two of them ("mar" is
// March in each that has it), so a word's month needs no language; writing one back does.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace elman::ts::detail {

enum class MonthLanguage { English, German, French, Spanish, Italian, Dutch, Portuguese };

struct MonthWord {
  int month = 0;      // 1 to 12
  bool full = false;  // the name in full (Januar), not abbreviated (Jan)
};

// The month `word` names in `language` (nullopt: in any of them): its abbreviation, with or without a trailing '.'
// (janv., Sept), its full name, or the start of only its full name (Janu., Sept.); ASCII letters and the accented
// ones of Latin-1 in any case (Mär, MÄR, févr.).
std::optional<MonthWord> month_word(std::string_view word, std::optional<MonthLanguage> language = std::nullopt);

// The first language (English first) that names every month word of the first 400 samples, English where there is
// none.
MonthLanguage month_language(std::span<const std::string> samples);

// `text` with each month word of `from` replaced by `to`'s name for the same month (abbreviated or in full, as the
// word was, or in full where `full`: May is both in English), in lower case where `lower`, in capitals where
// `capitals`, else capitalised. Words that name no month are kept.
std::string translate_months(std::string_view text, MonthLanguage from, MonthLanguage to, bool full = false,
                             bool lower = false, bool capitals = false);

}  // namespace elman::ts::detail
