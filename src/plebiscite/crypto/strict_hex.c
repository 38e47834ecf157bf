/*
 * Strict hex in C, for the ballot decoder's one-pass path (plebiscite.model.ballot.codec).
 *
 * unhex(texts) takes a list and returns a list of bytes, one per item, when every item is an
 * exact str of lowercase hex digits of whole bytes (what plebiscite.crypto.group.strict_hex
 * accepts, without its length rule); otherwise None, and the caller decodes value by value with
 * the Python decoders, which name the bad value.
 *
 * question_values(obj, n, branches, order) does the same for one question of a ballot body in a
 * single call: the shape of its objects and lists, the hex of its element texts, and its scalar
 * texts as ints below the group order (given as big-endian bytes, one scalar's length); it
 * returns (element bytes, scalars) in the decoder's order, or None wherever the Python reference
 * (plebiscite.model.ballot.codec.python_question_values) returns None. Nothing else is checked or
 * computed here: the points are parsed by the group, in Python.
 *
 * json_object(refuse, pairs) builds one object of the record's strict JSON decoder
 * (plebiscite.model.codec.loads_strict): the dict of its pairs, or refuse(pairs), the Python
 * reference, when a key repeats.
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

static int nibble(unsigned char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

/* the bytes of one lowercase hex text of whole bytes, NULL without an exception when it is not
 * one (NULL with one when memory ran out) */
static PyObject *hex_bytes(PyObject *text) {
    if (!PyUnicode_CheckExact(text) || !PyUnicode_IS_ASCII(text)) return NULL;
    Py_ssize_t len = PyUnicode_GET_LENGTH(text);
    if (len % 2) return NULL;
    const unsigned char *hex = PyUnicode_1BYTE_DATA(text);
    PyObject *raw = PyBytes_FromStringAndSize(NULL, len / 2);
    if (!raw) return NULL;
    unsigned char *data = (unsigned char *)PyBytes_AS_STRING(raw);
    for (Py_ssize_t j = 0; j < len / 2; j++) {
        int hi = nibble(hex[2 * j]), lo = nibble(hex[2 * j + 1]);
        if (hi < 0 || lo < 0) {
            Py_DECREF(raw);
            return NULL;
        }
        data[j] = (unsigned char)(hi << 4 | lo);
    }
    return raw;
}

static PyObject *unhex(PyObject *module, PyObject *texts) {
    (void)module;
    if (!PyList_Check(texts)) {
        PyErr_SetString(PyExc_TypeError, "unhex() takes a list");
        return NULL;
    }
    Py_ssize_t count = PyList_GET_SIZE(texts);
    PyObject *out = PyList_New(count);
    if (!out) return NULL;
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *raw = hex_bytes(PyList_GET_ITEM(texts, i));
        if (!raw) {
            Py_DECREF(out);
            if (PyErr_Occurred()) return NULL;
            Py_RETURN_NONE;
        }
        PyList_SET_ITEM(out, i, raw);
    }
    return out;
}

/* the keys the decoder looks up, as interned str objects made once (init_keys): a lookup by a C
 * string would build and hash a new str each time */
enum { K_ALPHA, K_BETA, K_A0, K_B0, K_A1, K_B1, K_C0, K_V0, K_V1, K_A, K_B, K_C, K_V,
       K_CIPHERTEXTS, K_PROOFS, K_RANGE, K_COUNT };
static const char *const KEY_NAMES[K_COUNT] = {
    "alpha", "beta", "a0", "b0", "a1", "b1", "c0", "v0", "v1", "a", "b", "c", "v",
    "ciphertexts", "proofs", "range",
};
static PyObject *KEYS[K_COUNT];

static int init_keys(void) {
    for (int i = 0; i < K_COUNT; i++) {
        KEYS[i] = PyUnicode_InternFromString(KEY_NAMES[i]);
        if (!KEYS[i]) return -1;
    }
    return 0;
}

/* obj[KEYS[key]] (borrowed) or NULL when absent; obj is an exact dict and the key an exact str,
 * so the lookup cannot raise */
