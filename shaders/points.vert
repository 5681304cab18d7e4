#version 450 core
// Instanced point sprites: one quad (4 vertices, triangle strip) per point.
// Mode 0: anti-aliased discs (2D). Mode 1: shaded sphere impostors (3D).
layout(location = 0) in vec3 a_position;  // per instance; 2D data leaves z = 0
layout(location = 1) in float a_scalar;   // per instance; colour through the colormap

uniform mat4 u_view;
uniform mat4 u_proj;
uniform vec2 u_viewport;          // pixels
uniform int u_mode;               // 0 disc, 1 sphere
uniform float u_size;             // diameter, pixels or world units
uniform bool u_size_in_world;
uniform bool u_perspective;
uniform float u_world_per_pixel;  // orthographic: world units per pixel; perspective: per unit depth
uniform bool u_use_scalar;
uniform vec2 u_scalar_range;
uniform vec4 u_color;             // solid colour when u_use_scalar is false; alpha = opacity
uniform sampler1D u_colormap;

out vec2 v_corner;        // quad corner in [-1, 1]^2, scaled so the disc edge is at 1
out float v_pad;          // disc: corner extent in units of the radius (radius + 1 px feather)
out float v_radius_px;    // disc radius in pixels
out vec4 v_color;
out vec3 v_center_view;   // sphere centre in view space
out float v_radius_world; // sphere radius in world units

const vec2 kCorners[4] = vec2[](vec2(-1, -1), vec2(1, -1), vec2(-1, 1), vec2(1, 1));

void main() {
  vec2 corner = kCorners[gl_VertexID];
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
  if (u_mode == 0) {
    float radius_px = max(radius_world / wpp, 0.5);
    float pad = (radius_px + 1.0) / radius_px;
    vec4 clip = u_proj * view_pos;
    clip.xy += corner * pad * radius_px * 2.0 / u_viewport * clip.w;
    gl_Position = clip;
    v_corner = corner * pad;
    v_pad = pad;
    v_radius_px = radius_px;
  } else {
    // Billboard facing the camera in view space, a little larger so perspective never clips it.
    float grow = u_perspective ? 1.15 : 1.0;
    vec4 corner_view = view_pos + vec4(corner * radius_world * grow, 0.0, 0.0);
    gl_Position = u_proj * corner_view;
    v_corner = corner * grow;
    v_center_view = view_pos.xyz;
    v_radius_world = radius_world;
  }
}
