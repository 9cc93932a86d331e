#pragma once
// Table column names legal in pandas, R and Stata: a scenario key or label in lower snake_case.
#include <string>
#include <string_view>

namespace aca::util {

/// `text` in lower snake_case: every run of characters other than ASCII letters and digits becomes one '_', ends
/// trimmed, letters lowered, and a leading digit prefixed with '_' ("platform.privacy.target_epsilon" →
/// "platform_privacy_target_epsilon", "Left-Riders" → "left_riders"); "" stays "".
std::string column_name(std::string_view text);

}  // namespace aca::util
