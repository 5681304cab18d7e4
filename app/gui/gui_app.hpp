#pragma once
// The desktop app: a GLFW window with an OpenGL 4.5 core context, Dear ImGui panels, the
// viewport and a status bar.
#include <filesystem>
#include <optional>
#include <string>

#include "app/scene/scene.hpp"
#include "solvers/backend/backend.hpp"

namespace monge {

struct GuiOptions {
  std::optional<std::filesystem::path> scene;  // empty: assets/scenes/default.json
  std::optional<Scene> initial_scene;          // a scene built in memory (monge show), instead of `scene`
  // Automation (tests, scripted screenshots): after `frames` frames, write `screenshot` and quit.
  std::string screenshot;
  std::string save_scene;   // after `frames` frames, also save the GUI state as a scene file
  int frames = 0;
  bool play = false;        // start playing the flow at once
  int width = 1280, height = 800;
  bool size_given = false;  // --size: else the size the window had when it last closed
  Backend backend = Backend::Auto;  // --backend: what runs the flows (switchable in the status bar)
};

// Runs until the window closes. Returns 1 with a one-line message if there is no display.
int run_gui(const GuiOptions& options);

// The folder of the shipped assets: next to the source tree the binary was built from, or
// ../assets beside the binary.
std::filesystem::path assets_dir();

}  // namespace monge
