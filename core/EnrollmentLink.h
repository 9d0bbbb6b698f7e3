#pragma once

#include <QByteArray>
#include <QString>
#include <QUrl>

#include <optional>

namespace lounge::core {

/// What the enrollment QR carries (`lounge-central enroll-code --qr`): central's base URL and a one-time code,
/// as `lounge-enroll:?v=1&central=<percent-encoded URL>&code=<code>`. The kiosk's setup screen reads it from the
/// camera or a handheld scanner. Pure functions, any thread.
struct EnrollmentLink
{
    QUrl central; ///< http(s) base URL, no query or fragment
    QString code;

    QString toPayload() const;
    /// nullopt for anything that is not a well-formed v1 link with an http(s) URL and a non-empty code.
    static std::optional<EnrollmentLink> parse(const QByteArray& payload);
    /// The same check the kiosk applies to a typed URL: http or https, a host, nothing after the path.
    static bool isUsableCentralUrl(const QUrl& url);
};

} // namespace lounge::core
