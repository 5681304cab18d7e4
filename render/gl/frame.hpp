#pragma once
// Frame-level GL state for code outside render/ (which never includes the GL loader): choose
// the target and region to draw into, clear, and wait for the GPU.
#include <array>

namespace monge::frame {

// Draw into the window's default framebuffer, whole viewport.
void bind_window(int width, int height);
// Restrict drawing to a region of the current target (viewport and scissor).
void set_region(int x, int y, int width, int height);
// Back to the whole target after set_region.
void clear_region(int width, int height);
// Clear colour (alpha 0 for a transparent background) and depth.
void clear(const std::array<float, 3>& rgb, float alpha);
// Wait for the GPU; throws std::runtime_error naming `what` if GL reported an error.
void finish(const char* what);
// Whether the current context renders on the CPU (Mesa's llvmpipe or softpipe): every GL point
// then costs setup time on the cores the solver shares.
bool software_rasteriser();

}  // namespace monge::frame
