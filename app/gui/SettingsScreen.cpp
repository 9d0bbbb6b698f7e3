#include "gui/SettingsScreen.h"

#include "controller/KioskController.h"
#include "gui/LanguageManager.h"
#include "gui/ReasonText.h"

#include <QCameraDevice>
#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMediaDevices>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QVBoxLayout>

namespace lounge::gui {

SettingsScreen::SettingsScreen(app::KioskController* controller, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller)
{
    setObjectName(QStringLiteral("settingsScreen"));
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(32, 16, 32, 16);
    auto* top = new QHBoxLayout;
    m_title = new QLabel(this);
    m_title->setProperty("role", QStringLiteral("title"));
    m_back = new QPushButton(this);
    m_back->setObjectName(QStringLiteral("settingsBackButton"));
    m_save = new QPushButton(this);
    m_save->setObjectName(QStringLiteral("settingsSaveButton"));
    m_save->setProperty("role", QStringLiteral("primary"));
    top->addWidget(m_title, 1);
    top->addWidget(m_back);
    top->addWidget(m_save);
    outer->addLayout(top);

    // A grid rather than a QFormLayout: QFormLayout top-aligns a label beside a taller field, so the labels sat
    // above the middle of their touch-sized fields. Here each label is centred on its field's row.
    // The form scrolls rather than squeezing: at 1024×600 with a banner showing, the touch-sized fields do not fit.
    auto* content = new QWidget(this);
    content->setObjectName(QStringLiteral("settingsForm"));
    auto* form = new QGridLayout(content);
    form->setContentsMargins(0, 0, 16, 0); // room for the scroll bar
    form->setVerticalSpacing(6);
    form->setHorizontalSpacing(24);
    form->setColumnStretch(1, 1);
    auto row = [&](QWidget* field, const char* name) {
        field->setObjectName(QLatin1String(name));
        if (auto* combo = qobject_cast<QComboBox*>(field)) {
            // A long lounge name must not widen the form past the screen: elide inside the field instead.
            combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
            combo->setMinimumContentsLength(8);
        }
        // The wheel scrolls the form: a field under the pointer must not eat it and change a setting.
        field->setFocusPolicy(Qt::StrongFocus);
        field->installEventFilter(this);
        auto* l = new QLabel(this);
        l->setBuddy(field);
        const int r = int(m_labels.size());
        m_labels << l;
        form->addWidget(l, r, 0, Qt::AlignLeading | Qt::AlignVCenter);
        form->addWidget(field, r, 1);
    };
    m_camera = new QComboBox(this);
    row(m_camera, "settingsCamera");
    m_resource = new QComboBox(this);
    row(m_resource, "settingsResource");
    m_mode = new QComboBox(this);
    row(m_mode, "settingsMode");
    m_verdictSeconds = new QSpinBox(this);
    m_verdictSeconds->setRange(1, 60);
    row(m_verdictSeconds, "settingsVerdictSeconds");
    m_lockMinutes = new QSpinBox(this);
    m_lockMinutes->setRange(0, app::KioskSettings::kMaxLockMinutes);
    row(m_lockMinutes, "settingsLockMinutes");
    m_recentMinutes = new QSpinBox(this);
    m_recentMinutes->setRange(0, 24 * 60);
    row(m_recentMinutes, "settingsRecentMinutes");
    m_staleHours = new QSpinBox(this);
    m_staleHours->setRange(0, 24 * 30);
    row(m_staleHours, "settingsStaleHours");
    m_sound = new QCheckBox(this);
    row(m_sound, "settingsSound");
    m_language = new QComboBox(this);
    for (const auto& lang : LanguageManager::available()) {
        m_language->addItem(LanguageManager::nativeName(lang), lang);
    }
    row(m_language, "settingsLanguage");
    form->setRowStretch(int(m_labels.size()), 1);
    auto* scroll = new QScrollArea(this);
    m_scroll = scroll;
    scroll->setObjectName(QStringLiteral("settingsScroll"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->viewport()->setAutoFillBackground(false);
    content->setAutoFillBackground(false);
    scroll->setWidget(content);
    outer->addWidget(scroll, 1);

    m_discardPanel = new QWidget(this);
    m_discardPanel->setObjectName(QStringLiteral("settingsDiscardPanel"));
    m_discardPanel->setAttribute(Qt::WA_StyledBackground);
    m_discardPanel->setStyleSheet(
        QStringLiteral("#settingsDiscardPanel { background: #78350f; border-radius: 10px; }"));
    auto* dl = new QHBoxLayout(m_discardPanel);
    m_discardText = new QLabel(m_discardPanel);
    m_discardText->setWordWrap(true);
    m_discard = new QPushButton(m_discardPanel);
    m_discard->setObjectName(QStringLiteral("settingsDiscardButton"));
    m_discard->setProperty("role", QStringLiteral("danger"));
    m_keepEditing = new QPushButton(m_discardPanel);
    m_keepEditing->setObjectName(QStringLiteral("settingsKeepEditingButton"));
    dl->addWidget(m_discardText, 1);
    dl->addWidget(m_keepEditing);
    dl->addWidget(m_discard);
    m_discardPanel->hide();
    outer->addWidget(m_discardPanel);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("settingsMessage"));
    m_message->setProperty("role", QStringLiteral("hint"));
    m_message->setWordWrap(true);
    outer->addWidget(m_message);

    connect(m_back, &QPushButton::clicked, this, &SettingsScreen::back);
    connect(m_save, &QPushButton::clicked, this, &SettingsScreen::save);
    connect(m_keepEditing, &QPushButton::clicked, m_discardPanel, &QWidget::hide);
    connect(m_discard, &QPushButton::clicked, this, [this] {
        m_discardPanel->hide();
        load();
        m_controller->returnToReady();
    });
    connect(controller, &app::KioskController::settingsChanged, this, [this] {
        load();
        if (m_saving) {
            m_saving = false;
            m_message->setText(tr("Settings saved."));
        }
    });
    connect(controller, &app::KioskController::settingsRefused, this, [this] {
        m_saving = false;
        m_message->setText(tr("Only a supervisor can change the settings."));
    });
    connect(controller, &app::KioskController::statusChanged, this, [this] {
        if (m_saving && m_controller->storeFault()) {
            m_saving = false;
            m_message->setText(tr("Settings not saved: %1").arg(ReasonText::storeError(*m_controller->storeFault())));
        }
    });
    connect(controller, &app::KioskController::screenChanged, this, [this](app::Screen s) {
        if (s == app::Screen::Settings) {
            m_message->clear();
            m_discardPanel->hide();
            load();
        }
    });
    retranslate();
    load();
}

void SettingsScreen::retranslate()
{
    m_title->setText(tr("Settings"));
    m_back->setText(tr("Back"));
    m_save->setText(tr("Save"));
    const QStringList labels {tr("Camera"),
                              tr("Lounge"),
                              tr("Sync mode"),
                              tr("Verdict shown for (seconds)"),
                              tr("Lock when idle for (minutes, 0 = never)"),
                              tr("Warn on reuse within (minutes)"),
                              tr("Warn when data older than (hours)"),
                              tr("Sound"),
                              tr("Language")};
    for (int i = 0; i < m_labels.size() && i < labels.size(); ++i) {
        m_labels[i]->setText(labels[i]);
    }
    m_sound->setText(tr("Play a sound for each verdict"));
    m_discardText->setText(tr("Your changes are not saved. Leave without saving them?"));
    m_discard->setText(tr("Discard changes"));
    m_keepEditing->setText(tr("Keep editing"));
    load();
}

void SettingsScreen::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
    }
    QWidget::changeEvent(event);
}

