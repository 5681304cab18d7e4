#pragma once
// The desktop window: GLFW with an OpenGL 4.5 core context and Dear ImGui (HiDPI-scaled), vsync.
#include <string>

struct GLFWwindow;

namespace monge {

// Opens the window and sets up ImGui; nullptr (with a one-line message on stderr) if there is no
// display or no OpenGL 4.5 core context.
GLFWwindow* open_window(int width, int height, const char* title);
// The window's content scale (HiDPI), at least 1: panel sizes and the panel font follow it.
float window_scale(GLFWwindow* window);
// Tears down ImGui, the window and GLFW.
void close_window(GLFWwindow* window);

}  // namespace monge
