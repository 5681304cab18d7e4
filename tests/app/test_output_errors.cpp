// App tier, issue 17's outputs: every output kind of the `monge` binary onto a full disk exits 3
// with "monge: cannot write PATH: REASON" on one line and leaves the folder as it was; writing
// onto a folder, into a read-only folder or a missing one says why, with no shell noise.
//
// The full disk is a real one where the test runs as root: a 256 KiB tmpfs mounted on a scratch
// folder and filled to the last byte (ENOSPC, "No space left on device"). Elsewhere the child's
// file size is limited to 0 before it starts (ulimit -f 0: EFBIG, "File too large"), which fails
// the same writes in the same places (stderr then goes through a pipe: a file would be full too).
#include <gtest/gtest.h>

#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <set>

#include "run_command.hpp"

using namespace monge::testing;
namespace fs = std::filesystem;

namespace {

const std::string kScene = std::string(MONGE_SOURCE_DIR) + "/assets/scenes/default.json";

// Lines of a text, without the empty last one.
std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::set<std::string> listing(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& e : fs::recursive_directory_iterator(dir)) names.insert(fs::relative(e.path(), dir).string());
  return names;
}

class FullDisk {
 public:
  explicit FullDisk(const std::string& name) : dir_(scratch_dir(name) / "disk") {
    fs::create_directories(dir_);
    if (::geteuid() == 0 && ::mount("tmpfs", dir_.c_str(), "tmpfs", 0, "size=256k,mode=0777") == 0) {
      mounted_ = true;
      fill();
    } else {
      std::printf("not root or no tmpfs: a file size limit of 0 (ulimit -f 0) stands in for the full disk\n");
    }
  }
  ~FullDisk() {
    if (mounted_) ::umount2(dir_.c_str(), MNT_DETACH);
  }
  const fs::path& dir() const { return dir_; }
  // `monge args` with this disk full. Under the file size limit monge's stderr must be a pipe
  // (a file would be "full" too), and the limit must not reach the shell writing the results.
  CommandResult run(const std::string& args) const {
    if (mounted_) return run_monge(args);
    const fs::path err = dir_.parent_path() / "stderr.txt", rc = dir_.parent_path() / "rc.txt";
    const std::string cmd = "{ (ulimit -f 0; exec " + std::string(MONGE_BINARY_DIR) + "/monge " + args +
                            " 2>&3 >/dev/null </dev/null); echo $? >" + rc.string() + "; } 3>&1 | cat >" + err.string();
    CommandResult r;
    if (std::system(cmd.c_str()) == 0) r.exit_code = std::stoi(slurp(rc));
    r.err = slurp(err);
    return r;
  }
  std::string reason() const { return mounted_ ? "No space left on device" : "File too large"; }
  // What the folder holds when no output was left: the filler on the tmpfs.
  std::set<std::string> untouched() const { return mounted_ ? std::set<std::string>{"filler"} : std::set<std::string>{}; }

 private:
  void fill() {
    std::ofstream filler(dir_ / "filler", std::ios::binary);
    const std::string block(4096, 'x');
    struct statvfs info {};
    while (::statvfs(dir_.c_str(), &info) == 0 && info.f_bavail > 0 && filler.write(block.data(), block.size()))
      filler.flush();
  }
  fs::path dir_;
  bool mounted_ = false;
};

// monge's one-line failure: exit 3 and "monge: cannot write <path...>: <reason>" (the message may
// name a file inside `path`, e.g. a plot of a plots folder). `strict`: no other line at all (a
// window's GL driver may add its own lines; the CLI must not).
void expect_cannot_write(const CommandResult& r, const fs::path& path, const std::string& reason, bool strict = true) {
  EXPECT_EQ(r.exit_code, 3) << r.err;
  const std::string start = "monge: cannot write " + path.string();
  bool found = false;
  for (const std::string& line : lines(r.err)) {
    if (line.rfind("monge: CUDA unavailable", 0) == 0) continue;  // the backend's note (--backend auto)
    const bool ours = line.rfind(start, 0) == 0 && line.find(": " + reason) != std::string::npos;
    found = found || ours;
    if (strict || line.rfind("sh:", 0) == 0) {
      EXPECT_TRUE(ours) << "unexpected line on stderr: " << line;
    }
  }
  EXPECT_TRUE(found) << "expected '" << start << "...: " << reason << "' on stderr, got: " << r.err;
}

}  // namespace

