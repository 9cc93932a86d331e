#include <iostream>

#include "cli/options.hpp"
#include "config/schema.hpp"

namespace aca::cli {

int cmd_schema(const Args& args) {
  namespace po = boost::program_options;
  po::options_description visible("options");
  visible.add_options()("help,h", "show this help")("markdown", "print the reference as Markdown (the default)");
  po::options_description hidden;
  po::positional_options_description pos;
  po::variables_map vm;
  if (auto code = parse(args, "usage: acasim schema [--markdown] > docs/scenario-reference.md", visible, hidden, pos, vm))
    return *code;
  std::cout << config::reference_markdown(config::scenario_schema());
  return Exit::ok;
}

}  // namespace aca::cli
