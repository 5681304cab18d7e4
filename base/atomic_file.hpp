#pragma once
// Files written whole or not at all. Every file monge writes (images, videos, point files,
// meshes, scenes, plots) is first written to a temporary name in the destination's folder, then
// flushed, synced and renamed onto the destination; the rename is atomic within one file system,
// so a reader sees either the old file or the complete new one. On any failure the temporary is
// removed and an OutputError names the destination and the operating system's reason.
#include <cstddef>
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace monge {

// A file being written under a temporary name beside `path`.
//   AtomicFile out(path); out.write(...); ...; out.commit();
// Destroying it without commit() (an exception on the way) removes the temporary.
class AtomicFile {
 public:
  explicit AtomicFile(std::filesystem::path path);  // throws OutputError (folder missing, read-only, ...)
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void write(const void* data, std::size_t bytes);  // throws OutputError with the reason (ENOSPC, ...)
  void write(std::string_view text) { write(text.data(), text.size()); }
  // Flush, fsync, close and rename onto the destination; throws OutputError.
  void commit();

  const std::filesystem::path& path() const { return path_; }
  const std::filesystem::path& temporary() const { return temp_; }

 private:
  [[noreturn]] void fail(int error);
  std::filesystem::path path_, temp_;
  std::FILE* file_ = nullptr;
};

// The whole of `bytes` into `path`, atomically.
void write_file_atomically(const std::filesystem::path& path, std::string_view bytes);

// For files that another writer creates by name (ffmpeg, a folder of frames): a fresh temporary
// name in `path`'s folder, unique to this process and call ("<name>.<pid>-<n>.part").
std::filesystem::path temporary_path_beside(const std::filesystem::path& path);
// Syncs the finished temporary file (or folder) `temp` and renames it onto `path`; on failure
// removes `temp` and throws OutputError naming `path`.
void publish_temporary(const std::filesystem::path& temp, const std::filesystem::path& path);
// "cannot write <path>: <strerror(error)>", the one message every writer uses.
[[noreturn]] void throw_output_error(const std::filesystem::path& path, int error);

// Checked before long work (a training, a recording): `path`'s folder exists and this process may
// create files in it, and `path` itself is not a folder. Throws OutputError naming `path` and the
// reason ("No such file or directory", "Permission denied", "Is a directory").
void check_output_path(const std::filesystem::path& path);
// The same without the folder test of `path` itself (a PNG sequence replaces a folder).
void check_output_folder(const std::filesystem::path& path);

// Writes `bytes` to `path`, which must not exist yet, then flushes, syncs and closes it; on any
// failure removes it and throws OutputError naming `report_as` (the destination the user named,
// when `path` lies in a temporary folder that is published whole).
void write_new_file(const std::filesystem::path& path, std::string_view bytes, const std::filesystem::path& report_as);

// Several files written into one folder, all or none: each is written into a hidden staging
// folder inside `folder` (same file system), and commit() moves them into place. Destroyed
// without commit() (an exception on the way), it removes the staging folder, and `folder` too
// when this object created it, so a failed export leaves nothing.
//   OutputFolder out(dir); out.write("a.csv", csv); out.write("a.png", png); out.commit();
class OutputFolder {
 public:
  explicit OutputFolder(std::filesystem::path folder);  // creates folder (and parents); throws OutputError
  ~OutputFolder();
  OutputFolder(const OutputFolder&) = delete;
  OutputFolder& operator=(const OutputFolder&) = delete;

  // Stage `name` (a plain file name); throws OutputError naming folder/name and the OS reason.
  void write(const std::string& name, std::string_view bytes);
  // Move every staged file onto folder/<name> (replacing older ones); returns their final paths.
  std::vector<std::filesystem::path> commit();

 private:
  void roll_back();
  std::filesystem::path folder_, staging_;
  std::filesystem::path created_;  // the outermost folder this object created, or empty
  std::vector<std::string> names_;
};

}  // namespace monge
