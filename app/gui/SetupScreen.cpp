#include "gui/SetupScreen.h"

#include "controller/SetupController.h"

#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>
#include <algorithm>

namespace lounge::gui {

using app::SetupController;

SetupScreen::SetupScreen(SetupController* setup, QWidget* parent)
    : QWidget(parent)
    , m_setup(setup)
{
    setObjectName(QStringLiteral("setupScreen"));
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(48, 24, 48, 24);
    outer->setSpacing(12);
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("setupTitle"));
    m_title->setProperty("role", QStringLiteral("title"));
    m_hint = new QLabel(this);
    m_hint->setObjectName(QStringLiteral("setupHint"));
    m_hint->setProperty("role", QStringLiteral("hint"));
    m_hint->setWordWrap(true);
    outer->addWidget(m_title);
    outer->addWidget(m_hint);

    auto* form = new QGridLayout;
    form->setHorizontalSpacing(16);
    form->setColumnStretch(1, 1);
    m_urlLabel = new QLabel(this);
    m_url = new QLineEdit(this);
    m_url->setObjectName(QStringLiteral("setupUrl"));
    m_url->setInputMethodHints(Qt::ImhUrlCharactersOnly | Qt::ImhNoAutoUppercase);
    m_url->setText(setup->centralUrl());
    m_urlLabel->setBuddy(m_url);
    m_codeLabel = new QLabel(this);
    m_code = new QLineEdit(this);
    m_code->setObjectName(QStringLiteral("setupCode"));
    m_code->setInputMethodHints(Qt::ImhNoPredictiveText | Qt::ImhNoAutoUppercase);
    m_codeLabel->setBuddy(m_code);
    form->addWidget(m_urlLabel, 0, 0);
    form->addWidget(m_url, 0, 1);
    form->addWidget(m_codeLabel, 1, 0);
    form->addWidget(m_code, 1, 1);
    outer->addLayout(form);

    auto* buttons = new QHBoxLayout;
    m_enroll = new QPushButton(this);
    m_enroll->setObjectName(QStringLiteral("setupEnrollButton"));
    m_enroll->setProperty("role", QStringLiteral("primary"));
    m_retry = new QPushButton(this);
    m_retry->setObjectName(QStringLiteral("setupRetryButton"));
    m_demo = new QPushButton(this);
    m_demo->setObjectName(QStringLiteral("setupDemoButton"));
    buttons->addWidget(m_enroll);
    buttons->addWidget(m_retry);
    buttons->addStretch(1);
    buttons->addWidget(m_demo);
    outer->addLayout(buttons);

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("setupMessage"));
    m_message->setProperty("role", QStringLiteral("error"));
    m_message->setWordWrap(true);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("setupProgress"));
    m_progressLabel = new QLabel(this);
    m_progressLabel->setObjectName(QStringLiteral("setupProgressLabel"));
    m_progressLabel->setProperty("role", QStringLiteral("hint"));
    outer->addWidget(m_message);
    outer->addWidget(m_progress);
    outer->addWidget(m_progressLabel);
    outer->addStretch(1);

    connect(m_enroll, &QPushButton::clicked, this, [this] { m_setup->submit(m_url->text(), m_code->text()); });
    connect(m_code, &QLineEdit::returnPressed, m_enroll, &QPushButton::click);
    connect(m_retry, &QPushButton::clicked, this, [this] { m_setup->retry(); });
    connect(m_demo, &QPushButton::clicked, this, &SetupScreen::demoRequested);
    connect(m_setup, &SetupController::stateChanged, this, &SetupScreen::refresh);
    connect(m_setup, &SetupController::progressChanged, this, &SetupScreen::refresh);
    retranslate();
}

void SetupScreen::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
    }
    QWidget::changeEvent(event);
}

