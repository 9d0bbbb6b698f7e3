#include "controller/SystemdNotifier.h"

#include <QLoggingCategory>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstring>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcSystemd, "lounge.app.systemd")

namespace lounge::app {

SystemdNotifier::SystemdNotifier(QObject* parent)
    : QObject(parent)
{
    m_socket = qgetenv("NOTIFY_SOCKET");
    if (m_socket.startsWith('@')) {
        m_socket[0] = '\0'; // abstract namespace
    }
    bool ok = false;
    const qint64 usec = qEnvironmentVariable("WATCHDOG_USEC").toLongLong(&ok);
    const QByteArray pid = qgetenv("WATCHDOG_PID");
    const bool forUs = pid.isEmpty() || pid.toLongLong() == qint64(getpid());
    if (isEnabled() && ok && usec > 0 && forUs) {
        m_timer.setInterval(int(std::clamp<qint64>(usec / 2000, 1, 24 * 3600 * 1000)));
        m_timer.setTimerType(Qt::CoarseTimer);
        connect(&m_timer, &QTimer::timeout, this, [this] { send("WATCHDOG=1"); });
    }
}

void SystemdNotifier::notifyReady(const QString& status)
{
    if (m_ready) {
        return;
    }
    m_ready = true;
    QByteArray message = "READY=1\nMAINPID=" + QByteArray::number(qint64(getpid()));
    if (!status.isEmpty()) {
        message += "\nSTATUS=" + status.toUtf8();
    }
    send(message);
    if (m_timer.interval() > 0) {
        send("WATCHDOG=1");
        m_timer.start();
        qCInfo(lcSystemd) << "watchdog: pinging every" << m_timer.interval() << "ms from the GUI thread";
    }
}

void SystemdNotifier::notifyStatus(const QString& status)
{
    send("STATUS=" + status.toUtf8());
}

void SystemdNotifier::notifyStopping()
{
    m_timer.stop();
    send("STOPPING=1");
}

bool SystemdNotifier::send(const QByteArray& message)
{
    if (!isEnabled()) {
        return false;
    }
    sockaddr_un addr {};
    addr.sun_family = AF_UNIX;
    if (size_t(m_socket.size()) >= sizeof(addr.sun_path)) {
        qCWarning(lcSystemd) << "NOTIFY_SOCKET path too long";
        return false;
    }
    std::memcpy(addr.sun_path, m_socket.constData(), size_t(m_socket.size()));
    const socklen_t len
        = socklen_t(offsetof(sockaddr_un, sun_path) + size_t(m_socket.size()) + (m_socket.startsWith('\0') ? 0 : 1));
    const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return false;
    }
    const ssize_t sent = ::sendto(fd, message.constData(), size_t(message.size()), MSG_NOSIGNAL,
                                  reinterpret_cast<const sockaddr*>(&addr), len);
    const int error = errno;
    ::close(fd);
    if (sent != message.size()) {
        qCWarning(lcSystemd) << "sd_notify failed:" << std::strerror(error);
        return false;
    }
    return true;
}

} // namespace lounge::app
