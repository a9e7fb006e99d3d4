// An event whose descriptor is defined once per program, in the TU that
// instrukt_ai_event_catalog(... DESCRIPTORS name) generates, instead of in
// every TU that logs it. The generated header declares, per event type E:
//
//   template <> struct declared_event<E> { static constexpr std::uint64_t whole_fields = ...; };
//   template <> const descriptor event_descriptor<E>::value;   // defined in the generated TU
//
// A call site that sees these reflects E's field types only (count and tie):
// no field names, rule checks or line text, which the generated TU works out
// and checks. An event with a string passes its address to a copy function
// shared by every event with the same field types (emit_struct), the generated
// TU having checked each field's offset. Without the header nothing changes
// (logger.hpp's other path).
#pragma once

#include <instrukt_ai/logging/detail/event/descriptor.hpp>
#include <instrukt_ai/logging/detail/event/tie.hpp>
#include <instrukt_ai/logging/detail/record/fields_encoder.hpp>
#include <instrukt_ai/logging/detail/ring/producer.hpp>

#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>

namespace instrukt_ai::logging::detail {

// Specialised by the generated header only; whole_fields has bit I set when
// field I is written whole (an `id` or `..._id` key: is_id_key).
template <class Event>
struct declared_event;

template <class Event>
concept declared_elsewhere = requires { declared_event<Event>::whole_fields; };

// Declared here, specialised (declared) by the generated header and defined,
// as a copy of descriptor_of<E>, by the generated TU.
template <class Event>
struct event_descriptor {
  static const descriptor value;
};

// The encoder event_formatter<E>::encoder would give, from the field types
// and the declared mask: the same type, so the same shared copy function.
template <class Tie, std::uint64_t Whole, class Seq>
struct declared_encoder_of;
template <class... Ref, std::uint64_t Whole, std::size_t... I>
struct declared_encoder_of<field_refs<Ref...>, Whole, std::index_sequence<I...>> {
  using type = fields_encoder<field_spec<std::remove_cvref_t<Ref>, ((Whole >> I) & 1) != 0>...>;
};
// The shared copy of a struct with these field types, and where it reads them.
template <class Tie>
struct struct_fields;
template <class... Ref>
struct struct_fields<field_refs<Ref...>> {
  template <class Encoder>
  static constexpr auto* emit = &emit_struct<Encoder, std::remove_cvref_t<Ref>...>;
  static constexpr auto offsets = natural_offsets<std::remove_cvref_t<Ref>...>();
};

template <class Event>
using declared_encoder = typename declared_encoder_of<field_tuple<Event>, declared_event<Event>::whole_fields,
                                                      std::make_index_sequence<field_count<Event>>>::type;

}  // namespace instrukt_ai::logging::detail
