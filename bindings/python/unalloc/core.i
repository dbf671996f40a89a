/*
 * libunalloc: the SWIG interface for Python (module unalloc.core).
 *
 * Thin by design: it %includes the public headers only, and the typemaps
 * below make their C conventions Python's:
 * - the `struct unalloc_error *err` out-parameter is hidden; a failing status
 *   raises an exception carrying the library's message (one switch, in
 *   unalloc_py_raise); the status itself is not returned;
 * - `T **out` and other out-parameters become return values;
 * - dates and moments are datetime.date / datetime.datetime in and out;
 * - strings the caller owns are copied into Python str and freed;
 * - int64/int8 arrays are any object with the buffer protocol (numpy arrays);
 *   the *_array functions check every count against the buffers given;
 * - a str with a NUL character is refused (InvalidError), never cut short;
 * - struct members are read-only (%immutable): the library's results, rules
 *   and policies are const, and Python must not write into them.
 * Everything pythonic (classes, dataclasses, pandas) is in unalloc/__init__.py.
 *
 * SPDX-License-Identifier: MIT
 */
%module(package="unalloc") core

%{
#define SWIG_FILE_WITH_INIT
#include <datetime.h>
#include <unalloc/unalloc.h>

/* Exception classes, set from Python by unalloc/__init__.py
 * (core._set_exceptions). Until then, built-in ones are used. */
static PyObject *unalloc_py_exc[8];

static void
unalloc_py_raise(enum unalloc_status st, const struct unalloc_error *err)
{
    PyObject *cls, *exc;
    int slot;
    switch (st) {
    case UNALLOC_E_NOMEM: slot = 1; break;
    case UNALLOC_E_INVALID: slot = 2; break;
    case UNALLOC_E_RANGE: slot = 3; break;
    case UNALLOC_E_PARSE: slot = 4; break;
    case UNALLOC_E_LIMIT: slot = 5; break;
    case UNALLOC_E_NOT_FOUND: slot = 6; break;
    default: slot = 0; break;
    }
    if (st == UNALLOC_E_NOMEM && !unalloc_py_exc[1]) {
        PyErr_NoMemory();
        return;
    }
    cls = unalloc_py_exc[slot] ? unalloc_py_exc[slot]
          : slot == 0          ? PyExc_RuntimeError
                               : PyExc_ValueError;
    exc = PyObject_CallFunction(cls, "siiin", err->message, (int)st, err->line, err->column,
                                (Py_ssize_t)err->record);
    if (exc) {
        PyErr_SetObject(cls, exc);
        Py_DECREF(exc);
    }
}

static PyObject *
unalloc_py_date(struct unalloc_date d)
{
    return PyDate_FromDate(d.year, d.month, d.day);
}

static PyObject *
unalloc_py_moment(struct unalloc_moment m)
{
    if (m.has_time)
        return PyDateTime_FromDateAndTime(m.at.date.year, m.at.date.month, m.at.date.day,
                                          m.at.hour, m.at.minute, 0, 0);
    return unalloc_py_date(m.at.date);
}

/* datetime.date (and datetime.datetime's date part) to a C date. */
static int
unalloc_py_to_date(PyObject *o, struct unalloc_date *d)
{
    if (!PyDate_Check(o)) {
        PyErr_SetString(PyExc_TypeError, "expected a datetime.date");
        return -1;
    }
    d->year = PyDateTime_GET_YEAR(o);
    d->month = PyDateTime_GET_MONTH(o);
    d->day = PyDateTime_GET_DAY(o);
    return 0;
}

/* datetime.datetime is a timed moment (seconds must be 0); datetime.date a
 * date-only one. */
static int
unalloc_py_to_moment(PyObject *o, struct unalloc_moment *m)
{
    if (unalloc_py_to_date(o, &m->at.date) < 0)
        return -1;
    m->has_time = PyDateTime_Check(o) != 0;
    m->at.hour = m->has_time ? PyDateTime_DATE_GET_HOUR(o) : 0;
    m->at.minute = m->has_time ? PyDateTime_DATE_GET_MINUTE(o) : 0;
    if (m->has_time && (PyDateTime_DATE_GET_SECOND(o) || PyDateTime_DATE_GET_MICROSECOND(o))) {
        PyErr_SetString(PyExc_ValueError, "times are to the minute: seconds must be 0");
        return -1;
    }
    return 0;
}

/* Raises the package's InvalidError (a ValueError until it is set). */
static void
unalloc_py_invalid(const char *message)
{
    struct unalloc_error e;
    unalloc_error_clear(&e);
    snprintf(e.message, sizeof e.message, "%s", message);
    unalloc_py_raise(UNALLOC_E_INVALID, &e);
}

/* A str's UTF-8 bytes, borrowed from the str (which caches them): NULL with
 * an exception for a str with a NUL character, which C would cut short. */
static const char *
unalloc_py_utf8(PyObject *o, const char *what)
{
    Py_ssize_t n;
    const char *s = PyUnicode_AsUTF8AndSize(o, &n);
    if (s && strlen(s) != (size_t)n) {
        char msg[160];
        snprintf(msg, sizeof msg, "%s contains a NUL character", what);
        unalloc_py_invalid(msg);
        return NULL;
    }
    return s;
}

/* Column of str/None for unalloc_evaluate_table. *keep receives the list the
 * column was read into (a new one for a generator or map); the caller holds it
 * until the C call is over, so the str objects, and the UTF-8 bytes they
 * cache, live as long as the pointers. rows is the expected length, or
 * (size_t)-1 to take it from this column. */
static int
unalloc_py_column(PyObject *seq, size_t *rows, const char ***out, PyObject **keep)
{
    PyObject *fast;
    *out = NULL;
    *keep = NULL;
    if (seq == Py_None)
        return 0;
    if (!(fast = PySequence_Fast(seq, "each column must be a sequence of str or None")))
        return -1;
    *keep = fast;
    if (*rows == (size_t)-1)
        *rows = (size_t)PySequence_Fast_GET_SIZE(fast);
    if ((size_t)PySequence_Fast_GET_SIZE(fast) != *rows) {
        PyErr_SetString(PyExc_ValueError, "all columns must have the same length");
        return -1;
    }
    *out = calloc(*rows ? *rows : 1, sizeof **out);
    if (!*out) {
        PyErr_NoMemory();
        return -1;
    }
    for (size_t i = 0; i < *rows; i++) {
        PyObject *item = PySequence_Fast_GET_ITEM(fast, (Py_ssize_t)i);
        char what[64];
        if (item == Py_None)
            continue;
        snprintf(what, sizeof what, "row %zu", i + 1);
        if (!PyUnicode_Check(item) || !((*out)[i] = unalloc_py_utf8(item, what))) {
            if (!PyErr_Occurred())
                PyErr_Format(PyExc_TypeError, "row %zu: expected str or None", i + 1);
            return -1;
        }
    }
    return 0;
}

/* A C-contiguous buffer of `count` items of one integer size (format one of
 * fmt), from any object with the buffer protocol. Sets *ok on success so the
 * caller releases it. */
static int
unalloc_py_buffer(PyObject *o, Py_buffer *view, int *ok, int writable, Py_ssize_t itemsize,
                  const char *fmt, const char *what)
{
    *ok = 0;
    if (PyObject_GetBuffer(o, view, (writable ? PyBUF_WRITABLE : PyBUF_SIMPLE) | PyBUF_FORMAT |
                                        PyBUF_C_CONTIGUOUS) < 0)
        return -1;
    *ok = 1;
    if (view->itemsize != itemsize || !view->format || !view->format[0] ||
        strchr(fmt, view->format[view->format[0] == '=' || view->format[0] == '<' ||
                                 view->format[0] == '@' ? 1 : 0]) == NULL) {
        PyErr_Format(PyExc_TypeError, "%s: expected a contiguous array of %zd-byte integers",
                     what, itemsize);
        return -1;
    }
    return 0;
}

/* The number of items in a buffer got by unalloc_py_buffer(). */
#define UNALLOC_PY_LEN(view) ((size_t)((view).len / (view).itemsize))

static int
unalloc_py_check_count(size_t given, size_t have, const char *what)
{
    if (given != have) {
        char msg[160];
        snprintf(msg, sizeof msg, "%s holds %zu items, not %zu", what, have, given);
        unalloc_py_invalid(msg);
        return -1;
    }
    return 0;
}
%}