static PyObject *item(PyObject *obj, int key) { return PyDict_GetItem(obj, KEYS[key]); }

/* an exact dict with exactly `count` keys, each of `keys` among them */
static int has_exactly(PyObject *obj, const int *keys, Py_ssize_t count) {
    if (!PyDict_CheckExact(obj) || PyDict_GET_SIZE(obj) != count) return 0;
    for (Py_ssize_t i = 0; i < count; i++) {
        if (!item(obj, keys[i])) return 0;
    }
    return 1;
}

/* the state of one question_values call: what it has gathered so far */
typedef struct {
    PyObject *elements; /* list of bytes */
    PyObject *scalars;  /* list of int */
    const unsigned char *order;
    Py_ssize_t scalar_bytes;
} gathered;

/* 1: appended; 0: not a value of its kind (no exception); -1: an exception is set */
static int add_element(gathered *g, PyObject *text) {
    if (!text) return 0;
    PyObject *raw = hex_bytes(text);
    if (!raw) return PyErr_Occurred() ? -1 : 0;
    int failed = PyList_Append(g->elements, raw);
    Py_DECREF(raw);
    return failed ? -1 : 1;
}

static int add_scalar(gathered *g, PyObject *text) {
    if (!text) return 0;
    PyObject *raw = hex_bytes(text);
    if (!raw) return PyErr_Occurred() ? -1 : 0;
    const unsigned char *data = (const unsigned char *)PyBytes_AS_STRING(raw);
    /* exactly one scalar's length, below the order: big-endian bytes compare as numbers */
    if (PyBytes_GET_SIZE(raw) != g->scalar_bytes || memcmp(data, g->order, g->scalar_bytes) >= 0) {
        Py_DECREF(raw);
        return 0;
    }
    PyObject *k = _PyLong_FromByteArray(data, (size_t)g->scalar_bytes, 0, 0);
    Py_DECREF(raw);
    if (!k) return -1;
    int failed = PyList_Append(g->scalars, k);
    Py_DECREF(k);
    return failed ? -1 : 1;
}

static const int CIPHERTEXT_KEYS[] = {K_ALPHA, K_BETA};
static const int ZERO_ONE_KEYS[] = {K_A0, K_B0, K_A1, K_B1, K_C0, K_V0, K_V1};
static const int RANGE_KEYS[] = {K_A, K_B, K_C, K_V};

#define ADD(call)              \
    do {                       \
        int added_ = (call);   \
        if (added_ < 0) goto error; \
        if (added_ == 0) goto refuse; \
    } while (0)

