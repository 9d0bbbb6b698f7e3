#pragma once

#include "scanner/ScanEvent.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>
#include <memory>

class QKeyEvent;

namespace lounge::scanner {

struct WedgeOptions
{
    /// Longest pause between two key events (press, release or modifier) inside a burst. HID scanners send an event
    /// every 1–15 ms, slow ones (or set to an inter-key delay) every 15–30 ms; a person holds each key down for
    /// 60–120 ms, so a whole code with Enter never comes this fast from a keyboard.
    int maxGapMs = 50;
    int minLength = 4; ///< shorter bursts ending in Enter are treated as typing
    /// A burst of at least `confirmedLength` characters, every gap between key events within `maxGapMs`, is a
    /// scanner's (a person holds each key longer than that); inside it a pause of up to `stallGapMs` (a scanner, X or
    /// this thread stalling) does not end it. Its held keys reach the focused widget that much later if it never ends
    /// in Enter.
    int confirmedLength = 4;
    int stallGapMs = 500;
};

/// Handheld keyboard-wedge scanners type the code and Enter (or Tab), with Shift pressed and released around every
/// capital. Modifier key events (Shift, Ctrl, Alt, AltGr, NumLock) never end a burst. Install on the application (or a
/// window) as an event filter: it holds back printable key presses until it knows whether they are a scanner burst
/// (fast, ending in Enter) or a person typing. Bursts become codeScanned and never reach the focused widget; typing is
/// replayed to the widget unchanged, a few tens of milliseconds later. GUI thread only.
class KeyboardWedge : public QObject
{
    Q_OBJECT
public:
    /// `clockMs` (monotonic milliseconds) is injectable for tests; default: a QElapsedTimer.
    explicit KeyboardWedge(WedgeOptions options = {}, std::function<qint64()> clockMs = {}, QObject* parent = nullptr);
    ~KeyboardWedge() override;

    bool eventFilter(QObject* watched, QEvent* event) override;

signals:
    void codeScanned(const lounge::scanner::ScanEvent& event);

private:
    struct Held
    {
        QPointer<QObject> target;
        std::unique_ptr<QKeyEvent> press;
        std::unique_ptr<QKeyEvent> release;
    };
    int allowedGapMs() const; ///< maxGapMs, or stallGapMs inside a burst already known to be a scanner's
    void touch(qint64 now, quint64 stamp);
    void flushAsTyping();
    void finishBurst();

    WedgeOptions m_options;
    std::function<qint64()> m_clock;
    QElapsedTimer m_elapsed;
    std::vector<Held> m_held;
    QString m_text;
    qint64 m_lastKeyMs = 0; ///< arrival clock of the last key event of a burst
    quint64 m_lastStamp = 0; ///< its window-system timestamp (0: none)
    int m_fastGaps = 0;
    bool m_replaying = false;
    bool m_swallowEnterRelease = false;
    QTimer m_flush;
};

} // namespace lounge::scanner
