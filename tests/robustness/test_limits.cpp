// Issue 15 §6: a scenario too large for the machine, or a path that is no scenario file, is refused by validate
// with exit 2 before anything of its size is allocated (the limit and how to raise it named); what LibTorch cannot
// do is reported naming the [platform] settings, never with its exception or stack trace.
#include <sys/stat.h>

#include "robustness/robustness.hpp"

namespace fs = std::filesystem;
using aca::robustness::BadInput;
using aca::robustness::check_case;
using aca::robustness::Scratch;
using aca::robustness::scenarios;

TEST_CASE("a scenario path that is not a readable scenario file exits 2 naming the file", "[robustness]") {
  const Scratch tmp("limits_paths");
  const std::string fifo = tmp / "pipe.toml";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  const std::string empty = tmp.write("empty.toml", "");
  const std::string blank = tmp.write("blank.toml", " \n\t\n");
  // 17 MiB of comments: valid TOML, refused by size before it is read whole.
  const std::string huge = tmp.write("huge.toml", std::string(17u << 20, '#'));
  const std::string folder = tmp / "folder.toml";
  fs::create_directories(folder);
  const BadInput cases[] = {
      {"/dev/zero (endless)", "validate /dev/zero", 2, {"/dev/zero: error: is not a regular file"}},
      {"/dev/null", "validate /dev/null", 2, {"/dev/null: error: is not a regular file"}},
      {"a FIFO without a writer (would block)", "validate " + fifo, 2, {fifo + ": error: is not a regular file"}},
      {"a folder", "validate " + folder, 2, {folder + ": error: is a folder, not a scenario file"}},
      {"an empty file", "validate " + empty, 2, {empty + ": error: the scenario file is empty"}},
      {"a file of blanks", "validate " + blank, 2, {blank + ": error: the scenario file is empty"}},
      {"a file over 16 MiB", "validate " + huge, 2, {huge + ": error: the scenario file is larger than 16 MiB"}},
      {"run of /dev/zero", "run /dev/zero --out " + (tmp / "out"), 2, {"/dev/zero: error: is not a regular file"}},
  };
  for (const auto& c : cases) check_case(c);
  CHECK_FALSE(fs::exists(tmp.path() / "out"));
}

TEST_CASE("a network, model or data set above its limit exits 2 at its key naming the limit and how to raise it",
          "[robustness]") {
  const Scratch tmp("limits_sizes");
  const std::string q = scenarios + "quickstart.toml";
  const std::string ws = " --set population.network.kind=watts_strogatz";
  const std::string edges = tmp.write("edges.txt", "0 1\n1 2\n2 3\n3 4\n");
  const BadInput cases[] = {
      {"huge population with huge k", "validate " + q + " --set population.size=100000" + ws +
                                          " --set population.network.k=99998",
       2, {"population.network.k", "watts_strogatz", "edges", "limits.network_edges", "[limits]"}},
      {"k one below an odd population (rewiring never ends)", "validate " + q + " --set population.size=1001" + ws +
                                                                  " --set population.network.k=1000",
       2, {"population.network.k", "never be built", "rewire = 0"}},
      {"k close to the population (minutes of rewiring)", "validate " + q + " --set population.size=10000" + ws +
                                                             " --set population.network.k=9998",
       2, {"population.network.k", "random draws"}},
      {"a dense Erdős–Rényi graph", "validate " + q + " --set population.size=1000000 --set population.network.kind="
                                                      "erdos_renyi --set population.network.mean_degree=500",
       2, {"population.network.mean_degree", "limits.network_edges"}},
      {"an edge list above a lowered limit", "validate " + q + " --set limits.network_edges=3 --set population."
                                                               "network.kind=edgelist --set population.network.file=" + edges,
       2, {"population.network.file", "line 4", "limits.network_edges"}},
      {"an edge list that is a device", "validate " + q + " --set population.network.kind=edgelist --set population."
                                                          "network.file=/dev/zero",
       2, {"population.network.file", "/dev/zero is not a regular file"}},
      {"hidden layers of 10^12 parameters", "validate " + q + " --set platform.model.kind=mlp --set "
                                                              "platform.model.hidden=[1000000,1000000]",
       2, {"platform.model.hidden", "about 1.0 × 10^12 parameters", "limits.model_parameters"}},
      {"a million points per agent", "validate " + q + " --set data.points_per_agent=1000000", 2,
       {"data.points_per_agent", "limits.data_values", "[limits]"}},
      {"a learning rate beyond the largest float", "validate " + q + " --set platform.learning_rate=1e39", 2,
       {"platform.learning_rate", "does not fit the float"}},
      {"noise × clip beyond the largest float", "validate " + q + " --set platform.learner=dp_sgd --set "
                                                  "platform.privacy.noise_multiplier=1e30 --set platform.privacy.clip=1e30",
       2, {"platform.privacy.noise_multiplier", "standard deviation"}},
      {"a limit that is not positive", "validate " + q + " --set limits.model_parameters=0", 2, {"limits.model_parameters"}},
  };
  for (const auto& c : cases) check_case(c);
}

