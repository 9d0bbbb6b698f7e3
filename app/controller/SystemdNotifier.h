#pragma once

#include <QByteArray>
#include <QObject>
#include <QTimer>

namespace lounge::app {

/// Talks to systemd's service manager over $NOTIFY_SOCKET (the sd_notify datagram protocol, written out here
/// instead of linking libsystemd: it is one sendto() of "KEY=value" lines, documented as a stable interface in
/// sd_notify(3), and it keeps the kiosk free of a library the command line and tests never need).
/// Without $NOTIFY_SOCKET (not started by systemd) every call does nothing.
/// The watchdog: when $WATCHDOG_USEC is set (WatchdogSec= in the unit), a timer on the thread this object lives on
/// (the GUI thread) sends WATCHDOG=1 at half that period. A frozen GUI thread stops the pings and systemd restarts
/// the kiosk (Restart=on-failure).
class SystemdNotifier : public QObject
{
    Q_OBJECT
public:
    explicit SystemdNotifier(QObject* parent = nullptr);

    bool isEnabled() const { return !m_socket.isEmpty(); }
    /// The ping interval (0 = no watchdog requested).
    int watchdogIntervalMs() const { return m_timer.interval() > 0 && m_timer.isActive() ? m_timer.interval() : 0; }

    /// READY=1 (once): the kiosk's first screen is up. Starts the watchdog pings.
    void notifyReady(const QString& status = {});
    void notifyStatus(const QString& status);
    void notifyStopping();

    /// Sends one datagram; false when there is no socket or sending failed.
    bool send(const QByteArray& message);

private:
    QByteArray m_socket; ///< path, or "\0name" for an abstract socket
    QTimer m_timer;
    bool m_ready = false;
};

} // namespace lounge::app
