#include "app/gui/file_dialog.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>

namespace monge {
namespace {

std::string run_zenity(std::string title) {
  for (char& c : title)
    if (c == '\'') c = ' ';
  const std::string command = "zenity --file-selection --title='" + title +
                              "' --file-filter='Scenes, points and meshes | *.json *.csv *.npy *.npz *.ply *.obj'"
                              " --file-filter='All files | *' 2>/dev/null";
  std::FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return "";
  std::string out;
  char buffer[512];
  while (std::fgets(buffer, sizeof buffer, pipe)) out += buffer;
  ::pclose(pipe);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;  // empty when cancelled
}

}  // namespace

bool FileDialog::available() {
  static const bool found = [] {
    const char* path = std::getenv("PATH");
    std::stringstream folders(path ? path : "");
    std::string folder;
    while (std::getline(folders, folder, ':'))
      if (!folder.empty() && std::filesystem::exists(std::filesystem::path(folder) / "zenity")) return true;
    return false;
  }();
  return found;
}

void FileDialog::open(const std::string& title) {
  if (busy()) return;
  pending_ = std::async(std::launch::async, run_zenity, title);
}

std::optional<std::string> FileDialog::take() {
  if (!busy() || pending_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return std::nullopt;
  std::string path = pending_.get();
  if (path.empty()) return std::nullopt;
  return path;
}

}  // namespace monge
