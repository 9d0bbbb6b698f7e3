// The protocol module: the one strict JSON reader (every request body at central, every reply body at the terminal)
// and the terminal API's envelopes, encoded and decoded both ways.
#include "StrictJson.h"
#include "Wire.h"

#include "Json.h"

#include <QJsonArray>
#include <QtTest>

using namespace lounge;

class TestProtocol : public QObject
{
    Q_OBJECT
private slots:
    void strictReaderAccepts_data();
    void strictReaderAccepts();
    void strictReaderRefuses_data();
    void strictReaderRefuses();
    void repeatedKeyAmongManyKeys();
    void objectOnly();
    void enrollRoundTrip();
    void feedPageRoundTripWithSplicedRecords();
    void feedPageRefusals_data();
    void feedPageRefusals();
    void uploadRoundTrip();
    void uploadRequestRefusals_data();
    void uploadRequestRefusals();
    void uploadReplyRefusals_data();
    void uploadReplyRefusals();
    void redeemRoundTrip();
    void redeemRequestRefusals_data();
    void redeemRequestRefusals();
    void redeemReplyRefusals_data();
    void redeemReplyRefusals();
};

void TestProtocol::strictReaderAccepts_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("object") << QByteArray(R"({"a":1,"b":"x","c":[true,false,null]})");
    QTest::newRow("array") << QByteArray(R"([1,2,{"a":1}])");
    QTest::newRow("same key in sibling objects") << QByteArray(R"([{"a":1},{"a":2}])");
    QTest::newRow("same key at two levels") << QByteArray(R"({"a":{"a":{"a":1}}})");
    QTest::newRow("keys that differ by an escape") << QByteArray(R"({"a\"b":1,"a\\b":2,"ab":3})");
    QTest::newRow("prefix keys") << QByteArray(R"({"ab":1,"abc":2,"a":3})");
    QTest::newRow("2^53") << QByteArray(R"({"n":9007199254740992,"m":-9007199254740992})");
    QTest::newRow("large double") << QByteArray(R"({"n":1e300,"m":1.5e-300,"k":123456789012345678901234.5})");
    QTest::newRow("UTF-8 in every length") << QByteArray("{\"n\":\"\xc3\xbc \xe9\x99\xb3 \xf0\x9f\x98\x80\"}");
    QTest::newRow("UTF-8 in a key") << QByteArray("{\"\xc3\xbc\":1,\"u\":2}");
    QTest::newRow("trailing whitespace") << QByteArray("{}\r\n ");
    QTest::newRow("32 levels") << (QByteArray(32, '[') + QByteArray(32, ']'));
    QTest::newRow("digits in strings are not numbers") << QByteArray(R"({"n":"12345678901234567890"})");
}

void TestProtocol::strictReaderAccepts()
{
    QFETCH(QByteArray, text);
    auto v = protocol::parseStrict(text);
    QVERIFY2(v, v ? "" : qPrintable(v.error().detail));
}

