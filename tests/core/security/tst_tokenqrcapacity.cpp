// The dynamic-token size claim, checked against a real QR encoder and decoder (ZXing): the longest token is exactly
// the alphanumeric capacity of a version 7 code at error correction level M, and one more symbol needs version 8.
#include "SecurityTestData.h"

#include <QTest>

#include <ZXing/BitMatrix.h>
#include <ZXing/MultiFormatWriter.h>
#include <ZXing/ReadBarcode.h>

#include <vector>

using namespace lounge::core;
using namespace lounge::core::test;

namespace {

constexpr int kEccLevelM = 4; // MultiFormatWriter's 0-8 scale; the decoder below confirms it means M

struct Encoded
{
    int version = 0;
    QString decodedText;
    QString decodedEcLevel;
};

Encoded encodeAndDecode(const QString& text)
{
    const ZXing::BitMatrix matrix = ZXing::MultiFormatWriter(ZXing::BarcodeFormat::QRCode)
                                        .setEccLevel(kEccLevelM)
                                        .setMargin(0)
                                        .encode(text.toStdString(), 0, 0);
    Encoded out;
    out.version = (matrix.width() - 17) / 4;
    // Render with a 4-module quiet zone at 4 px per module and read it back.
    const int scale = 4;
    const int quiet = 4;
    const int size = (matrix.width() + 2 * quiet) * scale;
    std::vector<std::uint8_t> pixels(std::size_t(size) * std::size_t(size), 255);
    for (int y = 0; y < matrix.height(); ++y) {
        for (int x = 0; x < matrix.width(); ++x) {
            if (!matrix.get(x, y)) {
                continue;
            }
            for (int dy = 0; dy < scale; ++dy) {
                for (int dx = 0; dx < scale; ++dx) {
                    pixels[std::size_t((y + quiet) * scale + dy) * std::size_t(size)
                           + std::size_t((x + quiet) * scale + dx)]
                        = 0;
                }
            }
        }
    }
    const auto result = ZXing::ReadBarcode(ZXing::ImageView(pixels.data(), size, size, ZXing::ImageFormat::Lum),
                                           ZXing::DecodeHints().setFormats(ZXing::BarcodeFormat::QRCode));
    out.decodedText = QString::fromStdString(result.text());
    out.decodedEcLevel = QString::fromStdString(result.ecLevel());
    return out;
}

} // namespace

class TestTokenQrCapacity : public QObject
{
    Q_OBJECT

private slots:
    void fitsVersion7AtLevelM_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<int>("textLength");
        QTest::addColumn<int>("version");
        QTest::newRow("longest id (32 bytes)") << QString(32, QLatin1Char('M')) << 178 << 7;
        QTest::newRow("demo id M-1001") << QStringLiteral("M-1001") << 136 << 6;
        QTest::newRow("one-byte id") << QStringLiteral("7") << 128 << 6;
    }

    void fitsVersion7AtLevelM()
    {
        QFETCH(QString, id);
        QFETCH(int, textLength);
        QFETCH(int, version);
        const TokenSigningKey key = signingKey(65535);
        const QString text = QString::fromLatin1(
            tokenText(token(CredentialRef {CredentialKind::Membership, id}, key, centralNow(), 255), key));
        QCOMPARE(text.size(), textLength);
        const Encoded e = encodeAndDecode(text);
        QCOMPARE(e.version, version);
        QCOMPARE(e.decodedEcLevel, QStringLiteral("M"));
        QCOMPARE(e.decodedText, text);
    }

    void oneMoreSymbolNeedsVersion8()
    {
        QCOMPARE(encodeAndDecode(QString(178, QLatin1Char('Z'))).version, 7);
        QCOMPARE(encodeAndDecode(QString(179, QLatin1Char('Z'))).version, 8);
    }
};

QTEST_GUILESS_MAIN(TestTokenQrCapacity)
#include "tst_tokenqrcapacity.moc"
