# monge_add_test_dir(TIER dir LIBS ... [PCH_EXTRA header ...]): the GoogleTest executables of the .cpp files in `dir`, their
# tests labelled with the tier (pure, render, app, gpu). Sets MONGE_TEST_TARGETS (parent scope) to
# the targets made.
#
# MONGE_TEST_EXE_PER_FILE ON (the default): one executable per file, <tier>_<file stem>, so that
# working on one test file compiles and links only that file. OFF (scripts/test, CI): one
# executable per tier, <tier>_tests: linking (and test discovery) once instead of once per file
# saves minutes of the suite's 15 on 2 cores. ctest still runs every test as its own process.
find_package(GTest REQUIRED)
include(GoogleTest)
option(MONGE_TEST_EXE_PER_FILE "One test executable per test file (OFF: one per tier)" ON)

# Build time is most of the suite's 15 minutes: test files compile at -O1 (the code they test is
# in the libraries, built at -O3), and each tier's test files share one precompiled header of
# GoogleTest and Eigen (plus PCH_EXTRA), parsed once instead of once per file.
function(monge_add_test_dir tier dir)
  cmake_parse_arguments(ARG "" "" "LIBS;PCH_EXTRA" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${dir}/*.cpp)
  set(groups "")
  if(MONGE_TEST_EXE_PER_FILE)
    foreach(src IN LISTS sources)
      get_filename_component(stem ${src} NAME_WE)
      list(APPEND groups ${tier}_${stem})
      set(sources_of_${tier}_${stem} ${src})
    endforeach()
  elseif(sources)
    set(groups ${tier}_tests)
    set(sources_of_${tier}_tests ${sources})
  endif()
  set(pch_target "")
  foreach(target IN LISTS groups)
    add_executable(${target} ${sources_of_${target}})
    target_link_libraries(${target} PRIVATE ${ARG_LIBS} GTest::gtest GTest::gtest_main)
    target_compile_options(${target} PRIVATE -O1)
    if(MONGE_SANITIZE)
      # The test files run under ASan but are not themselves instrumented by UBSan, which doubled
      # their compile time (test_scene.cpp: 31 s against 17 s): UBSan checks monge's libraries,
      # where the code under test lives.
      target_compile_options(${target} PRIVATE -fno-sanitize=undefined)
    endif()
    if(pch_target STREQUAL "")
      target_precompile_headers(${target} PRIVATE <gtest/gtest.h> <Eigen/Core> <string> <vector> ${ARG_PCH_EXTRA})
      set(pch_target ${target})
    else()
      target_precompile_headers(${target} REUSE_FROM ${pch_target})
    endif()
    target_compile_definitions(${target} PRIVATE
      MONGE_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
      MONGE_TEST_DATA="${PROJECT_SOURCE_DIR}/tests/data"
      MONGE_BINARY_DIR="${PROJECT_BINARY_DIR}")
    # The gpu tier's CPU references take the machine's threads (OMP_NUM_THREADS from the
    # environment): a GPU machine has 16 cores, not CI's 2.
    # XDG_CONFIG_HOME: the GUI's remembered settings go into the build, not the user's home.
    set(test_environment "OMP_NUM_THREADS=2;OMP_WAIT_POLICY=passive;XDG_CONFIG_HOME=${PROJECT_BINARY_DIR}/test-config")
    if(tier STREQUAL "gpu")
      set(test_environment "OMP_WAIT_POLICY=passive")
    endif()
    gtest_discover_tests(${target}
      DISCOVERY_TIMEOUT 60
      PROPERTIES LABELS ${tier}
                 ENVIRONMENT "${test_environment}"
                 TIMEOUT 300)
  endforeach()
  set(MONGE_TEST_TARGETS ${groups} PARENT_SCOPE)
endfunction()
