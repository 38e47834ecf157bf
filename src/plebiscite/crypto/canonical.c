/*
 * The canonical encoding of plebiscite.crypto.encoding, in C (docs/spec.md section 2).
 *
 * encode(values) takes a tuple of values and returns the concatenation of their canonical
 * encodings as bytes, exactly as encoding._encode (the reference) writes them, or None when a
 * value is outside what this path handles: then the caller runs the Python paths, which encode
 * the value or raise their error, so the two paths cannot disagree on a value accepted here.
 *
 * Handled, by exact type only (no subclass): str (UTF-8; a string that has no UTF-8 form, a lone
 * surrogate, is left to the reference), bytes, int >= 0, list, tuple, dict with str keys (pairs
 * sorted by the keys' UTF-8 bytes), None, True, False; nesting up to MAX_DEPTH; lengths and
 * counts up to 2^32 - 1. Nothing here calls back into Python code, so no value can change while
 * it is read. No hashing and no arithmetic on secrets happens here: this only lays out bytes.
 *
 *   None N | False F | True T | int I u32 len magnitude | bytes B u32 len data
 *   str S u32 len utf8 | list/tuple L u32 count items | dict D u32 count (S key, value)*
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 200
#define MAX_LEN 0xFFFFFFFFu

typedef struct {
    unsigned char *data;
    size_t size;
    size_t capacity;
} Buffer;

/* 0: done; 1: not handled here (the caller falls back); -1: a Python error is set */
enum { ENC_OK = 0, ENC_UNHANDLED = 1, ENC_ERROR = -1 };

static int reserve(Buffer *b, size_t more) {
    if (b->capacity - b->size >= more) return ENC_OK;
    size_t want = b->capacity ? b->capacity : 256;
    while (want - b->size < more) {
        if (want > ((size_t)PY_SSIZE_T_MAX) / 2) {
            PyErr_NoMemory();
            return ENC_ERROR;
        }
        want *= 2;
    }
    unsigned char *grown = PyMem_Realloc(b->data, want);
    if (!grown) {
        PyErr_NoMemory();
        return ENC_ERROR;
    }
    b->data = grown;
    b->capacity = want;
    return ENC_OK;
}

/* tag || u32 n big-endian, then n bytes of data (data may be NULL when n is 0 or for a count) */
static int put(Buffer *b, char tag, size_t n, const void *data, size_t data_len) {
    if (n > MAX_LEN) return ENC_UNHANDLED;
    int status = reserve(b, 5 + data_len);
    if (status != ENC_OK) return status;
    unsigned char *p = b->data + b->size;
    p[0] = (unsigned char)tag;
    p[1] = (unsigned char)(n >> 24);
    p[2] = (unsigned char)(n >> 16);
    p[3] = (unsigned char)(n >> 8);
    p[4] = (unsigned char)n;
    if (data_len) memcpy(p + 5, data, data_len);
    b->size += 5 + data_len;
    return ENC_OK;
}

static int put_byte(Buffer *b, char tag) {
    int status = reserve(b, 1);
    if (status != ENC_OK) return status;
    b->data[b->size++] = (unsigned char)tag;
    return ENC_OK;
}

/* the UTF-8 form of an exact str, or NULL with no error set when it has none (a surrogate) */
static const char *utf8_of(PyObject *text, Py_ssize_t *len) {
    const char *raw = PyUnicode_AsUTF8AndSize(text, len);
    if (!raw) PyErr_Clear(); /* UnicodeEncodeError (or MemoryError): the reference decides */
    return raw;
}

static int put_int(Buffer *b, PyObject *value) {
    int overflow = 0;
    long long small = PyLong_AsLongLongAndOverflow(value, &overflow);
    if (small == -1 && PyErr_Occurred()) return ENC_ERROR;
    if (overflow < 0 || (!overflow && small < 0)) return ENC_UNHANDLED; /* negative */
    if (!overflow) {
        unsigned char raw[8];
        size_t n = 0;
        unsigned long long v = (unsigned long long)small;
        while (v) {
            raw[7 - n] = (unsigned char)(v & 0xFF);
            v >>= 8;
            n++;
        }
        return put(b, 'I', n, raw + 8 - n, n);
    }
    size_t bits = _PyLong_NumBits(value);
    if (bits == (size_t)-1 && PyErr_Occurred()) return ENC_ERROR;
    size_t n = (bits + 7) / 8;
    if (n > MAX_LEN) return ENC_UNHANDLED;
    int status = put(b, 'I', n, NULL, 0);
    if (status != ENC_OK) return status;
    status = reserve(b, n);
    if (status != ENC_OK) return status;
#if PY_VERSION_HEX >= 0x030D0000
    if (_PyLong_AsByteArray((PyLongObject *)value, b->data + b->size, n, 0, 0, 1) < 0)
        return ENC_ERROR;
#else
    if (_PyLong_AsByteArray((PyLongObject *)value, b->data + b->size, n, 0, 0) < 0)
        return ENC_ERROR;
#endif
    b->size += n;
    return ENC_OK;
}

