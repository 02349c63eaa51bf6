# The layers of the project, lowest first: a source may include a header of its own layer or
# of one below it, never above. The configure fails on an include that points up, naming the file
# and both layers. Run on another tree (the check's own test) with
#   cmake -DSLAE_LAYERS_ROOT=DIR -P cmake/check_layers.cmake
set(SLAE_LAYERS
    solver
    protocol
    node
    coordinator/process
    coordinator/text
    coordinator/charts
    coordinator/diagnosis
    coordinator/cluster
    coordinator/outputs
    coordinator/broker
    coordinator/local
    coordinator/service
    coordinator/cli
    coordinator/run
    coordinator
    customer)

# The layer a path belongs to (its folder under coordinator/, else its top folder), or "".
function(slae_layer_of path out)
  set(found "")
  foreach(layer IN LISTS SLAE_LAYERS)
    string(LENGTH "${layer}/" n)
    string(SUBSTRING "${path}" 0 ${n} head)
    if(head STREQUAL "${layer}/")
      string(LENGTH "${found}" best)
      if(n GREATER best)
        set(found "${layer}")
      endif()
    endif()
  endforeach()
  set(${out} "${found}" PARENT_SCOPE)
endfunction()

function(slae_check_layers root)
  set(patterns "")
  foreach(top solver protocol node coordinator customer)
    list(APPEND patterns "${root}/${top}/*.cpp" "${root}/${top}/*.hpp")
  endforeach()
  file(GLOB_RECURSE files RELATIVE "${root}" ${patterns})
  set(upward "")
  foreach(file IN LISTS files)
    slae_layer_of("${file}" own)
    list(FIND SLAE_LAYERS "${own}" own_rank)
    file(STRINGS "${root}/${file}" lines REGEX "^#include \"")
    foreach(line IN LISTS lines)
      string(REGEX REPLACE "^#include \"([^\"]+)\".*" "\\1" header "${line}")
      slae_layer_of("${header}" theirs)
      if(theirs STREQUAL "")
        continue()  # tests/, third-party or a neighbour's header by its own name
      endif()
      list(FIND SLAE_LAYERS "${theirs}" their_rank)
      if(their_rank GREATER own_rank)
        list(APPEND upward "  ${file} (${own}) includes ${header} (${theirs}, a layer above)")
      endif()
    endforeach()
  endforeach()
  if(upward)
    list(JOIN upward "\n" text)
    message(FATAL_ERROR "upward includes (the layers are in cmake/check_layers.cmake):\n${text}")
  endif()
endfunction()

if(CMAKE_SCRIPT_MODE_FILE AND DEFINED SLAE_LAYERS_ROOT)
  slae_check_layers("${SLAE_LAYERS_ROOT}")
endif()
