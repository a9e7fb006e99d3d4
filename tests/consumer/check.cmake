# Installs the project (its build in BUILD_DIR) into a prefix, then builds and
# runs a consumer that uses find_package(instrukt_ai_logging).
file(REMOVE_RECURSE ${WORK_DIR})
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "failed: ${ARGN}\n${out}")
  endif()
endfunction()
# The suite's own build (BUILD_DIR) is installed, as a user installs what they built.
run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${WORK_DIR}/prefix)
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
