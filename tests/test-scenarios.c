/*
 * libunalloc tests: the policy scenarios (tests/scenarios/ *.scenario), run
 * through the C API. Each file is one cmocka test. The format is described in
 * tests/scenarios/README.md; the Python suite reads the same files.
 *
 * SPDX-License-Identifier: MIT
 */
#include <dirent.h>

#include "test-util.h"

#define MAX_CASES 64
#define MAX_WORDS 32
/* Cases of at most this many rows are also evaluated with their rows in
 * every order (5,040 orders; under valgrind, at most 4 rows: 24). */
#define ORDER_ROWS 7

struct row {
    struct unalloc_moment at;
    const char *event, *detail, *worker, *locality; /* into the scenario's text */
};

struct scenario {
    const char *path;
    char *text;
    int line;
    struct unalloc_policy *policy;
    struct unalloc_calendar_builder *cb;
    struct unalloc_calendar *cal;
    struct unalloc_case *cases[MAX_CASES];
    int ncases;
    struct unalloc_result *results[MAX_CASES];
    char *errors[MAX_CASES]; /* evaluation error per case, if any */
    struct unalloc_moment as_of;
    struct unalloc_moment timed[512]; /* the timed events' moments (for check_series) */
    size_t ntimed;
    bool evaluated;
    int checks;
    struct row rows[MAX_CASES][ORDER_ROWS]; /* each case's rows, while it has few */
    int nrows[MAX_CASES];                   /* rows per case (counted past ORDER_ROWS) */
    bool ordered[MAX_CASES];                /* every order checked at this as-of */
};

static char scratch[4096];

#define FAIL(s, ...)                                                                           \
    fail_msg("%s:%d: %s", (s)->path, (s)->line,                                                \
             (snprintf(scratch, sizeof scratch, __VA_ARGS__), scratch))

/* Splits a line into words; "quoted strings" are one word. */
static int
split(char *s, char **w)
{
    int n = 0;
    while (*s && n < MAX_WORDS) {
        while (*s == ' ' || *s == '\t')
            s++;
        if (!*s || *s == '#')
            break;
        if (*s == '"') {
            w[n++] = ++s;
            while (*s && *s != '"')
                s++;
            if (*s)
                *s++ = '\0';
        } else {
            w[n++] = s;
            while (*s && *s != ' ' && *s != '\t')
                s++;
            if (*s)
                *s++ = '\0';
        }
    }
    return n;
}

static struct unalloc_moment
moment(struct scenario *s, const char *text)
{
    struct unalloc_moment m;
    struct unalloc_error err;
    if (unalloc_datetime_parse(&m.at, &m.has_time, text, &err) != UNALLOC_OK)
        FAIL(s, "bad date '%s': %s", text, err.message);
    return m;
}

static void
fmt_moment(char *buf, size_t size, const struct unalloc_moment *m)
{
    if (m->has_time)
        snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d", m->at.date.year, m->at.date.month,
                 m->at.date.day, m->at.hour, m->at.minute);
    else
        snprintf(buf, size, "%04d-%02d-%02d", m->at.date.year, m->at.date.month, m->at.date.day);
}

static int
case_index(struct scenario *s, const char *id, bool create)
{
    for (int i = 0; i < s->ncases; i++)
        if (strcmp(unalloc_case_id(s->cases[i]), id) == 0)
            return i;
    if (!create)
        FAIL(s, "no case '%s' in the events", id);
    if (s->ncases == MAX_CASES)
        FAIL(s, "too many cases");
    assert_int_equal(unalloc_case_new(&s->cases[s->ncases], id, NULL), UNALLOC_OK);
    return s->ncases++;
}

/* One CSV row: case_id,at,event,detail,worker,locality (no quoting needed). */
static void
event_row(struct scenario *s, char *row)
{
    char *f[6] = { NULL, NULL, NULL, NULL, NULL, NULL };
    int n = 0;
    struct unalloc_error err;
    f[n++] = row;
    for (char *p = row; *p; p++)
        if (*p == ',') {
            *p = '\0';
            if (n == 6)
                FAIL(s, "too many fields");
            f[n++] = p + 1;
        }
    if (n < 3)
        FAIL(s, "an event row needs case_id,at,event[,detail,worker,locality]");
    int c = case_index(s, f[0], true);
    struct unalloc_moment at = moment(s, f[1]);
    if (at.has_time && s->ntimed < sizeof s->timed / sizeof s->timed[0])
        s->timed[s->ntimed++] = at;
    if (unalloc_case_add_event(s->cases[c], f[2], at, f[3], f[4], f[5], &err) != UNALLOC_OK)
        FAIL(s, "event rejected: %s", err.message);
    if (s->nrows[c] < ORDER_ROWS)
        s->rows[c][s->nrows[c]] = (struct row){ at, f[2], f[3], f[4], f[5] };
    s->nrows[c]++;
}

