// Camera faults are states with automatic recovery. The real "no camera" case runs against this machine's
// QMediaDevices (it has none); plug/unplug/busy/denied use the injectable device list and backend.
#include "scanner/CameraSource.h"

#include <QCameraDevice>
#include <QMediaDevices>
#include <QSignalSpy>
#include <QTest>

using namespace lounge::scanner;

namespace {
class FakeDevices : public CameraDevices
{
public:
    QList<CameraInfo> videoInputs() const override { return m_inputs; }
    void plug(const QByteArray& id)
    {
        m_inputs.append({id, QString::fromUtf8(id), m_inputs.isEmpty()});
        emit videoInputsChanged();
    }
    void unplug(const QByteArray& id)
    {
        m_inputs.removeIf([&](const CameraInfo& c) { return c.id == id; });
        emit videoInputsChanged();
    }

private:
    QList<CameraInfo> m_inputs;
};

// Opens succeed unless told to fail with a given error; frames are pushed by the test.
class FakeBackend : public CameraBackend
{
public:
    void open(const QByteArray& id) override
    {
        ++opens;
        openedId = id;
        if (failWith) {
            const ScannerError e = *failWith;
            QMetaObject::invokeMethod(
                this, [this, e] { emit failed(e, QStringLiteral("fake failure")); }, Qt::QueuedConnection);
        } else {
            QMetaObject::invokeMethod(
                this, [this] { emit activated(); }, Qt::QueuedConnection);
        }
    }
    void close() override { openedId.clear(); }
    void push()
    {
        QVideoFrame f(QVideoFrameFormat(QSize(64, 48), QVideoFrameFormat::Format_Y8));
        emit frameArrived(f);
    }

    int opens = 0;
    QByteArray openedId;
    std::optional<ScannerError> failWith;
};

struct Rig
{
    FakeDevices* devices = new FakeDevices;
    FakeBackend* backend = new FakeBackend;
    CameraSource source;
    explicit Rig(QByteArray id = {})
        : source(std::move(id), std::unique_ptr<CameraDevices>(devices), std::unique_ptr<CameraBackend>(backend))
    {
        source.setRetryInterval(50);
    }
};
} // namespace

class TestCameraSource : public QObject
{
    Q_OBJECT
private slots:
    void noCameraOnThisMachine();
    void pluggedLaterStarts();
    void unplugAndReplugRecovers();
    void choosesCameraById();
    void faultStates_data();
    void faultStates();
};

void TestCameraSource::noCameraOnThisMachine()
{
    if (!QMediaDevices::videoInputs().isEmpty())
        QSKIP("this machine has a camera");
    CameraSource source; // the real QMediaDevices and QCamera
    source.start();
    QCOMPARE(source.state(), SourceState::NoCamera);
    source.stop();
    QCOMPARE(source.state(), SourceState::Stopped);
}

void TestCameraSource::pluggedLaterStarts()
{
    Rig rig;
    rig.source.start();
    QCOMPARE(rig.source.state(), SourceState::NoCamera);
    rig.devices->plug("usb-cam-1");
    QTRY_COMPARE(rig.source.state(), SourceState::Active);
    QCOMPARE(rig.backend->openedId, QByteArray("usb-cam-1"));
    QSignalSpy frames(&rig.source, &FrameSource::frameArrived);
    rig.backend->push();
    QCOMPARE(frames.count(), 1);
    QCOMPARE(frames.first().at(0).value<Frame>().kind, SourceKind::Camera);
}

void TestCameraSource::unplugAndReplugRecovers()
{
    Rig rig;
    rig.devices->plug("usb-cam-1");
    rig.source.start();
    QTRY_COMPARE(rig.source.state(), SourceState::Active);
    QSignalSpy states(&rig.source, &FrameSource::stateChanged);
    rig.devices->unplug("usb-cam-1");
    QCOMPARE(rig.source.state(), SourceState::CameraUnplugged);
    QVERIFY(rig.backend->openedId.isEmpty());
    rig.devices->plug("usb-cam-1");
    QTRY_COMPARE(rig.source.state(), SourceState::Active);
    QCOMPARE(states.count(), 3); // unplugged, starting, active
}

void TestCameraSource::choosesCameraById()
{
    Rig rig("rear");
    rig.devices->plug("front");
    rig.source.start();
    QCOMPARE(rig.source.state(), SourceState::NoCamera); // the chosen one is absent: no silent fallback
    rig.devices->plug("rear");
    QTRY_COMPARE(rig.source.state(), SourceState::Active);
    QCOMPARE(rig.backend->openedId, QByteArray("rear"));
}

void TestCameraSource::faultStates_data()
{
    QTest::addColumn<int>("error");
    QTest::addColumn<int>("state");
    QTest::newRow("busy") << int(ScannerError::CameraBusy) << int(SourceState::CameraBusy);
    QTest::newRow("permission denied") << int(ScannerError::PermissionDenied) << int(SourceState::PermissionDenied);
    QTest::newRow("other failure") << int(ScannerError::CameraFailed) << int(SourceState::Failed);
}

void TestCameraSource::faultStates()
{
    QFETCH(int, error);
    QFETCH(int, state);
    Rig rig;
    rig.devices->plug("usb-cam-1");
    rig.backend->failWith = ScannerError(error);
    rig.source.start();
    QTRY_COMPARE(rig.source.state(), SourceState(state));
    // The fault clears by itself: the retry timer opens the camera again once it works.
    const int opensSoFar = rig.backend->opens;
    rig.backend->failWith.reset();
    QTRY_COMPARE(rig.source.state(), SourceState::Active);
    QVERIFY(rig.backend->opens > opensSoFar);
}

QTEST_MAIN(TestCameraSource)
#include "tst_camerasource.moc"
