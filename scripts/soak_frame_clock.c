// Frame clock for scripts/soak, loaded into the GUI with LD_PRELOAD: wraps glfwSwapBuffers (the
// binary links libglfw.so dynamically, so this definition wins) and appends, once a second, a
// line "<monotonic seconds> <frames in that second> <longest interval between swaps, ms>
// <heap in use, kB> <heap free, kB> <mmapped, kB>" to the file named by MONGE_FRAME_LOG (the heap
// figures from glibc's mallinfo2, over all arenas: they tell growing allocations from a
// fragmented heap). The GUI itself is unchanged and unaware of it.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

typedef void (*swap_buffers_fn)(void* window);

static swap_buffers_fn real_swap;
static FILE* log_file;
static double last_swap, window_start, longest;
static long frames;

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

void glfwSwapBuffers(void* window) {
  if (!real_swap) real_swap = (swap_buffers_fn)dlsym(RTLD_NEXT, "glfwSwapBuffers");
  real_swap(window);
  const double t = now();
  if (!log_file) {
    const char* path = getenv("MONGE_FRAME_LOG");
    log_file = path ? fopen(path, "w") : NULL;
    last_swap = window_start = t;
    return;
  }
  const double interval = t - last_swap;
  last_swap = t;
  ++frames;
  if (interval > longest) longest = interval;
  if (t - window_start >= 1.0) {
    const struct mallinfo2 heap = mallinfo2();
    fprintf(log_file, "%.3f %ld %.1f %zu %zu %zu\n", t, frames, 1e3 * longest, heap.uordblks / 1024, heap.fordblks / 1024,
            heap.hblkhd / 1024);
    fflush(log_file);
    window_start = t;
    frames = 0;
    longest = 0;
  }
}
