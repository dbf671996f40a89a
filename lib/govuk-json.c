/*
 * libunalloc: reading bank holidays from gov.uk's bank-holidays.json.
 *
 * The file (https://www.gov.uk/bank-holidays.json) is one object with a key
 * per division, each {"division": NAME, "events": [{"title", "date",
 * "notes", "bunting"}, ...]}. jansson parses it (strictly: duplicate keys,
 * trailing text, bad UTF-8 and \u0000 are errors, with a line and column);
 * this file checks its shape and values. The input is untrusted and the
 * reading fails closed, as the iCalendar reader does: every division present
 * is checked whole (a file with one damaged division is not half-read), and
 * anything that is not gov.uk's shape (an unknown key, a wrong type, an empty
 * event list, a date that is not a real YYYY-MM-DD in 1900-2199, two events
 * on one date) is an error naming where it is, as a JSON path such as
 * /scotland/events/3/date. jansson cannot say on which line a value stood,
 * so only its own syntax errors carry a line and column.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "calendar-private.h"

/* The divisions, in the order of enum unalloc_region. */
#define N_DIVISIONS 3

struct dated {
    int32_t day;
    size_t index;
};

static int
dated_cmp(const void *a, const void *b)
{
    const struct dated *x = a, *y = b;
    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

static const char *
type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER: return "an integer";
    case JSON_REAL: return "a number";
    case JSON_TRUE: return "true";
    case JSON_FALSE: return "false";
    case JSON_NULL: return "null";
    }
    return "a value"; /* unreachable: jansson has no other type */
}

/* "title (notes)", the notes' first letter lowered when it is an ASCII
 * capital followed by a small letter ("Substitute day" gives the built-in
 * rules' "Boxing Day (substitute day)"); the title alone without notes. */
static enum unalloc_status
event_name(char **out, const char *path, const char *title, size_t tlen, const char *notes,
           size_t nlen, struct unalloc_error *err)
{
    char buf[2 * UA_MAX_NAME + 4];
    size_t len = tlen;

    if (tlen > UA_MAX_NAME || (nlen && tlen + nlen + 3 > UA_MAX_NAME))
        return ua_fail(err, UNALLOC_E_PARSE, 0, 0,
                       "gov.uk JSON %s: the title%s is longer than %d bytes", path,
                       nlen ? " with its notes" : "", UA_MAX_NAME);
    memcpy(buf, title, tlen);
    if (nlen) {
        buf[len++] = ' ';
        buf[len++] = '(';
        memcpy(buf + len, notes, nlen);
        if (nlen > 1 && notes[0] >= 'A' && notes[0] <= 'Z' && notes[1] >= 'a' && notes[1] <= 'z')
            buf[len] = (char)(notes[0] - 'A' + 'a');
        len += nlen;
        buf[len++] = ')';
    }
    if ((*out = ua_holiday_name(buf, len)) == NULL)
        return ua_nomem(err);
    return UNALLOC_OK;
}

/* The string member @p key of @p event into *out (NULL when absent, which is
 * an error when @p required), its length in bytes into *len. */
static enum unalloc_status
member_string(const char **out, size_t *len, const json_t *event, const char *key,
              const char *path, bool required, struct unalloc_error *err)
{
    const json_t *v = json_object_get(event, key);
    *out = NULL;
    *len = 0;
    if (!v) {
        if (required)
            return ua_fail(err, UNALLOC_E_PARSE, 0, 0,
                           "gov.uk JSON %s: the event has no \"%s\"", path, key);
        return UNALLOC_OK;
    }
    if (!json_is_string(v))
        return ua_fail(err, UNALLOC_E_PARSE, 0, 0,
                       "gov.uk JSON %s/%s: expected a string, found %s", path, key,
                       type_name(v));
    *out = json_string_value(v);
    *len = json_string_length(v);
    return UNALLOC_OK;
}

/* One event: its day into *day, and its name into *name when wanted. */
static enum unalloc_status
read_event(int32_t *day, char **name, const json_t *ev, const char *path,
           struct unalloc_error *err)
{
    const char *title, *date, *notes, *key;
    size_t tlen, dlen, nlen;
    const json_t *v;
    struct unalloc_date d;
    struct unalloc_error inner;
    enum unalloc_status st;

