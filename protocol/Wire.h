#pragma once

// The terminal API's wire envelopes (docs/api.md), one typed struct per body, shared by central (which encodes
// replies and decodes requests) and the terminal (CentralClient: the reverse). Field names live here only.
// Decoders read with the one strict reader (StrictJson.h) and are strict about the fields they know: a wrong type,
// a missing required field or a number out of range is InvalidArgument naming the field. Request decoders (central's
// side) also refuse unknown fields; reply decoders (the terminal's side) ignore them, so a newer central may add
// some. The record bodies inside (Membership, Redemption, ChangePage, ...) are core::json's.

#include "Domain.h"
#include "Result.h"
#include "Store.h"
#include "Validator.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QUuid>

#include <optional>

namespace lounge::protocol {

/// Compact JSON text of an envelope.
QByteArray encode(const QJsonObject& o);

/// POST /v1/terminal/enroll (request).
struct EnrollRequest
{
    QString code;

    QJsonObject toJson() const;
    static core::Result<EnrollRequest> fromJson(const QJsonObject& o);
};

/// POST /v1/terminal/enroll (reply).
struct EnrollReply
{
    QString terminalId;
    QString secret;
    QString resourceId;
    QDateTime serverTime;

    QJsonObject toJson() const;
    static core::Result<EnrollReply> fromJson(const QJsonObject& o);
};

/// What a terminal reports about itself with every authenticated request (issue 15 §3, fleet status), as request
/// headers: its software version, how many visits wait for upload, and its own clock when it sent the request. Each
/// is optional (older terminals send none); a header that is present must be well-formed or central refuses the
/// request (400) and stores nothing.
inline constexpr char kTerminalVersionHeader[] = "Lounge-Terminal-Version";
inline constexpr char kPendingUploadsHeader[] = "Lounge-Pending-Uploads";
inline constexpr char kTerminalTimeHeader[] = "Lounge-Terminal-Time";

struct TerminalReport
{
    static constexpr int kMaxVersionLength = 32;
    static constexpr qint64 kMaxPendingUploads = 100'000'000;

    std::optional<QString> version; ///< 1–32 of [0-9A-Za-z.+~_-], e.g. "0.1.0" or "1.4.2+deb12"
    std::optional<qint64> pendingUploads; ///< 0..kMaxPendingUploads, plain decimal digits
    std::optional<QDateTime> terminalTime; ///< ISO 8601 UTC with 'Z' (milliseconds optional), years 2000–2999

    /// name → value of the headers to send (only the values that are set).
    QList<std::pair<QByteArray, QByteArray>> headers() const;
    /// From the three header values (empty = absent). InvalidArgument names the header.
    static core::Result<TerminalReport> fromHeaders(const QByteArray& version, const QByteArray& pendingUploads,
                                                    const QByteArray& terminalTime);
};

/// GET /v1/terminal/time (reply).
struct TimeReply
{
    QDateTime serverTime;

    QJsonObject toJson() const;
    static core::Result<TimeReply> fromJson(const QJsonObject& o);
};

/// GET /v1/terminal/changes (reply): one feed page.
struct FeedReply
{
    core::ChangePage page; ///< cursor, deletions and (decoded) the records
    bool more = false;
    int scanned = 0; ///< rows of central's log this page covered (some may not concern the terminal)
    qint64 remaining = -1; ///< records after this page (only when asked for; -1 = not counted)
    QDateTime serverTime;
    /// Central's side: the page's records already encoded as JSON members (`"memberships":[...],...`), spliced into
    /// the object instead of `page`'s record lists (ChangeFeed copies stored bodies rather than re-encoding them).
    QByteArray encodedRecords;
    qint64 bytes = 0; ///< decode: the size of the body

