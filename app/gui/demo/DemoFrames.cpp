// Renders the stills of the kiosk demo video: DemoData sample codes shown one after another on a phone-like card,
// with an empty desk between them so the scanner sees each code leave. Olivia Brown's E-pass is followed by her
// paper boarding pass (IATA BCBP in PDF417, HKG-LHR, dated the build day: docs/domain.md "Boarding passes"). Writes
// <dir>/NN.png and an ffmpeg concat list <dir>/list.txt; app/CMakeLists.txt encodes them into demo.mp4 at build time.

#include "DemoData.h"
#include "scanner/SyntheticCodes.h"

#include <QDate>
#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QTextStream>

#include <cstdio>

using namespace lounge;

namespace {

constexpr QSize kFrame(960, 540);

QImage desk()
{
    QImage img(kFrame, QImage::Format_RGB32);
    QPainter p(&img);
    QLinearGradient g(0, 0, 0, kFrame.height());
    g.setColorAt(0, QColor(0x4b, 0x55, 0x63));
    g.setColorAt(1, QColor(0x1f, 0x29, 0x37));
    p.fillRect(img.rect(), g);
    return img;
}

QImage card(const QString& code, const QString& caption)
{
    QImage img = desk();
    QPainter p(&img);
    p.setRenderHint(QPainter::Antialiasing);
    const QImage symbol = scanner::renderCode(scanner::CodeFormat::QrCode, code, 7, 4);
    const QRect phone(kFrame.width() / 2 - 170, 30, 340, 480);
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(0x11, 0x18, 0x27));
    p.drawRoundedRect(phone.adjusted(-10, -10, 10, 10), 36, 36);
    p.setBrush(Qt::white);
    p.drawRoundedRect(phone, 28, 28);
    const QRect target(phone.center().x() - 150, phone.top() + 60, 300, 300);
    p.drawImage(target, symbol.scaled(target.size(), Qt::KeepAspectRatio, Qt::FastTransformation));
    p.setPen(QColor(0x11, 0x18, 0x27));
    QFont f = p.font();
    f.setPixelSize(20);
    f.setBold(true);
    p.setFont(f);
    p.drawText(QRect(phone.left(), phone.top() + 14, phone.width(), 40), Qt::AlignCenter,
               QStringLiteral("Lounge pass"));
    f.setBold(false);
    f.setPixelSize(16);
    p.setFont(f);
    p.drawText(QRect(phone.left() + 12, target.bottom() + 16, phone.width() - 24, 80),
               Qt::AlignCenter | Qt::TextWordWrap, caption);
    return img;
}

QImage paperBoardingPass(const QByteArray& bcbp, const QDate& day)
{
    QImage img = desk();
    QPainter p(&img);
    p.setRenderHint(QPainter::Antialiasing);
    const QRect paper(90, 70, kFrame.width() - 180, 400);
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(0xfa, 0xfa, 0xf7));
    p.drawRect(paper);
    p.setPen(QColor(0x11, 0x18, 0x27));
    QFont f = p.font();
    f.setPixelSize(22);
    f.setBold(true);
    p.setFont(f);
    p.drawText(paper.adjusted(24, 16, -24, 0), Qt::AlignLeft | Qt::AlignTop, QStringLiteral("BOARDING PASS"));
    f.setBold(false);
    f.setPixelSize(17);
    p.setFont(f);
    p.drawText(paper.adjusted(24, 52, -24, 0), Qt::AlignLeft | Qt::AlignTop,
               QStringLiteral("BROWN/OLIVIA MS   HKG \u2192 LHR   CX 251   %1   Business   Seat 11A")
                   .arg(day.toString(QStringLiteral("dd MMM yyyy"))));
    const QImage symbol = scanner::renderCode(scanner::CodeFormat::Pdf417, QString::fromLatin1(bcbp), 3, 4);
    p.drawImage(QPointF(paper.center().x() - symbol.width() / 2.0, paper.bottom() - symbol.height() - 30.0), symbol);
    return img;
}

} // namespace

int main(int argc, char* argv[])
{
    // Text rendering needs a QGuiApplication; the build machine has no display.
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    if (argc != 2) {
        std::fprintf(stderr, "usage: lounge-demo-frames OUTPUT_DIR\n");
        return 64;
    }
    QDir dir(QString::fromLocal8Bit(argv[1]));
    if (!dir.mkpath(QStringLiteral("."))) {
        return 73;
    }
    // Codes come from DemoData's fixed seed, so the video matches a cache seeded on any day.
    const core::DemoData demo = core::DemoData::build(QDate::currentDate());
    const QStringList wanted {
        QStringLiteral("Gold member, active"),        QStringLiteral("E-pass, any lounge, 3 visits"),
        QStringLiteral("Classic member, suspended"),  QStringLiteral("Platinum member, active"),
        QStringLiteral("E-pass for London only"),     QStringLiteral("E-pass, expired yesterday"),
        QStringLiteral("Family member, shared pool"), QStringLiteral("E-pass with no visits left")};
    QFile listFile(dir.filePath(QStringLiteral("list.txt")));
    if (!listFile.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        return 73;
    }
    QTextStream list(&listFile);
    const QString blank = dir.filePath(QStringLiteral("00.png"));
    if (!desk().save(blank)) {
        return 73;
    }
    list << "file '" << blank << "'\nduration 1.0\n";
    int n = 1;
    for (const auto& label : wanted) {
        for (const auto& s : demo.samples) {
            if (s.label != label) {
                continue;
            }
            const QString path = dir.filePath(QStringLiteral("%1.png").arg(n++, 2, 10, QLatin1Char('0')));
            if (!card(s.code, s.label).save(path)) {
                return 73;
            }
            list << "file '" << path << "'\nduration 2.0\n";
            list << "file '" << blank << "'\nduration 1.0\n";
            if (label == QLatin1StringView("E-pass, any lounge, 3 visits")) {
                // The second scan of the issue 14 flow: the holder's boarding pass, on paper.
                const QDate today = QDate::currentDate();
                const QString bp = dir.filePath(QStringLiteral("%1.png").arg(n++, 2, 10, QLatin1Char('0')));
                if (!paperBoardingPass(core::DemoData::boardingPass(today), today).save(bp)) {
                    return 73;
                }
                list << "file '" << bp << "'\nduration 2.0\n";
                list << "file '" << blank << "'\nduration 1.0\n";
            }
        }
    }
    list << "file '" << blank << "'\n"; // concat demuxer: the last entry's duration needs a following entry
    std::printf("%d stills in %s\n", n, qPrintable(dir.absolutePath()));
    return 0;
}
