# Writes OUT/man1/lips.1, and OUT/man1/lips-CMD.1 for every command 'lips
# --help' lists, with help2man from the --help texts of the binary LIPS.
#   cmake -DLIPS=... -DHELP2MAN=... -DVERSION=... -DINCLUDE=lips.h2m
#         -DMODELS_FROM_BIN=../share/lips/models -DOUT=... -P man.cmake
cmake_minimum_required(VERSION 3.18)
execute_process(COMMAND ${LIPS} --help OUTPUT_VARIABLE help RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${LIPS} --help failed (${rc})")
endif()
# the command lines of the usage: "  NAME  summary"
string(REGEX MATCHALL "\n  [a-z]+ " commands "${help}")
string(REGEX REPLACE "[\n ]" "" commands "${commands}")
if(NOT commands)
  message(FATAL_ERROR "${LIPS} --help lists no command")
endif()

file(REMOVE_RECURSE ${OUT}/man1 ${OUT}/wrap)
file(MAKE_DIRECTORY ${OUT}/man1 ${OUT}/wrap)

# page(NAME SUMMARY INCLUDE LIPS_ARGS...): help2man runs OUT/wrap/NAME --help,
# which runs lips LIPS_ARGS --help; help2man's synopsis wants "Usage:".
function(page name summary include)
  file(WRITE ${OUT}/wrap/${name} "#!/bin/sh\n\"${LIPS}\" ${ARGN} \"$@\" | sed '1s/^usage:/Usage:/'\n")
  file(CHMOD ${OUT}/wrap/${name} PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE)
  execute_process(COMMAND ${HELP2MAN} --no-info --section=1 --version-string=${VERSION}
                          "--name=${summary}" --include=${include} --output=${OUT}/man1/${name}.1
                          ${OUT}/wrap/${name}
                  RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "help2man failed on ${name} (${rc})")
  endif()
endfunction()

set(see_also)
foreach(cmd ${commands})
  string(REGEX MATCH "\n  ${cmd} +([^\n]*)" summary_line "${help}")
  file(WRITE ${OUT}/wrap/lips-${cmd}.h2m "[SEE ALSO]\n.BR lips (1)\n")
  page(lips-${cmd} "${CMAKE_MATCH_1}" ${OUT}/wrap/lips-${cmd}.h2m ${cmd})
  list(APPEND see_also ".BR lips\\-${cmd} (1)")
endforeach()
file(READ ${INCLUDE} lips_h2m)
string(REPLACE "@MODELS_FROM_BIN@" "${MODELS_FROM_BIN}" lips_h2m "${lips_h2m}")
list(JOIN see_also ",\n" see_also)
file(WRITE ${OUT}/wrap/lips.h2m "${lips_h2m}[SEE ALSO]\n${see_also}\n")
page(lips "synthesize programs from input/output examples" ${OUT}/wrap/lips.h2m)