    if (!json_is_object(ev))
        return ua_fail(err, UNALLOC_E_PARSE, 0, 0,
                       "gov.uk JSON %s: expected an event object, found %s", path,
                       type_name(ev));
    json_object_foreach((json_t *)ev, key, v) {
        if (strcmp(key, "title") != 0 && strcmp(key, "date") != 0 &&
            strcmp(key, "notes") != 0 && strcmp(key, "bunting") != 0) {
            char q[64];
            ua_quote(q, sizeof q, key, strlen(key));
            return ua_fail(err, UNALLOC_E_PARSE, 0, 0,
                           "gov.uk JSON %s: unknown key \"%s\" (an event has title, date, "
                           "notes and bunting)",
                           path, q);
        }
    }
    if ((st = member_string(&title, &tlen, ev, "title", path, true, err)) != UNALLOC_OK ||
        (st = member_string(&date, &dlen, ev, "date", path, true, err)) != UNALLOC_OK ||
        (st = member_string(&notes, &nlen, ev, "notes", path, false, err)) != UNALLOC_OK)
        return st;
    if ((v = json_object_get(ev, "bunting")) != NULL && !json_is_boolean(v))
        return ua_fail(err, UNALLOC_E_PARSE, 0, 0,
                       "gov.uk JSON %s/bunting: expected true or false, found %s", path,
                       type_name(v));
    if (tlen == 0)
        return ua_fail(err, UNALLOC_E_PARSE, 0, 0, "gov.uk JSON %s/title: the title is empty",
                       path);
    if (unalloc_date_parse(&d, date, &inner) != UNALLOC_OK) /* its message quotes the text */
        return ua_fail(err, inner.code == UNALLOC_E_RANGE ? UNALLOC_E_RANGE : UNALLOC_E_PARSE, 0,
                       0, "gov.uk JSON %s/date: %s", path, inner.message);
    *day = ua_days_from_civil(d.year, d.month, d.day);
    return name ? event_name(name, path, title, tlen, notes, nlen, err) : UNALLOC_OK;
}

/* One division: checked whole; its days pushed to @p days when @p keep. */
static enum unalloc_status
read_division(struct ua_vec *days, const json_t *div, const char *key, bool keep,
              struct unalloc_error *err)
{
    const json_t *events, *name, *v;
    const char *k;
    struct dated *seen;
    size_t n;
    char path[96];
    enum unalloc_status st = UNALLOC_OK;

    if (!json_is_object(div))
        return ua_fail(err, UNALLOC_E_PARSE, 0, 0,
                       "gov.uk JSON /%s: expected a division object, found %s", key,
                       type_name(div));
    json_object_foreach((json_t *)div, k, v) {
        if (strcmp(k, "division") != 0 && strcmp(k, "events") != 0) {
            char q[64];
            ua_quote(q, sizeof q, k, strlen(k));
            return ua_fail(err, UNALLOC_E_PARSE, 0, 0,
                           "gov.uk JSON /%s: unknown key \"%s\" (a division has division and "
                           "events)",
                           key, q);
        }
    }
    name = json_object_get(div, "division");
    if (!name || !json_is_string(name) || strcmp(json_string_value(name), key) != 0)
        return ua_fail(err, UNALLOC_E_PARSE, 0, 0,
                       "gov.uk JSON /%s/division: expected \"%s\", found %s", key, key,
                       !name ? "nothing" : json_is_string(name) ? "another name"
                                                                : type_name(name));
    events = json_object_get(div, "events");
    if (!events || !json_is_array(events))
        return ua_fail(err, UNALLOC_E_PARSE, 0, 0,
                       "gov.uk JSON /%s/events: expected an array of events, found %s", key,
                       events ? type_name(events) : "nothing");
    if ((n = json_array_size(events)) == 0)
        return ua_fail(err, UNALLOC_E_PARSE, 0, 0,
                       "gov.uk JSON /%s/events: the division has no events", key);
    if ((seen = ua_malloc(n * sizeof *seen)) == NULL)
        return ua_nomem(err);
    for (size_t i = 0; i < n && st == UNALLOC_OK; i++) {
        struct ua_ical_day d = { 0, NULL };
        snprintf(path, sizeof path, "/%s/events/%zu", key, i);
        st = read_event(&d.day, keep ? &d.name : NULL, json_array_get(events, i), path, err);
        seen[i].day = d.day;
        seen[i].index = i;
        if (st == UNALLOC_OK && keep && ua_vec_push(days, &d) != 0) {
            ua_free(d.name);
            st = ua_nomem(err);
        }
    }
    if (st == UNALLOC_OK) {
        qsort(seen, n, sizeof *seen, dated_cmp);
        for (size_t i = 1; i < n; i++)
            if (seen[i].day == seen[i - 1].day) {
                char b[UNALLOC_DATE_BUFSIZE];
                struct unalloc_date d = ua_civil_from_days(seen[i].day);
                unalloc_date_format(b, sizeof b, d, NULL);
                st = ua_fail(err, UNALLOC_E_PARSE, 0, 0,
                             "gov.uk JSON /%s/events/%zu: a second event on %s (the first is "
                             "/%s/events/%zu); give one",
                             key, seen[i].index, b, key, seen[i - 1].index);
                break;
            }
    }
    ua_free(seen);
    return st;
}

