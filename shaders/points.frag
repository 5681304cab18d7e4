#version 450 core
in float v_radius_px;
in vec4 v_color;
in vec3 v_center_view;
in float v_radius_world;

uniform int u_mode;        // 0 disc, 1 sphere
uniform mat4 u_proj;
uniform bool u_perspective;

out vec4 frag_color;

void main() {
  // Offset of this fragment from the sprite centre, in pixels, y up (the sprite is 2r + 1 wide).
  vec2 offset_px = (gl_PointCoord - 0.5) * (2.0 * v_radius_px + 1.0) * vec2(1.0, -1.0);
  float dist_px = length(offset_px);
  if (u_mode == 0) {
    // Coverage of a disc of radius v_radius_px at this pixel: a 1-pixel linear ramp at the edge.
    float coverage = clamp(v_radius_px - dist_px + 0.5, 0.0, 1.0);
    if (coverage <= 0.0) discard;
    frag_color = vec4(v_color.rgb, v_color.a * coverage);
    return;
  }
  // Sphere impostor: shade the sphere whose silhouette this sprite covers.
  if (dist_px > v_radius_px) discard;
  vec2 q = offset_px / v_radius_px;                  // in the unit disc
  vec3 normal = vec3(q, sqrt(max(1.0 - dot(q, q), 0.0)));
  vec3 hit = v_center_view + v_radius_world * normal;
  vec3 to_eye = u_perspective ? normalize(-hit) : vec3(0.0, 0.0, 1.0);
  vec3 light = normalize(vec3(0.4, 0.6, 0.7));
  float diffuse = max(dot(normal, light), 0.0);
  float specular = pow(max(dot(reflect(-light, normal), to_eye), 0.0), 32.0);
  vec3 rgb = v_color.rgb * (0.35 + 0.65 * diffuse) + vec3(0.25 * specular);
  frag_color = vec4(rgb, v_color.a);
  vec4 clip = u_proj * vec4(hit, 1.0);
  gl_FragDepth = 0.5 * (clip.z / clip.w) + 0.5;
}