static PyObject *question_values(PyObject *module, PyObject *args) {
    (void)module;
    PyObject *obj;
    Py_ssize_t n, branches;
    const char *order;
    Py_ssize_t order_len;
    if (!PyArg_ParseTuple(args, "O!nny#", &PyDict_Type, &obj, &n, &branches, &order, &order_len))
        return NULL;
    if (n < 0 || branches < 1 || order_len < 1) {
        PyErr_SetString(PyExc_ValueError, "question_values: n >= 0, branches >= 1, an order");
        return NULL;
    }
    gathered g = {PyList_New(0), PyList_New(0), (const unsigned char *)order, order_len};
    if (!g.elements || !g.scalars) goto error;
    PyObject *cts = item(obj, K_CIPHERTEXTS);
    PyObject *proofs = item(obj, K_PROOFS);
    PyObject *range = item(obj, K_RANGE);
    if (!cts || !proofs || !range || !PyList_CheckExact(cts) || !PyList_CheckExact(proofs))
        goto refuse;
    if (PyList_GET_SIZE(cts) != n || PyList_GET_SIZE(proofs) != n) goto refuse;
    if (!has_exactly(range, RANGE_KEYS, 4)) goto refuse;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *ct = PyList_GET_ITEM(cts, i);
        if (!has_exactly(ct, CIPHERTEXT_KEYS, 2)) goto refuse;
        for (int k = 0; k < 2; k++) ADD(add_element(&g, item(ct, CIPHERTEXT_KEYS[k])));
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *proof = PyList_GET_ITEM(proofs, i);
        if (!has_exactly(proof, ZERO_ONE_KEYS, 7)) goto refuse;
        for (int k = 0; k < 4; k++)
            ADD(add_element(&g, item(proof, ZERO_ONE_KEYS[k])));
    }
    PyObject *lists[4];
    for (int k = 0; k < 4; k++) {
        lists[k] = item(range, RANGE_KEYS[k]);
        if (!PyList_CheckExact(lists[k])) goto refuse;
    }
    if (PyList_GET_SIZE(lists[0]) != branches || PyList_GET_SIZE(lists[1]) != branches ||
        PyList_GET_SIZE(lists[3]) != branches || PyList_GET_SIZE(lists[2]) != branches - 1)
        goto refuse;
    for (int k = 0; k < 2; k++) {
        for (Py_ssize_t j = 0; j < branches; j++) ADD(add_element(&g, PyList_GET_ITEM(lists[k], j)));
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *proof = PyList_GET_ITEM(proofs, i);
        for (int k = 4; k < 7; k++) ADD(add_scalar(&g, item(proof, ZERO_ONE_KEYS[k])));
    }
    for (int k = 2; k < 4; k++) {
        Py_ssize_t count = PyList_GET_SIZE(lists[k]);
        for (Py_ssize_t j = 0; j < count; j++) ADD(add_scalar(&g, PyList_GET_ITEM(lists[k], j)));
    }
    return Py_BuildValue("(NN)", g.elements, g.scalars);
refuse:
    Py_XDECREF(g.elements);
    Py_XDECREF(g.scalars);
    Py_RETURN_NONE;
error:
    Py_XDECREF(g.elements);
    Py_XDECREF(g.scalars);
    return NULL;
}

/* json_object(refuse, pairs): a JSON object of the strict decoder (the object_pairs_hook of
 * plebiscite.model.codec.loads_strict, bound to its Python reference as `refuse`): the dict of
 * the (key, value) pairs when no key repeats, else whatever refuse(pairs) gives (the reference
 * raises, naming the first repeated key). The json module hands over a list of 2-tuples. */
static PyObject *json_object(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (nargs != 2 || !PyList_CheckExact(args[1])) {
        PyErr_SetString(PyExc_TypeError, "json_object(refuse, pairs: list)");
        return NULL;
    }
    PyObject *pairs = args[1];
    Py_ssize_t count = PyList_GET_SIZE(pairs);
    PyObject *obj = PyDict_New();
    if (!obj) return NULL;
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *pair = PyList_GET_ITEM(pairs, i);
        if (!PyTuple_CheckExact(pair) || PyTuple_GET_SIZE(pair) != 2) {
            Py_DECREF(obj);
            return PyObject_CallOneArg(args[0], pairs);
        }
        if (PyDict_SetItem(obj, PyTuple_GET_ITEM(pair, 0), PyTuple_GET_ITEM(pair, 1)) < 0) {
            Py_DECREF(obj);
            return NULL;
        }
    }
    if (PyDict_GET_SIZE(obj) != count) {
        Py_DECREF(obj);
        return PyObject_CallOneArg(args[0], pairs);
    }
    return obj;
}

static PyMethodDef methods[] = {
    {"json_object", (PyCFunction)(void (*)(void))json_object, METH_FASTCALL,
     "json_object(refuse, pairs: list) -> dict: the pairs' dict, or refuse(pairs) when a key "
     "repeats."},
    {"unhex", unhex, METH_O,
     "unhex(texts: list) -> list[bytes] | None: each lowercase hex text's bytes, or None."},
    {"question_values", question_values, METH_VARARGS,
     "question_values(obj: dict, n: int, branches: int, order: bytes) -> "
     "tuple[list[bytes], list[int]] | None: a question's element bytes and scalars, or None."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_strict_hex", "Strict lowercase hex in C (strict_hex.c).", -1,
    methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__strict_hex(void) {
    if (init_keys() < 0) return NULL;
    return PyModule_Create(&module);
}