static void
ensure_calendar(struct scenario *s)
{
    struct unalloc_error err;
    if (s->cal)
        return;
    if (!s->policy)
        FAIL(s, "no policy before the first as-of");
    if (!s->cb)
        assert_int_equal(unalloc_calendar_builder_new(&s->cb, unalloc_policy_region(s->policy),
                                                      NULL),
                         UNALLOC_OK);
    if (unalloc_calendar_builder_build(&s->cal, s->cb, &err) != UNALLOC_OK)
        FAIL(s, "calendar: %s", err.message);
}

static void
clear_results(struct scenario *s)
{
    for (int i = 0; i < MAX_CASES; i++) {
        unalloc_result_free(s->results[i]);
        s->results[i] = NULL;
        free(s->errors[i]);
        s->errors[i] = NULL;
    }
}

/* Everything a result says, as text: the JSON (which includes the
 * warnings), both CSV tables and each warning's code. */
static char *
result_text(struct scenario *s, const struct unalloc_result *r)
{
    char *buf = NULL;
    size_t len = 0;
    struct unalloc_error err;
    if (unalloc_result_append_json(&buf, &len, r, &err) != UNALLOC_OK ||
        unalloc_result_append_csv(&buf, &len, r, UNALLOC_TABLE_CASES, &err) != UNALLOC_OK ||
        unalloc_result_append_csv(&buf, &len, r, UNALLOC_TABLE_OCCURRENCES, &err) != UNALLOC_OK)
        FAIL(s, "formatting: %s", err.message);
    for (size_t i = 0; i < unalloc_result_warning_count(r); i++) {
        char code[16];
        int k = snprintf(code, sizeof code, "|%d", (int)unalloc_result_warning_code(r, i));
        buf = realloc(buf, len + (size_t)k + 1);
        memcpy(buf + len, code, (size_t)k + 1);
        len += (size_t)k;
    }
    return buf;
}

/* unalloc_evaluate_series() against unalloc_evaluate() for every case, at
 * every day of the 120 before the scenario's as-of (as dates; every fifth
 * day also at 00:00 and 12:30), at each event's minute and the minutes
 * either side, given in reverse order with repeats: the same text for every
 * as-of. Under valgrind (UNALLOC_TEST_QUICK, set by the `valgrind` test
 * setup) every tenth day only, and the events' minutes. */
#define SERIES_MAX 4096
static void
check_series(struct scenario *s)
{
    static struct unalloc_moment at[SERIES_MAX];
    static struct unalloc_result *got[SERIES_MAX];
    const int step = getenv("UNALLOC_TEST_QUICK") ? 10 : 1;
    size_t n = 0;
    struct unalloc_error err;

    for (int d = 0; d <= 120 && n + 3 <= SERIES_MAX; d += step) {
        struct unalloc_moment m = s->as_of;
        m.has_time = false;
        assert_int_equal(unalloc_date_add_days(&m.at.date, s->as_of.at.date, -d, NULL),
                         UNALLOC_OK);
        at[n++] = m;
        if (d % 5)
            continue;
        m.has_time = true;
        m.at.hour = 0, m.at.minute = 0;
        at[n++] = m;
        m.at.hour = 12, m.at.minute = 30;
        at[n++] = m;
    }
    for (size_t k = 0; k < s->ntimed && n + 3 <= SERIES_MAX; k++)
        for (int delta = -1; delta <= 1; delta++) {
            const int minutes = s->timed[k].at.hour * 60 + s->timed[k].at.minute + delta;
            struct unalloc_moment m = s->timed[k];
            if (minutes < 0 || minutes >= 1440)
                continue;
            m.at.hour = minutes / 60;
            m.at.minute = minutes % 60;
            at[n++] = m;
        }
    at[n++] = s->as_of;
    for (int i = 0; i < s->ncases; i++) {
        enum unalloc_status st =
            unalloc_evaluate_series(got, s->cal, s->policy, s->cases[i], at, n, &err);
        for (size_t k = 0; k < n; k++) {
            struct unalloc_result *one = NULL;
            enum unalloc_status st1 = unalloc_evaluate(&one, s->cal, s->policy, s->cases[i],
                                                       at[k], NULL);
            char when[32];
            fmt_moment(when, sizeof when, &at[k]);
            if ((st == UNALLOC_OK) != (st1 == UNALLOC_OK))
                FAIL(s, "case %s at %s: the series says %s, one evaluation %s",
                     unalloc_case_id(s->cases[i]), when, unalloc_status_name(st),
                     unalloc_status_name(st1));
            if (st == UNALLOC_OK) {
                char *a = result_text(s, got[k]), *b = result_text(s, one);
                if (strcmp(a, b) != 0) {
                    size_t d = 0;
                    while (a[d] == b[d])
                        d++;
                    d = d > 60 ? d - 60 : 0;
                    FAIL(s, "case %s at %s: the series gives\n...%.300s\none evaluation gives\n...%.300s",
                         unalloc_case_id(s->cases[i]), when, a + d, b + d);
                }
                free(a);
                free(b);
                unalloc_result_free(got[k]);
            }
            unalloc_result_free(one);
        }
    }
}