%init %{
    PyDateTime_IMPORT;
%}

%include <stdint.i>

/* ---- errors -------------------------------------------------------------------- */

%typemap(in, numinputs=0) struct unalloc_error *err (struct unalloc_error temp) {
    unalloc_error_clear(&temp);
    $1 = &temp;
}
%typemap(out) enum unalloc_status {
    $result = Py_None;
    Py_INCREF(Py_None);
}
%typemap(argout) struct unalloc_error *err {
    if (result != UNALLOC_OK) {
        Py_XDECREF($result);
        $result = NULL;
        unalloc_py_raise(result, $1);
        SWIG_fail;
    }
}
/* unalloc_status_name takes a status as input: keep the default for inputs. */
%typemap(in) enum unalloc_status = int;

%inline %{
/* Called once by unalloc/__init__.py with its exception classes, in the
 * order: Error, MemoryError, InvalidError, RangeError, ParseError,
 * LimitError, NotFoundError. */
static void
_set_exceptions(PyObject *classes)
{
    for (Py_ssize_t i = 0; i < 7 && i < PySequence_Size(classes); i++) {
        PyObject *c = PySequence_GetItem(classes, i);
        Py_XDECREF(unalloc_py_exc[i]);
        unalloc_py_exc[i] = c;
    }
}
%}

/* ---- opaque out-parameters -------------------------------------------------------- */

%define UNALLOC_OUT_HANDLE(TYPE)
%typemap(in, numinputs=0) TYPE **out (TYPE *temp = NULL) { $1 = &temp; }
%typemap(argout) TYPE **out {
    if (result == UNALLOC_OK)
        $result = SWIG_Python_AppendOutput($result, SWIG_NewPointerObj(*$1, $descriptor(TYPE *), 0));
}
%enddef
UNALLOC_OUT_HANDLE(struct unalloc_calendar)
UNALLOC_OUT_HANDLE(struct unalloc_calendar_builder)
UNALLOC_OUT_HANDLE(struct unalloc_policy)
UNALLOC_OUT_HANDLE(struct unalloc_policy_builder)
UNALLOC_OUT_HANDLE(struct unalloc_case)
UNALLOC_OUT_HANDLE(struct unalloc_result)
UNALLOC_OUT_HANDLE(struct unalloc_report)
UNALLOC_OUT_HANDLE(struct unalloc_mapping)
UNALLOC_OUT_HANDLE(struct unalloc_frame_result)

/* ---- scalar out-parameters -------------------------------------------------------- */

