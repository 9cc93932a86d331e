# FindReadStat: ReadStat (https://github.com/WizardMac/ReadStat), the Stata .dta writer behind `acasim export`.
# Debian's libreadstat-dev ships neither a CMake config nor a pkg-config file, so the header and library are
# searched directly. Defines ReadStat_FOUND and the imported target ReadStat::ReadStat. Override the search with
# -DREADSTAT_INCLUDE_DIR=... -DREADSTAT_LIBRARY=... for a ReadStat installed elsewhere.
find_path(READSTAT_INCLUDE_DIR readstat.h)
find_library(READSTAT_LIBRARY readstat)

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(ReadStat
  REQUIRED_VARS READSTAT_LIBRARY READSTAT_INCLUDE_DIR
  REASON_FAILURE_MESSAGE
    "acasim export writes Stata .dta files through ReadStat: install libreadstat-dev (scripts/install-deps.sh), or pass -DREADSTAT_INCLUDE_DIR=<folder of readstat.h> -DREADSTAT_LIBRARY=<path of libreadstat.so>")

if(ReadStat_FOUND AND NOT TARGET ReadStat::ReadStat)
  add_library(ReadStat::ReadStat UNKNOWN IMPORTED)
  set_target_properties(ReadStat::ReadStat PROPERTIES
    IMPORTED_LOCATION "${READSTAT_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${READSTAT_INCLUDE_DIR}")
endif()
mark_as_advanced(READSTAT_INCLUDE_DIR READSTAT_LIBRARY)
