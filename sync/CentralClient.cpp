#include "CentralClient.h"

#include "Json.h"
#include "StrictJson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QUrlQuery>

Q_LOGGING_CATEGORY(lcSyncHttp, "lounge.sync.http")

namespace lounge::sync {

using core::ErrorCode;
using core::makeError;
using core::Result;

namespace {

core::Error httpError(int status, const QByteArray& body)
{
    const QString reason = protocol::ErrorReply::fromBody(body).reason;
    const QString detail = QStringLiteral("HTTP %1%2").arg(status).arg(reason.isEmpty() ? QString() : ": " + reason);
    switch (status) {
    case 400:
    case 413:
        return makeError(ErrorCode::InvalidArgument, detail);
    case 401:
        return makeError(ErrorCode::Unauthorized, detail);
    case 403:
        return makeError(ErrorCode::Forbidden, detail);
    case 404:
        return makeError(ErrorCode::NotFound, detail);
    case 409:
        return makeError(ErrorCode::Conflict, detail);
    default:
        return makeError(ErrorCode::Network, detail); // 5xx and the unexpected: try again later
    }
}

/// A 2xx body as the call's envelope; what the envelope refuses is central's fault: Protocol.
template<typename T> Result<T> decoded(const char* what, Result<T> r)
{
    if (!r) {
        return makeError(ErrorCode::Protocol, QLatin1String(what) + QLatin1String(": ") + r.error().detail);
    }
    return r;
}

template<typename T> Result<T> decodeObject(const char* what, const QByteArray& body)
{
    auto o = protocol::parseStrictObject(body);
    if (!o) {
        return decoded<T>(what, o.error());
    }
    return decoded(what, T::fromJson(*o));
}

} // namespace

CentralClient::CentralClient(const QUrl& baseUrl, Options options, QObject* parent)
    : QObject(parent)
    , m_base(baseUrl)
    , m_options(options)
{
    m_nam.setAutoDeleteReplies(false);
}

void CentralClient::setCredentials(const QString& terminalId, const QString& secret)
{
    m_token = (terminalId + QLatin1Char(':') + secret).toUtf8();
}

const QString CentralClient::kSoftwareVersion = QStringLiteral(LOUNGE_SYNC_VERSION);

void CentralClient::send(const QByteArray& verb, const QString& path, const QByteArray& body, int timeoutMs, bool auth,
                         Callback<Response> done)
{
    QUrl url = m_base;
    const int q = path.indexOf(QLatin1Char('?'));
    url.setPath(m_base.path().chopped(m_base.path().endsWith(QLatin1Char('/')) ? 1 : 0)
                + (q < 0 ? path : path.left(q)));
    if (q >= 0) {
        url.setQuery(path.mid(q + 1));
    }
    QNetworkRequest request(url);
    request.setTransferTimeout(timeoutMs);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    if (auth) {
        request.setRawHeader("Authorization", "Bearer " + m_token);
        if (m_head) {
            request.setRawHeader("Lounge-Journal-Head", QByteArray::number(m_head->seq) + ':' + m_head->hash.toHex());
        }
        protocol::TerminalReport report;
        report.version = m_version;
        report.pendingUploads = m_pendingUploads;
        report.terminalTime = m_clock ? m_clock->now() : QDateTime::currentDateTimeUtc();
        for (const auto& [name, value] : report.headers()) {
            request.setRawHeader(name, value);
        }
    }
    QNetworkReply* reply = m_nam.sendCustomRequest(request, verb, body);
    connect(reply, &QNetworkReply::finished, this, [reply, done = std::move(done)] {
        reply->deleteLater();
        const QVariant statusAttr = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
        const QByteArray data = reply->readAll();
        if (!statusAttr.isValid()) {
            const bool timeout = reply->error() == QNetworkReply::OperationCanceledError
                || reply->error() == QNetworkReply::TimeoutError;
            qCDebug(lcSyncHttp) << reply->url().path() << "failed:" << reply->errorString();
            done(makeError(timeout ? ErrorCode::Timeout : ErrorCode::Network, reply->errorString()));
            return;
        }
        const int status = statusAttr.toInt();
        if (status < 200 || status >= 300) {
            done(httpError(status, data));
            return;
        }
        if (reply->error() != QNetworkReply::NoError) {
            // A 200 whose body broke off (connection dropped mid-body).
            done(makeError(ErrorCode::Network, reply->errorString()));
            return;
        }
        done(Response {data});
    });
}

void CentralClient::enroll(const QString& code, Callback<EnrollReply> done)
{
    const QByteArray body = protocol::encode(protocol::EnrollRequest {code}.toJson());
    send("POST", QStringLiteral("/v1/terminal/enroll"), body, m_options.timeoutMs, false,
         [done = std::move(done)](Result<Response> r) {
             if (!r) {
                 done(r.error());
                 return;
             }
             done(decodeObject<EnrollReply>("enrollment reply", r->body));
         });
}

void CentralClient::serverTime(Callback<QDateTime> done)
{
    send("GET", QStringLiteral("/v1/terminal/time"), {}, m_options.timeoutMs, true,
         [done = std::move(done)](Result<Response> r) {
             if (!r) {
                 done(r.error());
                 return;
             }
             auto t = decodeObject<protocol::TimeReply>("time reply", r->body);
             if (!t) {
                 done(t.error());
                 return;
             }
             done(t->serverTime);
         });
}

void CentralClient::changes(qint64 cursor, int limit, bool count, Callback<FeedReply> done)
{
    const QString path = QStringLiteral("/v1/terminal/changes?cursor=%1&limit=%2%3")
                             .arg(cursor)
                             .arg(limit)
                             .arg(count ? QStringLiteral("&count=1") : QString());
    send("GET", path, {}, m_options.timeoutMs, true, [cursor, done = std::move(done)](Result<Response> r) {
        if (!r) {
            done(r.error());
            return;
        }
        auto page = decoded("feed page", FeedReply::decode(r->body));
        if (page && page->page.cursor < cursor) {
            done(makeError(ErrorCode::Protocol, QStringLiteral("feed cursor went backwards")));
            return;
        }
        done(std::move(page));
    });
}

void CentralClient::upload(const QList<core::Redemption>& batch, const QStringList& pnrAndSeatResources,
                           Callback<QList<UploadItemResult>> done)
{
    const QByteArray body = protocol::encode(protocol::UploadRequest {batch, pnrAndSeatResources}.toJson());
    send("POST", QStringLiteral("/v1/terminal/redemptions"), body, m_options.timeoutMs, true,
         [done = std::move(done)](Result<Response> r) {
             if (!r) {
                 done(r.error());
                 return;
             }
             auto reply = decodeObject<protocol::UploadReply>("upload reply", r->body);
             if (!reply) {
                 done(reply.error());
                 return;
             }
             done(reply->results);
         });
}

void CentralClient::redeem(const QUuid& id, const QByteArray& code, int partySize, const QString& staffId,
                           bool confirmAttention, Callback<RedeemReply> done)
{
    const protocol::RedeemRequest request {id, code, partySize, staffId, confirmAttention};
    send("POST", QStringLiteral("/v1/terminal/redeem"), protocol::encode(request.toJson()), m_options.onlineTimeoutMs,
         true, [done = std::move(done)](Result<Response> r) {
             if (!r) {
                 done(r.error());
                 return;
             }
             done(decodeObject<RedeemReply>("redeem reply", r->body));
         });
}

} // namespace lounge::sync
