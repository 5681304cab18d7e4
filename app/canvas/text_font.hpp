#pragma once
// The typeface of all text monge draws: the panels, captions, colour bars and labels, in the
// window and in recordings alike. DejaVu Sans (Debian's fonts-dejavu-core), embedded in the binary
// at build time, so that a recording made on any machine shows the same glyphs. Its ranges cover
// Latin, Greek, super- and subscripts, arrows, mathematical operators and letterlike symbols
// (ε ρ ∇ √ ² ⁻¹ → Δ ∫ ≤ ℝ); a character outside them is drawn as U+FFFD (the replacement
// character), never silently dropped.
struct ImFont;
struct ImFontAtlas;

namespace monge {

// Adds the text font at `pixels` height to `atlas` (which must be rebuilt before drawing).
ImFont* add_text_font(ImFontAtlas& atlas, float pixels);

// The fonts of the current ImGui context (with the OpenGL3 backend initialised): one for panels
// and one for text drawn into frames, each rasterised at the size it is drawn at.
class TextFonts {
 public:
  // Makes the two fonts exist at these sizes, rebuilding the atlas and its GL texture only when a
  // size changed. Call outside an ImGui frame. The panel font becomes the default.
  void ensure(float panel_pixels, float frame_pixels);
  ImFont* panel() const { return panel_; }
  ImFont* frame() const { return frame_; }
  float frame_pixels() const { return frame_pixels_; }

 private:
  ImFont* panel_ = nullptr;
  ImFont* frame_ = nullptr;
  float panel_pixels_ = 0.0f, frame_pixels_ = 0.0f;
};

// Text drawn into a frame scales with the frame, so a 4K recording's captions read like a 720p
// one's: its font height in pixels for a frame `height` pixels high (18 px at 720 lines).
float frame_text_pixels(int height);

}  // namespace monge