void TestProtocol::strictReaderRefuses_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("detail");
    QTest::newRow("repeated key") << QByteArray(R"({"program":"GOLD","holderName":"A","program":"PLATINUM"})")
                                  << "program: repeated key";
    QTest::newRow("repeated key spelt with an escape")
        << QByteArray(R"({"a":{"k":1,"\u006b":2}})") << "k: repeated key";
    QTest::newRow("repeated key deep in an array")
        << QByteArray(R"({"redemptions":[{"id":"1"},{"id":"2","partySize":1,"partySize":9}]})")
        << "partySize: repeated key";
    QTest::newRow("trailing garbage") << QByteArray(R"({"cursor":1} x)") << "garbage";
    QTest::newRow("two documents") << QByteArray(R"({}{})") << "garbage";
    QTest::newRow("a scalar") << QByteArray("12") << "malformed JSON";
    QTest::newRow("empty") << QByteArray() << "malformed JSON";
    QTest::newRow("33 levels") << (QByteArray(33, '[') + QByteArray(33, ']')) << "nested deeper than 32";
    QTest::newRow("100000 levels") << (QByteArray(100000, '[') + QByteArray(100000, ']')) << "nested deeper than 32";
    QTest::newRow("2^53 + 1") << QByteArray(R"({"serverSeq":9007199254740993})") << "number out of range";
    QTest::newRow("-(2^53 + 1)") << QByteArray(R"({"serverSeq":-9007199254740993})") << "number out of range";
    QTest::newRow("20 digits") << QByteArray(R"([12345678901234567890])") << "number out of range";
    QTest::newRow("beyond a double") << QByteArray(R"({"n":1e400})") << "malformed JSON";
    QTest::newRow("bare decimal point") << QByteArray(R"({"n":1.})") << "decimal point";
    QTest::newRow("overlong UTF-8") << QByteArray("{\"n\":\"\xc0\xaf\"}") << "not valid UTF-8";
    QTest::newRow("UTF-8 surrogate") << QByteArray("{\"n\":\"\xed\xa0\x80\"}") << "not valid UTF-8";
    QTest::newRow("past U+10FFFF") << QByteArray("{\"n\":\"\xf4\x90\x80\x80\"}") << "not valid UTF-8";
    QTest::newRow("stray continuation byte") << QByteArray("{\"n\":\"a\x80\"}") << "not valid UTF-8";
    QTest::newRow("cut sequence") << QByteArray("{\"n\":\"\xe9\x99\"}") << "not valid UTF-8";
    QTest::newRow("invalid UTF-8 in a key") << QByteArray("{\"\xff\":1}") << "not valid UTF-8";
    QTest::newRow("binary garbage") << QByteArray("\x00\xff\xfe{\x01", 5) << "malformed JSON";
}

void TestProtocol::strictReaderRefuses()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, detail);
    auto v = protocol::parseStrict(text);
    QVERIFY(!v);
    QVERIFY(v.error().code == core::ErrorCode::InvalidArgument);
    QVERIFY2(v.error().detail.contains(detail), qPrintable(v.error().detail));
}

void TestProtocol::repeatedKeyAmongManyKeys()
{
    // Past the linear comparison: objects with many keys are checked by hash, repeated keys still found.
    QByteArray text = "{";
    for (int i = 0; i < 5000; ++i) {
        text += "\"k" + QByteArray::number(i) + "\":" + QByteArray::number(i) + ',';
    }
    QVERIFY(protocol::parseStrict(text + "\"last\":0}"));
    auto v = protocol::parseStrict(text + "\"k4321\":0}");
    QVERIFY(!v);
    QCOMPARE(v.error().detail, QStringLiteral("k4321: repeated key"));
    auto escaped = protocol::parseStrict(text + "\"\\u006b17\":0}");
    QVERIFY(!escaped);
    QCOMPARE(escaped.error().detail, QStringLiteral("k17: repeated key"));
}

void TestProtocol::objectOnly()
{
    QVERIFY(protocol::parseStrictObject("{}"));
    auto a = protocol::parseStrictObject("[]");
    QVERIFY(!a);
    QCOMPARE(a.error().detail, QStringLiteral("expected a JSON object"));
}

