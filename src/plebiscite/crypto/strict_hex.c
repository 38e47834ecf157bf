/*
 * Strict hex in C, for the ballot decoder's one-pass path (plebiscite.model.ballot.codec).
 *
 * unhex(texts) takes a list and returns a list of bytes, one per item, when every item is an
 * exact str of lowercase hex digits of whole bytes (what plebiscite.crypto.group.strict_hex
 * accepts, without its length rule); otherwise None, and the caller decodes value by value with
 * the Python decoders, which name the bad value. Nothing else is checked or computed here.
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>

static int nibble(unsigned char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
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
        PyObject *text = PyList_GET_ITEM(texts, i);
        if (!PyUnicode_CheckExact(text) || !PyUnicode_IS_ASCII(text)) goto refuse;
        Py_ssize_t len = PyUnicode_GET_LENGTH(text);
        if (len % 2) goto refuse;
        const unsigned char *hex = PyUnicode_1BYTE_DATA(text);
        PyObject *raw = PyBytes_FromStringAndSize(NULL, len / 2);
        if (!raw) {
            Py_DECREF(out);
            return NULL;
        }
        unsigned char *data = (unsigned char *)PyBytes_AS_STRING(raw);
        for (Py_ssize_t j = 0; j < len / 2; j++) {
            int hi = nibble(hex[2 * j]), lo = nibble(hex[2 * j + 1]);
            if (hi < 0 || lo < 0) {
                Py_DECREF(raw);
                goto refuse;
            }
            data[j] = (unsigned char)(hi << 4 | lo);
        }
        PyList_SET_ITEM(out, i, raw);
    }
    return out;
refuse:
    Py_DECREF(out);
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"unhex", unhex, METH_O,
     "unhex(texts: list) -> list[bytes] | None: each lowercase hex text's bytes, or None."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_strict_hex", "Strict lowercase hex in C (strict_hex.c).", -1,
    methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__strict_hex(void) { return PyModule_Create(&module); }
