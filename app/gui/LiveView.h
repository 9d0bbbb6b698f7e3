#pragma once

#include "scanner/Frame.h"
#include "scanner/FrameDecoder.h"

#include <QElapsedTimer>
#include <QMutex>
#include <QWidget>

#include <atomic>

namespace lounge::gui {

/// The camera picture with an aiming guide and a marker on the last detected code. offerFrame() is thread-safe
/// and cheap: it keeps only the newest frame and schedules one repaint, so a slow paint never queues frames up.
/// The GUI thread paints frames; it never decodes them.
class LiveView : public QWidget
{
    Q_OBJECT
public:
    explicit LiveView(QWidget* parent = nullptr);

    /// Any thread.
    void offerFrame(const scanner::Frame& frame);
    /// GUI thread: outline the codes of a decoded frame for a moment.
    void showDetections(const scanner::DecodedFrame& decoded);
    /// Text shown when there is no picture (camera fault, no source).
    void setPlaceholder(const QString& text);
    int paintedFrames() const { return m_painted; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QRectF targetRect(const QSize& frameSize) const;

    QMutex m_mutex;
    scanner::Frame m_latest; // guarded by m_mutex
    std::atomic_bool m_updateQueued {false};
    QList<std::array<QPointF, 4>> m_marks;
    QSize m_markFrameSize;
    QElapsedTimer m_markAge;
    QString m_placeholder;
    int m_painted = 0;
};

} // namespace lounge::gui