void TestProtocol::enrollRoundTrip()
{
    const protocol::EnrollReply reply {QStringLiteral("T-1"), QStringLiteral("s3cret"), QStringLiteral("HKG-T1"),
                                       QDateTime(QDate(2026, 11, 27), QTime(6, 0), Qt::UTC)};
    auto back = protocol::EnrollReply::fromJson(*protocol::parseStrictObject(protocol::encode(reply.toJson())));
    QVERIFY(back);
    QCOMPARE(back->terminalId, reply.terminalId);
    QCOMPARE(back->secret, reply.secret);
    QCOMPARE(back->resourceId, reply.resourceId);
    QCOMPARE(back->serverTime, reply.serverTime);
    QVERIFY(!protocol::EnrollReply::fromJson(QJsonObject {{"terminalId", "T-1"}, {"secret", "s"}}));
    QVERIFY(!protocol::EnrollReply::fromJson(QJsonObject {{"terminalId", 7}, {"secret", "s"}, {"resource", "R"}}));

    QCOMPARE(protocol::EnrollRequest::fromJson(QJsonObject {{"code", "ABCD-EFGH"}})->code, QStringLiteral("ABCD-EFGH"));
    auto unknown = protocol::EnrollRequest::fromJson(QJsonObject {{"code", "A"}, {"terminal", "T-9"}});
    QVERIFY(!unknown);
    QCOMPARE(unknown.error().detail, QStringLiteral("terminal: unknown field"));
    QCOMPARE(protocol::EnrollRequest::fromJson(QJsonObject {{"code", 12}}).error().detail,
             QStringLiteral("code: expected a string"));
    QCOMPARE(protocol::EnrollRequest::fromJson(QJsonObject {}).error().detail, QStringLiteral("code: missing"));
}

void TestProtocol::feedPageRoundTripWithSplicedRecords()
{
    core::Membership m;
    m.id = QStringLiteral("M-1");
    m.holderName = QStringLiteral("Ann Lee");
    m.tiers = {core::TierAssignment {QStringLiteral("GOLD"), QDateTime()}};
    m.validFrom = QDate(2026, 1, 1);
    m.validTo = QDate(2026, 12, 31);
    protocol::FeedReply page;
    page.page.cursor = 42;
    page.page.deletedEPasses = {QStringLiteral("E-9")};
    page.more = true;
    page.scanned = 3;
    page.remaining = 7;
    page.serverTime = QDateTime(QDate(2026, 11, 27), QTime(6, 0), Qt::UTC);
    page.encodedRecords = "\"memberships\":[" + protocol::encode(core::json::toJson(m)) + ']';
    const QByteArray body = page.encode();
    auto back = protocol::FeedReply::decode(body);
    QVERIFY2(back, back ? "" : qPrintable(back.error().detail));
    QCOMPARE(back->page.cursor, qint64(42));
    QCOMPARE(back->page.memberships.size(), 1);
    QCOMPARE(back->page.memberships[0].holderName, m.holderName);
    QCOMPARE(back->page.deletedEPasses, QStringList {QStringLiteral("E-9")});
    QVERIFY(back->more);
    QCOMPARE(back->scanned, 3);
    QCOMPARE(back->remaining, qint64(7));
    QCOMPARE(back->serverTime, page.serverTime);
    QCOMPARE(back->bytes, qint64(body.size()));
}

void TestProtocol::feedPageRefusals_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("detail");
    QTest::newRow("repeated cursor") << QByteArray(R"({"cursor":120,"more":false,"cursor":118})")
                                     << "cursor: repeated key";
    QTest::newRow("cursor beyond 2^53") << QByteArray(R"({"cursor":9007199254740993})") << "number out of range";
    QTest::newRow("cursor missing") << QByteArray(R"({"more":false})") << "cursor: missing";
    QTest::newRow("cursor as a string") << QByteArray(R"({"cursor":"12"})") << "cursor: expected an integer";
    QTest::newRow("more as a string") << QByteArray(R"({"cursor":12,"more":"yes"})") << "more: expected true or false";
    QTest::newRow("remaining negative") << QByteArray(R"({"cursor":12,"remaining":-5})") << "remaining: out of range";
    QTest::newRow("a record of the wrong type")
        << QByteArray(R"({"cursor":12,"memberships":[7]})") << "memberships.[0]";
    QTest::newRow("trailing garbage") << QByteArray(R"({"cursor":12}])") << "garbage";
}

void TestProtocol::feedPageRefusals()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, detail);
    auto page = protocol::FeedReply::decode(body);
    QVERIFY(!page);
    QVERIFY2(page.error().detail.contains(detail), qPrintable(page.error().detail));
}

