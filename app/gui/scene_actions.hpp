#pragma once
// What the window does with scenes and files: open a scene, save the current state as one, the
// view as it stands, plot export and screenshot names.
#include <filesystem>
#include <string>

#include "app/gui/app_state.hpp"

namespace monge {

// Load a scene file into the app; on error the current scene stays and a popup says why. A
// scene opened is remembered in the recent files.
void open_scene(AppState& app, const std::filesystem::path& path);
// The same with a scene already in memory (`monge show`, a point file or mesh opened or dropped);
// `path` names it in the window.
void open_scene(AppState& app, Scene scene, const std::filesystem::path& path);
// Open whatever a user hands the window (File > Open, a drop, a recent file): a scene file, or a
// point file or mesh shown as a quick look (app/scene/file_scene.hpp).
void open_file(AppState& app, const std::filesystem::path& path);
// Write what the window remembers (UserSettings); a failure goes to the status bar.
void save_user_state(AppState& app);
// The view as it stands: the canvas's and its layers' settings, the window camera's mode and projection.
ViewSettings current_view(const AppState& app);
// "Save scene as": the scene with the current flow parameters, view and camera.
void save_current_scene(const AppState& app, const std::filesystem::path& path);
// Write every plot of the running flow (or comparison) as PNG + CSV into the screenshot folder,
// monge-<scene>-<diagnostic>.*; the status bar (or an error popup) says what happened.
void export_current_plots(AppState& app);
// A screenshot file name in the chosen folder: monge-<scene>-<n>.png.
std::string next_screenshot_path(const AppState& app);

}  // namespace monge
