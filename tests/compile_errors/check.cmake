# Compiles SOURCE and passes only when it fails with output matching every
# regex in EXPECT (a ;-list).
#   cmake -DCOMPILER=... -DINCLUDE=... -DSOURCE=... -DEXPECT=... -P check.cmake
execute_process(
  COMMAND ${COMPILER} -std=c++20 -fsyntax-only -I${INCLUDE} ${SOURCE}
  RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(result EQUAL 0)
  message(FATAL_ERROR "${SOURCE} compiled, but it must not")
endif()
foreach(pattern IN LISTS EXPECT)
  if(NOT out MATCHES "${pattern}")
    message(FATAL_ERROR "${SOURCE}: the error does not mention '${pattern}'. Compiler said:\n${out}")
  endif()
endforeach()
message(STATUS "${SOURCE}: fails as it should")
