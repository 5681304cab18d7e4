#version 450 core
// Wireframe overlay in the same pass (the "solid wireframe" method): each corner of a triangle
// gets its distance in pixels to the opposite edge, and the zeros elsewhere, so that the
// linearly interpolated (noperspective) vector holds the fragment's distance to each edge.
layout(triangles) in;
layout(triangle_strip, max_vertices = 3) out;

uniform vec2 u_viewport;  // pixels

in Vertex {
  vec3 view_position;
  vec3 view_normal;
  float scalar;
  noperspective vec3 edge_distance;
} g_in[];

out Vertex {
  vec3 view_position;
  vec3 view_normal;
  float scalar;
  noperspective vec3 edge_distance;
} g_out;

void main() {
  vec2 p[3];
  bool behind = false;
  for (int i = 0; i < 3; ++i) {
    vec4 clip = gl_in[i].gl_Position;
    behind = behind || clip.w <= 0.0;
    p[i] = 0.5 * u_viewport * clip.xy / clip.w;
  }
  // Heights of the triangle in pixels: twice the area over each edge's length.
  vec2 e0 = p[2] - p[1], e1 = p[2] - p[0], e2 = p[1] - p[0];
  float twice_area = abs(e1.x * e2.y - e1.y * e2.x);
  vec3 height = twice_area / max(vec3(length(e0), length(e1), length(e2)), 1e-6);
  for (int i = 0; i < 3; ++i) {
    g_out.view_position = g_in[i].view_position;
    g_out.view_normal = g_in[i].view_normal;
    g_out.scalar = g_in[i].scalar;
    // A corner behind the eye has no meaningful window position: no lines on that triangle.
    g_out.edge_distance = behind ? vec3(1e6) : vec3(i == 0 ? height.x : 0.0, i == 1 ? height.y : 0.0,
                                                   i == 2 ? height.z : 0.0);
    gl_Position = gl_in[i].gl_Position;
    EmitVertex();
  }
  EndPrimitive();
}