void SetupScreen::retranslate()
{
    m_title->setText(tr("Set up this desk"));
    m_hint->setText(tr("Hold the set-up QR code from your IT team up to the camera or scan it with the handheld "
                       "scanner. No QR code? Type central's address and the one-time code printed with it."));
    m_urlLabel->setText(tr("Central address"));
    m_url->setPlaceholderText(tr("https://central.example.org"));
    m_codeLabel->setText(tr("One-time code"));
    m_enroll->setText(tr("Set up"));
    m_retry->setText(tr("Try again"));
    m_demo->setText(tr("Try the demo"));
    refresh();
}

QString SetupScreen::problemText() const
{
    const QString url = m_setup->centralUrl();
    const QString detail = m_setup->detail();
    switch (m_setup->problem()) {
    case SetupController::Problem::None:
        return {};
    case SetupController::Problem::BadUrl:
        return tr("That is not a central address. Type it as printed under the QR code, starting with https:// "
                  "(for example https://central.example.org).");
    case SetupController::Problem::MissingCode:
        return tr("Type the one-time code as well: it is printed with the QR code.");
    case SetupController::Problem::NotEnrollmentQr:
        return tr("That is not a set-up code. Scan the set-up QR code your IT team printed for this desk.");
    case SetupController::Problem::WrongCode:
        return tr("Central did not accept this code: it is mistyped, already used or expired. Ask IT for a new "
                  "set-up code (lounge-central enroll-code --qr) and scan it.");
    case SetupController::Problem::Unreachable:
        return tr("Central does not answer at %1. Check the desk's network cable or Wi-Fi and the address, then "
                  "press Set up again.")
            .arg(url);
    case SetupController::Problem::TlsNameMismatch:
        return tr("Central's certificate is issued for a different name than %1. Type the address exactly as "
                  "printed on the set-up sheet (the name, not an IP address), or ask IT to fix the certificate.")
            .arg(url);
    case SetupController::Problem::TlsUntrusted:
        return tr("This desk does not trust central's certificate at %1 (self-signed, unknown authority or "
                  "expired). Ask IT to install a trusted certificate on central.")
            .arg(url);
    case SetupController::Problem::LocalStorage:
        return tr("This desk cannot write its data (%1). Call IT: the disk may be full or read-only.").arg(detail);
    case SetupController::Problem::DownloadFailed:
        return tr("The desk is enrolled, but the first download stopped. Check the network, then press Try "
                  "again.");
    }
    return {};
}

void SetupScreen::refresh()
{
    const auto state = m_setup->state();
    const bool working = m_setup->isWorking();
    const bool enrolled = state == SetupController::State::Downloading
        || m_setup->problem() == SetupController::Problem::DownloadFailed;
    m_url->setEnabled(!working && !enrolled);
    m_code->setEnabled(!working && !enrolled);
    m_enroll->setEnabled(!working && !enrolled);
    m_enroll->setVisible(!enrolled);
    m_retry->setVisible(m_setup->problem() == SetupController::Problem::DownloadFailed);
    m_demo->setEnabled(!working && !enrolled);
    m_message->setText(problemText());
    m_message->setVisible(!m_message->text().isEmpty());
    const auto& p = m_setup->progress();
    m_progress->setVisible(state == SetupController::State::Enrolling || state == SetupController::State::Downloading);
    m_progressLabel->setVisible(m_progress->isVisible());
    if (state == SetupController::State::Enrolling) {
        m_progress->setRange(0, 0);
        m_progressLabel->setText(tr("Enrolling at %1…").arg(m_setup->centralUrl()));
    } else if (state == SetupController::State::Downloading) {
        if (p.total > 0) {
            m_progress->setRange(0, 1000);
            m_progress->setValue(int(std::clamp<qint64>(p.records * 1000 / p.total, 0, 1000)));
        } else {
            m_progress->setRange(0, 0);
        }
        m_progressLabel->setText(p.total > 0
                                     ? tr("Downloading memberships and passes: %1 of %2").arg(p.records).arg(p.total)
                                     : tr("Downloading memberships and passes: %1").arg(p.records));
    }
}

} // namespace lounge::gui
