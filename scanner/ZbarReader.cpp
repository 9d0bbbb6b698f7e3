#include "scanner/ZbarReader.h"

#include <zbar.h>

#include <algorithm>

namespace lounge::scanner {

std::vector<ZbarSymbol> zbarReadQr(const uint8_t* luma, int width, int height)
{
    std::vector<ZbarSymbol> out;
    if (!luma || width <= 0 || height <= 0)
        return out;
    zbar::zbar_image_scanner_t* scanner = zbar::zbar_image_scanner_create();
    zbar::zbar_image_scanner_set_config(scanner, zbar::ZBAR_NONE, zbar::ZBAR_CFG_ENABLE, 0);
    zbar::zbar_image_scanner_set_config(scanner, zbar::ZBAR_QRCODE, zbar::ZBAR_CFG_ENABLE, 1);
    zbar::zbar_image_scanner_set_config(scanner, zbar::ZBAR_QRCODE, zbar::ZBAR_CFG_BINARY, 1);
    zbar::zbar_image_t* image = zbar::zbar_image_create();
    zbar::zbar_image_set_format(image, zbar_fourcc('Y', '8', '0', '0'));
    zbar::zbar_image_set_size(image, unsigned(width), unsigned(height));
    zbar::zbar_image_set_data(image, luma, unsigned(width) * unsigned(height), nullptr);
    if (zbar::zbar_scan_image(scanner, image) > 0) {
        for (const zbar::zbar_symbol_t* s = zbar::zbar_image_first_symbol(image); s; s = zbar::zbar_symbol_next(s)) {
            if (zbar::zbar_symbol_get_type(s) != zbar::ZBAR_QRCODE)
                continue;
            ZbarSymbol sym;
            sym.bytes = QByteArray(zbar::zbar_symbol_get_data(s), int(zbar::zbar_symbol_get_data_length(s)));
            const unsigned n = zbar::zbar_symbol_get_loc_size(s);
            for (unsigned i = 0; i < n; ++i)
                sym.outline.emplace_back(zbar::zbar_symbol_get_loc_x(s, i), zbar::zbar_symbol_get_loc_y(s, i));
            out.push_back(std::move(sym));
        }
    }
    zbar::zbar_image_destroy(image);
    zbar::zbar_image_scanner_destroy(scanner);
    return out;
}

} // namespace lounge::scanner
