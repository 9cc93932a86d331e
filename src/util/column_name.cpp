#include "util/column_name.hpp"

#include <cctype>

namespace aca::util {

std::string column_name(std::string_view text) {
  std::string out;
  bool gap = false;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    // Only ASCII: Stata names admit nothing else, and a locale-dependent isalnum would make names machine-dependent.
    if (u < 128 && std::isalnum(u)) {
      if (gap && !out.empty()) out += '_';
      gap = false;
      out += static_cast<char>(std::tolower(u));
    } else {
      gap = true;
    }
  }
  if (!out.empty() && std::isdigit(static_cast<unsigned char>(out.front()))) out.insert(out.begin(), '_');
  return out;
}

}  // namespace aca::util