typedef struct {
    const char *key;
    Py_ssize_t len;
    PyObject *value;
} Pair;

static int compare_pairs(const void *x, const void *y) {
    const Pair *a = x, *b = y;
    Py_ssize_t shorter = a->len < b->len ? a->len : b->len;
    int order = memcmp(a->key, b->key, (size_t)shorter);
    if (order) return order;
    return (a->len > b->len) - (a->len < b->len);
}

static int encode_value(Buffer *b, PyObject *value, int depth);

static int encode_dict(Buffer *b, PyObject *value, int depth) {
    Py_ssize_t count = PyDict_GET_SIZE(value);
    if ((size_t)count > MAX_LEN) return ENC_UNHANDLED;
    Pair local[16];
    Pair *pairs = local;
    if (count > 16) {
        pairs = PyMem_Malloc((size_t)count * sizeof(Pair));
        if (!pairs) {
            PyErr_NoMemory();
            return ENC_ERROR;
        }
    }
    int status = ENC_OK;
    Py_ssize_t position = 0, i = 0;
    PyObject *key, *item;
    while (PyDict_Next(value, &position, &key, &item)) {
        if (!PyUnicode_CheckExact(key)) {
            status = ENC_UNHANDLED;
            goto done;
        }
        pairs[i].key = utf8_of(key, &pairs[i].len);
        if (!pairs[i].key) {
            status = ENC_UNHANDLED;
            goto done;
        }
        pairs[i].value = item;
        i++;
    }
    if (count > 1) qsort(pairs, (size_t)count, sizeof(Pair), compare_pairs);
    status = put(b, 'D', (size_t)count, NULL, 0);
    for (i = 0; status == ENC_OK && i < count; i++) {
        status = put(b, 'S', (size_t)pairs[i].len, pairs[i].key, (size_t)pairs[i].len);
        if (status == ENC_OK) status = encode_value(b, pairs[i].value, depth + 1);
    }
done:
    if (pairs != local) PyMem_Free(pairs);
    return status;
}

static int encode_value(Buffer *b, PyObject *value, int depth) {
    if (depth > MAX_DEPTH) return ENC_UNHANDLED;
    if (PyUnicode_CheckExact(value)) {
        Py_ssize_t len;
        const char *raw = utf8_of(value, &len);
        if (!raw) return ENC_UNHANDLED;
        return put(b, 'S', (size_t)len, raw, (size_t)len);
    }
    if (PyBytes_CheckExact(value)) {
        Py_ssize_t len = PyBytes_GET_SIZE(value);
        return put(b, 'B', (size_t)len, PyBytes_AS_STRING(value), (size_t)len);
    }
    if (PyLong_CheckExact(value)) return put_int(b, value);
    if (PyDict_CheckExact(value)) return encode_dict(b, value, depth);
    if (PyList_CheckExact(value) || PyTuple_CheckExact(value)) {
        /* a list's items are read by index each time: no Python code runs meanwhile */
        Py_ssize_t count = PySequence_Fast_GET_SIZE(value);
        int status = put(b, 'L', (size_t)count, NULL, 0);
        for (Py_ssize_t i = 0; status == ENC_OK && i < count; i++)
            status = encode_value(b, PySequence_Fast_GET_ITEM(value, i), depth + 1);
        return status;
    }
    if (value == Py_None) return put_byte(b, 'N');
    if (value == Py_True) return put_byte(b, 'T');
    if (value == Py_False) return put_byte(b, 'F');
    return ENC_UNHANDLED;
}

static PyObject *encode(PyObject *module, PyObject *values) {
    (void)module;
    if (!PyTuple_CheckExact(values)) {
        PyErr_SetString(PyExc_TypeError, "encode() takes a tuple of values");
        return NULL;
    }
    Buffer b = {NULL, 0, 0};
    int status = ENC_OK;
    Py_ssize_t count = PyTuple_GET_SIZE(values);
    for (Py_ssize_t i = 0; status == ENC_OK && i < count; i++)
        status = encode_value(&b, PyTuple_GET_ITEM(values, i), 0);
    PyObject *out = NULL;
    if (status == ENC_OK)
        out = PyBytes_FromStringAndSize((const char *)b.data, (Py_ssize_t)b.size);
    else if (status == ENC_UNHANDLED)
        out = Py_NewRef(Py_None);
    PyMem_Free(b.data);
    return out;
}

static PyMethodDef methods[] = {
    {"encode", encode, METH_O,
     "encode(values: tuple) -> bytes | None: the canonical encodings of values, concatenated, "
     "or None where the Python paths must decide."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_canonical", "The canonical encoding in C (see canonical.c).", -1,
    methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__canonical(void) { return PyModule_Create(&module); }
