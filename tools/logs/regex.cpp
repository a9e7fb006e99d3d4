#define PCRE2_CODE_UNIT_WIDTH 8
#include "regex.hpp"

#include <pcre2.h>

#include <stdexcept>
#include <string>

namespace instrukt_ai::logs {

regex::regex(std::string_view pattern, std::string_view what) : pattern_(pattern) {
  int error = 0;
  PCRE2_SIZE offset = 0;
  pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(), PCRE2_MULTILINE,
                                   &error, &offset, nullptr);
  if (!code) {
    PCRE2_UCHAR message[256];
    pcre2_get_error_message(error, message, sizeof message);
    throw std::invalid_argument(std::string(what) + " '" + std::string(pattern) +
                                "' is not a valid regular expression: " + reinterpret_cast<const char*>(message) +
                                " (at character " + std::to_string(offset + 1) + ")");
  }
  code_.reset(code, pcre2_code_free);
  jit_ = pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) == 0;  // else the interpreter: slower, same answers
}

regex::match regex::find(std::string_view text, std::size_t from) const {
  if (from > text.size()) return {};
  // One pair is all a search reads (the whole match); one per thread.
  thread_local const std::unique_ptr<pcre2_match_data, void (*)(pcre2_match_data*)> data(
      pcre2_match_data_create(1, nullptr), pcre2_match_data_free);
  if (!data) throw std::bad_alloc();
  const auto subject = reinterpret_cast<PCRE2_SPTR>(text.data());
  const int rc = jit_ ? pcre2_jit_match(code_.get(), subject, text.size(), from, 0, data.get(), nullptr)
                      : pcre2_match(code_.get(), subject, text.size(), from, 0, data.get(), nullptr);
  if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT || rc == PCRE2_ERROR_HEAPLIMIT ||
      rc == PCRE2_ERROR_JIT_STACKLIMIT)
    return {std::string_view::npos, std::string_view::npos, true};
  if (rc < 0) return {};  // no match
  const PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(data.get());
  return {ovector[0], ovector[1]};
}

bool regex::search(std::string_view text) const {
  const auto m = find(text);
  if (m.limited) count_limited();
  return m.begin != std::string_view::npos;
}

}  // namespace instrukt_ai::logs
