#include "app/cli/commands.hpp"

namespace monge {

const std::vector<Command>& commands() {
  static const std::vector<Command> table = {
      {"render", "draw a scene offscreen (EGL, no display) to a PNG", cmd_render},
      {"run", "run a scene's flow headless and save the final points", cmd_run},
      {"record", "record a scene's flow to MP4, GIF or PNGs, headless", cmd_record},
      {"sw", "sliced-Wasserstein distance between two point files", cmd_sw},
      {"sinkhorn", "entropic optimal transport between two point files", cmd_sinkhorn},
      {"deform", "deform one mesh onto another by a trained ODE flow (SW loss)", cmd_deform},
      {"show", "open the window on point files or meshes (monge FILE for short)", cmd_show},
  };
  return table;
}

}  // namespace monge
