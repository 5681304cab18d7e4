#include "app/io/user_settings.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "base/atomic_file.hpp"
#include "base/errors.hpp"

namespace monge {

void UserSettings::add_recent(const std::filesystem::path& path) {
  std::error_code ec;
  const std::string p = std::filesystem::absolute(path, ec).lexically_normal().string();
  recent.erase(std::remove(recent.begin(), recent.end(), p), recent.end());
  recent.insert(recent.begin(), p);
  if (recent.size() > kMaxRecent) recent.resize(kMaxRecent);
}

std::filesystem::path user_settings_path() {
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  if (xdg && *xdg && std::filesystem::path(xdg).is_absolute()) return std::filesystem::path(xdg) / "monge" / "settings.json";
  const char* home = std::getenv("HOME");
  if (home && *home) return std::filesystem::path(home) / ".config" / "monge" / "settings.json";
  return {};
}

UserSettings load_user_settings(const std::filesystem::path& path, std::string* problem) {
  UserSettings s;
  std::ifstream in(path);
  if (!in) return s;  // a first run: nothing to say
  try {
    std::stringstream text;
    text << in.rdbuf();
    const nlohmann::json j = nlohmann::json::parse(text.str());
    if (j.contains("recent"))
      for (const auto& r : j.at("recent"))
        if (r.is_string() && s.recent.size() < UserSettings::kMaxRecent) s.recent.push_back(r.get<std::string>());
    const auto size = j.value("window", std::vector<int>{s.window_width, s.window_height});
    if (size.size() == 2 && size[0] >= 200 && size[0] <= 16384 && size[1] >= 150 && size[1] <= 16384)
      s.window_width = size[0], s.window_height = size[1];
    s.screenshot_folder = j.value("screenshot_folder", s.screenshot_folder);
    s.plot_log_scale = j.value("plot_log_scale", s.plot_log_scale);
  } catch (const std::exception& e) {
    if (problem) *problem = path.string() + ": unreadable settings, using the defaults (" + e.what() + ")";
    return UserSettings();
  }
  return s;
}

void save_user_settings(const std::filesystem::path& path, const UserSettings& s) {
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  if (ec) throw OutputError("cannot write " + path.string() + ": " + ec.message());
  const nlohmann::json j = {{"recent", s.recent},
                            {"window", {s.window_width, s.window_height}},
                            {"screenshot_folder", s.screenshot_folder},
                            {"plot_log_scale", s.plot_log_scale}};
  write_file_atomically(path, j.dump(2) + "\n");
}

}  // namespace monge