%define UNALLOC_OUT_SCALAR(TYPE, NAME, MAKE)
%typemap(in, numinputs=0) TYPE *NAME (TYPE temp) { memset(&temp, 0, sizeof temp); $1 = &temp; }
%typemap(argout) TYPE *NAME {
    if (result == UNALLOC_OK)
        $result = SWIG_Python_AppendOutput($result, MAKE);
}
%enddef
UNALLOC_OUT_SCALAR(bool, out, PyBool_FromLong(*$1))
UNALLOC_OUT_SCALAR(int, out, PyLong_FromLong(*$1))
UNALLOC_OUT_SCALAR(int32_t, out, PyLong_FromLong(*$1))
UNALLOC_OUT_SCALAR(int64_t, out, PyLong_FromLongLong(*$1))
UNALLOC_OUT_SCALAR(bool, has_time, PyBool_FromLong(*$1))
UNALLOC_OUT_SCALAR(enum unalloc_unit, out, PyLong_FromLong(*$1))
UNALLOC_OUT_SCALAR(enum unalloc_region, out, PyLong_FromLong(*$1))
UNALLOC_OUT_SCALAR(enum unalloc_holiday_format, out, PyLong_FromLong(*$1))
UNALLOC_OUT_SCALAR(enum unalloc_event_kind, out, PyLong_FromLong(*$1))
UNALLOC_OUT_SCALAR(enum unalloc_category, out, PyLong_FromLong(*$1))
UNALLOC_OUT_SCALAR(enum unalloc_role, out, PyLong_FromLong(*$1))
UNALLOC_OUT_SCALAR(enum unalloc_rating, out, PyLong_FromLong(*$1))
UNALLOC_OUT_SCALAR(enum unalloc_obligation_kind, out, PyLong_FromLong(*$1))
UNALLOC_OUT_SCALAR(enum unalloc_holiday_source, out, PyLong_FromLong(*$1))
UNALLOC_OUT_SCALAR(enum unalloc_anchor, out, PyLong_FromLong(*$1))
UNALLOC_OUT_SCALAR(enum unalloc_window, out, PyLong_FromLong(*$1))
UNALLOC_OUT_SCALAR(enum unalloc_comparison, out, PyLong_FromLong(*$1))
UNALLOC_OUT_SCALAR(enum unalloc_basis, out, PyLong_FromLong(*$1))
UNALLOC_OUT_SCALAR(enum unalloc_setting_kind, out, PyLong_FromLong(*$1))
UNALLOC_OUT_SCALAR(enum unalloc_check_kind, out, PyLong_FromLong(*$1))
UNALLOC_OUT_SCALAR(enum unalloc_report_form, out, PyLong_FromLong(*$1))
UNALLOC_OUT_SCALAR(enum unalloc_case_status, out, PyLong_FromLong(*$1))
UNALLOC_OUT_SCALAR(enum unalloc_state, out, PyLong_FromLong(*$1))
UNALLOC_OUT_SCALAR(enum unalloc_warning_code, out, PyLong_FromLong(*$1))
UNALLOC_OUT_SCALAR(enum unalloc_table, out, PyLong_FromLong(*$1))
UNALLOC_OUT_SCALAR(enum unalloc_column_type, out, PyLong_FromLong(*$1))
UNALLOC_OUT_SCALAR(enum unalloc_field, out, PyLong_FromLong(*$1))
UNALLOC_OUT_SCALAR(struct unalloc_date, out, unalloc_py_date(*$1))
UNALLOC_OUT_SCALAR(struct unalloc_datetime, out,
                   PyDateTime_FromDateAndTime($1->date.year, $1->date.month, $1->date.day,
                                              $1->hour, $1->minute, 0, 0))

/* A borrowed string out (holiday names): str or None. */
%typemap(in, numinputs=0) const char **out (const char *temp = NULL) { $1 = ($1_ltype)&temp; }
%typemap(argout) const char **out {
    if (result == UNALLOC_OK) {
        PyObject *s = *$1 ? PyUnicode_FromString(*$1) : (Py_INCREF(Py_None), Py_None);
        $result = SWIG_Python_AppendOutput($result, s);
    }
}
%typemap(freearg) const char **out ""

/* An owned string out (policy texts, clauses, reports): str; freed here. */
%typemap(in, numinputs=0) char **out (char *temp = NULL) { $1 = &temp; }
%typemap(argout) char **out {
    if (*$1) {
        $result = SWIG_Python_AppendOutput($result, PyUnicode_FromString(*$1));
    }
}
%typemap(freearg) char **out { unalloc_free(*$1); }

/* Appending serialisers: each call starts an empty buffer and returns str. */
%typemap(in, numinputs=0) (char **buf, size_t *len) (char *tbuf = NULL, size_t tlen = 0) {
    $1 = &tbuf;
    $2 = &tlen;
}
%typemap(argout) (char **buf, size_t *len) {
    $result = SWIG_Python_AppendOutput($result,
                                       PyUnicode_FromStringAndSize(*$1 ? *$1 : "", (Py_ssize_t)*$2));
}
%typemap(freearg) (char **buf, size_t *len) { unalloc_free(*$1); }

/* unalloc_report_append()'s cursor: an int in; out, the next part, or None
 * once the report is complete (UNALLOC_REPORT_END). */
%typemap(in) size_t *part (size_t tpart) {
    tpart = PyLong_AsSize_t($input);
    if (tpart == (size_t)-1 && PyErr_Occurred())
        SWIG_fail;
    $1 = &tpart;
}
%typemap(argout) size_t *part {
    PyObject *next = *$1 == UNALLOC_REPORT_END ? Py_None : PyLong_FromSize_t(*$1);
    if (next == Py_None)
        Py_INCREF(Py_None);
    $result = SWIG_Python_AppendOutput($result, next);
}