/* Heap's algorithm: case i rebuilt with its rows in every order, evaluated
 * as of the scenario's as-of, must give the text `want` (issue 10: "the
 * answer never depends on row order"). Returns the number of orders. */
static long
each_order(struct scenario *s, int i, int *order, int k, const char *want)
{
    long count = 0;
    if (k == 1) {
        struct unalloc_case *c;
        struct unalloc_result *r;
        struct unalloc_error err;
        const char *id = unalloc_case_id(s->cases[i]);
        assert_int_equal(unalloc_case_new(&c, id, NULL), UNALLOC_OK);
        for (int j = 0; j < s->nrows[i]; j++) {
            const struct row *w = &s->rows[i][order[j]];
            if (unalloc_case_add_event(c, w->event, w->at, w->detail, w->worker, w->locality,
                                       &err) != UNALLOC_OK)
                FAIL(s, "case %s: an event refused in another order: %s", id, err.message);
        }
        if (unalloc_evaluate(&r, s->cal, s->policy, c, s->as_of, &err) != UNALLOC_OK)
            FAIL(s, "case %s fails in another row order: %s", id, err.message);
        char *got = result_text(s, r);
        if (strcmp(got, want) != 0) {
            char rows[64] = "";
            size_t d = 0;
            for (int j = 0; j < s->nrows[i]; j++)
                snprintf(rows + strlen(rows), sizeof rows - strlen(rows), " %d", order[j] + 1);
            while (got[d] == want[d])
                d++;
            d = d > 60 ? d - 60 : 0;
            FAIL(s, "case %s, its rows in the order%s, gives\n...%.300s\ninstead of\n...%.300s",
                 id, rows, got + d, want + d);
        }
        free(got);
        unalloc_result_free(r);
        unalloc_case_free(c);
        return 1;
    }
    for (int j = 0; j < k; j++) {
        count += each_order(s, i, order, k - 1, want);
        const int a = (k % 2) ? 0 : j, t = order[a];
        order[a] = order[k - 1];
        order[k - 1] = t;
    }
    return count;
}

/* Every order of a small case's rows, once per as-of it is checked at. */
static void
check_orders(struct scenario *s, int i)
{
    const int most = getenv("UNALLOC_TEST_QUICK") ? 4 : ORDER_ROWS;
    int order[ORDER_ROWS];
    long want_count = 1;
    if (s->ordered[i] || s->nrows[i] > most || !s->results[i])
        return;
    s->ordered[i] = true;
    for (int j = 0; j < s->nrows[i]; j++) {
        order[j] = j;
        want_count *= j + 1;
    }
    char *want = result_text(s, s->results[i]);
    assert_int_equal(each_order(s, i, order, s->nrows[i], want), want_count);
    free(want);
}

