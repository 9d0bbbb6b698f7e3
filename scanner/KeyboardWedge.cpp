#include "scanner/KeyboardWedge.h"

#include "scanner/Frame.h"
#include "scanner/ScannerLog.h"

#include <QCoreApplication>
#include <QKeyEvent>

namespace lounge::scanner {

namespace {
std::unique_ptr<QKeyEvent> clone(const QKeyEvent* e)
{
    return std::make_unique<QKeyEvent>(e->type(), e->key(), e->modifiers(), e->nativeScanCode(), e->nativeVirtualKey(),
                                       e->nativeModifiers(), e->text(), e->isAutoRepeat(), e->count());
}

bool isEnter(const QKeyEvent* e)
{
    return e->key() == Qt::Key_Return || e->key() == Qt::Key_Enter;
}

/// What a scanner may send after the code, depending on its configuration.
bool isTerminator(const QKeyEvent* e)
{
    return isEnter(e) || e->key() == Qt::Key_Tab;
}

/// A key that only changes what the next key types. HID scanners press Shift around every capital (and Ctrl/Alt or
/// AltGr for some symbols); these events say nothing about who is typing and must not end a burst.
bool isModifierKey(const QKeyEvent* e)
{
    switch (e->key()) {
    case Qt::Key_Shift:
    case Qt::Key_Control:
    case Qt::Key_Alt:
    case Qt::Key_AltGr:
    case Qt::Key_Meta:
    case Qt::Key_Super_L:
    case Qt::Key_Super_R:
    case Qt::Key_NumLock:
    case Qt::Key_CapsLock:
        return true;
    default:
        return false;
    }
}

bool isCandidate(const QKeyEvent* e)
{
    // A printable character is what a scanner types, whatever modifiers produced it (Shift for capitals, the keypad
    // for digits, AltGr or Ctrl+Alt for symbols on some layouts). Shortcuts (Ctrl+X: a control character, or no
    // text) pass straight through.
    return !e->text().isEmpty() && e->text().at(0).isPrint();
}
} // namespace

KeyboardWedge::KeyboardWedge(WedgeOptions options, std::function<qint64()> clockMs, QObject* parent)
    : QObject(parent)
    , m_options(options)
    , m_clock(std::move(clockMs))
{
    m_elapsed.start();
    if (!m_clock)
        m_clock = [this] { return m_elapsed.elapsed(); };
    m_flush.setSingleShot(true);
    m_flush.setInterval(m_options.maxGapMs + 5);
    connect(&m_flush, &QTimer::timeout, this, [this] {
        // A gap longer than any scanner's: whatever is held was typed by a person.
        if (m_clock() - m_lastKeyMs > allowedGapMs())
            flushAsTyping();
        else
            m_flush.start(allowedGapMs() + 5);
    });
}

KeyboardWedge::~KeyboardWedge() = default;

bool KeyboardWedge::eventFilter(QObject* watched, QEvent* event)
{
    if (m_replaying || (event->type() != QEvent::KeyPress && event->type() != QEvent::KeyRelease))
        return false;
    // Key events travel window -> focus widget; handle each once, at the widget (or a plain QObject in tests).
    if (watched->isWindowType())
        return false;
    auto* key = static_cast<QKeyEvent*>(event);
    const qint64 now = m_clock();
    // The gap between two key events is judged by when the keyboard produced them (the window system's timestamp),
    // not by when this thread got round to them: a GUI thread busy for 200 ms (a video frame, a layout) receives a
    // scanner's whole burst late and at once, and measuring at arrival would split it into "typing" and a short
    // scan. Events without a timestamp (synthesised ones) fall back to the arrival clock.
    const quint64 stamp = key->timestamp();
    const bool stamped = stamp != 0 && m_lastStamp != 0 && stamp >= m_lastStamp;
    const qint64 gap = stamped ? qint64(stamp - m_lastStamp) : now - m_lastKeyMs;

    // The gap is measured from the previous key event of any kind (presses, releases, Shift): a scanner's events
    // come at its fixed pace (xdotool --delay 30 sends one every 15 ms, Shift included), while a person holds each
    // key down for 60–120 ms. Measuring press to press instead would make a slow scanner's capitals (Shift down,
    // key, key up, Shift up: four events) look like typing.
    if (!m_held.empty() && gap > allowedGapMs())
        flushAsTyping();

    if (isModifierKey(key)) {
        if (!m_held.empty())
            touch(now, stamp);
        return false; // to the widget as it is; the burst (if any) goes on
    }

    if (event->type() == QEvent::KeyRelease) {
        // Releases of held presses are held with them, so the widget sees press/release pairs in order.
        if (!m_held.empty() && m_held.back().target == watched && !m_held.back().release && isCandidate(key)) {
            m_held.back().release = clone(key);
            touch(now, stamp);
            return true;
        }
        if (isTerminator(key) && m_swallowEnterRelease) {
            m_swallowEnterRelease = false;
            return true;
        }
        return false;
    }

    if (isTerminator(key)) {
        if (!m_held.empty() && int(m_text.size()) >= m_options.minLength && m_fastGaps >= int(m_text.size()) - 1) {
            finishBurst();
            m_swallowEnterRelease = true;
            return true;
        }
        flushAsTyping();
        return false;
    }
    if (!isCandidate(key)) {
        flushAsTyping();
        return false;
    }
    if (!m_held.empty())
        ++m_fastGaps; // reaching here means the gap was within allowedGapMs()
    m_held.push_back({watched, clone(key), nullptr});
    m_text += key->text();
    touch(now, stamp);
    m_flush.start();
    return true;
}

int KeyboardWedge::allowedGapMs() const
{
    // Once a burst has a few characters with every key event within maxGapMs (a person holds a key longer), it is a
    // scanner's: a pause inside it is the scanner or this machine stalling (a 300-character boarding pass takes
    // 1.5–10 s to type; "STAFF" then 100 ms then ":1234" was seen from xdotool on a loaded machine), not a person.
    const int held = int(m_held.size());
    const bool scanner = held >= m_options.confirmedLength && m_fastGaps >= held - 1;
    return scanner ? std::max(m_options.maxGapMs, m_options.stallGapMs) : m_options.maxGapMs;
}

void KeyboardWedge::touch(qint64 now, quint64 stamp)
{
    m_lastKeyMs = now;
    m_lastStamp = stamp;
}

void KeyboardWedge::flushAsTyping()
{
    m_flush.stop();
    auto held = std::move(m_held);
    m_held.clear();
    m_text.clear();
    m_fastGaps = 0;
    m_replaying = true;
    for (Held& h : held) {
        if (!h.target)
            continue;
        QCoreApplication::sendEvent(h.target, h.press.get());
        if (h.release)
            QCoreApplication::sendEvent(h.target, h.release.get());
    }
    m_replaying = false;
}

void KeyboardWedge::finishBurst()
{
    m_flush.stop();
    ScanEvent e;
    e.text = m_text;
    e.bytes = m_text.toUtf8();
    e.format = CodeFormat::Unknown;
    e.sourceKind = SourceKind::KeyboardWedge;
    e.source = QStringLiteral("keyboard");
    e.time = QDateTime::currentDateTimeUtc();
    e.frameArrivalNs = steadyNowNs();
    qCInfo(lcScanner) << "keyboard wedge scan" << payloadTag(e.bytes) << "length" << m_text.size();
    m_held.clear();
    m_text.clear();
    m_fastGaps = 0;
    emit codeScanned(e);
}

} // namespace lounge::scanner