%typemap(in, numinputs=0) (char **cases_csv, size_t *cases_len) (char *tbuf = NULL, size_t tlen = 0) {
    $1 = &tbuf;
    $2 = &tlen;
}
%typemap(argout) (char **cases_csv, size_t *cases_len) {
    $result = SWIG_Python_AppendOutput($result,
                                       PyUnicode_FromStringAndSize(*$1 ? *$1 : "", (Py_ssize_t)*$2));
}
%typemap(freearg) (char **cases_csv, size_t *cases_len) { unalloc_free(*$1); }
%apply (char **cases_csv, size_t *cases_len) { (char **occurrences_csv, size_t *occurrences_len) };
%apply (char **cases_csv, size_t *cases_len) { (char **rejects_csv, size_t *rejects_len) };

/* ---- strings in ------------------------------------------------------------------------ */

/* str (or None, NULL to C): a NUL character is refused rather than cut short. */
%typemap(in) const char * {
    if ($input == Py_None) {
        $1 = NULL;
    } else if (!PyUnicode_Check($input)) {
        PyErr_Format(PyExc_TypeError, "expected str, got %s", Py_TYPE($input)->tp_name);
        SWIG_fail;
    } else if (!($1 = ($1_ltype)unalloc_py_utf8($input, "$1_name"))) {
        SWIG_fail;
    }
}
%typemap(freearg) const char * ""
%typemap(typecheck, precedence=SWIG_TYPECHECK_STRING) const char * {
    $1 = $input == Py_None || PyUnicode_Check($input);
}

/* ---- holidays ------------------------------------------------------------------------- */

UNALLOC_OUT_SCALAR(size_t, first, PyLong_FromSize_t(*$1))
UNALLOC_OUT_SCALAR(size_t, count, PyLong_FromSize_t(*$1))
/* (date, name, source) */
UNALLOC_OUT_SCALAR(struct unalloc_holiday, out,
                   Py_BuildValue("(Nsi)", unalloc_py_date($1->date), $1->name, (int)$1->source))

/* ---- dates and moments in --------------------------------------------------------- */

%typemap(in) struct unalloc_date {
    if (unalloc_py_to_date($input, &$1) < 0)
        SWIG_fail;
}
%typemap(typecheck) struct unalloc_date { $1 = PyDate_Check($input) ? 1 : 0; }
%typemap(in) const struct unalloc_date * (struct unalloc_date temp) {
    if ($input == Py_None) {
        $1 = NULL;
    } else {
        if (unalloc_py_to_date($input, &temp) < 0)
            SWIG_fail;
        $1 = &temp;
    }
}
%typemap(in) struct unalloc_moment {
    if (unalloc_py_to_moment($input, &$1) < 0)
        SWIG_fail;
}
%typemap(in) struct unalloc_datetime {
    struct unalloc_moment m;
    if (unalloc_py_to_moment($input, &m) < 0)
        SWIG_fail;
    $1 = m.at;
}
/* Struct members (SWIG's getters return a pointer to the member) and return
 * values. */
%typemap(out) struct unalloc_moment { $result = unalloc_py_moment($1); }
%typemap(out) struct unalloc_moment * { $result = unalloc_py_moment(*$1); }
%typemap(out) struct unalloc_date { $result = unalloc_py_date($1); }
%typemap(out) struct unalloc_date * { $result = unalloc_py_date(*$1); }

/* A sequence of as-of moments. */
%typemap(in) (const struct unalloc_moment *as_of, size_t n_as_of) {
    PyObject *fast = PySequence_Fast($input, "as_of must be a sequence of dates");
    if (!fast)
        SWIG_fail;
    $2 = (size_t)PySequence_Fast_GET_SIZE(fast);
    $1 = calloc($2 ? $2 : 1, sizeof *$1);
    if (!$1) {
        Py_DECREF(fast);
        PyErr_NoMemory();
        SWIG_fail;
    }
    for (size_t i = 0; i < $2; i++)
        if (unalloc_py_to_moment(PySequence_Fast_GET_ITEM(fast, (Py_ssize_t)i), &$1[i]) < 0) {
            Py_DECREF(fast);
            SWIG_fail;
        }
    Py_DECREF(fast);
}
%typemap(freearg) (const struct unalloc_moment *as_of, size_t n_as_of) { free($1); }

/* The event table: a 6-tuple of columns (case_id, at, event, detail, worker,
 * locality), each a sequence of str (detail/worker/locality may be None or
 * hold None). */