static void
evaluate_all(struct scenario *s)
{
    ensure_calendar(s);
    clear_results(s);
    memset(s->ordered, 0, sizeof s->ordered);
    for (int i = 0; i < s->ncases; i++) {
        struct unalloc_error err;
        if (unalloc_evaluate(&s->results[i], s->cal, s->policy, s->cases[i], s->as_of, &err) !=
            UNALLOC_OK)
            s->errors[i] = strdup(err.message);
    }
    s->evaluated = true;
    check_series(s);
}

static const struct unalloc_result *
result(struct scenario *s, const char *id)
{
    int i = case_index(s, id, false);
    if (!s->evaluated)
        FAIL(s, "expect before as-of");
    if (s->errors[i])
        FAIL(s, "case %s did not evaluate: %s", id, s->errors[i]);
    check_orders(s, i);
    return s->results[i];
}

static void
check_moment(struct scenario *s, const char *what, bool present, const struct unalloc_moment *m,
             const char *want)
{
    char got[32];
    if (strcmp(want, "none") == 0) {
        if (present) {
            fmt_moment(got, sizeof got, m);
            FAIL(s, "%s: expected none, got %s", what, got);
        }
        return;
    }
    if (!present)
        FAIL(s, "%s: expected %s, got none", what, want);
    fmt_moment(got, sizeof got, m);
    if (strcmp(got, want) != 0)
        FAIL(s, "%s: expected %s, got %s", what, want, got);
}

static void
check_str(struct scenario *s, const char *what, const char *got, const char *want)
{
    if (strcmp(want, "none") == 0 && !got)
        return;
    if (!got || strcmp(got, want) != 0)
        FAIL(s, "%s: expected %s, got %s", what, want, got ? got : "none");
}

static void
check_int(struct scenario *s, const char *what, long got, const char *want)
{
    if (strtol(want, NULL, 10) != got)
        FAIL(s, "%s: expected %s, got %ld", what, want, got);
}

/* RULE[#K][@SPELL] */
static const struct unalloc_occurrence *
find_occurrence(struct scenario *s, const struct unalloc_result *r, const char *spec, bool must)
{
    char rule[128];
    int k = 0, spell = -1;
    const char *hash = strchr(spec, '#'), *at = strchr(spec, '@');
    size_t len = strcspn(spec, "#@");
    snprintf(rule, sizeof rule, "%.*s", (int)len, spec);
    if (hash)
        k = atoi(hash + 1);
    if (at)
        spell = atoi(at + 1);
    for (size_t i = 0; i < unalloc_result_occurrence_count(r); i++) {
        const struct unalloc_occurrence *o = unalloc_result_occurrence(r, i);
        if (strcmp(o->rule, rule) == 0 && (!k || o->occurrence == k) &&
            (spell < 0 || o->spell == spell))
            return o;
    }
    if (must) {
        char list[600] = "";
        for (size_t i = 0; i < unalloc_result_occurrence_count(r); i++) {
            const struct unalloc_occurrence *o = unalloc_result_occurrence(r, i);
            char d[32];
            fmt_moment(d, sizeof d, &o->due);
            snprintf(list + strlen(list), sizeof list - strlen(list), " %s#%d@%d(%s)", o->rule,
                     o->occurrence, o->spell, d);
        }
        FAIL(s, "no occurrence %s; the result has:%s", spec, list);
    }
    return NULL;
}

static void
expect_obligation(struct scenario *s, const struct unalloc_result *r, char **w, int n)
{
    const struct unalloc_occurrence *o = find_occurrence(s, r, w[3], true);
    for (int i = 4; i + 1 < n; i += 2) {
        const char *k = w[i], *v = w[i + 1];
        if (strcmp(k, "due") == 0)
            check_moment(s, "due", true, &o->due, v);
        else if (strcmp(k, "start") == 0)
            check_moment(s, "start", true, &o->start, v);
        else if (strcmp(k, "state") == 0)
            check_str(s, "state", unalloc_state_name(o->state), v);
        else if (strcmp(k, "met-at") == 0)
            check_moment(s, "met-at", o->met, &o->met_at, v);
        else if (strcmp(k, "late") == 0)
            check_str(s, "late", o->late ? "true" : "false", v);
        else if (strcmp(k, "kind") == 0)
            check_str(s, "kind", o->kind, v);
        else if (strcmp(k, "spell") == 0)
            check_int(s, "spell", o->spell, v);
        else if (strcmp(k, "on-record") == 0)
            check_str(s, "on-record", o->on_record ? "true" : "false", v);
        else if (strcmp(k, "basis") == 0)
            check_str(s, "basis", unalloc_basis_name(o->basis), v);
        else if (strcmp(k, "note-contains") == 0) {
            if (!o->note || !strstr(o->note, v))
                FAIL(s, "note: expected to contain '%s', got '%s'", v, o->note ? o->note : "none");
        } else
            FAIL(s, "unknown obligation field '%s'", k);
    }
    if ((n - 4) % 2)
        FAIL(s, "obligation fields come in pairs");
}

