/*
 * The bucket multi-exponentiation of plebiscite.crypto.secp256k1, in C.
 *
 * The same method as the module's pure path (_bucket_multi_exp), step for step, so that its inner
 * loops never return to Python: signed base-2^c digits, one bucket per (window, |digit|) summed by
 * one secp256k1_ec_pubkey_combine call over the points that fall into it, then one Horner pass
 * over radix-2^s positions in which each step is again one combine call (2^s copies of the
 * running sum followed by the buckets whose radix digit at that position is nonzero, each
 * repeated digit times).
 *
 * Every point operation is libsecp256k1's own: the caller passes the addresses of
 * secp256k1_ec_pubkey_combine and secp256k1_ec_pubkey_negate from coincurve's build and a
 * context; this file never touches a coordinate. A secp256k1_pubkey is 64 opaque bytes here.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    unsigned char data[64];
} msm_pubkey;

typedef int (*msm_combine_fn)(const void *ctx, msm_pubkey *out, const msm_pubkey *const *ins,
                              size_t n);
typedef int (*msm_negate_fn)(const void *ctx, msm_pubkey *pubkey);

/* c bits of a 32-byte little-endian scalar from bit `offset` (bits past the end read as 0) */
static uint32_t msm_bits(const unsigned char *scalar, size_t offset, unsigned c) {
    uint32_t value = 0;
    unsigned got = 0;
    while (got < c) {
        size_t bit = offset + got;
        size_t byte = bit >> 3;
        unsigned shift = (unsigned)(bit & 7);
        unsigned take = 8 - shift;
        if (take > c - got) take = c - got;
        uint32_t piece = byte < 32 ? (uint32_t)((scalar[byte] >> shift) & ((1u << take) - 1)) : 0;
        value |= piece << got;
        got += take;
    }
    return value;
}

/*
 * out = sum of scalars[i] * (negated[i] ? -points[i] : points[i]).
 *
 * points: m valid pubkeys (64 bytes each); scalars: m * 32 bytes, little-endian, each in [1, n/2] and below
 * 2^top_bits; negated: m flags; 1 <= c <= 16, 1 <= s <= 4, c % s == 0; out: 64 bytes.
 * Returns 1 when out holds the sum, 0 when the sum is the point at infinity, -1 when memory ran
 * out, -2 when a library call failed where it cannot (the caller's context records why).
 */
