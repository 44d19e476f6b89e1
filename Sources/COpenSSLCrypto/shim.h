// OpenSSL's libcrypto message digests (Debian: libssl-dev), used for SHA-256 only.
#ifndef SYNIB_OPENSSL_CRYPTO_SHIM_H
#define SYNIB_OPENSSL_CRYPTO_SHIM_H
#include <openssl/evp.h>
#endif
