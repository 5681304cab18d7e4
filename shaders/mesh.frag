#version 450 core
// Mesh shading: two-sided Blinn-Phong with a headlight (at the eye) and a dimmer fill light
// fixed in view space (upper left), base colour or a scalar through the colormap, then the
// wireframe blended over the surface with a one-pixel anti-aliasing ramp.
in Vertex {
  vec3 view_position;
  vec3 view_normal;
  float scalar;
  noperspective vec3 edge_distance;
} f;

uniform bool u_flat;             // face normals from screen-space derivatives
uniform bool u_perspective;
uniform vec3 u_color;
uniform bool u_use_scalar;
uniform vec2 u_scalar_range;
uniform sampler1D u_colormap;
uniform float u_opacity;
uniform float u_specular;
uniform vec4 u_wire_color;
uniform float u_wire_width;      // pixels; 0 when the overlay is off

out vec4 frag_color;

const vec3 kFillLight = normalize(vec3(-0.6, 0.7, 0.4));  // view space: from the upper left, in front

void main() {
  vec3 to_eye = u_perspective ? normalize(-f.view_position) : vec3(0.0, 0.0, 1.0);
  vec3 n;
  if (u_flat) {
    // The plane of the triangle through the derivatives of the view position: its normal faces
    // the viewer by construction (window x and y are view x and y), so it is two-sided already.
    n = normalize(cross(dFdx(f.view_position), dFdy(f.view_position)));
  } else {
    n = normalize(f.view_normal);
    if (!gl_FrontFacing) n = -n;  // back faces are lit from their own side
  }

  vec3 base = u_color;
  if (u_use_scalar) {
    float span = max(u_scalar_range.y - u_scalar_range.x, 1e-20);
    float t = clamp((f.scalar - u_scalar_range.x) / span, 0.0, 1.0);
    // Texel centres: t = 0 and t = 1 land on the first and last table entries.
    base = texture(u_colormap, (t * 255.0 + 0.5) / 256.0).rgb;
  }

  float head = max(dot(n, to_eye), 0.0);
  float fill = max(dot(n, kFillLight), 0.0);
  // The headlight's half vector is the view direction itself.
  float highlight = u_specular * pow(head, 48.0);
  vec3 rgb = base * (0.18 + 0.62 * head + 0.28 * fill) + vec3(highlight);

  if (u_wire_width > 0.0) {
    float d = min(min(f.edge_distance.x, f.edge_distance.y), f.edge_distance.z);
    float coverage = clamp(0.5 * u_wire_width - d + 0.5, 0.0, 1.0) * u_wire_color.a;
    rgb = mix(rgb, u_wire_color.rgb, coverage);
  }
  frag_color = vec4(rgb, u_opacity);
}
