// The spelling rules for event names and field keys.
#pragma once

#include <array>
#include <string_view>

namespace instrukt_ai::logging::detail {

// snake_case: lower-case words of [a-z0-9], joined by single underscores,
// starting with a letter.
constexpr bool is_snake_case(std::string_view s) {
  if (s.empty() || s.front() < 'a' || s.front() > 'z' || s.back() == '_') return false;
  char prev = 0;
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok || (c == '_' && prev == '_')) return false;
    prev = c;
  }
  return true;
}

// Keys the line layout writes itself; a field may not use them.
inline constexpr std::array<std::string_view, 4> reserved_keys{"level", "logger", "msg", "exc"};

constexpr bool is_reserved_key(std::string_view key) {
  for (auto r : reserved_keys)
    if (r == key) return true;
  return false;
}

// Whether term (one or more whole words) is in the snake_case key at `at`,
// a word start: "token" is in "access_token" and "token_hash", not in "tokens".
constexpr bool words_at(std::string_view key, std::size_t at, std::string_view term) {
  const std::size_t end = at + term.size();
  if (term.empty() || end > key.size() || (end != key.size() && key[end] != '_')) return false;
  for (std::size_t i = 0; i < term.size(); ++i)
    if (key[at + i] != term[i]) return false;
  return true;
}

// Where the word after the one at `at` starts (key.size() after the last).
constexpr std::size_t next_word(std::string_view key, std::size_t at) {
  const std::size_t underscore = key.find('_', at);
  return underscore == std::string_view::npos ? key.size() : underscore + 1;
}

// Words that make a key name a secret (guide.md: docs/ in the source, share/doc/instrukt_ai_logging/ installed). A project adds its own
// with -DINSTRUKT_AI_LOGGING_EXTRA_SECRET_WORDS="pin,iban" (comma-separated;
// CMake option INSTRUKT_AI_LOGGING_EXTRA_SECRET_WORDS).
inline constexpr std::array<std::string_view, 13> secret_words{
    "password", "passwd",     "secret",      "token",       "api_key",     "apikey", "authorization",
    "cookie",   "session_id", "private_key", "credit_card", "card_number", "ssn"};

#ifdef INSTRUKT_AI_LOGGING_EXTRA_SECRET_WORDS
inline constexpr std::string_view extra_secret_words = INSTRUKT_AI_LOGGING_EXTRA_SECRET_WORDS;
#else
inline constexpr std::string_view extra_secret_words = "";
#endif

// Runs for every field of every event type at compile time, so each word
// start of the key is compared with each word's first character first.
constexpr bool is_secret_key(std::string_view key) {
  for (std::size_t at = 0; at < key.size(); at = next_word(key, at)) {
    for (auto w : secret_words)
      if (w[0] == key[at] && words_at(key, at, w)) return true;
    std::string_view rest = extra_secret_words;
    while (!rest.empty()) {
      const auto comma = rest.find(',');
      std::string_view word = rest.substr(0, comma);
      while (!word.empty() && word.front() == ' ') word.remove_prefix(1);
      while (!word.empty() && word.back() == ' ') word.remove_suffix(1);
      if (!word.empty() && words_at(key, at, word)) return true;
      rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    }
  }
  return false;
}

// Keys whose values are never truncated: `id` and `..._id`.
constexpr bool is_id_key(std::string_view key) {
  return key == "id" || (key.size() > 3 && key.substr(key.size() - 3) == "_id");
}

}  // namespace instrukt_ai::logging::detail