TEST_CASE("what LibTorch cannot train is reported naming the platform settings, without its exception text",
          "[robustness]") {
  const Scratch tmp("limits_torch");
  const std::string q = scenarios + "quickstart.toml --set simulation.rounds=2 --out " + (tmp / "out");
  check_case({"a learning rate that makes training diverge", "run " + q + " --set platform.learning_rate=1e38", 1,
              {"diverged", "platform.learning_rate"}});
  // 8 TB of weights, the limit raised past what any machine allocates. The address space is capped at 16 GB so
  // that the allocation fails at once even where the kernel overcommits memory (it would be killed touching it).
  const std::string args = "run " + q + " --set platform.model.kind=mlp --set platform.model.hidden=[1000000,1000000] "
                           "--set limits.model_parameters=10000000000000";
  INFO(args);
  const auto r = run_command("ulimit -v 16000000; " + std::string(ACASIM_EXE) + " " + args);
  INFO(r.output);
  CHECK(r.exit_code == 1);
  for (const char* says : {"ran out of memory", "hidden = [1000000, 1000000]", "platform.batch_size"})
    CHECK_THAT(r.output, Catch::Contains(says));
  for (const char* leak : {"terminate called", "std::", "c10::", "what():", "Exception raised from", "enforce fail"})
    CHECK_THAT(r.output, !Catch::Contains(leak));
}

TEST_CASE("a [limits] key moves the limit both ways", "[robustness]") {
  const std::string q = scenarios + "quickstart.toml --set population.network.kind=lattice";  // 2000 agents, 2000 edges
  const auto under = run_acasim("validate " + q + " --set limits.network_edges=2000");
  INFO(under.output);
  CHECK(under.exit_code == 0);
  check_case({"just below the ring's 2000 edges", "validate " + q + " --set limits.network_edges=1999", 2,
              {"lattice on population.size = 2000 agents has 2000 edges, above the limit of 1999"}});
}

TEST_CASE("memory exhausted outside the learner exits 1 with advice, not an exception's name", "[robustness]") {
  const Scratch tmp("limits_memory");
  // 30 million agents pass every [limits] check of theory mode; a 1.5 GB address space cannot hold them.
  const std::string args = "run " + scenarios + "theory_tipping.toml --set population.size=30000000 -q --out " +
                           (tmp / "out");
  INFO(args);
  const auto r = run_command("ulimit -v 1500000; " + std::string(ACASIM_EXE) + " " + args);
  INFO(r.output);
  CHECK(r.exit_code == 1);
  for (const char* says : {"acasim run: error: out of memory", "population", "--jobs"})
    CHECK_THAT(r.output, Catch::Contains(says));
  for (const char* leak : {"bad_alloc", "std::", "terminate called"}) CHECK_THAT(r.output, !Catch::Contains(leak));
}
