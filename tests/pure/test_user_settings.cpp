// What the window remembers between runs (app/io/user_settings): the XDG path rules, a round
// trip, the recent list's order and length, and defaults from a damaged file.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <unistd.h>

#include "app/io/user_settings.hpp"

using namespace monge;

namespace {
const auto kDir = std::filesystem::temp_directory_path() / ("monge_user_settings_" + std::to_string(::getpid()));
}

TEST(UserSettings, PathFollowsXdgThenHome) {
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  const char* home = std::getenv("HOME");
  const std::string saved_xdg = xdg ? xdg : "", saved_home = home ? home : "";
  ::setenv("XDG_CONFIG_HOME", "/cfg", 1);
  EXPECT_EQ(user_settings_path(), std::filesystem::path("/cfg/monge/settings.json"));
  ::setenv("XDG_CONFIG_HOME", "relative/ignored", 1);  // the spec: relative paths are invalid
  ::setenv("HOME", "/home/u", 1);
  EXPECT_EQ(user_settings_path(), std::filesystem::path("/home/u/.config/monge/settings.json"));
  ::unsetenv("XDG_CONFIG_HOME");
  EXPECT_EQ(user_settings_path(), std::filesystem::path("/home/u/.config/monge/settings.json"));
  if (xdg) ::setenv("XDG_CONFIG_HOME", saved_xdg.c_str(), 1);
  if (home) ::setenv("HOME", saved_home.c_str(), 1);
  else ::unsetenv("HOME");
}

TEST(UserSettings, RoundTripAndRecentList) {
  UserSettings s;
  for (int i = 0; i < 14; ++i) s.add_recent("/data/scene" + std::to_string(i) + ".json");
  s.add_recent("/data/scene5.json");  // again: moves to the front, no duplicate
  s.window_width = 1600;
  s.window_height = 900;
  s.plot_log_scale = false;
  const auto path = kDir / "nested" / "settings.json";
  save_user_settings(path, s);
  std::string problem;
  const UserSettings back = load_user_settings(path, &problem);
  EXPECT_TRUE(problem.empty()) << problem;
  ASSERT_EQ(back.recent.size(), UserSettings::kMaxRecent);
  EXPECT_EQ(back.recent.front(), "/data/scene5.json");
  EXPECT_EQ(back.recent[1], "/data/scene13.json");
  EXPECT_EQ(std::count(back.recent.begin(), back.recent.end(), "/data/scene5.json"), 1);
  EXPECT_EQ(back.window_width, 1600);
  EXPECT_EQ(back.window_height, 900);
  EXPECT_FALSE(back.plot_log_scale);
  std::filesystem::remove_all(kDir);
}

TEST(UserSettings, DamagedFileGivesDefaultsAndSaysWhy) {
  std::filesystem::create_directories(kDir);
  const auto path = kDir / "bad.json";
  std::ofstream(path) << "{\"recent\": [1, 2";
  std::string problem;
  const UserSettings s = load_user_settings(path, &problem);
  EXPECT_TRUE(s.recent.empty());
  EXPECT_EQ(s.window_width, 1280);
  EXPECT_NE(problem.find("bad.json: unreadable settings"), std::string::npos);
  // Out-of-range sizes are ignored, the rest kept.
  std::ofstream(path) << R"({"window": [5, 100000], "recent": ["/a.json", 3]})";
  const UserSettings odd = load_user_settings(path, &problem);
  EXPECT_EQ(odd.window_width, 1280);
  EXPECT_EQ(odd.recent, std::vector<std::string>{"/a.json"});
  EXPECT_TRUE(load_user_settings(kDir / "missing.json").recent.empty());
  std::filesystem::remove_all(kDir);
}