void SettingsScreen::load()
{
    const auto& s = m_controller->settings();
    m_camera->clear();
    m_camera->addItem(tr("System default"), QString());
    if (isVisible() || window()->isVisible()) {
        for (const auto& cam : QMediaDevices::videoInputs()) {
            m_camera->addItem(cam.description(), QString::fromUtf8(cam.id()));
        }
    }
    if (!s.cameraId.isEmpty() && m_camera->findData(s.cameraId) < 0) {
        m_camera->addItem(s.cameraId, s.cameraId);
    }
    m_camera->setCurrentIndex(qMax(0, m_camera->findData(s.cameraId)));
    m_resource->clear();
    for (const auto& r : m_controller->resources()) {
        m_resource->addItem(QStringLiteral("%1 (%2)").arg(r.name, r.id), r.id);
    }
    m_resource->setCurrentIndex(qMax(0, m_resource->findData(s.terminal.resourceId)));
    m_mode->clear();
    m_mode->addItem(ReasonText::mode(core::TerminalSettings::Mode::OfflineFirst), 0);
    m_mode->addItem(ReasonText::mode(core::TerminalSettings::Mode::OnlineFirst), 1);
    m_mode->setCurrentIndex(s.terminal.mode == core::TerminalSettings::Mode::OnlineFirst ? 1 : 0);
    m_verdictSeconds->setValue(s.verdictSeconds);
    m_lockMinutes->setValue(s.lockMinutes);
    m_recentMinutes->setValue(s.terminal.recentlyUsedSeconds / 60);
    m_staleHours->setValue(s.terminal.staleAfterSeconds / 3600);
    m_sound->setChecked(s.sound);
    m_language->setCurrentIndex(qMax(0, m_language->findData(s.language)));
}

