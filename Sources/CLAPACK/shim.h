// The one LAPACK routine synib-bench calls (the symmetric eigensolver for PCA), as OpenBLAS
// exports it. Debian's libopenblas-dev ships no LAPACK header, so the Fortran prototype is
// declared here; the trailing size_t arguments are gfortran's hidden CHARACTER lengths.
#ifndef SYNIB_CLAPACK_SHIM_H
#define SYNIB_CLAPACK_SHIM_H
#include <stddef.h>

void dsyevd_(const char *jobz, const char *uplo, const int *n, double *a, const int *lda,
             double *w, double *work, const int *lwork, int *iwork, const int *liwork,
             int *info, size_t jobz_length, size_t uplo_length);
#endif
