#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "config/schema.hpp"

using namespace aca::config;

TEST_CASE("docs/scenario-reference.md is the reference generated from the schema", "[reference]") {
  std::ifstream in(std::string(ACASIM_SOURCE_DIR) + "/docs/scenario-reference.md");
  REQUIRE(in.good());
  std::stringstream ss;
  ss << in.rdbuf();
  INFO("docs/scenario-reference.md is stale: run `build/release/src/cli/acasim schema --markdown > "
       "docs/scenario-reference.md`");
  REQUIRE(ss.str() == reference_markdown(scenario_schema()));
}

TEST_CASE("every declared key has a one-line doc and appears in the reference", "[reference]") {
  const std::string md = reference_markdown(scenario_schema());
  for (const auto& k : scenario_schema().keys()) {
    INFO(k.path);
    REQUIRE_FALSE(k.doc.empty());
    REQUIRE(k.doc.find('\n') == std::string::npos);
    const auto dot = k.path.rfind('.');
    REQUIRE(md.find("| `" + k.path.substr(dot + 1) + "` |") != std::string::npos);
  }
}