void TestProtocol::uploadRoundTrip()
{
    core::Redemption r;
    r.id = QUuid::createUuid();
    r.credential = {core::CredentialKind::Membership, QStringLiteral("M-1")};
    r.resourceId = QStringLiteral("HKG-T1");
    r.terminalId = QStringLiteral("T-1");
    r.staffId = QStringLiteral("s1");
    r.uses = {core::PoolUse {QStringLiteral("LOUNGE"), core::Pool::Cardholder, QStringLiteral("Y2026"), 1}};
    r.at = QDateTime(QDate(2026, 11, 27), QTime(6, 0), Qt::UTC);
    auto request = protocol::UploadRequest::fromJson(protocol::UploadRequest {{r}}.toJson());
    QVERIFY(request);
    QCOMPARE(request->redemptions.size(), 1);
    QCOMPARE(request->redemptions[0].id, r.id);
    QCOMPARE(request->redemptions[0].uses, r.uses);

    protocol::UploadReply reply;
    reply.results
        = {{r.id, protocol::UploadResult::Status::Accepted, 10, {}, {}},
           {QUuid::createUuid(), protocol::UploadResult::Status::Duplicate, 9, QStringLiteral("conflict"),
            QStringLiteral("OVERDRAWN")},
           {QUuid::createUuid(), protocol::UploadResult::Status::Rejected, 0, {}, QStringLiteral("ID_IN_USE")}};
    const QJsonObject wire = reply.toJson();
    QVERIFY(!wire.value("results").toArray().at(2).toObject().contains("serverSeq")); // nothing stored for it
    auto back = protocol::UploadReply::fromJson(wire);
    QVERIFY(back);
    QCOMPARE(back->results.size(), 3);
    QCOMPARE(back->results[0].serverSeq, qint64(10));
    QVERIFY(back->results[1].status == protocol::UploadResult::Status::Duplicate);
    QCOMPARE(back->results[1].original, QStringLiteral("conflict"));
    QCOMPARE(back->results[1].reason, QStringLiteral("OVERDRAWN"));
    QVERIFY(back->results[2].status == protocol::UploadResult::Status::Rejected);
    QCOMPARE(back->results[2].reason, QStringLiteral("ID_IN_USE"));
}

void TestProtocol::uploadRequestRefusals_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("detail");
    QTest::newRow("unknown top field") << QByteArray(R"({"redemptions":[],"force":true})") << "force: unknown field";
    QTest::newRow("not an array") << QByteArray(R"({"redemptions":{}})") << "redemptions: expected an array";
    QTest::newRow("missing") << QByteArray(R"({})") << "redemptions: expected an array";
    QTest::newRow("item not an object") << QByteArray(R"({"redemptions":[1]})") << "redemptions[0]: expected an object";
    QTest::newRow("unknown item field") << QByteArray(R"({"redemptions":[{"id":"x","bonus":1}]})")
                                        << "redemptions[0].bonus: unknown field";
    QTest::newRow("bad item") << QByteArray(R"({"redemptions":[{"id":"not-a-uuid"}]})") << "redemptions[0].";
}

void TestProtocol::uploadRequestRefusals()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, detail);
    auto o = protocol::parseStrictObject(body);
    QVERIFY(o);
    auto r = protocol::UploadRequest::fromJson(*o);
    QVERIFY(!r);
    QVERIFY2(r.error().detail.startsWith(detail), qPrintable(r.error().detail));
}

void TestProtocol::uploadReplyRefusals_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("detail");
    const QByteArray id = "\"6f1c1f7e-8a43-4c49-9d8e-3f7b1b6e2a10\"";
    QTest::newRow("results missing") << QByteArray(R"({})") << "results: missing";
    QTest::newRow("unknown status") << QByteArray(R"({"results":[{"id":)" + id + R"(,"status":"maybe"}]})")
                                    << "results[0].status: unknown upload status";
    QTest::newRow("serverSeq as a string")
        << QByteArray(R"({"results":[{"id":)" + id + R"(,"status":"accepted","serverSeq":"7"}]})")
        << "results[0].serverSeq: expected an integer";
    QTest::newRow("serverSeq missing") << QByteArray(R"({"results":[{"id":)" + id + R"(,"status":"accepted"}]})")
                                       << "results[0].serverSeq: missing";
    QTest::newRow("id missing") << QByteArray(R"({"results":[{"status":"rejected"}]})") << "results[0].id: missing";
    QTest::newRow("duplicate without original")
        << QByteArray(R"({"results":[{"id":)" + id + R"(,"status":"duplicate","serverSeq":3}]})")
        << "results[0].original: missing";
}

