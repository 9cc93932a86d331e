#include "analysis/stata_name.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <set>

#include "util/hash.hpp"

namespace aca::analysis {

namespace {

// Stata's reserved names (help reswords); str1 ... str2045 are reserved too (see is_reserved).
bool is_reserved(const std::string& s) {
  static const std::set<std::string> words = {"_all",  "_b",   "byte", "_coef", "_cons", "double", "float",
                                              "if",    "in",   "int",  "long",  "_n",    "_N",     "_pi",
                                              "_pred", "_rc",  "_skip", "strL", "using", "with"};
  if (words.count(s)) return true;
  if (s.size() > 3 && s.compare(0, 3, "str") == 0 &&
      std::all_of(s.begin() + 3, s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
    return true;
  return false;
}

// Only ASCII: Stata names admit Unicode letters, but pandas, R and older Stata versions read ASCII names alike.
std::string legal_characters(const std::string& column, std::size_t position) {
  std::string out;
  for (char c : column) {
    const auto u = static_cast<unsigned char>(c);
    out += (u < 128 && (std::isalnum(u) || c == '_')) ? c : '_';
  }
  if (out.empty()) return "v" + std::to_string(position + 1);
  if (std::isdigit(static_cast<unsigned char>(out.front()))) out.insert(out.begin(), '_');
  if (is_reserved(out)) out += '_';
  return out;
}

// A hash of the full column keeps two long names that share their first 25 characters apart.
std::string shortened(const std::string& name, const std::string& column) {
  if (name.size() <= stata_name_max) return name;
  return name.substr(0, 25) + "_" + util::hex64(util::fnv1a64(column)).substr(0, 6);
}

std::string unique(const std::string& name, const std::set<std::string>& taken) {
  if (!taken.count(name)) return name;
  for (std::size_t k = 2;; ++k) {
    const std::string tail = "_" + std::to_string(k);
    const std::string candidate = name.substr(0, std::min(name.size(), stata_name_max - tail.size())) + tail;
    if (!taken.count(candidate)) return candidate;
  }
}

}  // namespace

std::vector<StataName> stata_names(const std::vector<std::string>& columns) {
  std::vector<StataName> out;
  std::set<std::string> taken;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const std::string name = unique(shortened(legal_characters(columns[i], i), columns[i]), taken);
    taken.insert(name);
    out.push_back({name, name != columns[i]});
  }
  return out;
}

}  // namespace aca::analysis
