# Installs the build into a fresh prefix and runs the installed front end: `info` reaches the installed engine
# (LibTorch, BLAS kernel) and `privacy` answers by itself. Run by CTest as test_cli_install (tests/cli/CMakeLists.txt).
file(REMOVE_RECURSE "${PREFIX}")
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${BUILD}" --prefix "${PREFIX}" RESULT_VARIABLE rc
                OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cmake --install failed (${rc}): ${out}")
endif()
foreach(program acasim acasim-engine)
  if(NOT EXISTS "${PREFIX}/bin/${program}")
    message(FATAL_ERROR "${program} is not installed in ${PREFIX}/bin")
  endif()
endforeach()
execute_process(COMMAND "${PREFIX}/bin/acasim" info RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0 OR NOT out MATCHES "\"libtorch\"" OR NOT out MATCHES "\"blas_kernel\"")
  message(FATAL_ERROR "installed acasim info: exit ${rc}\n${out}${err}")
endif()
execute_process(COMMAND "${PREFIX}/bin/acasim" privacy --sample-rate 0.01 --noise-multiplier 1 --steps 100
                        --delta 1e-5 RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0 OR NOT out MATCHES "epsilon = ")
  message(FATAL_ERROR "installed acasim privacy: exit ${rc}\n${out}${err}")
endif()
file(REMOVE_RECURSE "${PREFIX}")