static void
expect_escalation(struct scenario *s, const struct unalloc_result *r, char **w, int n)
{
    const struct unalloc_case_result *c = unalloc_result_case(r);
    for (int i = 3; i + 1 < n; i += 2) {
        const char *k = w[i], *v = w[i + 1];
        if (strcmp(k, "level") == 0)
            check_str(s, "escalation level",
                      c->escalation_due ? unalloc_role_name(c->escalation_level) : NULL, v);
        else if (strcmp(k, "due") == 0)
            check_moment(s, "escalation due", c->escalation_due, &c->escalation_level_due, v);
        else if (strcmp(k, "done") == 0)
            check_str(s, "escalation done",
                      c->escalation_done ? unalloc_role_name(c->escalation_done_role) : NULL, v);
        else
            FAIL(s, "unknown escalation field '%s'", k);
    }
}

static void
expect_level(struct scenario *s, const struct unalloc_result *r, char **w, int n)
{
    const struct unalloc_escalation_level *lv = NULL;
    for (size_t i = 0; i < unalloc_result_escalation_count(r); i++)
        if (strcmp(unalloc_role_name(unalloc_result_escalation(r, i)->role), w[3]) == 0)
            lv = unalloc_result_escalation(r, i);
    if (!lv)
        FAIL(s, "no escalation level %s", w[3]);
    for (int i = 4; i + 1 < n; i += 2) {
        const char *k = w[i], *v = w[i + 1];
        if (strcmp(k, "due") == 0)
            check_moment(s, "level due", true, &lv->due, v);
        else if (strcmp(k, "state") == 0)
            check_str(s, "level state", unalloc_state_name(lv->state), v);
        else if (strcmp(k, "done-at") == 0)
            check_moment(s, "level done-at", lv->done, &lv->done_at, v);
        else if (strcmp(k, "basis") == 0)
            check_str(s, "level basis", unalloc_basis_name(lv->basis), v);
        else
            FAIL(s, "unknown escalation-level field '%s'", k);
    }
}

static void
expect(struct scenario *s, char **w, int n)
{
    const struct unalloc_result *r;
    const struct unalloc_case_result *c;
    const char *what;
    if (n < 3)
        FAIL(s, "expect CASE WHAT ...");
    what = w[2];
    if (strcmp(what, "error-contains") == 0) {
        int i = case_index(s, w[1], false);
        if (!s->errors[i] || !strstr(s->errors[i], w[3]))
            FAIL(s, "expected an error containing '%s', got %s", w[3],
                 s->errors[i] ? s->errors[i] : "success");
        return;
    }
    r = result(s, w[1]);
    c = unalloc_result_case(r);
    if (n < 4 && strcmp(what, "no-warnings") != 0)
        FAIL(s, "expect %s needs a value", what);
    if (strcmp(what, "status") == 0)
        check_str(s, "status", unalloc_case_status_name(c->status), w[3]);
    else if (strcmp(what, "unallocated") == 0)
        check_str(s, "unallocated", c->unallocated ? "true" : "false", w[3]);
    else if (strcmp(what, "since") == 0)
        check_moment(s, "unallocated_since", c->has_since, &c->unallocated_since, w[3]);
    else if (strcmp(what, "working-days") == 0)
        check_int(s, "working_days_unallocated", c->working_days_unallocated, w[3]);
    else if (strcmp(what, "calendar-days") == 0)
        check_int(s, "calendar_days_unallocated", c->calendar_days_unallocated, w[3]);
    else if (strcmp(what, "category") == 0)
        check_str(s, "category", c->has_category ? unalloc_category_name(c->category) : NULL, w[3]);
    else if (strcmp(what, "rating") == 0)
        check_str(s, "rating", c->has_rating ? unalloc_rating_name(c->rating) : NULL, w[3]);
    else if (strcmp(what, "rating-age") == 0)
        check_int(s, "rating_age_days", c->rating_age_days, w[3]);
    else if (strcmp(what, "atm-since") == 0)
        check_moment(s, "atm_since", c->has_atm_since, &c->atm_since, w[3]);
    else if (strcmp(what, "obligations") == 0)
        check_int(s, "number of occurrences", (long)unalloc_result_occurrence_count(r), w[3]);
    else if (strcmp(what, "obligation") == 0)
        expect_obligation(s, r, w, n);
    else if (strcmp(what, "no-obligation") == 0) {
        if (find_occurrence(s, r, w[3], false))
            FAIL(s, "expected no occurrence %s", w[3]);
    } else if (strcmp(what, "escalation") == 0)
        expect_escalation(s, r, w, n);
    else if (strcmp(what, "escalation-level") == 0)
        expect_level(s, r, w, n);
    else if (strcmp(what, "escalation-levels") == 0)
        check_int(s, "escalation levels", (long)unalloc_result_escalation_count(r), w[3]);
    else if (strcmp(what, "warning-contains") == 0) {
        bool found = false;
        for (size_t i = 0; i < unalloc_result_warning_count(r); i++)
            if (strstr(unalloc_result_warning(r, i), w[3]))
                found = true;
        if (!found)
            FAIL(s, "no warning containing '%s'", w[3]);
    } else if (strcmp(what, "no-warning-contains") == 0) {
        for (size_t i = 0; i < unalloc_result_warning_count(r); i++)
            if (strstr(unalloc_result_warning(r, i), w[3]))
                FAIL(s, "unexpected warning '%s'", unalloc_result_warning(r, i));
    } else
        FAIL(s, "unknown expectation '%s'", what);
    s->checks++;
}

