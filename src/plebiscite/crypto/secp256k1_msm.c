/*
 * The multi-exponentiation of plebiscite.crypto.secp256k1 by libsecp256k1's own
 * secp256k1_ecmult_multi_var.
 *
 * libsecp256k1 computes sums of many scalar multiples internally (Strauss' method below 88 points,
 * Pippenger's above, both with the GLV endomorphism and the sums kept in Jacobian coordinates,
 * so no field inversion per bucket), but exports no function for it. This file is compiled
 * together with the library's own source (scripts/build_msm.py fetches the pinned release that
 * carries it), so every point and scalar operation below is the library's code: this file only
 * moves bytes in and out.
 *
 * Points come in as the 64-byte secp256k1_pubkey structs of coincurve's build of the library,
 * which hold a point in the library's storage form (secp256k1_ge_storage); they were parsed and
 * checked on the curve by that build. plebiscite.crypto.secp256k1 checks at import that this
 * build reads and writes that form as coincurve's does (a known sum compared both ways) and
 * otherwise does not use this module.
 *
 * The method is variable-time: it is for public exponents only (a verifier's equations).
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* the library's configuration for the parts compiled here (no precomputed table for G is used:
 * G, where present, is passed as an ordinary point) */
#define ECMULT_WINDOW_SIZE 15
#define ECMULT_GEN_PREC_BITS 4

#include "secp256k1.h"
#include "assumptions.h"
#include "util.h"
#include "field_impl.h"
#include "scalar_impl.h"
#include "group_impl.h"
#include "scratch_impl.h"
#include "ecmult_impl.h"

typedef struct {
    const unsigned char *points;  /* m * 64 bytes: secp256k1_ge_storage each */
    const unsigned char *scalars; /* m * 32 bytes: big-endian, each below the group order */
    int overflow;                 /* set when a scalar was not below the order */
} msm_input;

static int msm_term(secp256k1_scalar *scalar, secp256k1_ge *point, size_t index, void *data) {
    msm_input *input = (msm_input *)data;
    secp256k1_ge_storage stored;
    int overflow = 0;
    memcpy(&stored, input->points + 64 * index, sizeof(stored));
    secp256k1_ge_from_storage(point, &stored);
    secp256k1_scalar_set_b32(scalar, input->scalars + 32 * index, &overflow);
    if (overflow) {
        input->overflow = 1;
        return 0;
    }
    return 1;
}

static void msm_error(const char *text, void *data) {
    (void)text;
    *(int *)data = 1;
}

/*
 * out = sum of scalars[i] * points[i].
 *
 * points: m points, 64 bytes each (secp256k1_ge_storage, as in a secp256k1_pubkey); scalars:
 * m * 32 bytes, big-endian, each below the group order; out: 64 bytes (the same storage form).
 * Returns 1 when out holds the sum, 0 when the sum is the point at infinity, -1 when memory ran
 * out, -2 when a scalar was not below the order or the library reported an error.
 */
int plebiscite_msm(const unsigned char *points, const unsigned char *scalars, size_t m,
                   unsigned char *out) {
    int failed = 0;
    secp256k1_callback on_error = {msm_error, &failed};
    msm_input input = {points, scalars, 0};
    secp256k1_scratch *scratch;
    secp256k1_gej sum;
    secp256k1_ge affine;
    secp256k1_ge_storage stored;
    size_t pippenger, strauss, size;
    int ok;

    if (m == 0) return 0;
    /* room for all m points in one batch by either method, and the allocations' alignment */
    pippenger = secp256k1_pippenger_scratch_size(m, secp256k1_pippenger_bucket_window(m));
    strauss = secp256k1_strauss_scratch_size(m);
    size = (pippenger > strauss ? pippenger : strauss) + 64 * ALIGNMENT;
    scratch = secp256k1_scratch_create(&on_error, size);
    if (scratch == NULL) return -1;
    ok = secp256k1_ecmult_multi_var(&on_error, scratch, &sum, NULL, msm_term, &input, m);
    secp256k1_scratch_destroy(&on_error, scratch);
    if (!ok || failed || input.overflow) return -2;
    if (secp256k1_gej_is_infinity(&sum)) return 0;
    secp256k1_ge_set_gej_var(&affine, &sum);
    secp256k1_ge_to_storage(&stored, &affine);
    memcpy(out, &stored, sizeof(stored));
    return 1;
}