int plebiscite_msm(uintptr_t combine_address, uintptr_t negate_address, uintptr_t ctx_address,
                   const unsigned char *points, const unsigned char *scalars,
                   const unsigned char *negated, size_t m, unsigned top_bits, unsigned c,
                   unsigned s, unsigned char *out) {
    msm_combine_fn combine = (msm_combine_fn)combine_address;
    msm_negate_fn negate = (msm_negate_fn)negate_address;
    const void *ctx = (const void *)ctx_address;
    int status = -1;
    if (m == 0 || c < 1 || c > 16 || s < 1 || s > 4 || c % s != 0) return -2;

    size_t half = (size_t)1 << (c - 1);
    size_t windows = top_bits / c + 1;
    size_t nbuckets = windows * half;

    /* rows 0..m-1 are +P_i, rows m..2m-1 are -P_i */
    msm_pubkey *store = malloc(2 * m * sizeof(msm_pubkey));
    int32_t *digits = malloc(m * windows * sizeof(int32_t));
    msm_pubkey *buckets = malloc(nbuckets * sizeof(msm_pubkey));
    unsigned char *valid = calloc(nbuckets, 1);
    size_t *counts = malloc((half + 1) * sizeof(size_t));
    const msm_pubkey **fill = malloc(m * sizeof(msm_pubkey *));
    size_t *position_counts = NULL, *position_starts = NULL;
    const msm_pubkey **terms = NULL;
    if (!store || !digits || !buckets || !valid || !counts || !fill) goto done;

    memcpy(store, points, m * sizeof(msm_pubkey));
    memcpy(store + m, points, m * sizeof(msm_pubkey));
    for (size_t i = m; i < 2 * m; i++) {
        if (!negate(ctx, &store[i])) {
            status = -2;
            goto done;
        }
    }

    /* signed digits in (-2^(c-1), 2^(c-1)]; the top window holds under c bits: no carry out */
    for (size_t i = 0; i < m; i++) {
        const unsigned char *k = scalars + 32 * i;
        int32_t carry = 0;
        for (size_t w = 0; w < windows; w++) {
            int32_t d = (int32_t)msm_bits(k, w * c, c) + carry;
            carry = d > (int32_t)half;
            digits[i * windows + w] = d - (carry << c);
        }
        if (carry) {
            status = -2;
            goto done;
        }
    }

    /* bucket fill, one window at a time: a counting sort by |digit|, then one combine per bucket */
    for (size_t w = 0; w < windows; w++) {
        memset(counts, 0, (half + 1) * sizeof(size_t));
        for (size_t i = 0; i < m; i++) {
            int32_t d = digits[i * windows + w];
            if (d) counts[(size_t)(d < 0 ? -d : d)]++;
        }
        /* counts[j] becomes the start of bucket j (j = 1..half) */
        size_t running = 0;
        for (size_t j = 1; j <= half; j++) {
            size_t count = counts[j];
            counts[j] = running;
            running += count;
        }
        for (size_t i = 0; i < m; i++) {
            int32_t d = digits[i * windows + w];
            if (!d) continue;
            size_t j = (size_t)(d < 0 ? -d : d);
            int flip = (negated[i] != 0) ^ (d < 0);
            fill[counts[j]++] = &store[i + (flip ? m : 0)];
        }
        /* now counts[j] is the end of bucket j */
        size_t start = 0;
        for (size_t j = 1; j <= half; j++) {
            size_t end = counts[j];
            if (end > start) {
                size_t key = w * half + (j - 1);
                /* 0: the bucket's points cancel, it stays out of the aggregation */
                valid[key] = (unsigned char)combine(ctx, &buckets[key], fill + start, end - start);
            }
            start = end;
        }
    }

    /*
     * Aggregation: sum_w 2^(cw) sum_j j*B_{w,j} = sum_u 2^(su) F_u, where F_u sums the buckets
     * (w, j) with u = w*(c/s) + r, each repeated (radix-2^s digit r of j) times. Horner over u:
     * D <- 2^s*D + F_u, one combine per step with 2^s copies of D ahead of the terms.
     */
    size_t per_window = c / s;
    size_t steps = windows * per_window;
    size_t slots = (size_t)1 << s;
    unsigned radix_mask = (unsigned)slots - 1;
    position_counts = calloc(steps, sizeof(size_t));
    position_starts = malloc((steps + 1) * sizeof(size_t));
    if (!position_counts || !position_starts) goto done;
    size_t total = 0;
    for (size_t key = 0; key < nbuckets; key++) {
        if (!valid[key]) continue;
        size_t w = key / half;
        unsigned j = (unsigned)(key % half) + 1;
        for (size_t r = 0; r < per_window; r++) {
            unsigned digit = (j >> (s * r)) & radix_mask;
            position_counts[w * per_window + r] += digit;
            total += digit;
        }
    }
    if (total == 0) {
        status = 0;
        goto done;
    }
    /* each step's segment: slots copies of D, then its terms */
    size_t offset = 0;
    for (size_t u = 0; u < steps; u++) {
        position_starts[u] = offset;
        offset += slots + position_counts[u];
    }
    position_starts[steps] = offset;
    terms = malloc(offset * sizeof(msm_pubkey *));
    if (!terms) goto done;
    memset(position_counts, 0, steps * sizeof(size_t));
    for (size_t key = 0; key < nbuckets; key++) {
        if (!valid[key]) continue;
        size_t w = key / half;
        unsigned j = (unsigned)(key % half) + 1;
        for (size_t r = 0; r < per_window; r++) {
            unsigned digit = (j >> (s * r)) & radix_mask;
            size_t u = w * per_window + r;
            for (unsigned t = 0; t < digit; t++) {
                terms[position_starts[u] + slots + position_counts[u]++] = &buckets[key];
            }
        }
    }

    msm_pubkey accumulator[2];
    int current = 0;
    int have = 0; /* whether D is a point (0: D is the identity) */
    for (size_t u = steps; u-- > 0;) {
        const msm_pubkey **segment = terms + position_starts[u];
        size_t count = position_counts[u];
        msm_pubkey *target = &accumulator[1 - current];
        int ok;
        if (have) {
            for (size_t slot = 0; slot < slots; slot++) segment[slot] = &accumulator[current];
            ok = combine(ctx, target, segment, count + slots);
        } else if (count) {
            ok = combine(ctx, target, segment + slots, count);
        } else {
            continue;
        }
        have = ok != 0;
        current = 1 - current;
    }
    if (have) memcpy(out, &accumulator[current], sizeof(msm_pubkey));
    status = have;

done:
    free(terms);
    free(position_starts);
    free(position_counts);
    free(fill);
    free(counts);
    free(valid);
    free(buckets);
    free(digits);
    free(store);
    return status;
}