%typemap(in) const struct unalloc_event_table *events (struct unalloc_event_table t, PyObject *keep[6]) {
    memset(&t, 0, sizeof t);
    memset(keep, 0, sizeof keep);
    if (!PyTuple_Check($input) || PyTuple_Size($input) != 6) {
        PyErr_SetString(PyExc_TypeError, "events must be a 6-tuple of columns");
        SWIG_fail;
    }
    t.rows = (size_t)-1; /* from the first column */
    if (PyTuple_GET_ITEM($input, 0) == Py_None) {
        PyErr_SetString(PyExc_TypeError, "the case_id column is required");
        SWIG_fail;
    }
    if (unalloc_py_column(PyTuple_GET_ITEM($input, 0), &t.rows, (const char ***)&t.case_id, &keep[0]) < 0 ||
        unalloc_py_column(PyTuple_GET_ITEM($input, 1), &t.rows, (const char ***)&t.at, &keep[1]) < 0 ||
        unalloc_py_column(PyTuple_GET_ITEM($input, 2), &t.rows, (const char ***)&t.event, &keep[2]) < 0 ||
        unalloc_py_column(PyTuple_GET_ITEM($input, 3), &t.rows, (const char ***)&t.detail, &keep[3]) < 0 ||
        unalloc_py_column(PyTuple_GET_ITEM($input, 4), &t.rows, (const char ***)&t.worker, &keep[4]) < 0 ||
        unalloc_py_column(PyTuple_GET_ITEM($input, 5), &t.rows, (const char ***)&t.locality, &keep[5]) < 0)
        SWIG_fail;
    $1 = &t;
}
%typemap(freearg) const struct unalloc_event_table *events {
    free((void *)t$argnum.case_id);
    free((void *)t$argnum.at);
    free((void *)t$argnum.event);
    free((void *)t$argnum.detail);
    free((void *)t$argnum.worker);
    free((void *)t$argnum.locality);
    for (int k = 0; k < 6; k++)
        Py_XDECREF(keep$argnum[k]);
}

/* A frame in its own column names: a 2-tuple (names, columns), names a
 * sequence of str and columns a sequence of as many sequences of str/None. */
%typemap(in) const struct unalloc_frame *frame (struct unalloc_frame fr, const char **namev = NULL, const char ***cellv = NULL, PyObject **keepv = NULL) {
    PyObject *nm, *cols;
    size_t n;
    memset(&fr, 0, sizeof fr);
    if (!PyTuple_Check($input) || PyTuple_Size($input) != 2) {
        PyErr_SetString(PyExc_TypeError, "frame must be a 2-tuple (names, columns)");
        SWIG_fail;
    }
    nm = PyTuple_GET_ITEM($input, 0);
    cols = PyTuple_GET_ITEM($input, 1);
    if (PySequence_Size(nm) < 0 || PySequence_Size(cols) < 0)
        SWIG_fail;
    fr.columns = (size_t)PySequence_Size(nm);
    if (PySequence_Size(cols) != (Py_ssize_t)fr.columns) {
        PyErr_SetString(PyExc_ValueError, "as many columns as names are needed");
        SWIG_fail;
    }
    /* Every converted sequence is held (keepv) until the call returns: the
     * cells point into its strings. */
    keepv = calloc(fr.columns + 1, sizeof *keepv);
    cellv = calloc(fr.columns ? fr.columns : 1, sizeof *cellv);
    if (!keepv || !cellv) {
        PyErr_NoMemory();
        SWIG_fail;
    }
    n = fr.columns;
    if (unalloc_py_column(nm, &n, &namev, &keepv[fr.columns]) < 0)
        SWIG_fail;
    fr.rows = (size_t)-1; /* from the first column */
    for (size_t c = 0; c < fr.columns; c++) {
        PyObject *col = PySequence_GetItem(cols, (Py_ssize_t)c);
        int bad = !col || col == Py_None ||
                  unalloc_py_column(col, &fr.rows, &cellv[c], &keepv[c]) < 0;
        if (col == Py_None)
            PyErr_SetString(PyExc_TypeError, "a column of the frame is None");
        Py_XDECREF(col);
        if (bad)
            SWIG_fail;
    }
    if (fr.rows == (size_t)-1)
        fr.rows = 0;
    fr.names = namev;
    fr.cells = (const char *const *const *)cellv;
    $1 = &fr;
}
%typemap(freearg) const struct unalloc_frame *frame {
    for (size_t c = 0; cellv$argnum && c < fr$argnum.columns; c++)
        free((void *)cellv$argnum[c]);
    free((void *)cellv$argnum);
    free((void *)namev$argnum);
    for (size_t c = 0; keepv$argnum && c <= fr$argnum.columns; c++)
        Py_XDECREF(keepv$argnum[c]);
    free(keepv$argnum);
}

/* Frame options: a 2-tuple (mapping or None, skip_invalid). */
%typemap(in) const struct unalloc_frame_options *options (struct unalloc_frame_options o) {
    void *m = NULL;
    memset(&o, 0, sizeof o);
    o.version = UNALLOC_FRAME_OPTIONS_VERSION;
    if (!PyTuple_Check($input) || PyTuple_Size($input) != 2) {
        PyErr_SetString(PyExc_TypeError, "options must be a 2-tuple (mapping, skip_invalid)");
        SWIG_fail;
    }
    if (PyTuple_GET_ITEM($input, 0) != Py_None &&
        !SWIG_IsOK(SWIG_ConvertPtr(PyTuple_GET_ITEM($input, 0), &m,
                                   $descriptor(struct unalloc_mapping *), 0))) {
        PyErr_SetString(PyExc_TypeError, "expected a mapping handle or None");
        SWIG_fail;
    }
    o.mapping = m;
    o.skip_invalid = PyObject_IsTrue(PyTuple_GET_ITEM($input, 1)) == 1;
    $1 = &o;
}

/* ---- arrays (numpy and the buffer protocol) ----------------------------------------- */

/* The C functions take bare pointers and counts; these wrappers, under the
 * same names and with the same arguments, take buffers and refuse a count
 * that does not match them, so a wrong count cannot read or write past a
 * buffer. */
