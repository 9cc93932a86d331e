// Issue 15 §3: a checkpoint that is damaged, truncated, emptied, incomplete, of another format or holding garbage
// metrics is refused with exit 1 naming the file, and nothing of it reaches the run folder's outputs.
#include "robustness/robustness.hpp"

#include <functional>
#include <sstream>

namespace fs = std::filesystem;
using aca::robustness::BadInput;
using aca::robustness::check_case;
using aca::robustness::Scratch;
using aca::robustness::scenarios;

namespace {

void spit(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

// A small learned run of 6 rounds with checkpoints after rounds 1, 3 and 5.
std::string make_base(const Scratch& tmp, const std::string& extra = "") {
  const std::string base = tmp / "base";
  const ProcessResult r = run_acasim("run " + scenarios + "quickstart.toml --out " + base +
                                     " -q --checkpoint-every 2 --set simulation.rounds=6 --set population.size=300"
                                     " --set data.test_size=200 --set platform.epochs=1"
                                     " --set 'simulation.stop_when=\"never\"'" + extra);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  return base;
}

void flip(const fs::path& p) {
  std::string b = slurp(p);
  b[b.size() / 2] ^= 0x04;
  spit(p, b);
}

struct Damage {
  std::string what;
  std::string file;  // in the checkpoint of round 5
  std::function<void(const fs::path&)> damage;
  std::string says;
};

}  // namespace

TEST_CASE("a damaged, truncated, missing or foreign checkpoint file is refused with exit 1 naming it",
          "[robustness][checkpoint]") {
  const Scratch tmp("checkpoints");
  // Stopped after round 5 (of 8), as an interrupted run: a resume continues it in its own folder.
  const std::string base = make_base(tmp, " --set simulation.rounds=8 --stop-after 5");
  const auto truncate_half = [](const fs::path& p) { fs::resize_file(p, fs::file_size(p) / 2); };
  const auto empty = [](const fs::path& p) { spit(p, ""); };
  const auto remove = [](const fs::path& p) { fs::remove(p); };
  const Damage cases[] = {
      {"flipped byte in state.bin", "state.bin", flip, "damaged: its CRC-32 is"},
      {"flipped byte in population.bin", "population.bin", flip, "damaged"},
      {"flipped byte in learner.bin", "learner.bin", flip, "damaged"},
      {"flipped byte in learner_rng.txt", "learner_rng.txt", flip, "damaged"},
      {"flipped byte in metrics.csv", "metrics.csv", flip, "damaged"},
      {"flipped byte in scenario.resolved.toml", "scenario.resolved.toml", flip, "damaged"},
      {"flipped byte in origin.txt", "origin.txt", flip, "damaged"},
      {"flipped byte in the seal", "checkpoint.txt", flip, "damaged or truncated"},
      {"state.bin truncated", "state.bin", truncate_half, "truncated or damaged"},
      {"learner.bin emptied", "learner.bin", empty, "truncated or damaged: 0 bytes"},
      {"the seal emptied", "checkpoint.txt", empty, "not an acasim checkpoint seal"},
      {"the seal truncated", "checkpoint.txt", truncate_half, "damaged or truncated"},
      {"population.bin missing", "population.bin", remove, "missing from the checkpoint"},
      {"the seal missing", "checkpoint.txt", remove, "missing: the checkpoint is incomplete or damaged"},
      {"state.bin replaced by a folder", "state.bin",
       [](const fs::path& p) {
         fs::remove(p);
         fs::create_directory(p);
       },
       "cannot be read"},
      {"garbage row appended to metrics.csv", "metrics.csv",
       [](const fs::path& p) { spit(p, slurp(p) + "5,workers,alpha,GARBAGE,learned\n"); }, "truncated or damaged"},
      {"a row of metrics.csv overwritten with garbage of the same length", "metrics.csv",
       [](const fs::path& p) {
         std::string m = slurp(p);
         const auto at = m.find('\n') + 1;
         m.replace(at, 10, "##########");
         spit(p, m);
       },
       "damaged"},
      {"a seal of a newer format", "checkpoint.txt",
       [](const fs::path& p) {
         std::string s = slurp(p);
         s.replace(0, s.find('\n'), "acasim checkpoint format 3");
         spit(p, s);
       },
       "checkpoint format 3; this acasim reads checkpoint format 2 only"},
  };
  const fs::path copy = tmp.path() / "copy";
  for (const auto& c : cases) {
    fs::remove_all(copy);
    fs::copy(base, copy, fs::copy_options::recursive);
    const fs::path file = copy / "checkpoints" / "round-5" / c.file;
    c.damage(file);
    const std::string before = slurp(copy / "metrics.csv");
    check_case({c.what, "run --resume " + copy.string() + " -q", 1, {file.string() + ": ", c.says}});
    // Nothing of the checkpoint reached the outputs: the earlier metrics stay, or the refused resume removed them
    // (status failed); the checkpoints stay, so an earlier one can still be resumed.
    const std::string after = slurp(copy / "metrics.csv");
    CHECK((after == before || !fs::exists(copy / "metrics.csv")));
    CHECK_THAT(after, !Catch::Contains("GARBAGE") && !Catch::Contains("##########"));
    CHECK(fs::exists(copy / "checkpoints" / "round-3" / "checkpoint.txt"));
    CHECK_THAT(slurp(copy / "manifest.json"), !Catch::Contains("\"status\": \"complete\""));
  }
}

TEST_CASE("a checkpoint of format 1 (no version, no checksums) is refused by resume and fork with exit 1",
          "[robustness][checkpoint]") {
  const Scratch tmp("checkpoint_v1");
  const std::string base = make_base(tmp);
  for (long r : {1, 3, 5}) {
    const fs::path cp = fs::path(base) / "checkpoints" / ("round-" + std::to_string(r));
    fs::remove(cp / "checkpoint.txt");
    std::string state = slurp(cp / "state.bin");
    state.replace(state.find("acasim-checkpoint-2"), 19, "acasim-checkpoint-1");
    spit(cp / "state.bin", state);
  }
  const std::string cp5 = (fs::path(base) / "checkpoints" / "round-5").string();
  const BadInput cases[] = {
      {"resume of a format-1 run folder", "run --resume " + base + " -q", 1, {cp5, "checkpoint of format 1"}},
      {"resume of a format-1 checkpoint folder", "run --resume " + cp5 + " --out " + (tmp / "out") + " -q", 1,
       {"reads checkpoint format 2 only"}},
      {"fork of a format-1 checkpoint", "fork " + base + " --round 3 --out " + (tmp / "fork") + " -q", 1,
       {"round-3 is a checkpoint of format 1"}},
  };
  for (const auto& c : cases) check_case(c);
  CHECK_FALSE(fs::exists(tmp.path() / "fork"));
}

TEST_CASE("a fork of a damaged checkpoint is refused with exit 1 before anything is written",
          "[robustness][checkpoint]") {
  const Scratch tmp("checkpoint_fork");
  const std::string base = make_base(tmp);
  const fs::path state = fs::path(base) / "checkpoints" / "round-3" / "state.bin";
  flip(state);
  check_case({"fork of a flipped state.bin", "fork " + base + " --round 3 --out " + (tmp / "fork") + " -q", 1,
              {state.string(), "damaged"}});
  CHECK_FALSE(fs::exists(tmp.path() / "fork"));
}

TEST_CASE("run --resume keeps the run's --checkpoint-every unless given anew", "[robustness][checkpoint]") {
  const Scratch tmp("checkpoint_every");
  const std::string base = make_base(tmp, " --stop-after 2");
  const auto rounds = [&] {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(fs::path(base) / "checkpoints")) names.push_back(e.path().filename());
    std::sort(names.begin(), names.end());
    return names;
  };
  REQUIRE(rounds() == std::vector<std::string>{"round-1"});
  REQUIRE(run_acasim("run --resume " + base + " -q").exit_code == 0);
  CHECK(rounds() == std::vector<std::string>{"round-1", "round-3", "round-5"});
  const std::string other = tmp / "other";
  REQUIRE(run_acasim("run --resume " + base + "/checkpoints/round-1 --out " + other + " -q --checkpoint-every 4").exit_code == 0);
  CHECK(fs::exists(fs::path(other) / "checkpoints" / "round-3" / "checkpoint.txt"));
  CHECK_FALSE(fs::exists(fs::path(other) / "checkpoints" / "round-5"));
}

