#pragma once
// Shared Boost.Program_options plumbing for the subcommands.
#include <boost/program_options.hpp>
#include <iostream>
#include <optional>

#include "cli/commands.hpp"

namespace aca::cli {

/// Parses `args` against `visible` (+ hidden positionals); prints help or a usage error. Returns an exit code
/// to return immediately, or nullopt to go on with `vm` filled.
inline std::optional<int> parse(const Args& args, const char* usage_line,
                                const boost::program_options::options_description& visible,
                                const boost::program_options::options_description& hidden,
                                const boost::program_options::positional_options_description& pos,
                                boost::program_options::variables_map& vm) {
  namespace po = boost::program_options;
  po::options_description all;
  all.add(visible).add(hidden);
  try {
    po::store(po::command_line_parser(args).options(all).positional(pos).run(), vm);
    if (vm.count("help")) {
      std::cout << usage_line << "\n\n" << visible << "\n";
      return Exit::ok;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "acasim: " << e.what() << "\n" << usage_line << "\n(use --help for the options)\n";
    return Exit::usage_error;
  }
  return std::nullopt;
}

/// The same for a command with exactly one required positional argument, stored in vm[positional].
inline std::optional<int> parse(const Args& args, const char* usage_line,
                                const boost::program_options::options_description& visible, const char* positional,
                                const char* positional_doc, boost::program_options::variables_map& vm) {
  namespace po = boost::program_options;
  po::options_description hidden;
  hidden.add_options()(positional, po::value<std::string>()->required(), positional_doc);
  po::positional_options_description pos;
  pos.add(positional, 1);
  return parse(args, usage_line, visible, hidden, pos, vm);
}

}  // namespace aca::cli