%ignore unalloc_calendar_add_working_days_array;
%ignore unalloc_calendar_count_working_days_array;
%ignore unalloc_calendar_is_working_day_array;
%rename(unalloc_calendar_add_working_days_array) unalloc_py_add_working_days_array;
%rename(unalloc_calendar_count_working_days_array) unalloc_py_count_working_days_array;
%rename(unalloc_calendar_is_working_day_array) unalloc_py_is_working_day_array;
%inline %{
static PyObject *
unalloc_py_add_working_days_array(PyObject *out_days, const struct unalloc_calendar *calendar,
                                  PyObject *days, PyObject *n, size_t n_count, size_t count)
{
    Py_buffer vo, vd, vn;
    int ho = 0, hd = 0, hn = 0;
    PyObject *ret = NULL;
    struct unalloc_error err;
    enum unalloc_status st;
    unalloc_error_clear(&err);
    if (unalloc_py_buffer(out_days, &vo, &ho, 1, 8, "qlL", "out_days") < 0 ||
        unalloc_py_buffer(days, &vd, &hd, 0, 8, "qlL", "days") < 0 ||
        unalloc_py_buffer(n, &vn, &hn, 0, 8, "qlL", "n") < 0 ||
        unalloc_py_check_count(count, UNALLOC_PY_LEN(vo), "out_days") < 0 ||
        unalloc_py_check_count(count, UNALLOC_PY_LEN(vd), "days") < 0 ||
        unalloc_py_check_count(n_count, UNALLOC_PY_LEN(vn), "n") < 0)
        goto done;
    st = unalloc_calendar_add_working_days_array(vo.buf, calendar, vd.buf, vn.buf, n_count, count,
                                                 &err);
    if (st != UNALLOC_OK)
        unalloc_py_raise(st, &err);
    else
        ret = (Py_INCREF(Py_None), Py_None);
done:
    if (ho) PyBuffer_Release(&vo);
    if (hd) PyBuffer_Release(&vd);
    if (hn) PyBuffer_Release(&vn);
    return ret;
}

static PyObject *
unalloc_py_count_working_days_array(PyObject *out_counts, const struct unalloc_calendar *calendar,
                                    PyObject *from, PyObject *to, size_t count)
{
    Py_buffer vo, vf, vt;
    int ho = 0, hf = 0, ht = 0;
    PyObject *ret = NULL;
    struct unalloc_error err;
    enum unalloc_status st;
    unalloc_error_clear(&err);
    if (unalloc_py_buffer(out_counts, &vo, &ho, 1, 8, "qlL", "out_counts") < 0 ||
        unalloc_py_buffer(from, &vf, &hf, 0, 8, "qlL", "from") < 0 ||
        unalloc_py_buffer(to, &vt, &ht, 0, 8, "qlL", "to") < 0 ||
        unalloc_py_check_count(count, UNALLOC_PY_LEN(vo), "out_counts") < 0 ||
        unalloc_py_check_count(count, UNALLOC_PY_LEN(vf), "from") < 0 ||
        unalloc_py_check_count(count, UNALLOC_PY_LEN(vt), "to") < 0)
        goto done;
    st = unalloc_calendar_count_working_days_array(vo.buf, calendar, vf.buf, vt.buf, count, &err);
    if (st != UNALLOC_OK)
        unalloc_py_raise(st, &err);
    else
        ret = (Py_INCREF(Py_None), Py_None);
done:
    if (ho) PyBuffer_Release(&vo);
    if (hf) PyBuffer_Release(&vf);
    if (ht) PyBuffer_Release(&vt);
    return ret;
}

static PyObject *
unalloc_py_is_working_day_array(PyObject *out_flags, const struct unalloc_calendar *calendar,
                                PyObject *days, size_t count)
{
    Py_buffer vo, vd;
    int ho = 0, hd = 0;
    PyObject *ret = NULL;
    struct unalloc_error err;
    enum unalloc_status st;
    unalloc_error_clear(&err);
    if (unalloc_py_buffer(out_flags, &vo, &ho, 1, 1, "bB?", "out_flags") < 0 ||
        unalloc_py_buffer(days, &vd, &hd, 0, 8, "qlL", "days") < 0 ||
        unalloc_py_check_count(count, UNALLOC_PY_LEN(vo), "out_flags") < 0 ||
        unalloc_py_check_count(count, UNALLOC_PY_LEN(vd), "days") < 0)
        goto done;
    st = unalloc_calendar_is_working_day_array(vo.buf, calendar, vd.buf, count, &err);
    if (st != UNALLOC_OK)
        unalloc_py_raise(st, &err);
    else
        ret = (Py_INCREF(Py_None), Py_None);
done:
    if (ho) PyBuffer_Release(&vo);
    if (hd) PyBuffer_Release(&vd);
    return ret;
}
%}

/* ---- frame results as columns ---------------------------------------------------------- */

/* A column of a frame result: (name, type, values, texts). values is a
 * read-only memoryview of the C int64 array, borrowed: the caller makes its
 * own arrays from it before unalloc_frame_result_free(). texts is a list of
 * str for a text column, else None. */
