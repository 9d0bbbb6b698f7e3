#include "scanner/Scanner.h"

#include "scanner/KeyboardWedge.h"
#include "scanner/ScannerLog.h"

namespace lounge::scanner {

ReaderOptions Scanner::defaultReaderOptions(const FrameSource& source)
{
    ReaderOptions o;
    o.effort = source.isPaced() ? Effort::Exhaustive : Effort::Stream;
    if (source.isPaced())
        o.budgetMs = kStillImageBudgetMs;
    return o;
}

Scanner::Scanner(FrameSource* source, ReaderOptions reader, DebounceOptions debounce, QObject* parent)
    : QObject(parent)
    , m_source(source)
    , m_decoder(reader)
    , m_debouncer(debounce)
{
    qRegisterMetaType<lounge::scanner::ScanEvent>();
    qRegisterMetaType<lounge::scanner::Frame>();
    qRegisterMetaType<lounge::scanner::SourceState>();
    // Direct: submit() only swaps a mailbox slot, so it is safe and cheap on the multimedia thread.
    connect(m_source, &FrameSource::frameArrived, &m_decoder, &FrameDecoder::submit, Qt::DirectConnection);
    connect(&m_decoder, &FrameDecoder::frameDecoded, this, &Scanner::onFrameDecoded);
    connect(&m_decoder, &FrameDecoder::idle, this, &Scanner::checkFinished);
    connect(m_source, &FrameSource::stateChanged, this, [this](SourceState s) {
        emit sourceStateChanged(s);
        checkFinished();
    });
}

void Scanner::start()
{
    m_finished = false;
    m_debouncer.reset();
    if (m_source)
        m_source->start();
}

void Scanner::stop()
{
    if (m_source)
        m_source->stop();
}

void Scanner::attachKeyboardWedge(KeyboardWedge* wedge)
{
    connect(wedge, &KeyboardWedge::codeScanned, this, &Scanner::scanned);
}

void Scanner::rearm(const QList<QByteArray>& identities)
{
    m_debouncer.forget(identities);
}

void Scanner::onFrameDecoded(const DecodedFrame& result)
{
    emit frameDecoded(result);
    QList<ScanEvent> seen;
    for (const Detection& d : result.detections) {
        ScanEvent e;
        e.text = d.text;
        e.bytes = d.bytes;
        e.format = d.format;
        e.sourceKind = result.kind;
        e.source = result.source;
        e.time = result.arrivalTime;
        e.frameArrivalNs = result.arrivalNs;
        e.corners = d.corners;
        e.frameSize = result.size;
        seen.append(e);
    }
    // Still images are independent captures: the same code in two files is two scans.
    const QList<ScanEvent> events
        = result.kind == SourceKind::Image ? seen : m_debouncer.accept(seen, result.arrivalNs / 1'000'000);
    for (const ScanEvent& e : events) {
        qCInfo(lcScanner) << "scan" << formatName(e.format) << payloadTag(e.bytes) << "from"
                          << sourceKindName(e.sourceKind);
        emit scanned(e);
    }
    if (m_source && m_source->isPaced())
        m_source->requestFrame();
}

void Scanner::checkFinished()
{
    if (m_finished || !m_source)
        return;
    const SourceState s = m_source->state();
    const bool done
        = s == SourceState::Exhausted || (s == SourceState::Failed && m_source->kind() != SourceKind::Camera);
    if (done && m_decoder.isIdle()) {
        m_finished = true;
        emit finished();
    }
}

} // namespace lounge::scanner