void TestProtocol::uploadReplyRefusals()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, detail);
    auto r = protocol::UploadReply::fromJson(*protocol::parseStrictObject(body));
    QVERIFY(!r);
    QCOMPARE(r.error().detail, detail);
}

void TestProtocol::redeemRoundTrip()
{
    const protocol::RedeemRequest request {QUuid::createUuid(), "L1M123", 3, QStringLiteral("s1"), true};
    auto back = protocol::RedeemRequest::fromJson(request.toJson());
    QVERIFY(back);
    QCOMPARE(back->id, request.id);
    QCOMPARE(back->code, request.code);
    QCOMPARE(back->partySize, 3);
    QCOMPARE(back->staffId, request.staffId);
    QVERIFY(back->confirmAttention);
    QCOMPARE(protocol::RedeemRequest::fromJson(QJsonObject {{"id", request.id.toString()}, {"code", "X"}})->partySize,
             1);

    protocol::RedeemReply reply;
    core::Decision& d = reply.decision;
    d.verdict = core::Verdict::Accept;
    d.reason = core::Reason::Ok;
    d.credential = core::CredentialRef {core::CredentialKind::Membership, QStringLiteral("M-1")};
    d.holderName = QStringLiteral("Ann Lee");
    d.programName = QStringLiteral("Gold");
    d.module = QStringLiteral("LOUNGE");
    d.resourceId = QStringLiteral("HKG-T1");
    d.partySize = 2;
    d.guestsAllowed = 1;
    d.balances = {core::PoolBalance {core::Pool::Cardholder, false, 6, 5, 1},
                  core::PoolBalance {core::Pool::Guest, true, 0, 0, 1}};
    d.uses = {core::PoolUse {QStringLiteral("LOUNGE"), core::Pool::Cardholder, QStringLiteral("Y2026"), 1},
              core::PoolUse {QStringLiteral("LOUNGE"), core::Pool::Guest, QStringLiteral("Y2026"), 1}};
    d.at = QDateTime(QDate(2026, 11, 27), QTime(6, 0), Qt::UTC);
    d.recorded = true;
    d.redemptionId = request.id;
    reply.conflict = true;
    reply.serverSeq = 77;
    auto decoded = protocol::RedeemReply::fromJson(*protocol::parseStrictObject(protocol::encode(reply.toJson())));
    QVERIFY2(decoded, decoded ? "" : qPrintable(decoded.error().detail));
    const core::Decision& e = decoded->decision;
    QVERIFY(e.verdict == d.verdict);
    QVERIFY(e.reason == d.reason);
    QVERIFY(e.credential == d.credential);
    QCOMPARE(e.holderName, d.holderName);
    QCOMPARE(e.programName, d.programName);
    QCOMPARE(e.module, d.module);
    QCOMPARE(e.resourceId, d.resourceId);
    QCOMPARE(e.partySize, 2);
    QCOMPARE(e.guestsAllowed, 1);
    QCOMPARE(e.balances, d.balances);
    QCOMPARE(e.uses, d.uses);
    QCOMPARE(e.at, d.at);
    QVERIFY(e.recorded);
    QCOMPARE(e.redemptionId, request.id);
    QVERIFY(decoded->conflict);
    QVERIFY(!decoded->duplicate);
    QCOMPARE(decoded->serverSeq, qint64(77));
}

