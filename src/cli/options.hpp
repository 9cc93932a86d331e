#pragma once
// Shared Boost.Program_options plumbing for the subcommands.
#include <boost/program_options.hpp>
#include <filesystem>
#include <functional>
#include <iostream>
#include <limits>
#include <optional>
#include <string>
#include <type_traits>

#include "util/csv_writer.hpp"

#include "cli/commands.hpp"

namespace aca::cli {

/// A notifier that refuses a value outside lo ≤ value ≤ hi (lo < value < hi with `open`), naming the option and the
/// allowed range; parse() turns the refusal into exit 2. Options are read signed, so "-1" is refused, never
/// wrapped to a huge unsigned number.
template <class T>
std::function<void(const T&)> in_range(const std::string& option, T lo, T hi = std::numeric_limits<T>::max(),
                                       bool open = false) {
  return [=](const T& v) {
    if (open ? (v > lo && v < hi) : (v >= lo && v <= hi)) return;
    const auto text = [](T x) {
      if constexpr (std::is_integral_v<T>) return std::to_string(x);
      else return util::format_number(static_cast<double>(x));
    };
    const std::string low = text(lo) + (open ? " < " : " ≤ ");
    const std::string high = hi == std::numeric_limits<T>::max() ? "" : (open ? " < " : " ≤ ") + text(hi);
    throw boost::program_options::error("--" + option + " = " + text(v) + " is out of range: allowed " + low + "value" +
                                        high);
  };
}

/// Exit 2 with "acasim COMMAND: error: DIR: no such folder" when `dir` is not a folder (a missing folder is a
/// usage error, as a missing scenario file is); nullopt when it is one.
inline std::optional<int> missing_folder(const char* command, const std::filesystem::path& dir) {
  if (std::filesystem::is_directory(dir)) return std::nullopt;
  std::cerr << "acasim " << command << ": error: " << dir.string() << ": no such folder\n";
  return Exit::usage_error;
}

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
