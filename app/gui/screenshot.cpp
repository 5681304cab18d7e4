#include "app/gui/screenshot.hpp"

#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include "render/gl/frame.hpp"
#include "render/gl/framebuffer.hpp"
#include "render/image.hpp"

namespace monge {

void take_screenshot(AppState& app, const Viewport& window, ImDrawData* ui, const std::string& path) {
  const int scale = std::clamp(app.shot.scale, 1, 4);
  const Viewport vp{window.width * scale, window.height * scale};
  Framebuffer target(vp.width, vp.height);
  target.bind();
  // Sizes in pixels scale with the image, so the picture looks like the window, only sharper.
  if (app.compare.active()) draw_comparison(app, vp, app.shot.transparent, static_cast<float>(scale));
  else app.canvas->draw(app.camera, vp, app.shot.transparent, static_cast<float>(scale));
  if (ui) {
    const ImVec2 saved = ui->FramebufferScale;
    ui->FramebufferScale = ImVec2(saved.x * scale, saved.y * scale);
    ImGui_ImplOpenGL3_RenderDrawData(ui);
    ui->FramebufferScale = saved;
  }
  frame::finish("taking the screenshot");
  Image image;
  read_pixels(vp.width, vp.height, image);
  frame::bind_window(window.width, window.height);
  write_png(path, image, app.shot.transparent);
}

}  // namespace monge
