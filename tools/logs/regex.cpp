#define PCRE2_CODE_UNIT_WIDTH 8
#include "regex.hpp"

#include <pcre2.h>

#include <stdexcept>
#include <string>

namespace instrukt_ai::logs {

regex::regex(std::string_view pattern, std::string_view what) {
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
  match_.reset(pcre2_match_data_create_from_pattern(code, nullptr), pcre2_match_data_free);
  if (!match_) throw std::bad_alloc();
}

regex::match regex::find(std::string_view text, std::size_t from) const {
  if (from > text.size()) return {};
  const auto subject = reinterpret_cast<PCRE2_SPTR>(text.data());
  const int rc = jit_ ? pcre2_jit_match(code_.get(), subject, text.size(), from, 0, match_.get(), nullptr)
                      : pcre2_match(code_.get(), subject, text.size(), from, 0, match_.get(), nullptr);
  if (rc < 0) return {};  // no match (or a match limit hit: treated as none)
  const PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(match_.get());
  return {ovector[0], ovector[1]};
}

}  // namespace instrukt_ai::logs
