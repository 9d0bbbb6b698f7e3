#pragma once

#include <QColor>
#include <QString>

namespace lounge::gui {

/// The kiosk's look in one place: high-contrast colours and type sizes scaled to the window height, so the same
/// screens read from two metres at 1024×600 and at 1920×1080.
namespace Theme {

inline const QColor kBackground {0x0f, 0x17, 0x2a};
inline const QColor kPanel {0x1e, 0x29, 0x3b};
inline const QColor kText {0xf8, 0xfa, 0xfc};
inline const QColor kMuted {0xcb, 0xd5, 0xe1};
inline const QColor kAccept {0x15, 0x80, 0x3d};
inline const QColor kAttention {0xf5, 0x9e, 0x0b};
inline const QColor kReject {0xb9, 0x1c, 0x1c};
inline const QColor kInfo {0x25, 0x63, 0xeb};

/// Type scale for a window `height` pixels tall (1.0 at 600 px, capped at 1.8).
double scaleFor(int height);
int px(double base, double scale);
/// The application style sheet at `scale`.
QString styleSheet(double scale);

} // namespace Theme

} // namespace lounge::gui
