#pragma once

// A real `lounge-central serve` process for tests (LOUNGE_CENTRAL_EXE), stopped by the destructor.

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QUrl>

#include <memory>

namespace lounge::test {

struct CentralProcess
{
    std::unique_ptr<QProcess> process = std::make_unique<QProcess>();
    quint16 port = 0;
    QByteArray output; ///< stdout + stderr so far

    /// Starts `serve ARGS --port 0` and waits for its "listening on" line.
    bool start(const QString& exe, const QStringList& args)
    {
        process->setProcessChannelMode(QProcess::MergedChannels);
        process->start(exe,
                       QStringList {QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0")} + args);
        static const QRegularExpression listening(QStringLiteral("listening on https?://[^:]+:(\\d+)"));
        const bool up = QTest::qWaitFor(
            [&] {
                output += process->readAll();
                const auto m = listening.match(QString::fromUtf8(output));
                if (m.hasMatch()) {
                    port = quint16(m.captured(1).toUInt());
                }
                return port != 0 || process->state() == QProcess::NotRunning;
            },
            60000);
        if (!up || port == 0) {
            qWarning().noquote() << "lounge-central serve did not start:" << output;
        }
        return up && port != 0;
    }
    QUrl url(const QString& path = {}) const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port).arg(path));
    }
    ~CentralProcess()
    {
        if (process->state() != QProcess::NotRunning) {
            process->terminate();
            if (!process->waitForFinished(10000)) {
                process->kill();
                process->waitForFinished();
            }
        }
    }
};

} // namespace lounge::test
