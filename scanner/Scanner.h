#pragma once

#include "scanner/Debouncer.h"
#include "scanner/FrameDecoder.h"
#include "scanner/FrameSource.h"

#include <QObject>
#include <QPointer>

namespace lounge::scanner {

class KeyboardWedge;

/// The scanner as the rest of the kiosk sees it: one frame source + the off-thread decoder + the debouncer, and
/// optionally a keyboard wedge. Emits one `scanned` per code presented. Lives on the GUI thread; all its signals are
/// emitted there. Does not own the source unless it is parented to it.
class Scanner : public QObject
{
    Q_OBJECT
public:
    explicit Scanner(FrameSource* source, ReaderOptions reader = {}, DebounceOptions debounce = {},
                     QObject* parent = nullptr);

    void start();
    void stop();
    void attachKeyboardWedge(KeyboardWedge* wedge);
    /// Codes (ScanEvent::identity()) that are reported again if still in view: see Debouncer::forget.
    void rearm(const QList<QByteArray>& identities);

    FrameSource* source() const { return m_source; }
    const FrameDecoder& decoder() const { return m_decoder; }

    /// Time budget per still image (`scan --source DIR`): the heavier passes that would not end within it are left out.
    static constexpr int kStillImageBudgetMs = 1000;

    /// Reader options suited to a source: exhaustive passes within kStillImageBudgetMs for still images, the plain
    /// pass plus what fits before the next frame for live ones.
    static ReaderOptions defaultReaderOptions(const FrameSource& source);

signals:
    void scanned(const lounge::scanner::ScanEvent& event);
    void sourceStateChanged(lounge::scanner::SourceState state);
    /// A file or folder source is exhausted and its last frame decoded.
    void finished();
    /// Every decoded frame, with or without codes (for an on-screen marker and diagnostics).
    void frameDecoded(const lounge::scanner::DecodedFrame& result);

private:
    void onFrameDecoded(const DecodedFrame& result);
    void checkFinished();

    QPointer<FrameSource> m_source;
    FrameDecoder m_decoder;
    Debouncer m_debouncer;
    bool m_finished = false;
};

} // namespace lounge::scanner