%ignore unalloc_frame_result_column;
%ignore unalloc_column;
%inline %{
static PyObject *
unalloc_py_frame_column(const struct unalloc_frame_result *result, int table, size_t index)
{
    struct unalloc_column col;
    struct unalloc_error err;
    enum unalloc_status st;
    PyObject *values = NULL, *texts = NULL, *ret = NULL;
    unalloc_error_clear(&err);
    if ((st = unalloc_frame_result_column(&col, result, (enum unalloc_table)table, index, &err)) !=
        UNALLOC_OK) {
        unalloc_py_raise(st, &err);
        return NULL;
    }
    if (col.rows > (size_t)(PY_SSIZE_T_MAX / 8)) {
        PyErr_NoMemory();
        return NULL;
    }
    values = PyMemoryView_FromMemory(col.rows ? (char *)col.values : (char *)"",
                                     (Py_ssize_t)(col.rows * 8), PyBUF_READ);
    if (!values)
        goto done;
    if (col.type == UNALLOC_COLUMN_TEXT) {
        if (!(texts = PyList_New((Py_ssize_t)col.text_count)))
            goto done;
        for (size_t i = 0; i < col.text_count; i++) {
            PyObject *t = PyUnicode_DecodeUTF8(col.text[i], (Py_ssize_t)strlen(col.text[i]),
                                               "surrogateescape");
            if (!t)
                goto done;
            PyList_SET_ITEM(texts, (Py_ssize_t)i, t);
        }
    } else {
        texts = (Py_INCREF(Py_None), Py_None);
    }
    ret = Py_BuildValue("(siOO)", col.name, (int)col.type, values, texts);
done:
    Py_XDECREF(values);
    Py_XDECREF(texts);
    return ret;
}
%}

/* The 0-based column of `names` that the mapping (None: the documented
 * columns) reads case ids from, or -1: evaluate_frame echoes that column's
 * dtype. */
%inline %{
static PyObject *
unalloc_py_case_id_column(PyObject *mapping, PyObject *names)
{
    void *m = NULL;
    struct unalloc_mapping *identity = NULL;
    const char **namev = NULL;
    PyObject *keep = NULL, *ret = NULL;
    size_t n = (size_t)-1, ignored = 0;
    int columns[UNALLOC_FIELD_COUNT_];
    struct unalloc_error err;
    enum unalloc_status st;
    unalloc_error_clear(&err);
    if (mapping != Py_None &&
        !SWIG_IsOK(SWIG_ConvertPtr(mapping, &m, SWIGTYPE_p_unalloc_mapping, 0))) {
        PyErr_SetString(PyExc_TypeError, "expected a mapping handle or None");
        return NULL;
    }
    if (unalloc_py_column(names, &n, &namev, &keep) < 0)
        goto done;
    if (!m && (st = unalloc_mapping_new(&identity, &err)) != UNALLOC_OK) {
        unalloc_py_raise(st, &err);
        goto done;
    }
    st = unalloc_mapping_bind(columns, &ignored, m ? m : identity, namev, n, &err);
    if (st != UNALLOC_OK)
        unalloc_py_raise(st, &err);
    else
        ret = PyLong_FromLong(columns[UNALLOC_FIELD_CASE_ID]);
done:
    unalloc_mapping_free(identity);
    free((void *)namev);
    Py_XDECREF(keep);
    return ret;
}
%}

/* The run record (doc/output.md) as JSON text: the policy, the calendar and
 * what it was built from, the as-of moments, the policy's own warnings. */
%ignore unalloc_run;
%ignore unalloc_run_append_json;
%inline %{
static PyObject *
unalloc_py_run_record(const struct unalloc_calendar *cal, const struct unalloc_policy *pol,
                      const struct unalloc_moment *as_of, size_t n_as_of)
{
    struct unalloc_run run = UNALLOC_RUN_INIT;
    struct unalloc_error err;
    enum unalloc_status st;
    char *buf = NULL;
    size_t len = 0;
    PyObject *ret;
    unalloc_error_clear(&err);
    run.policy = pol;
    run.calendar = cal;
    run.as_of = as_of;
    run.n_as_of = n_as_of;
    if ((st = unalloc_run_append_json(&buf, &len, &run, &err)) != UNALLOC_OK) {
        unalloc_py_raise(st, &err);
        return NULL;
    }
    ret = PyUnicode_DecodeUTF8(buf, (Py_ssize_t)len, "strict");
    unalloc_free(buf);
    return ret;
}
%}

/* ---- what Python does not need -------------------------------------------------------- */

/* Python formats and compares dates itself, and builds policies from text. */
%ignore unalloc_date_format;
%ignore unalloc_datetime_format;
%ignore unalloc_date_compare;
%ignore unalloc_datetime_compare;
%ignore unalloc_moment_from_date;
%ignore unalloc_moment_from_datetime;
%ignore unalloc_moment_is_valid;
%ignore unalloc_moment_parse;
%ignore unalloc_moment_format;
%ignore unalloc_error_clear;
%ignore unalloc_error;
%ignore unalloc_policy_builder_new;
%ignore unalloc_policy_builder_free;
%ignore unalloc_policy_builder_set_title;
%ignore unalloc_policy_builder_add_document;
%ignore unalloc_policy_builder_set_region;
%ignore unalloc_policy_builder_set_review_date;
%ignore unalloc_policy_builder_set_definition;
%ignore unalloc_policy_builder_add_rule;
%ignore unalloc_policy_builder_add_check;
%ignore unalloc_policy_builder_add_report;
%ignore unalloc_policy_builder_set_caseload;
%ignore unalloc_policy_builder_build;
%ignore unalloc_rule_init;
%ignore unalloc_definition_init;
%ignore unalloc_check_init;
%ignore unalloc_report_spec_init;
%ignore unalloc_caseload_limit_init;
/* Rows are read through a mapping in C (unalloc_evaluate_frame). */
%ignore unalloc_mapping_bind;
%ignore unalloc_mapping_columns_note;
%ignore unalloc_mapping_apply;
%ignore unalloc_mapping_parse_moment;
%ignore unalloc_mapped_event;
%ignore unalloc_frame;
%ignore unalloc_frame_options;
%ignore unalloc_frame_options_init;
%ignore unalloc_policy_builder_add_setting;
/* Text and bytes in: str (UTF-8) or bytes. */
%typemap(in) (const char *text, size_t size) (Py_buffer view, int have = 0) {
    if (PyUnicode_Check($input)) {
        Py_ssize_t n;
        $1 = (char *)PyUnicode_AsUTF8AndSize($input, &n);
        if (!$1)
            SWIG_fail;
        $2 = (size_t)n;
    } else {
        if (PyObject_GetBuffer($input, &view, PyBUF_SIMPLE) < 0)
            SWIG_fail;
        have = 1;
        $1 = view.buf;
        $2 = (size_t)view.len;
    }
}
%typemap(freearg) (const char *text, size_t size) { if (have$argnum) PyBuffer_Release(&view$argnum); }
%apply (const char *text, size_t size) { (const char *data, size_t size) };

