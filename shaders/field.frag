#version 450 core
// Scalar field colouring: the value is sampled (nearest or bilinear, chosen by the bound
// sampler) and only then mapped through the colormap, so interpolation never mixes colours.
in vec2 v_uv;

uniform sampler2D u_values;      // R32F
uniform sampler2D u_obstacles;   // R8 holding the mask bytes (1 reads as 1/255), sampled nearest
uniform bool u_has_obstacles;
uniform sampler1D u_colormap;
uniform vec2 u_range;            // lo, hi
uniform bool u_log_scale;
uniform bool u_hide_below;
uniform float u_threshold;
uniform vec3 u_obstacle_color;
uniform float u_opacity;

out vec4 frag_color;

void main() {
  if (u_has_obstacles && texture(u_obstacles, v_uv).r > 0.0) {
    frag_color = vec4(u_obstacle_color, u_opacity);
    return;
  }
  float v = texture(u_values, v_uv).r;
  if (isnan(v) || (u_hide_below && v < u_threshold)) discard;
  float t;
  if (u_log_scale) {
    // Non-positive values sit at the bottom of the scale.
    float lo = log(max(u_range.x, 1e-30)), hi = log(max(u_range.y, 1e-30));
    t = (log(max(v, 1e-30)) - lo) / max(hi - lo, 1e-20);
  } else {
    t = (v - u_range.x) / max(u_range.y - u_range.x, 1e-20);
  }
  t = clamp(t, 0.0, 1.0);
  // Texel centres: t = 0 and t = 1 land on the first and last table entries.
  frag_color = vec4(texture(u_colormap, (t * 255.0 + 0.5) / 256.0).rgb, u_opacity);
}
