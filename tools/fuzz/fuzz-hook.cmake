# Included at the end of the top-level project() call through
# -DCMAKE_PROJECT_INCLUDE (see scripts/fuzz-import.sh): defers reading
# tools/fuzz/CMakeLists.txt until the whole top-level CMakeLists.txt has run,
# so the fuzz target can link the importer library without the default build
# knowing about it. (A deferred call may not add_subdirectory; include works.)
if(NOT QMLIR_FUZZ_HOOKED)
  set(QMLIR_FUZZ_HOOKED ON)
  set(QMLIR_BUILD_FUZZERS ON)
  # Deferred arguments expand when the call runs: keep the path in a variable.
  set(QMLIR_FUZZ_LISTFILE "${CMAKE_CURRENT_LIST_DIR}/CMakeLists.txt")
  cmake_language(DEFER DIRECTORY "${CMAKE_SOURCE_DIR}" CALL include
    "${QMLIR_FUZZ_LISTFILE}")
endif()
