#include "CentralClient.h"

#include "Json.h"
#include "StrictJson.h"

#include <QElapsedTimer>
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

/// A finished reply as the call's outcome: its 2xx body, or the error its status / transport failure maps to.
Result<QByteArray> replyBody(QNetworkReply* reply)
{
    const QVariant statusAttr = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    QByteArray data = reply->readAll();
    if (!statusAttr.isValid()) {
        const bool timeout
            = reply->error() == QNetworkReply::OperationCanceledError || reply->error() == QNetworkReply::TimeoutError;
        qCDebug(lcSyncHttp) << reply->url().path() << "failed:" << reply->errorString();
        return makeError(timeout ? ErrorCode::Timeout : ErrorCode::Network, reply->errorString());
    }
    const int status = statusAttr.toInt();
    if (status < 200 || status >= 300) {
        return httpError(status, data);
    }
    if (reply->error() != QNetworkReply::NoError) {
        // A 200 whose body broke off (connection dropped mid-body).
        return makeError(ErrorCode::Network, reply->errorString());
    }
    return data;
}

/// A finished feed page reply, on the feed thread: its body decoded (FeedReply::decode), or the error.
Result<FeedReply> decodeFeedReply(QNetworkReply* reply, qint64 cursor)
{
    auto body = replyBody(reply);
    if (!body) {
        return body.error();
    }
    auto page = decoded("feed page", FeedReply::decode(*body));
    if (page && page->page.cursor < cursor) {
        return makeError(ErrorCode::Protocol, QStringLiteral("feed cursor went backwards"));
    }
    return page;
}

/// The feed worker's own manager, made on its thread (a QNetworkAccessManager belongs to the thread it lives in).
QNetworkAccessManager* feedManager(QObject* worker)
{
    auto* nam = worker->findChild<QNetworkAccessManager*>();
    if (!nam) {
        nam = new QNetworkAccessManager(worker);
        nam->setAutoDeleteReplies(false);
    }
    return nam;
}

QString feedPath(qint64 cursor, int limit, bool count)
{
    return QStringLiteral("/v1/terminal/changes?cursor=%1&limit=%2%3")
        .arg(cursor)
        .arg(limit)
        .arg(count ? QStringLiteral("&count=1") : QString());
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
    m_feedThread.setObjectName(QStringLiteral("lounge.sync.feed"));
    m_feedWorker->moveToThread(&m_feedThread);
    connect(&m_feedThread, &QThread::finished, m_feedWorker, &QObject::deleteLater);
}

CentralClient::~CentralClient()
{
    // No feed callback may reach this object once it goes: replies aborted by the worker's deletion see the flag, and
    // the thread is joined before QObject's destructor drops what was already posted here. The worker is deleted on
    // its own thread as that thread finishes (QThread::finished → deleteLater), or here when it never started.
    m_alive->store(false);
    if (m_feedThread.isRunning()) {
        m_feedThread.quit();
        m_feedThread.wait();
    } else {
        delete m_feedWorker;
    }
}

void CentralClient::setCredentials(const QString& terminalId, const QString& secret)
{
    m_token = (terminalId + QLatin1Char(':') + secret).toUtf8();
}

const QString CentralClient::kSoftwareVersion = QStringLiteral(LOUNGE_SYNC_VERSION);

QNetworkRequest CentralClient::makeRequest(const QString& path, int timeoutMs, bool auth) const
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
    return request;
}

