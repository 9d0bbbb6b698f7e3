#include "gui/SyncScreen.h"

#include "controller/KioskController.h"
#include "gui/ReasonText.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace lounge::gui {

SyncScreen::SyncScreen(app::KioskController* controller, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller)
{
    setObjectName(QStringLiteral("syncScreen"));
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(32, 20, 32, 20);
    outer->setSpacing(12);
    auto* top = new QHBoxLayout;
    m_title = new QLabel(this);
    m_title->setProperty("role", QStringLiteral("title"));
    m_back = new QPushButton(this);
    m_back->setObjectName(QStringLiteral("syncBackButton"));
    m_syncNow = new QPushButton(this);
    m_syncNow->setObjectName(QStringLiteral("syncNowButton"));
    m_syncNow->setProperty("role", QStringLiteral("primary"));
    top->addWidget(m_title, 1);
    top->addWidget(m_syncNow);
    top->addWidget(m_back);
    outer->addLayout(top);
    m_state = new QLabel(this);
    m_state->setObjectName(QStringLiteral("syncState"));
    m_state->setStyleSheet(QStringLiteral("font-size: 40px; font-weight: 800;"));
    outer->addWidget(m_state);
    m_details = new QLabel(this);
    m_details->setObjectName(QStringLiteral("syncDetails"));
    m_details->setTextFormat(Qt::RichText);
    m_details->setWordWrap(true);
    outer->addWidget(m_details);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("syncProgress"));
    outer->addWidget(m_progress);
    outer->addStretch(1);
    connect(m_back, &QPushButton::clicked, controller, &app::KioskController::returnToReady);
    connect(m_syncNow, &QPushButton::clicked, controller, &app::KioskController::syncNow);
    connect(controller, &app::KioskController::statusChanged, this, &SyncScreen::refresh);
    connect(controller, &app::KioskController::staffChanged, this, &SyncScreen::refresh);
    refresh();
}

void SyncScreen::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        refresh();
    }
    QWidget::changeEvent(event);
}

void SyncScreen::refresh()
{
    const auto& s = m_controller->sync();
    const QDateTime now = m_controller->now();
    m_title->setText(tr("Sync"));
    m_back->setText(tr("Back"));
    m_syncNow->setText(tr("Sync now"));
    m_syncNow->setVisible(s.state != app::SyncView::State::Disabled
                          && m_controller->allows(core::StaffAction::ForceSync));
    m_state->setText(ReasonText::syncState(s.state));
    QString colour = QStringLiteral("#f8fafc");
    if (s.state == app::SyncView::State::Online) {
        colour = QStringLiteral("#4ade80");
    } else if (s.state == app::SyncView::State::Offline || s.state == app::SyncView::State::Error) {
        colour = QStringLiteral("#fbbf24");
    }
    m_state->setStyleSheet(QStringLiteral("font-size: 40px; font-weight: 800; color: %1;").arg(colour));
    const QLocale loc;
    auto when = [&](const QDateTime& t) {
        return t.isValid() ? QStringLiteral("%1 (%2)").arg(loc.toString(t.toLocalTime(), QLocale::ShortFormat),
                                                           ReasonText::age(t, now))
                           : ReasonText::age(t, now);
    };
    const QString rows
        = QStringLiteral("<table cellspacing='8'>"
                         "<tr><td>%1</td><td><b>%2</b></td></tr>"
                         "<tr><td>%3</td><td><b>%4</b></td></tr>"
                         "<tr><td>%5</td><td><b>%6</b></td></tr>"
                         "<tr><td>%7</td><td><b>%8</b></td></tr>"
                         "<tr><td>%9</td><td><b>%10</b></td></tr>"
                         "<tr><td>%11</td><td><b>%12</b></td></tr></table>")
              .arg(tr("Mode"), ReasonText::mode(m_controller->settings().terminal.mode).toHtmlEscaped(),
                   tr("Last successful sync"), when(m_controller->lastSync()).toHtmlEscaped(), tr("Last failure"),
                   (s.lastFailure.isValid() ? when(s.lastFailure) + QStringLiteral(" — ") + s.lastError : tr("none"))
                       .toHtmlEscaped(),
                   tr("Visits waiting to upload"), QString::number(m_controller->pendingUploads()))
              .arg(tr("Clock offset to central"), tr("%1 s").arg(s.clockOffsetMs / 1000.0, 0, 'f', 1),
                   tr("Central service"),
                   (m_controller->settings().terminal.centralUrl.isEmpty()
                        ? tr("not configured")
                        : m_controller->settings().terminal.centralUrl)
                       .toHtmlEscaped());
    m_details->setText(rows);
    m_progress->setVisible(s.downloadTotal > 0);
    if (s.downloadTotal > 0) {
        m_progress->setRange(0, s.downloadTotal);
        m_progress->setValue(s.downloadDone);
        m_progress->setFormat(tr("Initial download %p%"));
    }
}

} // namespace lounge::gui
