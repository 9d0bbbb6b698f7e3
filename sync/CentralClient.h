#pragma once

#include "Clock.h"
#include "Domain.h"
#include "Result.h"
#include "Store.h"
#include "Validator.h"
#include "Wire.h"

#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QObject>
#include <QThread>
#include <QUrl>

#include <atomic>
#include <functional>
#include <memory>

class QNetworkReply;

namespace lounge::sync {

// The replies are the protocol module's envelopes (protocol/Wire.h), read with its one strict JSON reader.
using EnrollReply = protocol::EnrollReply;
using FeedReply = protocol::FeedReply;
using UploadItemResult = protocol::UploadResult;
using RedeemReply = protocol::RedeemReply;

/// Typed async calls to central's terminal API over QNetworkAccessManager (docs/api.md). Every request has a
/// transfer timeout; nothing blocks. Callbacks run on this object's thread and never after it is destroyed.
/// Errors: Network (unreachable, 5xx), Timeout, Protocol (a body the strict reader or its envelope refuses: malformed
/// JSON, a repeated key, a wrong type, a missing field, a number out of range), Unauthorized (401), Forbidden (403),
/// InvalidArgument (400/413), Conflict (409), NotFound (404).
class CentralClient : public QObject
{
    Q_OBJECT
public:
    template<typename T> using Callback = std::function<void(core::Result<T>)>;
    struct Options
    {
        int timeoutMs = 15000;
        int onlineTimeoutMs = 1500; ///< online-first redeem: ask briefly, then decide locally
    };

    CentralClient(const QUrl& baseUrl, Options options, QObject* parent = nullptr);
    explicit CentralClient(const QUrl& baseUrl, QObject* parent = nullptr)
        : CentralClient(baseUrl, Options {}, parent)
    { }
    ~CentralClient() override;

    void setCredentials(const QString& terminalId, const QString& secret);
    /// The journal head sent with every authenticated request (header Lounge-Journal-Head): central flags a head that
    /// does not extend the highest it has seen (records cut from the tail, a record rewritten).
    void setJournalHead(const core::JournalHead& head) { m_head = head; }
    /// Fleet status (issue 15 §3): with every authenticated request the terminal reports its software version
    /// (Lounge-Terminal-Version, kSoftwareVersion unless set), its clock (Lounge-Terminal-Time: `clock`, else the
    /// system clock, read when the request is sent) and, once set, how many visits wait for upload
    /// (Lounge-Pending-Uploads). Central shows them in GET /v1/issuer/terminals.
    void setSoftwareVersion(const QString& version) { m_version = version; }
    void setClock(const core::Clock* clock) { m_clock = clock; }
    void setPendingUploads(qint64 pending) { m_pendingUploads = pending; }
    static const QString kSoftwareVersion; ///< this build's version (the project's)
    QUrl baseUrl() const { return m_base; }
    const Options& options() const { return m_options; }

    void enroll(const QString& code, Callback<EnrollReply> done);
    /// Central's clock; the callback also gets the local send/receive instants via serverTime only.
    void serverTime(Callback<QDateTime> done);
    /// One feed page. Fetched and decoded on the client's feed thread (the store's thread only applies pages); the
    /// callback runs on this object's thread like every other.
    void changes(qint64 cursor, int limit, bool count, Callback<FeedReply> done);
    /// A download: the feed pages from `cursor` on, fetched and decoded ahead on the feed thread. As soon as a page is
    /// decoded the next one is asked for (from that page's cursor, without `count`) while fewer than `ahead` decoded
    /// pages are held by the caller (handed to `page` and not yet given back with feedPageDone()), so central and
    /// the feed thread work on the next pages while the caller applies one. `page` runs on this object's thread for
    /// every page, in order, until a page without `more` or the first error (then nothing more). One download at a
    /// time: feed() again or stopFeed() drops the running one (its request aborted, its late pages never handed over).
    void feed(qint64 cursor, int limit, bool count, int ahead, Callback<FeedReply> page);
    /// The caller is done with one page of the running download (applied or dropped): another may be fetched. The page
    /// is handed back and freed on the feed thread, where it was built (its records' memory, off the caller's thread).
    void feedPageDone(FeedReply page = {});
    /// Drops the running download, if any.
    void stopFeed();
    /// `pnrAndSeatResources`: the resources whose visits upload their boarding passes' PNR and seat (issue 14 §3).
    void upload(const QList<core::Redemption>& batch, const QStringList& pnrAndSeatResources,
                Callback<QList<UploadItemResult>> done);
    void redeem(const QUuid& id, const QByteArray& code, int partySize, const QString& staffId, bool confirmAttention,
                Callback<RedeemReply> done);

private:
    struct FeedStream;
    struct Response
    {
        QByteArray body; ///< a 2xx body, for the call's envelope to decode
    };
    QNetworkRequest makeRequest(const QString& path, int timeoutMs, bool auth) const;
    void send(const QByteArray& verb, const QString& path, const QByteArray& body, int timeoutMs, bool auth,
              Callback<Response> done);

    QUrl m_base;
    Options m_options;
    QByteArray m_token;
    std::optional<core::JournalHead> m_head;
    QString m_version = kSoftwareVersion;
    const core::Clock* m_clock = nullptr;
    std::optional<qint64> m_pendingUploads;
    QNetworkAccessManager m_nam;
    /// Feed pages (changes()) are fetched and decoded on their own thread; see changes().
    QThread m_feedThread;
    QObject* m_feedWorker = new QObject; ///< lives on m_feedThread; deleted there when it finishes
    std::shared_ptr<std::atomic<bool>> m_alive = std::make_shared<std::atomic<bool>>(true);
    /// The running download (feed()), owned by the feed thread once started; only that thread touches its state.
    std::shared_ptr<FeedStream> m_stream;
    quint64 m_streamId = 0; ///< this thread's: pages of another download are not handed over
};

} // namespace lounge::sync
