// zlib (Debian: zlib1g-dev). inflateInit2/deflateInit2 are macros in zlib.h, which Swift
// cannot call; these static inline functions expose them.
#ifndef SYNIB_CZLIB_SHIM_H
#define SYNIB_CZLIB_SHIM_H
#include <zlib.h>

static inline int synib_inflateInit2(z_streamp strm, int windowBits) {
    return inflateInit2(strm, windowBits);
}

static inline int synib_deflateInit2(z_streamp strm, int level, int method, int windowBits,
                                     int memLevel, int strategy) {
    return deflateInit2(strm, level, method, windowBits, memLevel, strategy);
}
#endif
