#pragma once
// What the window remembers between runs, in the user's config folder (XDG):
// $XDG_CONFIG_HOME/monge/settings.json, or ~/.config/monge/settings.json. Recent files, the
// window's size, and a few panel choices. A missing or damaged file gives the defaults: it never
// stops the window from opening.
#include <filesystem>
#include <string>
#include <vector>

namespace monge {

struct UserSettings {
  static constexpr std::size_t kMaxRecent = 10;
  std::vector<std::string> recent;   // most recent first, no duplicates
  int window_width = 1280, window_height = 800;
  std::string screenshot_folder = ".";
  bool plot_log_scale = true;

  // Put `path` first in the recent list (as an absolute path).
  void add_recent(const std::filesystem::path& path);
};

// The settings file's path from the environment (XDG_CONFIG_HOME, else HOME/.config); empty if
// neither is set.
std::filesystem::path user_settings_path();
// Reads the file; defaults where it is missing, unreadable or holds bad values (`problem` then
// says why, for the status bar).
UserSettings load_user_settings(const std::filesystem::path& path, std::string* problem = nullptr);
// Writes it whole (creating the folder); throws OutputError naming the path.
void save_user_settings(const std::filesystem::path& path, const UserSettings& settings);

}  // namespace monge
