#include "gui/ScreenshotTour.h"

#include "DemoData.h"
#include "controller/KioskController.h"
#include "gui/KioskRuntime.h"
#include "gui/LanguageManager.h"
#include "gui/LiveView.h"
#include "gui/MainWindow.h"
#include "gui/ReadyScreen.h"
#include "gui/TodayScreen.h"

#include <QDir>
#include <QGuiApplication>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QPushButton>
#include <QScreen>
#include <QTableView>
#include <QTableWidget>

Q_LOGGING_CATEGORY(lcTour, "lounge.app.tour")

namespace lounge::gui {

using app::Screen;

namespace {
constexpr int kPollMs = 50;
constexpr int kStepTimeoutMs = 10000;
} // namespace

ScreenshotTour::ScreenshotTour(KioskRuntime* runtime, QString directory, QObject* parent)
    : QObject(parent)
    , m_runtime(runtime)
    , m_dir(std::move(directory))
{
    m_poll.setInterval(kPollMs);
    connect(&m_poll, &QTimer::timeout, this, &ScreenshotTour::poll);
}

void ScreenshotTour::start()
{
    QDir().mkpath(m_dir);
    buildSteps();
    m_index = -1;
    runStep();
}

void ScreenshotTour::buildSteps()
{
    auto* c = m_runtime->controller();
    auto* w = m_runtime->window();
    const core::DemoData demo = core::DemoData::build(c->now().date());
    auto code = [demo](const QString& label) {
        for (const auto& s : demo.samples) {
            if (s.label == label) {
                return s.code.toUtf8();
            }
        }
        return QByteArray();
    };
    auto on = [c](Screen s) { return [c, s] { return c->screen() == s && !c->isBusy(); }; };
    auto tone = [c](app::VerdictTone t) {
        return [c, t] { return c->screen() == Screen::Verdict && c->verdict().tone == t; };
    };
    const QByteArray gold = code(QStringLiteral("Gold member, active"));
    const QByteArray suspended = code(QStringLiteral("Classic member, suspended"));
    const QByteArray epass = code(QStringLiteral("E-pass, any lounge, 3 visits"));
    const QByteArray oneVisit = code(QStringLiteral("E-pass for this lounge only, 1 visit"));

    m_steps = {
        {QStringLiteral("01-sign-in.png"), [] {}, [c] { return c->isStoreOpen(); }},
        {QStringLiteral("02-ready.png"), [c] { c->submitPin(QStringLiteral("2468")); },
         [c, w] { return c->screen() == Screen::Ready && w->readyScreen()->liveView()->paintedFrames() > 5; }, 800},
        {QStringLiteral("03-party-size.png"), [c, gold] { c->handleScan(gold); },
         [c] {
             if (c->screen() == Screen::PartySize && c->partySize() == 1) {
                 c->changeGuests(+1);
             }
             return c->screen() == Screen::PartySize && c->partySize() == 2;
         }},
        {QStringLiteral("04-verdict-accept.png"), [c] { c->confirmParty(); }, tone(app::VerdictTone::Accept)},
        {QStringLiteral("05-verdict-reject.png"),
         [c, suspended] {
             c->returnToReady(); // an ACCEPT keeps its time before the next guest; staff press "Next guest"
             c->handleScan(suspended);
         },
         tone(app::VerdictTone::Reject)},
        {QStringLiteral("06-verdict-attention.png"), [c, gold] { c->handleScan(gold); },
         tone(app::VerdictTone::Attention)},
        {QStringLiteral("07-manual-entry.png"),
         [c, w] {
             c->returnToReady();
             c->openManualEntry();
             if (auto* e = w->findChild<QLineEdit*>(QStringLiteral("manualCodeEdit"))) {
                 e->setText(QStringLiteral("600123450000"));
             }
         },
         on(Screen::ManualEntry)},
        {QStringLiteral("08-verdict-epass.png"),
         [c, epass] {
             c->returnToReady();
             c->handleScan(epass);
         },
         tone(app::VerdictTone::Accept)},
        {QStringLiteral("09-today-void.png"),
         [c] {
             c->returnToReady();
             c->openToday();
         },
         [c, w] {
             auto* today = w->findChild<TodayScreen*>();
             if (c->screen() != Screen::Today || !today || today->table()->model()->rowCount() < 2) {
                 return false;
             }
             if (!c->voidCandidate()) {
                 // As a tap does; QTableView::selectRow selects nothing in Arabic (TodayScreen::selectRow).
                 today->selectRow(today->table()->model()->rowCount() - 1);
                 if (auto* b = w->findChild<QPushButton*>(QStringLiteral("voidButton"))) {
                     b->click();
                 }
             }
             return c->voidCandidate().has_value();
         }},
        {QStringLiteral("10-sync.png"),
         [c] {
             c->cancelVoid();
             c->returnToReady();
             app::SyncView s;
             s.state = app::SyncView::State::Offline;
             s.lastSuccess = c->now().addSecs(-47 * 60);
             s.lastFailure = c->now().addSecs(-20);
             s.lastError = QStringLiteral("central not reachable");
             s.clockOffsetMs = 420;
             s.downloadDone = 3200;
             s.downloadTotal = 5000;
             c->setSyncStatus(s);
             c->openSync();
         },
         on(Screen::Sync)},
        {QStringLiteral("11-offline-banner.png"), [c] { c->returnToReady(); }, on(Screen::Ready)},
        {QStringLiteral("12-settings.png"), [c] { c->openSettings(); }, on(Screen::Settings)},
        {QStringLiteral("13-ar-verdict.png"),
         [this, c, oneVisit] {
             app::SyncView s;
             s.state = app::SyncView::State::Online;
             s.lastSuccess = c->now();
             c->setSyncStatus(s);
             m_runtime->languages()->setLanguage(QStringLiteral("ar"));
             c->returnToReady();
             c->handleScan(oneVisit);
         },
         [c] { return c->screen() == Screen::Verdict; }},
        {QStringLiteral("14-ar-ready.png"), [c] { c->returnToReady(); }, on(Screen::Ready)},
        {QStringLiteral("15-zh-reject.png"),
         [this, c, suspended] {
             m_runtime->languages()->setLanguage(QStringLiteral("zh_CN"));
             c->handleScan(suspended);
         },
         tone(app::VerdictTone::Reject)},
        {QStringLiteral("16-zh-sign-in.png"), [c] { c->signOut(); }, on(Screen::SignedOut)},
        // The demo agent steps away: a locked desk, then the supervisor signs the agent out and takes over.
        {QStringLiteral("18-locked.png"),
         [this, c] {
             m_runtime->languages()->setLanguage(QStringLiteral("en"));
             c->submitPin(QStringLiteral("1234"));
         },
         [c] {
             if (c->screen() == Screen::Ready && !c->isBusy()) {
                 c->lock();
             }
             return c->screen() == Screen::Locked;
         }},
        {QStringLiteral("19-supervisor-took-over.png"), [c] { c->submitPin(QStringLiteral("2468")); },
         on(Screen::Ready), 800},
        {QStringLiteral("20-staff-sessions.png"), [c] { c->openToday(); },
         [c, w] {
             auto* toggle = w->findChild<QPushButton*>(QStringLiteral("todaySessionsButton"));
             auto* table = w->findChild<QTableWidget*>(QStringLiteral("todaySessionsTable"));
             if (c->screen() != Screen::Today || !toggle || !table) {
                 return false;
             }
             if (!toggle->isChecked()) {
                 toggle->click();
             }
             return table->isVisible() && table->rowCount() >= 5;
         }},
    };
}

void ScreenshotTour::runStep()
{
    ++m_index;
    if (m_index >= m_steps.size()) {
        m_poll.stop();
        qCInfo(lcTour) << "tour finished," << m_failures << "failures";
        emit finished(m_failures);
        return;
    }
    m_waitedMs = 0;
    m_steps[m_index].action();
    m_poll.start();
}

void ScreenshotTour::poll()
{
    Step& step = m_steps[m_index];
    m_waitedMs += kPollMs;
    if (!step.ready()) {
        if (m_waitedMs > kStepTimeoutMs) {
            qCWarning(lcTour) << "timed out waiting for" << step.file;
            ++m_failures;
            runStep();
        }
        return;
    }
    m_poll.stop();
    QTimer::singleShot(step.settleMs, this, [this] {
        grab();
        runStep();
    });
}

void ScreenshotTour::grab()
{
    auto* window = m_runtime->window();
    QPixmap shot;
    if (QScreen* screen = window->screen()) {
        shot = screen->grabWindow(0);
    }
    if (shot.isNull()) {
        shot = window->grab(); // offscreen platform: no screen to grab
    }
    const QString path = QDir(m_dir).filePath(m_steps[m_index].file);
    if (!shot.save(path)) {
        qCWarning(lcTour) << "cannot write" << path;
        ++m_failures;
    } else {
        qCInfo(lcTour) << "saved" << path;
    }
}

} // namespace lounge::gui