namespace {

// CRC-32 (IEEE, reflected, as zlib's), bit by bit: an independent check of the seal's arithmetic.
std::uint32_t crc32_bitwise(const std::string& bytes) {
  std::uint32_t c = 0xFFFFFFFFu;
  for (unsigned char b : bytes) {
    c ^= b;
    for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
  }
  return c ^ 0xFFFFFFFFu;
}

// Rewrites the seal's line starting with `word` as `word value` (or adds it after git_commit) and re-signs the
// seal, as another acasim build or a machine with another OpenBLAS kernel would have written it.
void reseal(const fs::path& checkpoint, const std::string& word, const std::string& value) {
  const fs::path seal = checkpoint / "checkpoint.txt";
  std::istringstream in(slurp(seal));
  std::string body, line;
  bool done = false;
  while (std::getline(in, line)) {
    if (line.rfind("crc32 ", 0) == 0) break;
    if (line.rfind(word + " ", 0) == 0) {
      line = word + " " + value;
      done = true;
    }
    body += line + "\n";
    if (!done && line.rfind("git_commit ", 0) == 0 && word != "git_commit") {
      body += word + " " + value + "\n";
      done = true;
    }
  }
  REQUIRE(done);
  char crc[9];
  std::snprintf(crc, sizeof crc, "%08x", crc32_bitwise(body));
  spit(seal, body + "crc32 " + crc + "\n");
}

}  // namespace

