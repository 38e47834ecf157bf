/*
 * The first step of plebiscite.crypto.batch's fold, in C: the weighted exponents of a batch's
 * equations summed per base object.
 *
 * fold_by_object(equations, weights) takes a list of equations, each a tuple (bases, exponents)
 * of two tuples of one length, and a list of int weights, one per equation, and returns
 * (objects, totals): every base object in the order first met and, for each, the sum of
 * weight * exponent over the terms where that very object (not an equal one) appears, as Python
 * ints (no reduction). It is BatchVerifier._folded_holds's loop over the terms, which stays the
 * reference: the arithmetic is CPython's own int arithmetic (PyNumber_Multiply and
 * PyNumber_Add on the values given), and the objects are only compared by address, never
 * touched. Bases are merged by equality, reduced and exponentiated by the Python code after it.
 *
 * A malformed input (not a list, an equation that is not a pair of tuples of one length, a
 * weight count that differs) raises TypeError or ValueError; the caller hands only the
 * equations BatchVerifier stored, which are well formed.
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

/* an open-addressing table from object address to its slot in the output lists */
typedef struct {
    PyObject **keys;
    Py_ssize_t *slots;
    size_t mask;
} Table;

static int table_init(Table *t, Py_ssize_t expected) {
    size_t size = 16;
    while (size < (size_t)expected * 2 + 1) size <<= 1;
    t->keys = PyMem_Calloc(size, sizeof(PyObject *));
    t->slots = PyMem_Malloc(size * sizeof(Py_ssize_t));
    t->mask = size - 1;
    if (!t->keys || !t->slots) {
        PyMem_Free(t->keys);
        PyMem_Free(t->slots);
        PyErr_NoMemory();
        return -1;
    }
    return 0;
}

static void table_free(Table *t) {
    PyMem_Free(t->keys);
    PyMem_Free(t->slots);
}

/* the slot of key, or -1 with *at the free place to put it */
static Py_ssize_t table_find(const Table *t, PyObject *key, size_t *at) {
    uintptr_t h = (uintptr_t)key;
    h ^= h >> 17;
    h *= (uintptr_t)0x9E3779B97F4A7C15ull;
    size_t i = (size_t)(h >> 7) & t->mask;
    while (t->keys[i]) {
        if (t->keys[i] == key) return t->slots[i];
        i = (i + 1) & t->mask;
    }
    *at = i;
    return -1;
}

static PyObject *fold_by_object(PyObject *module, PyObject *args) {
    (void)module;
    PyObject *equations, *weights;
    if (!PyArg_ParseTuple(args, "O!O!", &PyList_Type, &equations, &PyList_Type, &weights))
        return NULL;
    Py_ssize_t count = PyList_GET_SIZE(equations);
    if (PyList_GET_SIZE(weights) != count) {
        PyErr_SetString(PyExc_ValueError, "fold_by_object: one weight per equation");
        return NULL;
    }
    Py_ssize_t terms = 0;
    for (Py_ssize_t e = 0; e < count; e++) {
        PyObject *eq = PyList_GET_ITEM(equations, e);
        if (!PyTuple_Check(eq) || PyTuple_GET_SIZE(eq) != 2 ||
            !PyTuple_Check(PyTuple_GET_ITEM(eq, 0)) || !PyTuple_Check(PyTuple_GET_ITEM(eq, 1))) {
            PyErr_SetString(PyExc_TypeError, "fold_by_object: an equation is (bases, exponents)");
            return NULL;
        }
        Py_ssize_t n = PyTuple_GET_SIZE(PyTuple_GET_ITEM(eq, 0));
        if (PyTuple_GET_SIZE(PyTuple_GET_ITEM(eq, 1)) != n) {
            PyErr_SetString(PyExc_ValueError,
                            "fold_by_object: an equation's bases and exponents differ in number");
            return NULL;
        }
        terms += n;
    }
    Table table;
    if (table_init(&table, terms) < 0) return NULL;
    PyObject *objects = PyList_New(0);
    PyObject *totals = PyList_New(0);
    PyObject *result = NULL;
    if (!objects || !totals) goto done;
    for (Py_ssize_t e = 0; e < count; e++) {
        PyObject *eq = PyList_GET_ITEM(equations, e);
        PyObject *bases = PyTuple_GET_ITEM(eq, 0);
        PyObject *exponents = PyTuple_GET_ITEM(eq, 1);
        PyObject *w = PyList_GET_ITEM(weights, e);
        Py_ssize_t n = PyTuple_GET_SIZE(bases);
        for (Py_ssize_t i = 0; i < n; i++) {
            PyObject *base = PyTuple_GET_ITEM(bases, i);
            PyObject *term = PyNumber_Multiply(w, PyTuple_GET_ITEM(exponents, i));
            if (!term) goto done;
            size_t at = 0;
            Py_ssize_t slot = table_find(&table, base, &at);
            if (slot < 0) {
                table.keys[at] = base; /* borrowed: the equations keep it alive meanwhile */
                table.slots[at] = PyList_GET_SIZE(objects);
                int failed = PyList_Append(objects, base) < 0 || PyList_Append(totals, term) < 0;
                Py_DECREF(term);
                if (failed) goto done;
                continue;
            }
            PyObject *sum = PyNumber_Add(PyList_GET_ITEM(totals, slot), term);
            Py_DECREF(term);
            if (!sum) goto done;
            PyList_SetItem(totals, slot, sum); /* steals sum, releases the old total */
        }
    }
    result = PyTuple_Pack(2, objects, totals);
done:
    table_free(&table);
    Py_XDECREF(objects);
    Py_XDECREF(totals);
    return result;
}

static PyMethodDef methods[] = {
    {"fold_by_object", fold_by_object, METH_VARARGS,
     "fold_by_object(equations, weights) -> (objects, totals): see batch_fold.c."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_batch_fold", "A batch's exponents summed per base (batch_fold.c).",
    -1, methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__batch_fold(void) { return PyModule_Create(&module); }
