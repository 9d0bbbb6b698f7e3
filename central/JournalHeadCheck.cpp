#include "JournalHeadCheck.h"

#include "CentralSecurity.h"
#include "Json.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

#include <cctype>

Q_LOGGING_CATEGORY(lcJournalHead, "lounge.central.journalhead")

namespace lounge::central {

namespace {

QByteArray compactJson(const QJsonObject& o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}
} // namespace

std::optional<core::JournalHead> parseJournalHead(const QByteArray& value)
{
    const int colon = value.indexOf(':');
    if (colon <= 0 || value.size() > 128) {
        return std::nullopt;
    }
    bool ok = false;
    const qint64 seq = value.left(colon).toLongLong(&ok);
    const QByteArray hex = value.mid(colon + 1);
    if (!ok || seq < 0 || (seq == 0) != hex.isEmpty() || (!hex.isEmpty() && hex.size() != 64)) {
        return std::nullopt;
    }
    for (char c : hex) {
        if (!std::isxdigit(static_cast<unsigned char>(c))) {
            return std::nullopt;
        }
    }
    return core::JournalHead {seq, QByteArray::fromHex(hex)};
}

QByteArray formatJournalHead(const core::JournalHead& head)
{
    return QByteArray::number(head.seq) + ':' + head.hash.toHex();
}

QString journalHeadProblem(const core::JournalHead& highest, const core::JournalHead& reported)
{
    if (reported.seq < highest.seq) {
        return QStringLiteral(
                   "journal head went back from record %1 to %2: records %3 to %1 were cut from the terminal")
            .arg(highest.seq)
            .arg(reported.seq)
            .arg(reported.seq + 1);
    }
    if (reported.seq == highest.seq && reported.hash != highest.hash) {
        return QStringLiteral("journal record %1 was rewritten on the terminal (its hash changed)").arg(highest.seq);
    }
    return {};
}

namespace {

/// What a reported head means, read from the store: the problem (empty when none) and the one record to write, if
/// anything must change (the raised head, or a flag not yet recorded).
struct HeadVerdict
{
    QString problem;
    std::optional<ChangeRecord> write;
};

core::Result<HeadVerdict> judgeHead(CentralStore& store, const core::Clock& clock, const QString& terminalId,
                                    const core::JournalHead& reported,
                                    const core::Result<std::optional<ChangeRecord>>& held)
{
    if (!held) {
        return held.error();
    }
    core::JournalHead highest;
    if (held->has_value()) {
        const QJsonObject o = QJsonDocument::fromJson((*held)->body).object();
        highest.seq = qint64(o.value("seq").toDouble());
        highest.hash = QByteArray::fromHex(o.value("hash").toString().toLatin1());
    }
    HeadVerdict verdict;
    verdict.problem = journalHeadProblem(highest, reported);
    if (!verdict.problem.isEmpty()) {
        ChangeRecord flag;
        flag.kind = kind::kJournalBreak;
        flag.id = QStringLiteral("%1:head:%2:%3").arg(terminalId).arg(highest.seq).arg(reported.seq);
        auto known = store.record(flag.kind, flag.id);
        if (!known) {
            return known.error();
        }
        if (known->has_value()) {
            return verdict; // flagged when it was first seen; the terminal repeats it with every request
        }
        flag.audienceModule = kCentralOnlyAudience;
        flag.body = compactJson({{"terminal", terminalId},
                                 {"redemption", QString()},
                                 {"problem", verdict.problem},
                                 {"detectedAt", core::json::dateTimeToString(clock.now())}});
        verdict.write = flag;
        return verdict;
    }
    if (held->has_value() && reported == highest) {
        return verdict;
    }
    ChangeRecord h;
    h.kind = kJournalHeadKind;
    h.id = terminalId;
    h.audienceModule = kCentralOnlyAudience;
    h.body = compactJson({{"seq", double(reported.seq)}, {"hash", QString::fromLatin1(reported.hash.toHex())}});
    verdict.write = h;
    return verdict;
}

} // namespace

namespace {

core::Result<QString> checkHead(CentralStore& store, const core::Clock& clock, const QString& terminalId,
                                const core::JournalHead& reported,
                                const core::Result<std::optional<ChangeRecord>>& held)
{
    // Every terminal request carries its head, and nearly always it is the one central already holds. Judge it with
    // plain reads first: only a head that moved (or a break not yet flagged) opens a write transaction, which waits
    // for the writer lock that orders the feed (docs/api.md). Taking that lock for every request made the whole
    // fleet's polls queue on one row (docs/performance.md, "Fleet load").
    auto first = judgeHead(store, clock, terminalId, reported, held);
    if (!first) {
        return first.error();
    }
    if (!first->write) {
        return first->problem;
    }
    HeadVerdict verdict;
    auto r = store.transaction([&]() -> core::Result<void> {
        // Again under the lock: another request of this terminal may have moved the head meanwhile.
        auto again = judgeHead(store, clock, terminalId, reported, store.record(kJournalHeadKind, terminalId));
        if (!again) {
            return again.error();
        }
        verdict = std::move(again).value();
        if (!verdict.write) {
            return {};
        }
        if (verdict.write->kind == kind::kJournalBreak) {
            qCWarning(lcJournalHead) << "terminal" << terminalId << ":" << verdict.problem;
        }
        auto p = store.putRecord(*verdict.write);
        return p ? core::Result<void> {} : core::Result<void>(p.error());
    });
    if (!r) {
        return r.error();
    }
    return verdict.problem;
}

} // namespace

core::Result<QString> checkJournalHead(CentralStore& store, const core::Clock& clock, const QString& terminalId,
                                       const core::JournalHead& reported)
{
    return checkHead(store, clock, terminalId, reported, store.record(kJournalHeadKind, terminalId));
}

core::Result<QString> checkJournalHead(CentralStore& store, const core::Clock& clock, const QString& terminalId,
                                       const core::JournalHead& reported, const std::optional<ChangeRecord>& held)
{
    return checkHead(store, clock, terminalId, reported, core::Result<std::optional<ChangeRecord>>(held));
}

} // namespace lounge::central
