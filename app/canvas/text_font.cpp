#include "app/canvas/text_font.hpp"

#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>

// The font file's bytes, placed in the binary by the assembler (MONGE_TEXT_FONT_FILE is the path
// CMake found; app/CMakeLists.txt).
asm(".section .rodata\n"
    ".balign 16\n"
    ".global monge_text_font_begin\n"
    "monge_text_font_begin:\n"
    ".incbin \"" MONGE_TEXT_FONT_FILE "\"\n"
    ".global monge_text_font_end\n"
    "monge_text_font_end:\n"
    ".previous\n");
extern "C" const unsigned char monge_text_font_begin[];
extern "C" const unsigned char monge_text_font_end[];

namespace monge {
namespace {

// Pairs of inclusive code point ranges, zero-terminated (ImGui's format).
const ImWchar kRanges[] = {
    0x0020, 0x00FF,  // Basic Latin, Latin-1 (² ³ ¹ · ± × ÷ °)
    0x0100, 0x017F,  // Latin Extended-A
    0x0370, 0x03FF,  // Greek
    0x2000, 0x206F,  // General Punctuation (– — ‖ ′ ″ …)
    0x2070, 0x209F,  // Superscripts and Subscripts (⁻ ⁱ ⁿ ₀ … ₙ)
    0x20AC, 0x20AC,  // €
    0x2100, 0x214F,  // Letterlike Symbols (ℝ ℕ ℓ)
    0x2150, 0x218F,  // Number Forms (½ ⅓)
    0x2190, 0x21FF,  // Arrows (→ ← ↦ ⇒)
    0x2200, 0x22FF,  // Mathematical Operators (∇ √ ∫ ∑ ≤ ≈ ∞ ∂ −)
    0x2300, 0x23FF,  // Miscellaneous Technical (⌈ ⌉)
    0x25A0, 0x25FF,  // Geometric Shapes (■ ● ▶)
    0x27E8, 0x27E9,  // Mathematical angle brackets ⟨ ⟩
    0xFFFD, 0xFFFD,  // the replacement character, drawn for anything else
    0,
};

}  // namespace

ImFont* add_text_font(ImFontAtlas& atlas, float pixels) {
  ImFontConfig config;
  config.FontDataOwnedByAtlas = false;  // the bytes are the binary's own
  config.OversampleH = 2;
  config.OversampleV = 1;
  config.PixelSnapH = false;
  const int size = static_cast<int>(monge_text_font_end - monge_text_font_begin);
  // ImGui takes a non-const pointer but does not write through it when it does not own the data.
  void* data = const_cast<unsigned char*>(monge_text_font_begin);
  return atlas.AddFontFromMemoryTTF(data, size, pixels, &config, kRanges);
}

void TextFonts::ensure(float panel_pixels, float frame_pixels) {
  if (panel_ && panel_pixels == panel_pixels_ && frame_pixels == frame_pixels_) return;
  ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
  atlas.Clear();
  panel_ = add_text_font(atlas, panel_pixels);
  frame_ = frame_pixels == panel_pixels ? panel_ : add_text_font(atlas, frame_pixels);
  ImGui::GetIO().FontDefault = panel_;
  panel_pixels_ = panel_pixels;
  frame_pixels_ = frame_pixels;
  // The backend makes its font texture once, with its other objects: remake them for the new atlas.
  ImGui_ImplOpenGL3_DestroyDeviceObjects();
  ImGui_ImplOpenGL3_CreateDeviceObjects();
}

float frame_text_pixels(int height) { return std::max(13.0f, std::round(static_cast<float>(height) / 40.0f)); }

}  // namespace monge
