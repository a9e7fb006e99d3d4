// All field codecs. Include this, not a single codec, before checking a type.
#pragma once

#include <instrukt_ai/logging/detail/record/codec.hpp>
#include <instrukt_ai/logging/detail/record/codec_chrono.hpp>
#include <instrukt_ai/logging/detail/record/codec_enum.hpp>
#include <instrukt_ai/logging/detail/record/codec_numbers.hpp>
#include <instrukt_ai/logging/detail/record/codec_optional.hpp>
#include <instrukt_ai/logging/detail/record/codec_strings.hpp>
#include <instrukt_ai/logging/detail/record/codec_wrappers.hpp>