void TestProtocol::redeemRequestRefusals_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("detail");
    const QByteArray id = "\"6f1c1f7e-8a43-4c49-9d8e-3f7b1b6e2a10\"";
    QTest::newRow("id not a UUID") << QByteArray(R"({"id":"x","code":"C"})") << "id: expected a UUID";
    QTest::newRow("id missing") << QByteArray(R"({"code":"C"})") << "id: missing";
    QTest::newRow("code a number") << QByteArray(R"({"id":)" + id + R"(,"code":7})") << "code: expected a string";
    QTest::newRow("party 0") << QByteArray(R"({"id":)" + id + R"(,"code":"C","partySize":0})")
                             << "partySize: out of range";
    QTest::newRow("party 101") << QByteArray(R"({"id":)" + id + R"(,"code":"C","partySize":101})")
                               << "partySize: out of range";
    QTest::newRow("party 2.5") << QByteArray(R"({"id":)" + id + R"(,"code":"C","partySize":2.5})")
                               << "partySize: expected an integer";
    QTest::newRow("party 1e300") << QByteArray(R"({"id":)" + id + R"(,"code":"C","partySize":1e300})")
                                 << "partySize: out of range";
    QTest::newRow("confirm as a string") << QByteArray(R"({"id":)" + id + R"(,"code":"C","confirmAttention":"yes"})")
                                         << "confirmAttention: expected true or false";
    QTest::newRow("unknown field") << QByteArray(R"({"id":)" + id + R"(,"code":"C","verdict":"ACCEPT"})")
                                   << "verdict: unknown field";
}

void TestProtocol::redeemRequestRefusals()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, detail);
    auto r = protocol::RedeemRequest::fromJson(*protocol::parseStrictObject(body));
    QVERIFY(!r);
    QCOMPARE(r.error().detail, detail);
}

void TestProtocol::redeemReplyRefusals_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("detail");
    const QByteArray decision = R"("verdict":"ACCEPT","reason":"OK","party":1,"at":"2026-11-27T06:00:00.000Z")";
    QTest::newRow("decision missing") << QByteArray(R"({"uses":[]})") << "decision: missing";
    QTest::newRow("uses missing") << QByteArray(R"({"decision":{)" + decision + "}}") << "uses: missing";
    QTest::newRow("unknown verdict") << QByteArray(R"({"decision":{"verdict":"MAYBE","reason":"OK","party":1,)"
                                                   R"("at":"2026-11-27T06:00:00Z"},"uses":[]})")
                                     << "decision.verdict: unknown verdict";
    QTest::newRow("party as a string") << QByteArray(R"({"decision":{"verdict":"ACCEPT","reason":"OK","party":"2",)"
                                                     R"("at":"2026-11-27T06:00:00Z"},"uses":[]})")
                                       << "decision.party: expected an integer";
    QTest::newRow("time missing") << QByteArray(R"({"decision":{"verdict":"ACCEPT","reason":"OK","party":1},)"
                                                R"("uses":[]})")
                                  << "decision.at: missing";
    QTest::newRow("recorded without a sequence")
        << QByteArray(R"({"decision":{)" + decision
                      + R"(,"recorded":true,"redemptionId":"6f1c1f7e-8a43-4c49-9d8e-3f7b1b6e2a10"},"uses":[]})")
        << "serverSeq: missing";
    QTest::newRow("bad balance pool") << QByteArray(R"({"decision":{)" + decision
                                                    + R"(,"balances":[{"pool":"VIP"}]},"uses":[]})")
                                      << "decision.balances[0].pool: unknown pool";
}

void TestProtocol::redeemReplyRefusals()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, detail);
    auto o = protocol::parseStrictObject(body);
    QVERIFY2(o, o ? "" : qPrintable(o.error().detail));
    auto r = protocol::RedeemReply::fromJson(*o);
    QVERIFY(!r);
    QCOMPARE(r.error().detail, detail);
}

QTEST_GUILESS_MAIN(TestProtocol)
#include "tst_protocol.moc"
