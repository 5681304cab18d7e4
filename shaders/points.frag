#version 450 core
in vec2 v_corner;
in float v_pad;
in float v_radius_px;
in vec4 v_color;
in vec3 v_center_view;
in float v_radius_world;

uniform int u_mode;        // 0 disc, 1 sphere
uniform mat4 u_proj;
uniform bool u_perspective;

out vec4 frag_color;

void main() {
  if (u_mode == 0) {
    // Coverage of a disc of radius v_radius_px at this pixel: a 1-pixel linear ramp at the edge.
    float dist_px = length(v_corner) * v_radius_px;
    float coverage = clamp(v_radius_px - dist_px + 0.5, 0.0, 1.0);
    if (coverage <= 0.0) discard;
    frag_color = vec4(v_color.rgb, v_color.a * coverage);
    return;
  }
  // Sphere impostor: find where the view ray through this fragment meets the sphere.
  vec3 point_on_quad = v_center_view + vec3(v_corner * v_radius_world, 0.0);
  vec3 ray = u_perspective ? normalize(point_on_quad) : vec3(0.0, 0.0, -1.0);
  vec3 origin = u_perspective ? vec3(0.0) : vec3(point_on_quad.xy, 0.0);
  vec3 oc = origin - v_center_view;
  float b = dot(oc, ray);
  float c = dot(oc, oc) - v_radius_world * v_radius_world;
  float disc = b * b - c;
  if (disc < 0.0) discard;
  vec3 hit = origin + (-b - sqrt(disc)) * ray;
  vec3 normal = normalize(hit - v_center_view);
  vec3 light = normalize(vec3(0.4, 0.6, 0.7));
  float diffuse = max(dot(normal, light), 0.0);
  float specular = pow(max(dot(reflect(-light, normal), -ray), 0.0), 32.0);
  vec3 rgb = v_color.rgb * (0.35 + 0.65 * diffuse) + vec3(0.25 * specular);
  frag_color = vec4(rgb, v_color.a);
  vec4 clip = u_proj * vec4(hit, 1.0);
  gl_FragDepth = 0.5 * (clip.z / clip.w) + 0.5;
}
