// The month names of month_names.hpp: for each language its abbreviations and full names, as written in dates
// (lower case; accents in UTF-8), and other spellings read too.
#include "ts/month_names.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace elman::ts::detail {
namespace {

struct Language {
  MonthLanguage language;
  std::array<std::string_view, 12> abbreviated;  // as written back
  std::array<std::string_view, 12> full;
  std::array<std::string_view, 12> other;  // another abbreviation read, or "" (Mrz for März)
};

constexpr std::array<Language, 7> kLanguages{{
    {MonthLanguage::English,
     {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"},
     {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
      "december"},
     {"", "", "", "", "", "", "", "", "sept", "", "", ""}},
    {MonthLanguage::German,
     {"jan", "feb", "mär", "apr", "mai", "jun", "jul", "aug", "sep", "okt", "nov", "dez"},
     {"januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober", "november",
      "dezember"},
     {"jän", "", "mrz", "", "", "", "", "", "sept", "", "", ""}},
    {MonthLanguage::French,
     {"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."},
     {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre",
      "décembre"},
     {"", "fév", "", "", "", "", "", "aout", "", "", "", "dec"}},
    {MonthLanguage::Spanish,
     {"ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"},
     {"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre",
      "diciembre"},
     {"", "", "", "", "", "", "", "", "sept", "", "", ""}},
    {MonthLanguage::Italian,
     {"gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic"},
     {"gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre",
      "novembre", "dicembre"},
     {"", "", "", "", "", "", "", "", "", "", "", ""}},
    {MonthLanguage::Dutch,
     {"jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"},
     {"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november",
      "december"},
     {"", "", "", "", "", "", "", "", "sept", "", "", ""}},
    {MonthLanguage::Portuguese,
     {"jan", "fev", "mar", "abr", "mai", "jun", "jul", "ago", "set", "out", "nov", "dez"},
     {"janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro",
      "dezembro"},
     {"", "", "", "", "", "", "", "", "", "", "", ""}},
}};

// `text` in lower case (or in capitals): ASCII letters, and the accented ones of Latin-1 in UTF-8 (Ä and ä are
// C3 84 and C3 A4: the second byte differs by 0x20), which the names of these languages use.
std::string fold_case(std::string_view text, bool upper) {
  std::string out(text);
  for (std::size_t i = 0; i < out.size(); ++i) {
    const auto c = (unsigned char)out[i];
    if (c < 0x80) {
      out[i] = char(upper ? std::toupper(c) : std::tolower(c));
    } else if (c == 0xC3 && i + 1 < out.size()) {
      const auto next = (unsigned char)out[++i];
      if (!upper && next >= 0x80 && next <= 0x9E && next != 0x97) out[i] = char(next + 0x20);  // not ×
      if (upper && next >= 0xA0 && next <= 0xBE && next != 0xB7) out[i] = char(next - 0x20);   // not ÷
    }
  }
  return out;
}

bool is_letter(unsigned char c) { return std::isalpha(c) || c >= 0x80; }

// A word that is both an abbreviation and a full name (mai, juin, May) counts as an abbreviation, and so does the
// start of one full name, three letters or more (Janu, Sept, Okto; not jui, which starts juin and juillet).
std::optional<MonthWord> in_language(const Language& l, std::string_view word) {
  for (std::size_t k = 0; k < 12; ++k) {
    std::string_view abbreviation = l.abbreviated[k];
    if (abbreviation.ends_with('.')) abbreviation.remove_suffix(1);
    if (word == abbreviation || (!l.other[k].empty() && word == l.other[k])) return MonthWord{int(k) + 1, false};
  }
  for (std::size_t k = 0; k < 12; ++k)
    if (word == l.full[k]) return MonthWord{int(k) + 1, true};
  std::optional<MonthWord> started;
  for (std::size_t k = 0; word.size() >= 3 && k < 12; ++k) {
    if (!l.full[k].starts_with(word)) continue;
    if (started) return std::nullopt;
    started = MonthWord{int(k) + 1, false};
  }
  return started;
}

// Calls `each(begin, end)` for every word of `text`: a run of letters (accented ones too), with a '.' after it.
template <class Each>
void for_each_word(std::string_view text, Each each) {
  for (std::size_t begin = 0; begin < text.size();) {
    if (!is_letter((unsigned char)text[begin])) {
      ++begin;
      continue;
    }
    std::size_t end = begin;
    while (end < text.size() && is_letter((unsigned char)text[end])) ++end;
    if (end < text.size() && text[end] == '.') ++end;
    each(begin, end);
    begin = end;
  }
}

}  // namespace

std::optional<MonthWord> month_word(std::string_view word, std::optional<MonthLanguage> language) {
  std::string lower = fold_case(word, false);
  if (lower.ends_with('.')) lower.pop_back();
  for (const auto& l : kLanguages)
    if (!language || l.language == *language)
      if (const auto found = in_language(l, lower)) return found;
  return std::nullopt;
}

MonthLanguage month_language(std::span<const std::string> samples) {
  samples = samples.first(std::min<std::size_t>(samples.size(), 400));  // more than a year of daily dates
  for (const auto& l : kLanguages) {
    bool names_all = true;
    for (const auto& sample : samples)
      for_each_word(sample, [&](std::size_t begin, std::size_t end) {
        const std::string_view word = std::string_view(sample).substr(begin, end - begin);
        if (month_word(word) && !month_word(word, l.language)) names_all = false;
      });
    if (names_all) return l.language;
  }
  return MonthLanguage::English;
}

std::string translate_months(std::string_view text, MonthLanguage from, MonthLanguage to, bool full, bool lower,
                             bool capitals) {
  const Language& target = kLanguages[std::size_t(to)];
  std::string out;
  std::size_t copied = 0;
  for_each_word(text, [&](std::size_t begin, std::size_t end) {
    const std::string_view word = text.substr(begin, end - begin);
    const auto month = month_word(word, from);
    if (!month) return;
    // A '.' after the word is the abbreviation's (janv.), replaced with it.
    std::string name(full || month->full ? target.full[std::size_t(month->month - 1)]
                                         : target.abbreviated[std::size_t(month->month - 1)]);
    if (capitals)
      name = fold_case(name, true);
    else if (!lower)
      name.front() = char(std::toupper((unsigned char)name.front()));
    out.append(text.substr(copied, begin - copied));
    out += name;
    copied = end;
  });
  out.append(text.substr(copied));
  return out;
}

}  // namespace elman::ts::detail
