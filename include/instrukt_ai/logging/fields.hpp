// Field wrappers for the guide's rules on secrets, payloads and identifiers.
//
//   struct LoginFailed {
//     static constexpr ial::event_info event{"login_failed", ial::level::warning};
//     ial::id<std::string_view> user_id;             // never truncated
//     ial::redacted<std::string_view> password;      // written as ***
//     ial::redacted<std::string_view, ial::redaction::fingerprint> api_key;  // sha256:1f2e3d4c
//   };
//   struct RequestReceived {                          // payload<T>: TRACE events only
//     static constexpr ial::event_info event{"request_received", ial::level::trace};
//     ial::payload<std::string_view> body;
//   };
//
// A field named like a secret (password, token, api_key, ... see
// guide.md, installed to share/doc/instrukt_ai_logging/) must be redacted<T>, or the event does not compile.
#pragma once

namespace instrukt_ai::logging {

enum class redaction {
  mask,         // the line shows ***
  fingerprint,  // the line shows sha256:<first 8 hex digits>: equal values can be correlated
};

// The value never reaches the ring: the caller writes *** or its fingerprint.
template <class T, redaction How = redaction::mask>
struct redacted {
  T value;
};

// A whole request or response body: allowed only in TRACE events.
template <class T>
struct payload {
  T value;
};

// An identifier: never truncated, whatever max_value_bytes says. Fields named
// `id` or `..._id` get the same treatment without the wrapper.
template <class T>
struct id {
  T value;
};

}  // namespace instrukt_ai::logging
