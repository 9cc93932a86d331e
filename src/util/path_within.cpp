#include "util/path_within.hpp"

#include <system_error>

namespace aca::util {

bool path_within(const std::filesystem::path& path, const std::filesystem::path& dir) {
  std::error_code ec1, ec2;
  const auto p = std::filesystem::weakly_canonical(std::filesystem::absolute(path, ec1), ec1);
  const auto d = std::filesystem::weakly_canonical(std::filesystem::absolute(dir, ec2), ec2);
  const auto rel = p.lexically_relative(d);
  return !ec1 && !ec2 && !rel.empty() && *rel.begin() != "..";
}

}  // namespace aca::util