/* Settings in: a dict {name: "N UNIT"} (unalloc_policy_with_settings). The
 * strings are borrowed from the dict's items, kept alive until the call ends. */
%typemap(in) (const char *const *names, const char *const *values, size_t n) (PyObject *items = NULL) {
    if (!PyDict_Check($input)) {
        PyErr_SetString(PyExc_TypeError, "settings: expected a dict {name: value}");
        SWIG_fail;
    }
    if (!(items = PyDict_Items($input)))
        SWIG_fail;
    $3 = (size_t)PyList_GET_SIZE(items);
    $1 = ($1_ltype)calloc($3 ? $3 : 1, sizeof(char *));
    $2 = ($2_ltype)calloc($3 ? $3 : 1, sizeof(char *));
    if (!$1 || !$2) {
        PyErr_NoMemory();
        SWIG_fail;
    }
    for (size_t k = 0; k < $3; k++) {
        PyObject *it = PyList_GET_ITEM(items, (Py_ssize_t)k);
        PyObject *key = PyTuple_GET_ITEM(it, 0), *val = PyTuple_GET_ITEM(it, 1);
        if (!PyUnicode_Check(key) || !PyUnicode_Check(val)) {
            PyErr_SetString(PyExc_TypeError,
                            "settings: names and values are str, e.g. {'day-ten': '10 working-days'}");
            SWIG_fail;
        }
        if (!(((const char **)$1)[k] = PyUnicode_AsUTF8(key)) ||
            !(((const char **)$2)[k] = PyUnicode_AsUTF8(val)))
            SWIG_fail;
    }
}
%typemap(freearg) (const char *const *names, const char *const *values, size_t n) {
    free((void *)$1);
    free((void *)$2);
    Py_XDECREF(items$argnum);
}

/* A duration in: (amount, unit) with unit an enum value. */
%typemap(in) struct unalloc_duration {
    int amount, unit;
    if (!PyArg_ParseTuple($input, "ii", &amount, &unit))
        SWIG_fail;
    $1.amount = amount;
    $1.unit = (enum unalloc_unit)unit;
}

/* Everything the library hands out is const: no setters for struct members.
 * This is also the cause of SWIG's warning 451 ("Setting a const char *
 * variable may leak memory") removed: a setter for a `const char *` member
 * (unalloc_rule::id, unalloc_occurrence::clause, ...) could only point it at
 * memory Python frees. The build passes -Werror to SWIG (-Dwerror=true), so a
 * struct member outside this block would fail it. */
%immutable;
%include <unalloc/common.h>
%include <unalloc/error.h>
%include <unalloc/date.h>
%include <unalloc/calendar.h>
%include <unalloc/case.h>
%include <unalloc/policy.h>
%include <unalloc/mapping.h>
/* unalloc_evaluate_series: through a wrapper that returns a list of result
 * handles (one per as-of, in order). */
%ignore unalloc_evaluate_series;
%include <unalloc/evaluate.h>
%include <unalloc/vocab.h>
%inline %{
static PyObject *
_evaluate_series(const struct unalloc_calendar *calendar, const struct unalloc_policy *policy,
                 const struct unalloc_case *c, const struct unalloc_moment *as_of,
                 size_t n_as_of)
{
    struct unalloc_error err;
    struct unalloc_result **rs = calloc(n_as_of ? n_as_of : 1, sizeof *rs);
    enum unalloc_status st;
    PyObject *list = NULL;
    if (!rs)
        return PyErr_NoMemory();
    unalloc_error_clear(&err);
    Py_BEGIN_ALLOW_THREADS
    st = unalloc_evaluate_series(rs, calendar, policy, c, as_of, n_as_of, &err);
    Py_END_ALLOW_THREADS
    if (st != UNALLOC_OK) {
        unalloc_py_raise(st, &err);
    } else if ((list = PyList_New((Py_ssize_t)n_as_of))) {
        for (size_t i = 0; i < n_as_of; i++) {
            PyObject *h = SWIG_NewPointerObj(rs[i], SWIGTYPE_p_unalloc_result, 0);
            if (!h) {
                Py_CLEAR(list);
                break;
            }
            rs[i] = NULL; /* the list's now */
            PyList_SET_ITEM(list, (Py_ssize_t)i, h);
        }
    }
    for (size_t i = 0; i < n_as_of; i++)
        unalloc_result_free(rs[i]);
    free(rs);
    return list;
}
%}
%include <unalloc/version.h>
%mutable;
