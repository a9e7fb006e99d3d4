# Installs the project into a prefix, then builds and runs a consumer that uses
# find_package(instrukt_ai_logging).
file(REMOVE_RECURSE ${WORK_DIR})
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "failed: ${ARGN}\n${out}")
  endif()
endfunction()
run(${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${WORK_DIR}/lib -DCMAKE_BUILD_TYPE=Release
    -DINSTRUKT_AI_LOGGING_BUILD_TESTS=OFF -DINSTRUKT_AI_LOGGING_BUILD_BENCHMARKS=OFF
    -DINSTRUKT_AI_LOGGING_BUILD_EXAMPLES=OFF)
run(${CMAKE_COMMAND} --build ${WORK_DIR}/lib -j2)
run(${CMAKE_COMMAND} --install ${WORK_DIR}/lib --prefix ${WORK_DIR}/prefix)
# The docs that compile errors point to are installed beside the headers.
foreach(page guide.md events.md configuration.md)
  if(NOT EXISTS ${WORK_DIR}/prefix/share/doc/instrukt_ai_logging/${page})
    message(FATAL_ERROR "share/doc/instrukt_ai_logging/${page} was not installed")
  endif()
endforeach()
run(${CMAKE_COMMAND} -S ${CONSUMER_DIR} -B ${WORK_DIR}/consumer -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix
    -DCMAKE_BUILD_TYPE=Release)
run(${CMAKE_COMMAND} --build ${WORK_DIR}/consumer -j2)
run(${WORK_DIR}/consumer/consumer ${WORK_DIR}/logs)
# The installed tool checks the log against the catalog the consumer's build wrote.
run(${WORK_DIR}/prefix/bin/instrukt-ai-catalog check ${WORK_DIR}/consumer/consumer.catalog.json
    ${WORK_DIR}/logs/consumer/consumer.log)
message(STATUS "installed package found, built against and run; its log matches its catalog")
