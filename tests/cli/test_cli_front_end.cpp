// The acasim front end (src/cli/engine.hpp): it loads neither LibTorch nor MPI, answers what it runs exactly as
// acasim-engine does, and hands everything that needs LibTorch to the engine.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <string>

#include "run_process.hpp"

namespace fs = std::filesystem;

namespace {

const std::string scenarios = std::string(ACASIM_SOURCE_DIR) + "/scenarios/";
const std::string engine = (fs::path(ACASIM_EXE).parent_path() / "acasim-engine").string();

// The same command line through the front end and through the engine directly.
void same_as_engine(const std::string& args) {
  const ProcessResult front = run_acasim(args);
  const ProcessResult direct = run_command(engine + " " + args);
  INFO("acasim " << args);
  CHECK(front.exit_code == direct.exit_code);
  CHECK(front.output == direct.output);
  CHECK_FALSE(front.output.empty());
}

}  // namespace

TEST_CASE("the front end's dynamic libraries include no LibTorch, c10 or MPI, the engine's do", "[cli][front_end]") {
  const ProcessResult front = run_command("ldd " ACASIM_EXE);
  REQUIRE(front.exit_code == 0);
  CHECK_THAT(front.output, Catch::Contains("libc.so"));
  for (const char* lib : {"libtorch", "libc10", "libmpi"})
    CHECK_THAT(front.output, !Catch::Contains(lib));
  const ProcessResult back = run_command("ldd " + engine);
  REQUIRE(back.exit_code == 0);
  CHECK_THAT(back.output, Catch::Contains("libtorch"));
  CHECK_THAT(back.output, Catch::Contains("libc10"));
}

TEST_CASE("acasim info still reports LibTorch, its threads, the BLAS kernel and CUDA", "[cli][front_end]") {
  const ProcessResult r = run_acasim("info");
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.output, Catch::Matches(R"((.|\n)*"libtorch": "[0-9]+\.[0-9]+\.[0-9]+"(.|\n)*)"));
  CHECK_THAT(r.output, Catch::Contains("\"torch_intra_op_threads\": "));
  CHECK_THAT(r.output, Catch::Contains("\"cuda_available\": "));
  CHECK_THAT(r.output, Catch::Contains("\"blas_kernel_source\": "));
  CHECK_THAT(r.output, Catch::Contains("BLAS kernel: "));
  CHECK_THAT(r.output, Catch::Contains("cores: "));
}

TEST_CASE("what the front end runs itself, it answers as the engine does", "[cli][front_end]") {
  same_as_engine("--help");
  same_as_engine("run --help");
  same_as_engine("sweep -h");
  same_as_engine("validate " + scenarios + "quickstart.toml");
  same_as_engine("validate " + scenarios + "quickstart.toml --set platform.model.kind=linear --set platform.learner=gdro");
  same_as_engine("validate " + scenarios + "quickstart.toml --set platform.device=tpu");
  same_as_engine("privacy --sample-rate 0.004 --noise-multiplier 1.1 --steps 15000 --delta 1e-5");
  same_as_engine("privacy --sample-rate 0.004 --steps 15000 --delta 1e-5 --target-epsilon 2 --json");
  same_as_engine("schema");
  same_as_engine("nonsense");
}

TEST_CASE("a command that reaches LibTorch in the front end is run by the engine, with the engine's output",
          "[cli][front_end]") {
  // device = "cuda" asks LibTorch whether CUDA is there.
  same_as_engine("validate " + scenarios + "quickstart.toml --set platform.device=cuda");
}

TEST_CASE("the PRV accountant runs in the front end: a front end without its engine answers it as the engine does",
          "[cli][front_end][privacy]") {
  // The front end copied alone into a folder has no acasim-engine beside it to hand a command to.
  const fs::path dir = fs::temp_directory_path() / ("acasim_front_end_alone_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path alone = dir / "acasim";
  fs::copy_file(ACASIM_EXE, alone);
  auto both = [&](const std::string& args) {
    INFO("acasim " << args);
    const ProcessResult front = run_command(alone.string() + " " + args);
    const ProcessResult direct = run_command(engine + " " + args);
    CHECK(front.exit_code == direct.exit_code);
    CHECK(front.output == direct.output);
    return front;
  };
  const ProcessResult eps =
      both("privacy --sample-rate 0.004 --noise-multiplier 1.1 --steps 15000 --delta 1e-5 --accountant prv --json");
  CHECK(eps.exit_code == 0);
  CHECK_THAT(eps.output, Catch::Contains("\"accountant\": \"prv\""));
  CHECK_THAT(eps.output, Catch::Contains("\"epsilon\": 2.305"));  // Opacus 1.4's PRVAccountant: 2.3055
  const ProcessResult sigma =
      both("privacy --sample-rate 0.01 --steps 500 --delta 1e-5 --target-epsilon 2 --accountant prv");
  CHECK(sigma.exit_code == 0);
  CHECK_THAT(sigma.output, Catch::Contains("noise_multiplier = 0.854"));
  const ProcessResult valid = both("validate " + scenarios + "quickstart.toml --set platform.learner=dp_sgd "
                                   "--set platform.privacy.accountant=prv --set platform.privacy.target_epsilon=1");
  CHECK(valid.exit_code == 0);
  // What still needs LibTorch fails there for want of the engine: the copy really stands alone.
  const ProcessResult cuda = run_command(alone.string() + " validate " + scenarios +
                                         "quickstart.toml --set platform.device=cuda");
  CHECK(cuda.exit_code == 1);
  CHECK_THAT(cuda.output, Catch::Contains("cannot start the engine " + (dir / "acasim-engine").string()));
  fs::remove_all(dir);
}
