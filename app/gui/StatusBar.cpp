#include "gui/StatusBar.h"

#include "controller/KioskController.h"
#include "gui/ReasonText.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QTimer>

namespace lounge::gui {

StatusBar::StatusBar(app::KioskController* controller, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller)
{
    setObjectName(QStringLiteral("statusBar"));
    setAttribute(Qt::WA_StyledBackground);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(12, 6, 12, 6);
    layout->setSpacing(20);
    auto label = [&](const char* name) {
        auto* l = new QLabel(this);
        l->setObjectName(QLatin1String(name));
        l->setSizePolicy(QSizePolicy::Minimum, QSizePolicy::Preferred); // states are never cut short
        layout->addWidget(l);
        return l;
    };
    m_resource = label("statusResource");
    m_resource->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred); // the lounge name gives way first
    layout->setStretchFactor(m_resource, 1);
    m_resource->installEventFilter(this); // re-elide the name whenever the layout gives it another width
    m_sync = label("statusSync");
    m_lastSync = label("statusLastSync");
    m_pending = label("statusPending");
    m_staff = label("statusStaff");
    m_camera = label("statusCamera");
    m_clock = label("statusClock");
    connect(controller, &app::KioskController::statusChanged, this, &StatusBar::refresh);
    connect(controller, &app::KioskController::settingsChanged, this, &StatusBar::refresh);
    connect(controller, &app::KioskController::staffChanged, this, &StatusBar::refresh);
    auto* tick = new QTimer(this);
    tick->setInterval(1000);
    connect(tick, &QTimer::timeout, this,
            [this] { m_clock->setText(ReasonText::clockSeconds(QDateTime::currentDateTime())); });
    tick->start();
    refresh();
}

void StatusBar::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        refresh();
    }
    QWidget::changeEvent(event);
}

bool StatusBar::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_resource && event->type() == QEvent::Resize) {
        elideResource();
    }
    return QWidget::eventFilter(watched, event);
}

void StatusBar::elideResource()
{
    const int width = m_resource->contentsRect().width();
    const QString shown = m_resource->fontMetrics().elidedText(m_resourceName, Qt::ElideRight, qMax(0, width));
    m_resource->setText(shown);
    m_resource->setToolTip(shown == m_resourceName ? QString() : m_resourceName);
}

void StatusBar::refresh()
{
    const auto res = m_controller->currentResource();
    m_resourceName = res ? res->name : tr("No lounge selected");
    elideResource();
    const auto state = m_controller->sync().state;
    QString dot = QStringLiteral("●");
    QString colour = QStringLiteral("#94a3b8");
    if (state == app::SyncView::State::Online) {
        colour = QStringLiteral("#22c55e");
    } else if (state == app::SyncView::State::Syncing) {
        colour = QStringLiteral("#60a5fa");
    } else if (state == app::SyncView::State::Offline || state == app::SyncView::State::Error) {
        colour = QStringLiteral("#f59e0b");
    }
    m_sync->setText(QStringLiteral("<span style='color:%1'>%2</span> %3")
                        .arg(colour, dot, ReasonText::syncState(state).toHtmlEscaped()));
    // A standalone terminal never syncs: say so once, without "synced never" or an upload count.
    const bool standalone = state == app::SyncView::State::Disabled;
    if (standalone) {
        m_sync->setText(QStringLiteral("<span style='color:%1'>%2</span> %3")
                            .arg(colour, dot, tr("Not connected to a central service").toHtmlEscaped()));
    }
    m_lastSync->setVisible(!standalone);
    m_pending->setVisible(!standalone);
    m_lastSync->setText(tr("Synced %1").arg(ReasonText::age(m_controller->lastSync(), m_controller->now())));
    m_pending->setText(tr("%Ln to upload", nullptr, m_controller->pendingUploads()));
    const auto cam = m_controller->camera();
    m_camera->setText(app::isFault(cam) ? tr("Camera fault") : ReasonText::camera(cam));
    m_camera->setStyleSheet(app::isFault(cam) ? QStringLiteral("color: #fca5a5; font-weight: 700;") : QString());
    const auto& staff = m_controller->staff();
    m_staff->setText(staff ? ReasonText::staffName(*staff) : QString());
    m_clock->setText(ReasonText::clockSeconds(QDateTime::currentDateTime()));
}

} // namespace lounge::gui