void CentralClient::send(const QByteArray& verb, const QString& path, const QByteArray& body, int timeoutMs, bool auth,
                         Callback<Response> done)
{
    QNetworkReply* reply = m_nam.sendCustomRequest(makeRequest(path, timeoutMs, auth), verb, body);
    connect(reply, &QNetworkReply::finished, this, [reply, done = std::move(done)] {
        reply->deleteLater();
        auto data = replyBody(reply);
        if (!data) {
            done(data.error());
            return;
        }
        done(Response {*data});
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
    const QString path = feedPath(cursor, limit, count);
    // Feed pages travel and are decoded on the feed thread: while this thread (the store's) applies one page, the
    // next is received and parsed there (docs/performance.md, "Initial sync against a bare bulk load"). The
    // callback still runs here, in request order (the engine keeps one page request in flight).
    if (!m_feedThread.isRunning()) {
        m_feedThread.start();
    }
    QObject* worker = m_feedWorker;
    QNetworkRequest request = makeRequest(path, m_options.timeoutMs, true);
    QMetaObject::invokeMethod(
        worker,
        [this, worker, alive = m_alive, request = std::move(request), cursor, done = std::move(done)]() mutable {
            QNetworkReply* reply = feedManager(worker)->get(request);
            QObject::connect(reply, &QNetworkReply::finished, worker,
                             [this, reply, alive, cursor, done = std::move(done)]() mutable {
                                 reply->deleteLater();
                                 if (!alive->load()) {
                                     return;
                                 }
                                 Result<FeedReply> page = decodeFeedReply(reply, cursor);
                                 QMetaObject::invokeMethod(this,
                                                           [done = std::move(done), page = std::move(page)]() mutable {
                                                               done(std::move(page));
                                                           });
                             });
        });
}

/// A download's state. Made on the client's thread, then read and written only on the feed thread (but `page`, which
/// is only ever called on the client's thread).
struct CentralClient::FeedStream
{
    quint64 id = 0;
    CentralClient* client = nullptr;
    QObject* worker = nullptr;
    std::shared_ptr<std::atomic<bool>> alive;
    Callback<FeedReply> page;
    QNetworkRequest request; ///< the first page's: its headers go with every page, the terminal's time moved on
    QDateTime terminalTime; ///< as the first request reported it (unset: not reported)
    QElapsedTimer sinceFirst;
    qint64 cursor = 0; ///< the next page's
    int limit = 0;
    int ahead = 1; ///< decoded pages the client may hold
    int held = 0; ///< decoded pages handed over and not given back (feedPageDone)
    bool due = false; ///< the next page waits for a page given back
    bool stopped = false;
    QNetworkReply* inFlight = nullptr;

    /// Feed thread: asks for the page at `cursor`; decoded, it goes to the client and the next is asked for.
    static void fetch(const std::shared_ptr<FeedStream>& s, bool count)
    {
        QNetworkRequest request = s->request;
        if (!count) {
            // The same request line a single changes() call sends for this cursor.
            const QString path = feedPath(s->cursor, s->limit, false);
            QUrl url = request.url();
            url.setQuery(path.mid(path.indexOf(QLatin1Char('?')) + 1));
            request.setUrl(url);
        }
        if (s->terminalTime.isValid()) {
            protocol::TerminalReport time;
            time.terminalTime = s->terminalTime.addMSecs(s->sinceFirst.elapsed());
            for (const auto& [name, value] : time.headers()) {
                request.setRawHeader(name, value);
            }
        }
        QNetworkReply* reply = feedManager(s->worker)->get(request);
        s->inFlight = reply;
        QObject::connect(reply, &QNetworkReply::finished, s->worker, [s, reply] {
            reply->deleteLater();
            if (s->inFlight == reply) {
                s->inFlight = nullptr;
            }
            if (s->stopped || !s->alive->load()) {
                return;
            }
            Result<FeedReply> page = decodeFeedReply(reply, s->cursor);
            const bool more = page && page->more;
            if (page) {
                s->cursor = page->page.cursor;
                ++s->held;
            }
            s->stopped = !more; // an error or the last page ends the download
            QMetaObject::invokeMethod(s->client, [s, page = std::move(page)]() mutable {
                if (s->client->m_streamId == s->id) {
                    s->page(std::move(page));
                }
            });
            if (more) {
                if (s->held < s->ahead) {
                    fetch(s, false);
                } else {
                    s->due = true;
                }
            }
        });
    }
};

void CentralClient::feed(qint64 cursor, int limit, bool count, int ahead, Callback<FeedReply> page)
{
    stopFeed();
    if (!m_feedThread.isRunning()) {
        m_feedThread.start();
    }
    auto s = std::make_shared<FeedStream>();
    s->id = ++m_streamId;
    s->client = this;
    s->worker = m_feedWorker;
    s->alive = m_alive;
    s->page = std::move(page);
    s->request = makeRequest(feedPath(cursor, limit, count), m_options.timeoutMs, true);
    if (s->request.hasRawHeader(protocol::kTerminalTimeHeader)) {
        s->terminalTime = m_clock ? m_clock->now() : QDateTime::currentDateTimeUtc();
    }
    s->sinceFirst.start();
    s->cursor = cursor;
    s->limit = limit;
    s->ahead = std::max(1, ahead);
    m_stream = s;
    QMetaObject::invokeMethod(m_feedWorker, [s, count] { FeedStream::fetch(s, count); });
}

void CentralClient::feedPageDone(FeedReply page)
{
    if (!m_stream) {
        return;
    }
    QMetaObject::invokeMethod(m_feedWorker, [s = m_stream, page = std::move(page)]() mutable {
        page = FeedReply(); // freed here
        --s->held;
        if (s->due && !s->stopped && s->alive->load()) {
            s->due = false;
            FeedStream::fetch(s, false);
        }
    });
}

void CentralClient::stopFeed()
{
    ++m_streamId; // pages already posted here are not handed over
    if (!m_stream) {
        return;
    }
    QMetaObject::invokeMethod(m_feedWorker, [s = std::move(m_stream)] {
        s->stopped = true;
        if (s->inFlight) {
            s->inFlight->abort(); // finished → deleteLater; nothing more is asked for
        }
    });
    m_stream.reset();
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
