#include <cstdio>
#include <iostream>

#include "cli/options.hpp"
#include "config/scenario.hpp"
#include "sim/run_context.hpp"
#include "sim/sweep.hpp"

namespace aca::cli {

int cmd_validate(const Args& args) {
  namespace po = boost::program_options;
  po::options_description visible("options");
  visible.add_options()
      ("help,h", "show this help")
      ("set", po::value<std::vector<std::string>>()->composing(), "apply an override before validating (repeatable)");
  po::options_description hidden;
  hidden.add_options()("scenario", po::value<std::vector<std::string>>()->required(), "scenario files");
  po::positional_options_description pos;
  pos.add("scenario", -1);
  po::variables_map vm;
  if (auto code = parse(args, "usage: acasim validate SCENARIO.toml... [--set key=value]...\n"
                        "Checks each scenario as `run` would (short of training) and, when it has [[sweep.axis]], every "
                        "point of its full and quick sweep designs.", visible, hidden, pos, vm))
    return *code;
  std::vector<config::Override> overrides;
  if (vm.count("set"))
    for (const auto& s : vm["set"].as<std::vector<std::string>>()) overrides.push_back(config::parse_override(s));

  int failures = 0;
  for (const auto& f : vm["scenario"].as<std::vector<std::string>>()) {
    try {
      // The plan stage of `run`: data loaded, population drawn, learner built, everything short of training.
      sim::plan_run(config::load_scenario(f, overrides));
      // And every value of every sweep axis as the scenario it produces, before a sweep of hours finds it.
      if (const std::string note = sim::validate_sweep(f, overrides); !note.empty())
        std::fprintf(stderr, "%s: note: %s\n", f.c_str(), note.c_str());
      std::printf("%s: ok\n", f.c_str());
    } catch (const config::ScenarioError& e) {
      std::cerr << e.diagnostics().format();
      ++failures;
    } catch (const std::exception& e) {
      std::cerr << f << ": error: " << e.what() << "\n";
      ++failures;
    }
  }
  return failures ? Exit::usage_error : Exit::ok;
}

}  // namespace aca::cli