TEST(OutputErrors, EveryOutputKindOntoAFullDiskExitsThreeAndLeavesNothing) {
  FullDisk disk("full-disk");
  const fs::path d = disk.dir();
  const std::string cpu = " --backend cpu";
  // A small scene beside the disk keeps the ten runs quick.
  const fs::path small = d.parent_path() / "small.json";
  write_text(small, R"({"dim": 2, "seed": 1, "source": {"kind": "uniform", "shape": "disk", "count": 500},
    "target": {"kind": "uniform", "shape": "ring", "count": 500},
    "flow": {"kind": "sliced-wasserstein", "projections": 8, "step": 1.0}})");
  const std::string kScene = small.string();
  struct Case {
    std::string command;
    fs::path named;  // the path the message must name
  };
  const std::vector<Case> cases = {
      {"render " + kScene + " -o " + (d / "a.png").string() + " --size 320x200", d / "a.png"},
      {"record " + kScene + " -o " + (d / "frames").string() + " --steps 3 --size 160x100" + cpu, d / "frames"},
      {"record " + kScene + " -o " + (d / "v.mp4").string() + " --steps 3 --size 160x100" + cpu, d / "v.mp4"},
      {"record " + kScene + " -o " + (d / "v.gif").string() + " --steps 3 --size 160x100" + cpu, d / "v.gif"},
      {"record " + kScene + " -o " + (d / "v.webm").string() + " --steps 3 --size 160x100 --transparent" + cpu, d / "v.webm"},
      {"record " + kScene + " -o " + (d / "v.mov").string() + " --steps 3 --size 160x100 --transparent" + cpu, d / "v.mov"},
      {"run " + kScene + " --steps 1 --save " + (d / "p.csv").string() + cpu, d / "p.csv"},
      {"run " + kScene + " --steps 1 --save " + (d / "p.npy").string() + cpu, d / "p.npy"},
      {"run " + kScene + " --steps 2 --plots " + (d / "plots").string() + cpu, d / "plots"},
      {"deform 'builtin:icosphere?subdivisions=1' builtin:blob --iterations 1 --metric-samples 200 -o " + (d / "m.obj").string() + cpu, d / "m.obj"},
      {"deform 'builtin:icosphere?subdivisions=1' builtin:blob --iterations 1 --metric-samples 200 -o " + (d / "m.ply").string() + cpu, d / "m.ply"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.command);
    expect_cannot_write(disk.run(c.command), c.named, disk.reason());
    EXPECT_EQ(listing(d), disk.untouched());
  }
  if (std::getenv("DISPLAY")) {  // the GUI's scene save (--save-scene), under xvfb-run
    const fs::path scene = d / "s.json";
    expect_cannot_write(disk.run(kScene + " --size 320x200 --frames 2 --save-scene " + scene.string()), scene,
                        disk.reason(), false);
    EXPECT_EQ(listing(d), disk.untouched());
  } else {
    std::printf("no DISPLAY: the GUI's --save-scene is not checked (scripts/test runs this under xvfb-run)\n");
  }
}

TEST(OutputErrors, OntoAFolderMissingFolderAndReadOnlyFolderSayWhy) {
  const fs::path dir = scratch_dir("output-paths");
  // "cannot write ...: Success" before (issue 17).
  expect_cannot_write(run_monge("render " + kScene + " -o " + dir.string() + " --size 32x20"), dir, "Is a directory");
  expect_cannot_write(run_monge("record " + kScene + " -o " + (dir / "no" / "x.mp4").string() + " --steps 1 --size 32x20 --backend cpu"),
                      dir / "no" / "x.mp4", "No such file or directory");
  const fs::path missing = dir / "no" / "x.obj";
  // deform -o into a missing folder exited 2; run --save too: every unwritable output is 3.
  expect_cannot_write(run_monge("deform builtin:icosphere builtin:blob -o " + missing.string()), missing,
                      "No such file or directory");
  expect_cannot_write(run_monge("run " + kScene + " --steps 1 --save " + (dir / "no" / "p.csv").string()),
                      dir / "no" / "p.csv", "No such file or directory");

  // A read-only folder: a read-only tmpfs as root (root ignores permission bits), else mode 0555.
  const fs::path ro = dir / "ro";
  fs::create_directories(ro);
  const bool mounted = ::geteuid() == 0 && ::mount("tmpfs", ro.c_str(), "tmpfs", MS_RDONLY, "size=64k") == 0;
  if (!mounted) fs::permissions(ro, fs::perms::owner_read | fs::perms::owner_exec);
  const std::string why = mounted ? "Read-only file system" : "Permission denied";
  for (const char* name : {"v.mp4", "v.gif", "frames"}) {
    // Recording into a read-only folder printed a stray "sh: 1: cannot create ....part.log" line.
    const fs::path out = ro / name;
    expect_cannot_write(run_monge("record " + kScene + " -o " + out.string() + " --steps 1 --size 32x20 --backend cpu"), out,
                        why);
  }
  expect_cannot_write(run_monge("run " + kScene + " --steps 1 --backend cpu --plots " + (ro / "plots").string()),
                      ro / "plots", why);
  if (mounted) ::umount2(ro.c_str(), MNT_DETACH);
  fs::permissions(ro, fs::perms::owner_all);
}

TEST(OutputErrors, EncoderFailureNamesTheReasonAndPrintsNoShellLine) {
  // An ffmpeg that reads a little and fails as a full disk makes it fail.
  const fs::path dir = scratch_dir("output-encoder");
  const fs::path bin = dir / "bin";
  fs::create_directories(bin);
  write_text(bin / "ffmpeg",
             "#!/bin/sh\nhead -c 1000 >/dev/null\necho 'av_interleaved_write_frame(): No space left on device' >&2\nexit 1\n");
  fs::permissions(bin / "ffmpeg", fs::perms::owner_all);
  const fs::path out = dir / "fail.mp4";
  const auto r = run_monge("record " + kScene + " -o " + out.string() + " --size 160x100 --steps 20 --backend cpu",
                           "env PATH=" + bin.string() + ":/usr/bin:/bin");
  expect_cannot_write(r, out, "No space left on device (ffmpeg: av_interleaved_write_frame(): No space left on device)");
  EXPECT_EQ(listing(dir), (std::set<std::string>{"bin", "bin/ffmpeg"}));
}
