#version 450 core
// Point sprites (GL_POINTS with a program-set size): one vertex per point, which keeps the
// vertex work minimal on software rasterisers such as llvmpipe.
// Mode 0: anti-aliased discs (2D). Mode 1: shaded sphere impostors (3D).
layout(location = 0) in vec3 a_position;  // 2D data leaves z = 0
layout(location = 1) in float a_scalar;   // colour through the colormap

uniform mat4 u_view;
uniform mat4 u_proj;
uniform vec2 u_viewport;          // pixels
uniform int u_mode;               // 0 disc, 1 sphere
uniform float u_size;             // diameter, pixels or world units
uniform bool u_size_in_world;
uniform bool u_perspective;
uniform float u_world_per_pixel;  // orthographic: world units per pixel; perspective: per unit depth
uniform float u_max_sprite;       // the driver's largest point size
uniform bool u_use_scalar;
uniform vec2 u_scalar_range;
uniform vec4 u_color;             // solid colour when u_use_scalar is false; alpha = opacity
uniform sampler1D u_colormap;

out float v_radius_px;    // disc or sphere radius in pixels
out vec4 v_color;
out vec3 v_center_view;   // sphere centre in view space
out float v_radius_world; // sphere radius in world units

void main() {
  vec4 view_pos = u_view * vec4(a_position, 1.0);
  float wpp = u_perspective ? max(-view_pos.z, 1e-6) * u_world_per_pixel : u_world_per_pixel;

  if (u_use_scalar) {
    float span = max(u_scalar_range.y - u_scalar_range.x, 1e-20);
    float t = clamp((a_scalar - u_scalar_range.x) / span, 0.0, 1.0);
    v_color = vec4(texture(u_colormap, t).rgb, u_color.a);
  } else {
    v_color = u_color;
  }
  float radius_world = u_size_in_world ? 0.5 * u_size : 0.5 * u_size * wpp;
  float radius_px = min(max(radius_world / wpp, 0.5), 0.5 * u_max_sprite - 1.0);
  v_radius_px = radius_px;
  v_center_view = view_pos.xyz;
  v_radius_world = radius_px * wpp;
  gl_Position = u_proj * view_pos;
  // The anti-aliasing ramp reaches half a pixel past the radius (points.frag), so a sprite of
  // 2r + 1 pixels holds every fragment with nonzero coverage. A wider one only adds discarded
  // fragments: at r = 1.5 a 5-pixel sprite shades 25 fragments where 16 suffice, and on llvmpipe
  // the fragments are much of the cost of 100k points.
  gl_PointSize = 2.0 * radius_px + 1.0;
}
