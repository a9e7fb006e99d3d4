// The spelling rules for event names and field keys.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace instrukt_ai::logging::detail {

// These run at compile time for every field of every event type, so they
// index raw characters (no string_view calls or comparisons with literals,
// which the compilers' constant evaluators pay for one by one: a literal's
// length is counted in a loop) and touch each character about once. Each
// rule has a form on (characters, size), which the event checks call.

// snake_case: lower-case words of [a-z0-9], joined by single underscores,
// starting with a letter.
constexpr bool is_snake_case(const char* s, std::size_t n) {
  if (n == 0 || s[0] < 'a' || s[0] > 'z' || s[n - 1] == '_') return false;
  for (std::size_t i = 1; i < n; ++i) {
    const char c = s[i];
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '_' && s[i - 1] != '_');
    if (!ok) return false;
  }
  return true;
}
constexpr bool is_snake_case(std::string_view key) { return is_snake_case(key.data(), key.size()); }

constexpr bool same_chars(const char* a, const char* b, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i)
    if (a[i] != b[i]) return false;
  return true;
}

// Keys the line layout writes itself; a field may not use them.
inline constexpr std::array<std::string_view, 4> reserved_keys{"level", "logger", "msg", "exc"};

constexpr bool is_reserved_key(const char* s, std::size_t n) {
  for (const auto& r : reserved_keys)
    if (r.size() == n && same_chars(r.data(), s, n)) return true;
  return false;
}
constexpr bool is_reserved_key(std::string_view key) { return is_reserved_key(key.data(), key.size()); }

// Whether term (one or more whole words) is in the snake_case key at `at`,
// a word start: "token" is in "access_token" and "token_hash", not in "tokens".
constexpr bool words_at(const char* key, std::size_t size, std::size_t at, const char* term, std::size_t length) {
  const std::size_t end = at + length;
  return length != 0 && end <= size && (end == size || key[end] == '_') && same_chars(key + at, term, length);
}

// Words that make a key name a secret (guide.md: docs/ in the source, share/doc/instrukt_ai_logging/ installed). A project adds its own
// with -DINSTRUKT_AI_LOGGING_EXTRA_SECRET_WORDS="pin,iban" (comma-separated;
// CMake option INSTRUKT_AI_LOGGING_EXTRA_SECRET_WORDS).
inline constexpr std::array<std::string_view, 13> builtin_secret_words{
    "password", "passwd",     "secret",      "token",       "api_key",     "apikey", "authorization",
    "cookie",   "session_id", "private_key", "credit_card", "card_number", "ssn"};

#ifdef INSTRUKT_AI_LOGGING_EXTRA_SECRET_WORDS
inline constexpr std::string_view extra_secret_words = INSTRUKT_AI_LOGGING_EXTRA_SECRET_WORDS;
#else
inline constexpr std::string_view extra_secret_words = "";
#endif

// The extra words, split and trimmed once per program, not per key.
constexpr std::size_t count_extra_secret_words() {
  std::size_t n = 0;
  bool in_word = false;
  for (char c : extra_secret_words) {
    if (c == ',') in_word = false;
    else if (c != ' ' && !in_word) in_word = true, ++n;
  }
  return n;
}

// Every secret word, the built-in ones first.
inline constexpr auto secret_words = [] {
  std::array<std::string_view, builtin_secret_words.size() + count_extra_secret_words()> words{};
  std::size_t n = 0;
  for (auto w : builtin_secret_words) words[n++] = w;
  std::string_view rest = extra_secret_words;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    std::string_view word = rest.substr(0, comma);
    while (!word.empty() && word.front() == ' ') word.remove_prefix(1);
    while (!word.empty() && word.back() == ' ') word.remove_suffix(1);
    if (!word.empty()) words[n++] = word;
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
  }
  return words;
}();

// A filter on a word's first character: bit (c & 63) is set when a secret
// word starts with c. Most keys have no word that passes it.
inline constexpr std::uint64_t secret_first_chars = [] {
  std::uint64_t bits = 0;
  for (auto w : secret_words) bits |= std::uint64_t{1} << (w[0] & 63);
  return bits;
}();

// Whether a word of the key starts a secret word.
constexpr bool is_secret_key(const char* s, std::size_t n) {
  for (std::size_t at = 0; at < n;) {
    if ((secret_first_chars >> (s[at] & 63)) & 1) {
      for (const auto& w : secret_words)
        if (w.data()[0] == s[at] && words_at(s, n, at, w.data(), w.size())) return true;
    }
    while (at < n && s[at] != '_') ++at;  // to the next word
    ++at;
  }
  return false;
}
constexpr bool is_secret_key(std::string_view key) { return is_secret_key(key.data(), key.size()); }

// Keys whose values are never truncated: `id` and `..._id`.
constexpr bool is_id_key(const char* s, std::size_t n) {
  return n >= 2 && s[n - 2] == 'i' && s[n - 1] == 'd' && (n == 2 || (n > 3 && s[n - 3] == '_'));
}
constexpr bool is_id_key(std::string_view key) { return is_id_key(key.data(), key.size()); }

}  // namespace instrukt_ai::logging::detail
