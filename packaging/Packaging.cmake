# CPack settings for the kiosk .deb (`cpack -G DEB` in a build tree, or scripts/package.sh).
include(GNUInstallDirs)

install(FILES ${CMAKE_CURRENT_LIST_DIR}/lounge-terminal.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${CMAKE_CURRENT_LIST_DIR}/lounge-central.service DESTINATION lib/systemd/system)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})

set(CPACK_PACKAGE_NAME "lounge-terminal")
set(CPACK_PACKAGE_VENDOR "Lounge Access")
set(CPACK_PACKAGE_CONTACT "Lounge Access engineering <engineering@lounge.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Airport lounge access kiosk: scan, validate, record and sync visits")
set(CPACK_PACKAGE_DESCRIPTION "Reads membership and E-pass QR codes from a camera or a handheld scanner, decides \
whether the traveller may enter, records the visit durably in SQLite and syncs with the central service, also \
while offline. Includes lounge-central, a reference central service.")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_DEBIAN_PACKAGE_SECTION "misc")
set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE "amd64")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Runtime pieces shlibdeps cannot see: the SQLite Qt plugin is not used, but GStreamer decoders are.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "gstreamer1.0-plugins-good, gstreamer1.0-libav")
set(CPACK_STRIP_FILES ON)
include(CPack)