static void
expect_report(struct scenario *s, char **w, int n)
{
    struct unalloc_report *rep;
    struct unalloc_error err;
    char *text = NULL;
    bool negate;
    if (n < 4 || (strcmp(w[2], "contains") != 0 && strcmp(w[2], "not-contains") != 0))
        FAIL(s, "expect-report REPORT contains|not-contains \"TEXT\"...");
    negate = strcmp(w[2], "not-contains") == 0;
    if (!s->evaluated)
        FAIL(s, "expect-report before as-of");
    if (unalloc_report_new(&rep, s->policy, w[1], s->as_of.at.date, &err) != UNALLOC_OK)
        FAIL(s, "report: %s", err.message);
    for (int i = 0; i < s->ncases; i++)
        if (s->results[i] && unalloc_report_add(rep, s->results[i], &err) != UNALLOC_OK)
            FAIL(s, "report add: %s", err.message);
    assert_int_equal(unalloc_report_render(&text, rep, NULL), UNALLOC_OK);
    for (int i = 3; i < n; i++)
        if (!strstr(text, w[i]) != negate)
            FAIL(s, "report %s %s '%s':\n%s", w[1], negate ? "has" : "lacks", w[i], text);
    unalloc_free(text);
    unalloc_report_free(rep);
    s->checks++;
}

