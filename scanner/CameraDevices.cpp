#include "scanner/CameraDevices.h"

#include <QCameraDevice>
#include <QMediaDevices>

namespace lounge::scanner {

namespace {
class SystemCameraDevices : public CameraDevices
{
public:
    SystemCameraDevices()
    {
        connect(&m_devices, &QMediaDevices::videoInputsChanged, this, &CameraDevices::videoInputsChanged);
    }

    QList<CameraInfo> videoInputs() const override
    {
        QList<CameraInfo> out;
        const QCameraDevice def = QMediaDevices::defaultVideoInput();
        for (const QCameraDevice& d : QMediaDevices::videoInputs())
            out.append({d.id(), d.description(), d == def});
        return out;
    }

private:
    QMediaDevices m_devices;
};
} // namespace

std::unique_ptr<CameraDevices> CameraDevices::system()
{
    return std::make_unique<SystemCameraDevices>();
}

} // namespace lounge::scanner
