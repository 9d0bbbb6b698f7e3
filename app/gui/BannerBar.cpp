#include "gui/BannerBar.h"

#include "controller/KioskController.h"
#include "gui/ReasonText.h"

#include <QEvent>
#include <QLabel>
#include <QTimer>
#include <QVBoxLayout>

namespace lounge::gui {

namespace {
QLabel* makeBanner(const QString& name, const QString& style, QWidget* parent)
{
    auto* l = new QLabel(parent);
    l->setObjectName(name);
    l->setWordWrap(true);
    l->setStyleSheet(style + QStringLiteral("padding: 8px 16px; font-weight: 700;"));
    l->hide();
    return l;
}
} // namespace

BannerBar::BannerBar(app::KioskController* controller, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller)
{
    setObjectName(QStringLiteral("bannerBar"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    const QString red = QStringLiteral("background: #b91c1c; color: #ffffff;");
    const QString amber = QStringLiteral("background: #f59e0b; color: #111827;");
    m_store = makeBanner(QStringLiteral("storeFaultBanner"), red, this);
    m_camera = makeBanner(QStringLiteral("cameraBanner"), red, this);
    m_offline = makeBanner(QStringLiteral("offlineBanner"), amber, this);
    m_stale = makeBanner(QStringLiteral("staleBanner"), amber, this);
    m_notice = makeBanner(QStringLiteral("sessionNoticeBanner"), QStringLiteral("background: #1d4ed8; color: #ffffff;"),
                          this);
    m_nextGuest
        = makeBanner(QStringLiteral("nextGuestChip"), QStringLiteral("background: #0e7490; color: #ffffff;"), this);
    m_scanNotice
        = makeBanner(QStringLiteral("scanNoticeBanner"), QStringLiteral("background: #6d28d9; color: #ffffff;"), this);
    for (auto* l : {m_store, m_camera, m_offline, m_stale, m_notice, m_nextGuest, m_scanNotice}) {
        layout->addWidget(l);
    }
    m_scanNoticeTimer = new QTimer(this);
    m_scanNoticeTimer->setSingleShot(true);
    connect(m_scanNoticeTimer, &QTimer::timeout, this, [this] {
        m_lastScanNotice.reset();
        refresh();
    });
    connect(controller, &app::KioskController::nextGuestChanged, this, &BannerBar::refresh);
    connect(controller, &app::KioskController::scanNoticed, this, [this](app::ScanNotice notice) {
        m_lastScanNotice = notice;
        m_scanNoticeTimer->start(kScanNoticeMs);
        refresh();
    });
    connect(controller, &app::KioskController::screenChanged, this, [this] {
        if (m_lastScanNotice == app::ScanNotice::SignInFirst && m_controller->isSessionOpen()) {
            m_lastScanNotice.reset(); // signed in now: the notice is old news
            m_scanNoticeTimer->stop();
            refresh();
        }
    });
    m_noticeTimer = new QTimer(this);
    m_noticeTimer->setSingleShot(true);
    connect(m_noticeTimer, &QTimer::timeout, this, [this] {
        m_noticePrevious.clear();
        refresh();
    });
    connect(controller, &app::KioskController::statusChanged, this, &BannerBar::refresh);
    connect(controller, &app::KioskController::sessionTakenOver, this,
            [this](const app::StaffMember& previous, const app::StaffMember& supervisor) {
                m_noticePrevious = ReasonText::staffName(previous);
                m_noticeSupervisor = ReasonText::staffName(supervisor);
                m_noticeTimer->start(kNoticeMs);
                refresh();
            });
    connect(controller, &app::KioskController::staffChanged, this, [this] {
        if (!m_controller->isSessionOpen() && !m_noticePrevious.isEmpty()) {
            m_noticePrevious.clear(); // the supervisor left too: the notice is old news
            m_noticeTimer->stop();
            refresh();
        }
    });
    refresh();
}

void BannerBar::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        refresh();
    }
    QWidget::changeEvent(event);
}

void BannerBar::refresh()
{
    const auto& fault = m_controller->storeFault();
    m_store->setVisible(fault.has_value());
    if (fault) {
        // A damaged or lost file does not heal by retrying: it needs IT, and setting the desk up again would bury
        // the visits it held. Other faults (disk full, locked) clear by themselves once the cause goes.
        m_store->setText(fault->code == core::ErrorCode::Corrupt
                             ? tr("⚠ %1 Do not admit, and do not set this desk up again: call IT to restore the file.")
                                   .arg(ReasonText::storeError(*fault))
                             : tr("⚠ %1 Visits cannot be recorded: do not admit until a green screen. Retrying…")
                                   .arg(ReasonText::storeError(*fault)));
    }
    const bool cam = app::isFault(m_controller->camera());
    m_camera->setVisible(cam);
    if (cam) {
        m_camera->setText(QStringLiteral("⚠ ") + ReasonText::camera(m_controller->camera()));
    }
    const bool offline = m_controller->isOffline();
    m_offline->setVisible(offline);
    if (offline) {
        m_offline->setText(tr("Offline: checking against the local cache. %Ln visit(s) waiting to upload.", nullptr,
                              m_controller->pendingUploads()));
    }
    m_notice->setVisible(!m_noticePrevious.isEmpty());
    if (!m_noticePrevious.isEmpty()) {
        m_notice->setText(tr("%1 signed %2 out of this desk. Visits from now on are recorded under %1.")
                              .arg(m_noticeSupervisor, m_noticePrevious));
    }
    const auto& next = m_controller->nextGuest();
    m_nextGuest->setVisible(next.has_value());
    if (next) {
        const QString who = next->named && !next->name.isEmpty() ? next->name : tr("checking the pass…");
        m_nextGuest->setText(tr("Next guest: %1 (scanned, waits until this guest is finished)").arg(who));
    }
    m_scanNotice->setVisible(m_lastScanNotice.has_value());
    if (m_lastScanNotice) {
        switch (*m_lastScanNotice) {
        case app::ScanNotice::SignInFirst:
            m_scanNotice->setText(tr("That code is not a staff badge. Sign in first; guests are checked once the "
                                     "desk is open."));
            break;
        case app::ScanNotice::FinishThisGuestFirst:
            m_scanNotice->setText(tr("Finish this guest first: one more guest is already waiting. Scan again after."));
            break;
        case app::ScanNotice::NotABoardingPass:
            m_scanNotice->setText(tr("This is not a boarding pass. Scan the lounge pass or a boarding pass."));
            break;
        case app::ScanNotice::DamagedBoardingPass:
            m_scanNotice->setText(tr("This boarding pass is damaged — scan it again."));
            break;
        case app::ScanNotice::BoardingPassNotUsed:
            m_scanNotice->setText(tr("Boarding passes are not checked at this lounge. Scan the lounge pass."));
            break;
        }
    }
    const bool stale = m_controller->isCacheStale();
    m_stale->setVisible(stale);
    if (stale) {
        m_stale->setText(tr("Data last updated %1. Check the network connection.")
                             .arg(ReasonText::age(m_controller->lastSync(), m_controller->now())));
    }
}

} // namespace lounge::gui