static void
run_scenario(void **state)
{
    struct scenario *s = *state;
    char *line, *next;
    bool in_events = false, header_seen = false;
    struct unalloc_error err;
    char path[2200];

    s->text = test_read_file(s->path, NULL);
    for (line = s->text; line; line = next) {
        char *w[MAX_WORDS];
        int n;
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        s->line++;
        if (in_events) {
            if (!*line)
                continue;
            if (strcmp(line, "end") == 0) {
                in_events = false;
                continue;
            }
            if (line[0] == '#')
                continue;
            if (!header_seen) {
                if (strcmp(line, "case_id,at,event,detail,worker,locality") != 0)
                    FAIL(s, "the events block starts with the CSV header");
                header_seen = true;
                continue;
            }
            event_row(s, line);
            continue;
        }
        n = split(line, w);
        if (n == 0)
            continue;
        if (strcmp(w[0], "policy") == 0 && n == 2) {
            if (unalloc_policy_builtin(&s->policy, w[1], &err) != UNALLOC_OK)
                FAIL(s, "policy: %s", err.message);
        } else if (strcmp(w[0], "policy-file") == 0 && n == 2) {
            char dir[1100];
            size_t size;
            snprintf(dir, sizeof dir, "%s", s->path);
            *strrchr(dir, '/') = '\0';
            snprintf(path, sizeof path, "%s/%s", dir, w[1]);
            char *text = test_read_file(path, &size);
            if (unalloc_policy_parse(&s->policy, text, size, &err) != UNALLOC_OK)
                FAIL(s, "policy-file %s: %s", path, err.message);
            free(text);
        } else if (strcmp(w[0], "set") == 0 && n == 3) {
            /* a council's value for one of the policy's settings */
            struct unalloc_policy *q = NULL;
            const char *name = w[1], *value = w[2];
            if (!s->policy)
                FAIL(s, "set before policy");
            if (unalloc_policy_with_settings(&q, s->policy, &name, &value, 1, &err) != UNALLOC_OK)
                FAIL(s, "set: %s", err.message);
            unalloc_policy_free(s->policy);
            s->policy = q;
        } else if (strcmp(w[0], "closure") == 0 && n == 2) {
            struct unalloc_date a, b;
            char *dots = strstr(w[1], "..");
            if (dots)
                *dots = '\0';
            if (!s->policy)
                FAIL(s, "closure before policy");
            if (!s->cb)
                assert_int_equal(unalloc_calendar_builder_new(
                                     &s->cb, unalloc_policy_region(s->policy), NULL),
                                 UNALLOC_OK);
            assert_int_equal(unalloc_date_parse(&a, w[1], NULL), UNALLOC_OK);
            assert_int_equal(unalloc_date_parse(&b, dots ? dots + 2 : w[1], NULL), UNALLOC_OK);
            assert_int_equal(unalloc_calendar_builder_add_closure(s->cb, a, b, NULL, NULL),
                             UNALLOC_OK);
        } else if (strcmp(w[0], "events") == 0) {
            in_events = true;
            header_seen = false;
        } else if (strcmp(w[0], "as-of") == 0 && n == 2) {
            s->as_of = moment(s, w[1]);
            evaluate_all(s);
        } else if (strcmp(w[0], "expect") == 0) {
            expect(s, w, n);
        } else if (strcmp(w[0], "expect-report") == 0) {
            expect_report(s, w, n);
        } else {
            FAIL(s, "unknown scenario statement '%s'", w[0]);
        }
    }
    if (in_events)
        FAIL(s, "events block without 'end'");
    if (s->checks == 0)
        FAIL(s, "a scenario must check something");
}

static int
teardown(void **state)
{
    struct scenario *s = *state;
    clear_results(s);
    for (int i = 0; i < s->ncases; i++)
        unalloc_case_free(s->cases[i]);
    s->ncases = 0;
    memset(s->nrows, 0, sizeof s->nrows);
    unalloc_calendar_free(s->cal);
    unalloc_calendar_builder_free(s->cb);
    unalloc_policy_free(s->policy);
    free(s->text);
    s->cal = NULL;
    s->cb = NULL;
    s->policy = NULL;
    s->text = NULL;
    s->ntimed = 0;
    return 0;
}

static int
by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int
main(void)
{
    const char *dir = getenv("UNALLOC_SCENARIOS");
    DIR *d;
    struct dirent *e;
    char *names[512];
    size_t n = 0;
    struct CMUnitTest tests[512];
    static struct scenario scen[512];

    if (!dir)
        dir = "tests/scenarios";
    if (!(d = opendir(dir))) {
        fprintf(stderr, "cannot open %s\n", dir);
        return 1;
    }
    while ((e = readdir(d)) && n < 512) {
        size_t len = strlen(e->d_name);
        if (len > 9 && strcmp(e->d_name + len - 9, ".scenario") == 0)
            names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof names[0], by_name);
    for (size_t i = 0; i < n; i++) {
        char *path = malloc(strlen(dir) + strlen(names[i]) + 2);
        sprintf(path, "%s/%s", dir, names[i]);
        scen[i].path = path;
        tests[i].name = names[i];
        tests[i].test_func = run_scenario;
        tests[i].setup_func = NULL;
        tests[i].teardown_func = teardown;
        tests[i].initial_state = &scen[i];
    }
    if (n == 0) {
        fprintf(stderr, "no scenarios in %s\n", dir);
        return 1;
    }
    int rc = _cmocka_run_group_tests("scenarios", tests, n, NULL, NULL);
    for (size_t i = 0; i < n; i++) {
        free(names[i]);
        free((void *)scen[i].path);
    }
    return rc;
}