TEST_CASE("run --resume refuses a checkpoint of another acasim build or OpenBLAS kernel with exit 2 and offers a fork",
          "[robustness][checkpoint]") {
  const Scratch tmp("checkpoint_build");
  const std::string base = make_base(tmp, " --stop-after 3");
  const fs::path cp = fs::path(base) / "checkpoints" / "round-3";
  const std::string seal_before = slurp(cp / "checkpoint.txt");
  REQUIRE(seal_before.find("\nblas_kernel ") != std::string::npos);  // the writer's kernel is sealed
  // Unchanged, the resealed checkpoint still verifies: the test's CRC is the seal's.
  reseal(cp, "round", "3");
  REQUIRE(slurp(cp / "checkpoint.txt") == seal_before);

  for (const auto& [word, value] : {std::pair<std::string, std::string>{"git_commit", "0123456789ab"},
                                    {"blas_kernel", "Prescott"}}) {
    INFO(word << " " << value);
    spit(cp / "checkpoint.txt", seal_before);
    reseal(cp, word, value);
    const std::string manifest = slurp(fs::path(base) / "manifest.json");
    const ProcessResult r = run_acasim("run --resume " + base + " -q");
    INFO(r.output);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.output, Catch::Contains("cannot resume from"));
    CHECK_THAT(r.output, Catch::Contains(value));
    CHECK_THAT(r.output, Catch::Contains("acasim fork " + base + " --round 3 --out NEW_FOLDER"));
    CHECK(slurp(fs::path(base) / "manifest.json") == manifest);  // the stopped run is left as it was
  }
  // The fork it offers runs and names the parent's build.
  const std::string fork = tmp / "fork";
  const ProcessResult f = run_acasim("fork " + base + " --round 3 --out " + fork + " -q");
  INFO(f.output);
  REQUIRE(f.exit_code == 0);
  CHECK_THAT(slurp(fs::path(fork) / "manifest.json"), Catch::Contains("\"blas_kernel\": \"Prescott\""));
}
