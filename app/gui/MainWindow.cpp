#include "gui/MainWindow.h"

#include "controller/KioskController.h"
#include "gui/BannerBar.h"
#include "gui/BoardingPassScreen.h"
#include "gui/ManualEntryScreen.h"
#include "gui/PartySizeScreen.h"
#include "gui/ReadyScreen.h"
#include "gui/SettingsScreen.h"
#include "gui/SignInScreen.h"
#include "gui/StatusBar.h"
#include "gui/SyncScreen.h"
#include "gui/Theme.h"
#include "gui/TodayScreen.h"
#include "gui/VerdictScreen.h"

#include <QApplication>
#include <QLabel>
#include <QResizeEvent>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace lounge::gui {

using app::Screen;

namespace {

/// The screen stack always fills the window between the banners and the status bar (a kiosk's window has a fixed
/// size): its height never depends on its width. QStackedLayout would otherwise answer heightForWidth() (also inside
/// its size hint) with the largest of *every* screen's, so each relayout of the window (a verdict's text changing, a
/// screen switch) laid out and shaped the word-wrapped labels of all ten screens on the GUI thread (issue 16: most of
/// the GUI thread's work from a verdict's answer to its paint, measured with callgrind in docs/performance.md). Each
/// screen still lays out its own word-wrapped labels for the width it gets.
class ScreenStack : public QStackedWidget
{
public:
    using QStackedWidget::QStackedWidget;
    bool hasHeightForWidth() const override { return false; }
    /// The largest screen's size hint, without the height-for-width pass of QLayout::totalSizeHint().
    QSize sizeHint() const override { return layout()->sizeHint().grownBy(contentsMargins()); }
};

} // namespace

MainWindow::MainWindow(app::KioskController* controller, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller)
{
    setObjectName(QStringLiteral("kioskWindow"));
    setWindowTitle(QStringLiteral("Lounge Access Terminal"));
    setMinimumSize(600, 480);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    m_demoRibbon = new QLabel(this);
    m_demoRibbon->setObjectName(QStringLiteral("demoRibbon"));
    m_demoRibbon->setAlignment(Qt::AlignCenter);
    m_demoRibbon->setStyleSheet(QStringLiteral("background: #f59e0b; color: #0f172a; font-weight: 800;"));
    m_demoRibbon->setText(tr("DEMO — demo data, not a real desk"));
    m_demoRibbon->hide();
    m_banners = new BannerBar(controller, this);
    m_stack = new ScreenStack(this);
    m_stack->setObjectName(QStringLiteral("screenStack"));
    m_status = new StatusBar(controller, this);
    layout->addWidget(m_demoRibbon);
    layout->addWidget(m_banners);
    layout->addWidget(m_stack, 1);
    layout->addWidget(m_status);

    m_signIn = new SignInScreen(controller, m_stack);
    m_ready = new ReadyScreen(controller, m_stack);
    m_party = new PartySizeScreen(controller, m_stack);
    m_boardingPass = new BoardingPassScreen(controller, m_stack);
    m_verdict = new VerdictScreen(controller, m_stack);
    m_manual = new ManualEntryScreen(controller, m_stack);
    m_today = new TodayScreen(controller, m_stack);
    m_sync = new SyncScreen(controller, m_stack);
    m_settings = new SettingsScreen(controller, m_stack);
    m_screens = {{Screen::SignedOut, m_signIn},  {Screen::Locked, m_signIn},
                 {Screen::Ready, m_ready},       {Screen::PartySize, m_party},
                 {Screen::Verdict, m_verdict},   {Screen::ManualEntry, m_manual},
                 {Screen::Today, m_today},       {Screen::Sync, m_sync},
                 {Screen::Settings, m_settings}, {Screen::BoardingPass, m_boardingPass}};
    for (QWidget* w :
         {static_cast<QWidget*>(m_signIn), static_cast<QWidget*>(m_ready), static_cast<QWidget*>(m_party),
          static_cast<QWidget*>(m_verdict), static_cast<QWidget*>(m_manual), static_cast<QWidget*>(m_today),
          static_cast<QWidget*>(m_sync), static_cast<QWidget*>(m_settings), static_cast<QWidget*>(m_boardingPass)}) {
        m_stack->addWidget(w);
    }
    connect(controller, &app::KioskController::screenChanged, this, &MainWindow::showScreen);
    showScreen(controller->screen());
    setStyleSheet(Theme::styleSheet(1.0));
    // Any touch, click or key press anywhere keeps the desk from locking (scans count in the controller).
    qApp->installEventFilter(this);
}

bool MainWindow::eventFilter(QObject* watched, QEvent* event)
{
    switch (event->type()) {
    case QEvent::MouseButtonPress:
    case QEvent::TouchBegin:
    case QEvent::KeyPress:
        m_controller->noteActivity();
        break;
    default:
        break;
    }
    return QWidget::eventFilter(watched, event);
}

QWidget* MainWindow::currentScreenWidget() const
{
    return m_stack->currentWidget();
}

void MainWindow::showOverlayScreen(QWidget* screen)
{
    if (m_stack->indexOf(screen) < 0) {
        m_stack->addWidget(screen);
    }
    m_overlay = screen;
    m_stack->setCurrentWidget(screen);
}

void MainWindow::clearOverlayScreen()
{
    if (!m_overlay) {
        return;
    }
    QWidget* overlay = m_overlay;
    m_overlay = nullptr;
    m_stack->removeWidget(overlay);
    showScreen(m_controller->screen());
}

void MainWindow::setDemoRibbonVisible(bool visible)
{
    m_demoRibbon->setVisible(visible);
}

void MainWindow::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        m_demoRibbon->setText(tr("DEMO — demo data, not a real desk"));
    }
    QWidget::changeEvent(event);
}

void MainWindow::showScreen(Screen screen)
{
    if (m_overlay) {
        return; // clearOverlayScreen() shows the controller's screen of that moment
    }
    if (screen == Screen::Verdict) {
        m_verdict->refresh(); // paint the new verdict in the same frame the screen switches
    } else if (screen == Screen::PartySize) {
        m_party->refresh();
    } else if (screen == Screen::BoardingPass) {
        m_boardingPass->refresh();
    } else if (screen == Screen::Sync) {
        m_sync->refresh();
    }
    m_stack->setCurrentWidget(m_screens.value(screen));
    if (screen == Screen::SignedOut || screen == Screen::Locked) {
        m_signIn->setFocus();
    } else if (screen == Screen::PartySize) {
        m_party->setFocus(); // + / − / Return / Escape from a keyboard
    } else if (screen == Screen::BoardingPass) {
        m_boardingPass->setFocus(); // Escape cancels
    }
}

void MainWindow::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    const double scale = Theme::scaleFor(qMin(event->size().height(), event->size().width() * 600 / 1024));
    if (qAbs(scale - m_scale) > 0.05) {
        m_scale = scale;
        setStyleSheet(Theme::styleSheet(scale));
        m_verdict->refresh();
    }
}

} // namespace lounge::gui
