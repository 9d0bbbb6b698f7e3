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
    auto when = [&](const QDateTime& t) {
        return t.isValid() ? QStringLiteral("%1 (%2)").arg(ReasonText::dateTime(t), ReasonText::age(t, now))
                           : ReasonText::age(t, now);
    };
    auto row = [](const QString& label, const QString& value) {
        return QStringLiteral("<tr><td>%1</td><td><b>%2</b></td></tr>")
            .arg(label.toHtmlEscaped(), value.toHtmlEscaped());
    };
    QString rows = QStringLiteral("<table cellspacing='8'>");
    if (s.state == app::SyncView::State::Disabled) {
        // A standalone terminal has nothing to sync: no ages, no uploads, only what it is and how to change that.
        m_state->setText(tr("Not connected to a central service"));
        rows += row(tr("Visits"), tr("Recorded on this terminal only."));
        rows += row(tr("To connect"), tr("Ask IT to enroll this terminal with the central service."));
    } else {
        QString failure = tr("none");
        if (s.lastFailure.isValid()) {
            failure = when(s.lastFailure);
            if (s.lastFailureCode) {
                failure += QStringLiteral(" — ") + ReasonText::syncFailure(*s.lastFailureCode);
            }
        }
        rows += row(tr("Mode"), ReasonText::mode(m_controller->settings().terminal.mode));
        rows += row(tr("Last successful sync"), when(m_controller->lastSync()));
        rows += row(tr("Last failure"), failure);
        rows += row(tr("Visits waiting to upload"), QLocale().toString(m_controller->pendingUploads()));
        rows
            += row(tr("Clock offset to central"), tr("%1 s").arg(QLocale().toString(s.clockOffsetMs / 1000.0, 'f', 1)));
        rows += row(tr("Central service"), m_controller->settings().terminal.centralUrl);
    }
    rows += QStringLiteral("</table>");
    m_details->setText(rows);
    m_progress->setVisible(s.downloadTotal > 0);
    if (s.downloadTotal > 0) {
        m_progress->setRange(0, s.downloadTotal);
        m_progress->setValue(s.downloadDone);
        m_progress->setFormat(tr("Initial download %p%"));
    }
}

} // namespace lounge::gui
