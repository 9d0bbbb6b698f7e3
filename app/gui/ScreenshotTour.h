#pragma once

#include <QObject>
#include <QTimer>

#include <functional>

namespace lounge::gui {

class KioskRuntime;

/// Walks the real kiosk through every screen and saves a PNG of each (scripts/screenshots.sh, under Xvfb).
/// Drives the controller like staff would, waits for each screen by polling a condition (no nested event loop),
/// and grabs the whole screen so the live video is included.
class ScreenshotTour : public QObject
{
    Q_OBJECT
public:
    ScreenshotTour(KioskRuntime* runtime, QString directory, QObject* parent = nullptr);
    void start();

signals:
    void finished(int failures);

private:
    struct Step
    {
        QString file;
        std::function<void()> action;
        std::function<bool()> ready;
        int settleMs = 400;
    };
    void buildSteps();
    void runStep();
    void poll();
    void grab();

    KioskRuntime* m_runtime;
    QString m_dir;
    QList<Step> m_steps;
    int m_index = -1;
    int m_waitedMs = 0;
    int m_failures = 0;
    QTimer m_poll;
};

} // namespace lounge::gui
