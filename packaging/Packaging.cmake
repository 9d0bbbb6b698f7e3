# Two Debian packages from one build (`cpack -G DEB` in a build tree, or scripts/package.sh):
#   lounge-terminal  the kiosk and its command line, the kiosk unit (cage on tty1), udev rule, terminal.conf
#   lounge-central   the central service, its hardened unit, central.conf
# Depends come from dpkg-shlibdeps (CPACK_DEBIAN_PACKAGE_SHLIBDEPS); scripts/package.sh fails when one comes out
# empty. Maintainer scripts, conffiles: packaging/terminal, packaging/central. docs/deployment.md explains them.
include(GNUInstallDirs)

set(lounge_pkg ${CMAKE_CURRENT_LIST_DIR})

# Debian changelog, compressed as policy wants it (gzip -9n: no name or time stamp, reproducible).
set(lounge_changelog_gz ${CMAKE_BINARY_DIR}/packaging/changelog.Debian.gz)
add_custom_command(OUTPUT ${lounge_changelog_gz}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/packaging
    COMMAND gzip -9nc ${lounge_pkg}/debian/changelog > ${lounge_changelog_gz}
    DEPENDS ${lounge_pkg}/debian/changelog
    VERBATIM)
add_custom_target(lounge_changelog ALL DEPENDS ${lounge_changelog_gz})

foreach(pkg terminal central)
    install(FILES ${lounge_changelog_gz} ${lounge_pkg}/debian/copyright
            DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/lounge-${pkg} COMPONENT ${pkg})
    install(FILES ${PROJECT_SOURCE_DIR}/docs/deployment.md
            DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/lounge-${pkg} COMPONENT ${pkg} OPTIONAL)
endforeach()

# lounge-terminal
install(FILES ${lounge_pkg}/terminal/lounge-terminal.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications
        COMPONENT terminal)
install(FILES ${lounge_pkg}/terminal/lounge-terminal.service DESTINATION lib/systemd/system COMPONENT terminal) # /usr/lib/…
install(FILES ${lounge_pkg}/terminal/70-lounge-terminal.rules DESTINATION lib/udev/rules.d COMPONENT terminal)
install(FILES ${lounge_pkg}/terminal/terminal.conf DESTINATION /etc/lounge-terminal COMPONENT terminal)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/lounge-terminal
        COMPONENT terminal)

# lounge-central
install(FILES ${lounge_pkg}/central/lounge-central.service ${lounge_pkg}/central/lounge-central@.service
        DESTINATION lib/systemd/system COMPONENT central)
install(FILES ${lounge_pkg}/central/central.conf DESTINATION /etc/lounge-central COMPONENT central)
set(lounge_central_conffiles "/etc/lounge-central/central.conf\n")
# The reverse proxy in front of central (h/central's packaging/nginx/lounge-central.conf): shipped when present.
if(EXISTS ${lounge_pkg}/nginx/lounge-central.conf)
    install(FILES ${lounge_pkg}/nginx/lounge-central.conf DESTINATION /etc/nginx/sites-available COMPONENT central)
    string(APPEND lounge_central_conffiles "/etc/nginx/sites-available/lounge-central.conf\n")
    set(lounge_central_suggests "nginx-light | nginx")
endif()
file(WRITE ${CMAKE_BINARY_DIR}/packaging/central/conffiles "${lounge_central_conffiles}")
file(READ ${lounge_pkg}/terminal/conffiles lounge_terminal_conffiles)
file(WRITE ${CMAKE_BINARY_DIR}/packaging/terminal/conffiles "${lounge_terminal_conffiles}")
foreach(script postinst prerm postrm)
    configure_file(${lounge_pkg}/terminal/${script} ${CMAKE_BINARY_DIR}/packaging/terminal/${script} COPYONLY)
    configure_file(${lounge_pkg}/central/${script} ${CMAKE_BINARY_DIR}/packaging/central/${script} COPYONLY)
endforeach()

set(CPACK_PACKAGE_VENDOR "Lounge Access")
# Each package's own description starts with its synopsis line; an empty summary keeps CPack from prepending the
# project's one to both.
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "")
set(CPACK_PACKAGE_CONTACT "Lounge Access engineering <engineering@lounge.invalid>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_GENERATOR DEB)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL terminal central)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "misc")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS OFF)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_TERMINAL_PACKAGE_NAME "lounge-terminal")
set(CPACK_DEBIAN_TERMINAL_DESCRIPTION "Airport lounge access kiosk: scan, validate, record and sync visits
Reads membership and E-pass QR codes from a camera or a handheld scanner, decides whether the traveller may enter,
records the visit durably in SQLite and syncs with the central service, also while offline. Includes the
lounge-terminal command line and a systemd unit that boots a kiosk into the desk (cage on tty1).")
# Beyond the libraries shlibdeps sees: the Wayland platform plugin the kiosk runs on in cage, fonts for the
# screens, useradd for postinst. cage and the camera's GStreamer plugins are recommended (a desk without a screen
# can still use the command line).
set(CPACK_DEBIAN_TERMINAL_PACKAGE_DEPENDS "passwd, qt6-wayland, fonts-dejavu-core")
# Debian 12's cage refuses to start without the Xwayland binary, so xwayland comes with it.
set(CPACK_DEBIAN_TERMINAL_PACKAGE_RECOMMENDS "cage, xwayland, gstreamer1.0-plugins-good, gstreamer1.0-libav, fonts-wqy-microhei")
set(CPACK_DEBIAN_TERMINAL_PACKAGE_CONTROL_EXTRA
    "${CMAKE_BINARY_DIR}/packaging/terminal/conffiles;${CMAKE_BINARY_DIR}/packaging/terminal/postinst;${CMAKE_BINARY_DIR}/packaging/terminal/prerm;${CMAKE_BINARY_DIR}/packaging/terminal/postrm")

set(CPACK_DEBIAN_CENTRAL_PACKAGE_NAME "lounge-central")
set(CPACK_DEBIAN_CENTRAL_DESCRIPTION "Airport lounge access central service
The issuer API (memberships, E-passes, staff, enrollment codes), the terminal API (enrollment, changes feed,
visit upload) and the reports behind them, in one SQLite database, as a hardened systemd service.")
set(CPACK_DEBIAN_CENTRAL_PACKAGE_DEPENDS "passwd")
if(lounge_central_suggests)
    set(CPACK_DEBIAN_CENTRAL_PACKAGE_SUGGESTS "${lounge_central_suggests}")
endif()
set(CPACK_DEBIAN_CENTRAL_PACKAGE_CONTROL_EXTRA
    "${CMAKE_BINARY_DIR}/packaging/central/conffiles;${CMAKE_BINARY_DIR}/packaging/central/postinst;${CMAKE_BINARY_DIR}/packaging/central/prerm;${CMAKE_BINARY_DIR}/packaging/central/postrm")
include(CPack)
