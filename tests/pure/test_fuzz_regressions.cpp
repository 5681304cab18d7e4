// Replays the fuzz targets' committed inputs (tests/fuzz/corpus/<target>/ and every input that
// ever crashed a target, tests/fuzz/regressions/<target>/) through the targets' own code
// (tests/fuzz/fuzz_targets.hpp): each input parses or throws InputError. Runs with the pure tier,
// so under g++'s ASan/UBSan pass too, without clang or libFuzzer.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "tests/fuzz/fuzz_targets.hpp"

namespace fs = std::filesystem;

TEST(FuzzRegressions, CommittedInputsParseOrThrowInputError) {
  const fs::path root = fs::path(MONGE_SOURCE_DIR) / "tests" / "fuzz";
  for (const auto& target : monge::fuzz::targets()) {
    int inputs = 0;
    for (const char* folder : {"corpus", "regressions"}) {
      const fs::path dir = root / folder / target.name;
      if (!fs::is_directory(dir)) continue;
      for (const auto& entry : fs::directory_iterator(dir)) {
        std::ifstream in(entry.path(), std::ios::binary);
        const std::string bytes{std::istreambuf_iterator<char>(in), {}};
        SCOPED_TRACE(entry.path().string());
        EXPECT_NO_THROW(target.run(bytes));
        ++inputs;
      }
    }
    EXPECT_GT(inputs, 0) << target.name << ": no committed inputs";
  }
}