    QByteArray encode() const;
    /// The hot path of the initial sync: readFeedPageFast (FeedPageReader.h) for the plain pages, decodeGeneral for
    /// everything else; the same page or the same refusal either way.
    static core::Result<FeedReply> decode(const QByteArray& body);
    /// The general path alone: the strict reader (parseStrict), then core::json::changePageFromJson.
    static core::Result<FeedReply> decodeGeneral(const QByteArray& body);
};

/// A journal record as an upload item (and central's stored body): core::json's record, which leaves out each
/// flight's PNR and seat (local fields, not hashed), plus "pnr" and "seat" inside each flight object when
/// `withPnrAndSeat` (issue 14 §3, privacy: only for a lounge whose BoardingPassRules::uploadPnrAndSeat is set; they
/// stay outside the journal hash).
QJsonObject redemptionToJson(const core::Redemption& r, bool withPnrAndSeat);
/// The reverse: core::json's strict reader, and the flights' "pnr" / "seat" when present (strings).
core::Result<core::Redemption> redemptionFromJson(const QJsonObject& o);

/// POST /v1/terminal/redemptions (request): a batch of journal records.
struct UploadRequest
{
    QList<core::Redemption> redemptions;
    /// Encoding only: the resources whose visits upload the PNR and seat of their boarding passes (the terminal's
    /// cached BoardingPassRules::uploadPnrAndSeat); every other visit's flights go without them.
    QStringList pnrAndSeatResources = {};
    /// Decoding only, one per item: what was wrong with its boarding-pass fields (issue 14 §3), empty = nothing. Such
    /// an item is decoded without them, so the visit is kept (central flags it BAD_FLIGHT_RECORD) and the batch
    /// stands.
    QStringList boardingPassProblems = {};

    QJsonObject toJson() const;
    /// Known fields only, at every level; an item's refusal names it ("redemptions[3].partySize: ...").
    static core::Result<UploadRequest> fromJson(const QJsonObject& o);
    /// The batch size as sent, before anything else is read (central refuses an oversize batch with 413 first).
    static qsizetype itemCount(const QJsonObject& o);
};

/// One item of the upload reply.
struct UploadResult
{
    enum class Status
    {
        Accepted,
        Conflict,
        Duplicate,
        Rejected
    };
    QUuid id;
    Status status = Status::Accepted;
    qint64 serverSeq = 0; ///< not sent for a Rejected item
    QString original; ///< for a Duplicate: accepted / conflict / rejected
    QString reason;

    QJsonObject toJson() const;
    static core::Result<UploadResult> fromJson(const QJsonValue& v);
};
QString toString(UploadResult::Status s);

/// POST /v1/terminal/redemptions (reply).
struct UploadReply
{
    QList<UploadResult> results;

    QJsonObject toJson() const;
    static core::Result<UploadReply> fromJson(const QJsonObject& o);
};

/// POST /v1/terminal/redeem (request): online-first redeem.
struct RedeemRequest
{
    QUuid id;
    QByteArray code;
    int partySize = 1; ///< 1..100
    QString staffId;
    bool confirmAttention = false;

    QJsonObject toJson() const;
    static core::Result<RedeemRequest> fromJson(const QJsonObject& o);
};

/// POST /v1/terminal/redeem (reply): central's decision, and whether and where it recorded the visit.
struct RedeemReply
{
    core::Decision decision; ///< its `uses` travel beside it ("uses"), `recorded` inside it
    bool duplicate = false; ///< a retried call: the first answer again
    bool conflict = false;
    qint64 serverSeq = 0; ///< sent when the visit was recorded

    QJsonObject toJson() const;
    static core::Result<RedeemReply> fromJson(const QJsonObject& o);
};

/// The Decision as sent in a redeem reply (core::json::toJson(Decision)); clockSource is not on the wire.
core::Result<core::Decision> decisionFromJson(const QJsonValue& v);

/// Every refusal: {"error": CODE, "reason": detail}.
struct ErrorReply
{
    QString error;
    QString reason;

    QJsonObject toJson() const;
    /// Lenient: whatever of the two fields a body has (an error page from a proxy has neither).
    static ErrorReply fromBody(const QByteArray& body);
};

} // namespace lounge::protocol