enum unalloc_status
ua_govuk_json_read(struct ua_vec *days, enum unalloc_region region, const char *data,
                   size_t size, struct unalloc_error *err)
{
    const char *want = unalloc_region_name(region), *key;
    const char *names[N_DIVISIONS];
    json_error_t je;
    json_t *root, *v;
    enum unalloc_status st = UNALLOC_OK;

    if (!want) /* defensive: a builder's region is always one of the three */
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unknown region %d", (int)region);
    if (size > UNALLOC_GOVUK_JSON_MAX_BYTES)
        return ua_fail(err, UNALLOC_E_LIMIT, 0, 0,
                       "gov.uk JSON input is %zu bytes; the limit is %d", size,
                       UNALLOC_GOVUK_JSON_MAX_BYTES);
    if (size >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
        data += 3; /* UTF-8 byte-order mark */
        size -= 3;
    }
    if (size == 0)
        return ua_fail(err, UNALLOC_E_PARSE, 1, 1, "gov.uk JSON input is empty");
    /* A raw NUL byte, refused here with its line and column: the message
     * says plainly what jansson would report as an invalid token. */
    const char *nul = memchr(data, '\0', size);
    if (nul) {
        int line = 1, col = 1;
        for (const char *p = data; p < nul; p++, col++)
            if (*p == '\n') {
                line++;
                col = 0;
            }
        return ua_fail(err, UNALLOC_E_PARSE, line, col,
                       "gov.uk JSON: a NUL byte");
    }
    root = json_loadb(data, size, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        if (json_error_code(&je) == json_error_out_of_memory)
            return ua_nomem(err);
        return ua_fail(err, UNALLOC_E_PARSE, je.line, je.column,
                       "gov.uk JSON: %s", je.text);
    }
    if (!json_is_object(root)) {
        st = ua_fail(err, UNALLOC_E_PARSE, 1, 1,
                     "gov.uk JSON: the top level is %s; expected an object of divisions "
                     "(england-and-wales, scotland, northern-ireland)",
                     type_name(root));
        goto out;
    }
    for (int r = 0; r < N_DIVISIONS; r++)
        names[r] = unalloc_region_name((enum unalloc_region)r);
    json_object_foreach(root, key, v) {
        int known = 0;
        for (int r = 0; r < N_DIVISIONS; r++)
            known |= strcmp(key, names[r]) == 0;
        if (!known) {
            char q[64];
            ua_quote(q, sizeof q, key, strlen(key));
            st = ua_fail(err, UNALLOC_E_PARSE, 0, 0,
                         "gov.uk JSON: unknown division \"%s\" (expected england-and-wales, "
                         "scotland or northern-ireland)",
                         q);
            goto out;
        }
    }
    if (!json_object_get(root, want)) {
        char has[64] = "";
        for (int r = 0; r < N_DIVISIONS; r++)
            if (json_object_get(root, names[r]))
                snprintf(has + strlen(has), sizeof has - strlen(has), "%s%s",
                         has[0] ? ", " : "", names[r]);
        st = ua_fail(err, UNALLOC_E_PARSE, 0, 0,
                     "gov.uk JSON has no \"%s\" division, the calendar's region (it has: %s); "
                     "choose the region of a division it has",
                     want, has[0] ? has : "none");
        goto out;
    }
    /* Every division is checked, in a fixed order; the region's is kept. */
    for (int r = 0; r < N_DIVISIONS && st == UNALLOC_OK; r++)
        if ((v = json_object_get(root, names[r])) != NULL)
            st = read_division(days, v, names[r], r == (int)region, err);
out:
    json_decref(root);
    return st;
}
