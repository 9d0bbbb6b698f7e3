#pragma once

#include <QColor>
#include <QString>

class QLabel;
class QPushButton;

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
/// The style sheet's `min-width` lets a layout squeeze any button to a 56 px square, cutting its text off on both
/// sides when a row is short of room (a small window, a longer language). This keeps `button` at least as wide as
/// its text needs (its size hint), now and whenever its style, font or text changes (call it again after setText
/// outside a language change). The layout then takes the room from widgets that can give it (a search field, a
/// live view) or, where a screen checks, moves the button to a row of its own.
void keepTextWhole(QPushButton* button);
/// A word-wrapped label in a box layout keeps the height its size hint guessed, not the one its lines need at the
/// width it got (the screen stack answers no height-for-width): in a narrow column its last lines were cut off.
/// This gives `label` a minimum height of heightForWidth(its width) whenever it is resized or shown and whenever
/// its parent lays out again (a new text: setText asks the parent for a layout).
void keepWrappedTextWhole(QLabel* label);

} // namespace Theme

} // namespace lounge::gui
