#include "CentralClient.h"

#include "Json.h"

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

core::Error httpError(int status, const QJsonObject& body)
{
    const QString reason = body.value("reason").toString();
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
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(data, &parseError);
        if (status < 200 || status >= 300) {
            done(httpError(status, doc.object()));
            return;
        }
        if (reply->error() != QNetworkReply::NoError) {
            // A 200 whose body broke off (connection dropped mid-body).
            done(makeError(ErrorCode::Network, reply->errorString()));
            return;
        }
        if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
            done(makeError(ErrorCode::Protocol,
                           QStringLiteral("unusable JSON from central: ") + parseError.errorString()));
            return;
        }
        done(Response {doc.object(), qint64(data.size())});
    });
}

void CentralClient::enroll(const QString& code, Callback<EnrollReply> done)
{
    const QByteArray body = QJsonDocument(QJsonObject {{"code", code}}).toJson(QJsonDocument::Compact);
    send("POST", QStringLiteral("/v1/terminal/enroll"), body, m_options.timeoutMs, false,
         [done = std::move(done)](Result<Response> r) {
             if (!r) {
                 done(r.error());
                 return;
             }
             EnrollReply e {r->body.value("terminalId").toString(), r->body.value("secret").toString(),
                            r->body.value("resource").toString(),
                            QDateTime::fromString(r->body.value("serverTime").toString(), Qt::ISODateWithMs)};
             if (e.terminalId.isEmpty() || e.secret.isEmpty() || e.resourceId.isEmpty()) {
                 done(makeError(ErrorCode::Protocol, QStringLiteral("enrollment reply incomplete")));
                 return;
             }
             done(e);
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
             const QDateTime t = QDateTime::fromString(r->body.value("serverTime").toString(), Qt::ISODateWithMs);
             if (!t.isValid()) {
                 done(makeError(ErrorCode::Protocol, QStringLiteral("serverTime missing")));
                 return;
             }
             done(t.toUTC());
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
        auto page = core::json::changePageFromJson(r->body);
        if (!page) {
            done(makeError(ErrorCode::Protocol, QStringLiteral("feed page: ") + page.error().detail));
            return;
        }
        if (page->cursor < cursor) {
            done(makeError(ErrorCode::Protocol, QStringLiteral("feed cursor went backwards")));
            return;
        }
        FeedReply f;
        f.page = std::move(page).value();
        f.more = r->body.value("more").toBool();
        f.scanned = r->body.value("scanned").toInt();
        f.remaining = qint64(r->body.value("remaining").toDouble(-1));
        f.bytes = r->bytes;
        done(std::move(f));
    });
}

void CentralClient::upload(const QList<core::Redemption>& batch, Callback<QList<UploadItemResult>> done)
{
    QJsonArray items;
    for (const auto& r : batch) {
        items.append(core::json::toJson(r));
    }
    const QByteArray body = QJsonDocument(QJsonObject {{"redemptions", items}}).toJson(QJsonDocument::Compact);
    send("POST", QStringLiteral("/v1/terminal/redemptions"), body, m_options.timeoutMs, true,
         [done = std::move(done)](Result<Response> r) {
             if (!r) {
                 done(r.error());
                 return;
             }
             QList<UploadItemResult> out;
             for (const auto& v : r->body.value("results").toArray()) {
                 const QJsonObject o = v.toObject();
                 UploadItemResult item;
                 item.id = QUuid::fromString(o.value("id").toString());
                 const QString status = o.value("status").toString();
                 if (status == QLatin1String("accepted")) {
                     item.status = UploadItemResult::Status::Accepted;
                 } else if (status == QLatin1String("conflict")) {
                     item.status = UploadItemResult::Status::Conflict;
                 } else if (status == QLatin1String("duplicate")) {
                     item.status = UploadItemResult::Status::Duplicate;
                 } else if (status == QLatin1String("rejected")) {
                     item.status = UploadItemResult::Status::Rejected;
                 } else {
                     done(makeError(ErrorCode::Protocol, QStringLiteral("unknown upload status ") + status));
                     return;
                 }
                 item.serverSeq = qint64(o.value("serverSeq").toDouble());
                 item.original = o.value("original").toString();
                 item.reason = o.value("reason").toString();
                 if (item.id.isNull()) {
                     done(makeError(ErrorCode::Protocol, QStringLiteral("upload result without id")));
                     return;
                 }
                 out.append(item);
             }
             done(out);
         });
}

void CentralClient::redeem(const QUuid& id, const QByteArray& code, int partySize, const QString& staffId,
                           bool confirmAttention, Callback<RedeemReply> done)
{
    const QJsonObject request {{"id", id.toString(QUuid::WithoutBraces)},
                               {"code", QString::fromUtf8(code)},
                               {"partySize", partySize},
                               {"staff", staffId},
                               {"confirmAttention", confirmAttention}};
    send("POST", QStringLiteral("/v1/terminal/redeem"), QJsonDocument(request).toJson(QJsonDocument::Compact),
         m_options.onlineTimeoutMs, true, [done = std::move(done)](Result<Response> r) {
             if (!r) {
                 done(r.error());
                 return;
             }
             RedeemReply out;
             out.decision = r->body.value("decision").toObject();
             auto uses = core::json::poolUsesFromJson(r->body.value("uses"));
             if (out.decision.isEmpty() || !uses) {
                 done(makeError(ErrorCode::Protocol, QStringLiteral("redeem reply incomplete")));
                 return;
             }
             out.uses = *uses;
             out.recorded = out.decision.value("recorded").toBool();
             out.conflict = r->body.value("conflict").toBool();
             out.serverSeq = qint64(r->body.value("serverSeq").toDouble());
             done(out);
         });
}

} // namespace lounge::sync