bool SettingsScreen::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() == QEvent::Wheel && watched != m_scroll->viewport()) {
        // Scroll the form instead: the field never sees the wheel, so scrolling past it cannot change it.
        QCoreApplication::sendEvent(m_scroll->viewport(), event);
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

bool SettingsScreen::hasUnsavedChanges() const
{
    const app::KioskSettings now = m_controller->settings();
    const app::KioskSettings form = fromForm();
    return form.cameraId != now.cameraId || form.terminal.resourceId != now.terminal.resourceId
        || form.terminal.mode != now.terminal.mode || form.verdictSeconds != now.verdictSeconds
        || form.lockMinutes != now.lockMinutes
        || form.terminal.recentlyUsedSeconds / 60 != now.terminal.recentlyUsedSeconds / 60
        || form.terminal.staleAfterSeconds / 3600 != now.terminal.staleAfterSeconds / 3600 || form.sound != now.sound
        || form.language != now.language;
}

void SettingsScreen::back()
{
    if (hasUnsavedChanges()) {
        m_message->clear();
        m_discardPanel->show();
        return;
    }
    m_controller->returnToReady();
}

void SettingsScreen::save()
{
    m_discardPanel->hide();
    m_message->setText(tr("Saving…"));
    m_saving = true;
    m_controller->applySettings(fromForm());
}

app::KioskSettings SettingsScreen::fromForm() const
{
    app::KioskSettings s = m_controller->settings();
    s.cameraId = m_camera->currentData().toString();
    if (m_resource->currentIndex() >= 0) {
        s.terminal.resourceId = m_resource->currentData().toString();
    }
    s.terminal.mode = m_mode->currentData().toInt() == 1 ? core::TerminalSettings::Mode::OnlineFirst
                                                         : core::TerminalSettings::Mode::OfflineFirst;
    s.verdictSeconds = m_verdictSeconds->value();
    s.lockMinutes = m_lockMinutes->value();
    s.terminal.recentlyUsedSeconds = m_recentMinutes->value() * 60;
    s.terminal.staleAfterSeconds = m_staleHours->value() * 3600;
    s.sound = m_sound->isChecked();
    s.language = m_language->currentData().toString();
    return s;
}

} // namespace lounge::gui
