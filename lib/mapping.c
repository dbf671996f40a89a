/*
 * libunalloc: mappings (doc/mapping-format.md): a council's own export read
 * as events. The parser is line-oriented like the policy format's and stops
 * at the first problem with its line and column. A parsed mapping is
 * immutable: its value maps are sorted arrays searched by bisection, so a
 * row costs a few comparisons per field however long the maps are.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vocab-private.h"

/* ---- the mapping -------------------------------------------------------------- */

enum date_form { DF_ISO, DF_UK, DF_PATTERN };

struct date_format {
    enum date_form form;
    char *pattern; /* DF_PATTERN */
};

/* One entry of a value map: the export's words (lower-cased, trimmed) and
 * what they mean. */
struct entry {
    char *key;
    int value;   /* kind, category, role or rating */
    int detail;  /* event entries: index in the kind's detail names, or -1 */
    bool ignore; /* event entries: rows of this kind are not events */
    bool prefix; /* worker entries: the key is a prefix */
    int line;
};

enum { MAP_EVENT, MAP_CATEGORY, MAP_ROLE, MAP_RATING, MAP_WORKER, MAP_COUNT };

struct unalloc_mapping {
    char *source[UNALLOC_FIELD_COUNT_]; /* column name; NULL: the field's own name */
    char *fixed[UNALLOC_FIELD_COUNT_];  /* a fixed value instead of a column */
    struct ua_vec dates;                /* struct date_format; empty: ISO */
    struct ua_vec maps[MAP_COUNT];      /* struct entry, sorted by key */
};

static const char *const map_words[MAP_COUNT] = { "event", "category", "role", "rating",
                                                  "worker" };

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

static struct unalloc_mapping *
mapping_alloc(void)
{
    struct unalloc_mapping *m = ua_calloc(1, sizeof *m);
    if (!m)
        return NULL;
    ua_vec_init(&m->dates, sizeof(struct date_format));
    for (int i = 0; i < MAP_COUNT; i++)
        ua_vec_init(&m->maps[i], sizeof(struct entry));
    return m;
}

UNALLOC_EXPORT void
unalloc_mapping_free(struct unalloc_mapping *m)
{
    if (!m)
        return;
    for (int f = 0; f < UNALLOC_FIELD_COUNT_; f++) {
        ua_free(m->source[f]);
        ua_free(m->fixed[f]);
    }
    for (size_t i = 0; i < m->dates.len; i++)
        ua_free(UA_VEC_AT(&m->dates, struct date_format, i).pattern);
    ua_vec_free(&m->dates);
    for (int k = 0; k < MAP_COUNT; k++) {
        for (size_t i = 0; i < m->maps[k].len; i++)
            ua_free(UA_VEC_AT(&m->maps[k], struct entry, i).key);
        ua_vec_free(&m->maps[k]);
    }
    ua_free(m);
}

UNALLOC_EXPORT enum unalloc_status
unalloc_mapping_new(struct unalloc_mapping **out, struct unalloc_error *err)
{
    if (!out)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unalloc_mapping_new: out is NULL");
    if (!(*out = mapping_alloc()))
        return ua_nomem(err);
    return UNALLOC_OK;
}

/* ---- names, any case -------------------------------------------------------------- */

static char
lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* s[0..*len) without surrounding spaces and tabs. */
static const char *
trim(const char *s, size_t *len)
{
    while (*len && (s[0] == ' ' || s[0] == '\t'))
        s++, (*len)--;
    while (*len && (s[*len - 1] == ' ' || s[*len - 1] == '\t'))
        (*len)--;
    return s;
}

/* Compares the trimmed, lower-cased text s[0..len) with a lower-case key. */
static int
cmp_ci(const char *s, size_t len, const char *key)
{
    size_t i;
    for (i = 0; i < len && key[i]; i++) {
        const unsigned char a = (unsigned char)lower(s[i]), b = (unsigned char)key[i];
        if (a != b)
            return a < b ? -1 : 1;
    }
    if (i < len)
        return 1;
    return key[i] ? -1 : 0;
}

/* Index of a vocabulary name, any case and surrounding spaces; -1 if none. */
static int
vocab_ci(const char *const *names, int n, const char *s, size_t len)
{
    s = trim(s, &len);
    for (int i = 0; i < n; i++)
        if (cmp_ci(s, len, names[i]) == 0)
            return i;
    return -1;
}

/* Edit distance of two short strings (for "did you mean"), capped at 9. */
static int
distance(const char *a, size_t la, const char *b)
{
    int row[48], lb = (int)strlen(b);
    if (la > 40 || lb > 40)
        return 9;
    for (int j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        int diag = row[0];
        row[0] = (int)i;
        for (int j = 1; j <= lb; j++) {
            int up = row[j];
            int best = diag + (lower(a[i - 1]) != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb] > 9 ? 9 : row[lb];
}

/* "unknown WHAT 'text' (expected a, b, c)", or, when the list does not fit in
 * a message, the nearest name and where to find them all. */
static enum unalloc_status
unknown_name(struct unalloc_error *err, enum unalloc_status code, int line, int column,
             const char *prefix, const char *what, const char *after, const char *const *names,
             int n, const char *s, size_t len)
{
    char q[64], list[UNALLOC_ERROR_MESSAGE_SIZE];
    size_t o = 0, fixed;
    int best = -1, bd = 9;
    s = trim(s, &len);
    ua_quote(q, sizeof q, s, len);
    fixed = strlen(prefix) + strlen(what) + strlen(after) + strlen(q) + 32;
    list[0] = '\0';
    for (int i = 0; i < n && o < sizeof list; i++)
        o += (size_t)snprintf(list + o, sizeof list - o, "%s%s", i ? ", " : "", names[i]);
    if (o + fixed < UNALLOC_ERROR_MESSAGE_SIZE)
        return ua_fail(err, code, line, column, "%sunknown %s '%s'%s (expected %s)", prefix,
                       what, q, after, list);
    for (int i = 0; i < n; i++) {
        int d = distance(s, len, names[i]);
        if (d < bd)
            bd = d, best = i;
    }
    if (best >= 0 && bd <= 3)
        return ua_fail(err, code, line, column,
                       "%sunknown %s '%s'%s (did you mean '%s'? 'unalloc vocabulary' lists all %d)",
                       prefix, what, q, after, names[best], n);
    return ua_fail(err, code, line, column,
                   "%sunknown %s '%s'%s ('unalloc vocabulary' lists all %d)", prefix, what, q,
                   after, n);
}

/* The names an event kind's detail may take, or NULL when it takes none. */
static const char *const *
detail_names(enum unalloc_event_kind kind, int *n, const char **what)
{
    switch (ua_event_detail_type(kind)) {
    case UA_DETAIL_CATEGORY: *n = UNALLOC_CATEGORY_COUNT_; *what = "category"; return ua_category_names;
    case UA_DETAIL_ROLE:
    case UA_DETAIL_ACTOR: *n = UNALLOC_ROLE_COUNT_; *what = "role"; return ua_role_names;
    case UA_DETAIL_ABSENCE: *n = UA_ABSENCE_COUNT; *what = "absence"; return ua_absence_names;
    case UA_DETAIL_OUTCOME: *n = UA_OUTCOME_COUNT; *what = "outcome"; return ua_outcome_names;
    case UA_DETAIL_DECISION: *n = UA_DECISION_COUNT; *what = "decision"; return ua_decision_names;
    case UA_DETAIL_RATING: *n = UNALLOC_RATING_COUNT_; *what = "rating"; return ua_rating_names;
    default: *n = 0; *what = "detail"; return NULL;
    }
}

/* The value map searched for a kind's detail, or -1. */
static int
detail_map(enum unalloc_event_kind kind)
{
    switch (ua_event_detail_type(kind)) {
    case UA_DETAIL_CATEGORY: return MAP_CATEGORY;
    case UA_DETAIL_ROLE:
    case UA_DETAIL_ACTOR: return MAP_ROLE;
    case UA_DETAIL_RATING: return MAP_RATING;
    default: return -1;
    }
}

/* ---- dates ---------------------------------------------------------------------------- */

/* Reads between min and max digits at s + *pos. */
static int
digits(const char *s, size_t *pos, int min, int max)
{
    int v = 0, k = 0;
    while (k < max && s[*pos] >= '0' && s[*pos] <= '9') {
        v = v * 10 + (s[*pos] - '0');
        (*pos)++;
        k++;
    }
    return k >= min ? v : -1;
}

struct fields_read {
    int y, mo, d, h, mi;
    bool has_time;
};

/* Seconds, and a fraction after them, are read and dropped. */
static bool
seconds(const char *s, size_t *pos)
{
    if (digits(s, pos, 2, 2) < 0 || (s[*pos - 2] > '5'))
        return false;
    if (s[*pos] == '.' || s[*pos] == ',') {
        (*pos)++;
        if (digits(s, pos, 1, 9) < 0)
            return false;
    }
    return true;
}

/* %Y %m %d %H %M %S %%; anything else is itself. %m, %d and %H take one or
 * two digits. */
static bool
match_pattern(struct fields_read *f, const char *p, const char *s)
{
    size_t pos = 0;
    bool y = false, mo = false, d = false, mi = false;
    memset(f, 0, sizeof *f);
    for (; *p; p++) {
        if (*p != '%' || p[1] == '%') {
            if (s[pos] != *p)
                return false;
            pos++;
            p += *p == '%';
            continue;
        }
        switch (*++p) {
        case 'Y': y = (f->y = digits(s, &pos, 4, 4)) >= 0; if (!y) return false; break;
        case 'm': mo = (f->mo = digits(s, &pos, 1, 2)) >= 0; if (!mo) return false; break;
        case 'd': d = (f->d = digits(s, &pos, 1, 2)) >= 0; if (!d) return false; break;
        case 'H': f->has_time = (f->h = digits(s, &pos, 1, 2)) >= 0; if (!f->has_time) return false; break;
        case 'M': mi = (f->mi = digits(s, &pos, 2, 2)) >= 0; if (!mi) return false; break;
        case 'S': if (!seconds(s, &pos)) return false; break;
        default: return false;
        }
    }
    return s[pos] == '\0' && y && mo && d && f->has_time == mi;
}

static bool
match_iso(struct fields_read *f, const char *s)
{
    size_t pos = 0;
    memset(f, 0, sizeof *f);
    if ((f->y = digits(s, &pos, 4, 4)) < 0 || s[pos++] != '-' ||
        (f->mo = digits(s, &pos, 2, 2)) < 0 || s[pos++] != '-' ||
        (f->d = digits(s, &pos, 2, 2)) < 0)
        return false;
    if (s[pos] == '\0')
        return true;
    if (s[pos] != 'T' && s[pos] != ' ')
        return false;
    pos++;
    if ((f->h = digits(s, &pos, 2, 2)) < 0 || s[pos++] != ':' ||
        (f->mi = digits(s, &pos, 2, 2)) < 0)
        return false;
    f->has_time = true;
    if (s[pos] == ':') {
        pos++;
        if (!seconds(s, &pos))
            return false;
    }
    return s[pos] == '\0';
}

static bool
match_format(struct fields_read *f, const struct date_format *df, const char *s)
{
    switch (df->form) {
    case DF_ISO: return match_iso(f, s);
    case DF_UK:
        return match_pattern(f, "%d/%m/%Y", s) || match_pattern(f, "%d/%m/%Y %H:%M", s) ||
               match_pattern(f, "%d/%m/%Y %H:%M:%S", s);
    default: return match_pattern(f, df->pattern, s);
    }
}

static const char *
form_text(const struct date_format *df)
{
    switch (df->form) {
    case DF_ISO: return "YYYY-MM-DD[ HH:MM]";
    case DF_UK: return "DD/MM/YYYY[ HH:MM]";
    default: return df->pattern;
    }
}

/* The text is quoted, and the forms tried listed, only for an error: a
 * valid date costs its match and its check. */
static enum unalloc_status
parse_moment(struct unalloc_moment *out, const struct unalloc_mapping *m, const char *s,
             int column, struct unalloc_error *err)
{
    static const struct date_format iso = { DF_ISO, NULL };
    const size_t n = m->dates.len ? m->dates.len : 1;
    struct fields_read f;
    struct unalloc_error inner;
    char q[64], forms[160];
    size_t o = 0;
    bool uk = false;
    for (size_t i = 0; i < n; i++) {
        const struct date_format *df =
            m->dates.len ? &UA_VEC_AT(&m->dates, struct date_format, i) : &iso;
        if (!match_format(&f, df, s))
            continue;
        out->at.date.year = f.y;
        out->at.date.month = f.mo;
        out->at.date.day = f.d;
        out->at.hour = f.h;
        out->at.minute = f.mi;
        out->has_time = f.has_time;
        if (unalloc_date_check(out->at.date, &inner) != UNALLOC_OK) {
            const char *why = strstr(inner.message, ": ");
            ua_quote(q, sizeof q, s, strlen(s));
            if (inner.code == UNALLOC_E_RANGE)
                return ua_fail(err, UNALLOC_E_RANGE, 0, column,
                               "'%s' is outside the supported range 1900-01-01 to 2199-12-31", q);
            return ua_fail(err, UNALLOC_E_INVALID, 0, column, "'%s' is not a valid date%s", q,
                           why ? why : "");
        }
        if (f.h > 23 || f.mi > 59) {
            ua_quote(q, sizeof q, s, strlen(s));
            return ua_fail(err, UNALLOC_E_INVALID, 0, column,
                           "'%s' is not a valid time: hours run 00-23 and minutes 00-59", q);
        }
        return UNALLOC_OK;
    }
    for (size_t i = 0; i < n; i++) {
        const struct date_format *df =
            m->dates.len ? &UA_VEC_AT(&m->dates, struct date_format, i) : &iso;
        uk |= df->form != DF_ISO;
        if (o < sizeof forms)
            o += (size_t)snprintf(forms + o, sizeof forms - o, "%s%s", i ? " or " : "",
                                  form_text(df));
    }
    ua_quote(q, sizeof q, s, strlen(s));
    return ua_fail(err, UNALLOC_E_PARSE, 0, column, "'%s' is not a date in the form %s%s", q,
                   forms,
                   !uk && strchr(s, '/') ? " (UK dates need a mapping with 'date uk')" : "");
}

UNALLOC_EXPORT enum unalloc_status
unalloc_mapping_parse_moment(struct unalloc_moment *out, const struct unalloc_mapping *m,
                             const char *text, struct unalloc_error *err)
{
    if (!out || !m || !text)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unalloc_mapping_parse_moment: %s is NULL",
                       !out ? "out" : !m ? "mapping" : "text");
    return parse_moment(out, m, text, 0, err);
}

/* ---- the parser ------------------------------------------------------------------------- */

#define MAX_WORDS 8

struct word {
    const char *s; /* into the line, or an unescaped copy in p->scratch */
    size_t len;
    int col;
    bool quoted;
};

struct parser {
    struct unalloc_mapping *m;
    struct unalloc_error *err;
    int line;
    struct word w[MAX_WORDS];
    int n;
    char *scratch; /* unescaped strings of the line */
    bool seen_column[UNALLOC_FIELD_COUNT_];
};

static enum unalloc_status
perr(struct parser *p, int col, const char *fmt, ...) UA_PRINTF(3, 4);

static enum unalloc_status
perr(struct parser *p, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ua_parse_vfail(p->err, p->line, col, fmt, ap);
    va_end(ap);
    return UNALLOC_E_PARSE;
}

static enum unalloc_status
split(struct parser *p, const char *s, size_t len)
{
    size_t i = 0, o = 0;
    p->n = 0;
    while (i < len) {
        struct word *w;
        if (s[i] == ' ' || s[i] == '\t' || s[i] == '\r') {
            i++;
            continue;
        }
        if (s[i] == '#')
            break;
        if (p->n == MAX_WORDS)
            return perr(p, (int)i + 1, "too many words on one line (at most %d)", MAX_WORDS);
        w = &p->w[p->n++];
        w->col = (int)i + 1;
        w->quoted = s[i] == '"';
        if (!w->quoted) {
            w->s = s + i;
            while (i < len && s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '"')
                i++;
            w->len = (size_t)(s + i - w->s);
            continue;
        }
        w->s = p->scratch + o;
        for (i++;; i++) {
            if (i >= len)
                return perr(p, w->col, "this string has no closing '\"'");
            if (s[i] == '"')
                break;
            if (s[i] == '\\') {
                if (i + 1 >= len || (s[i + 1] != '"' && s[i + 1] != '\\'))
                    return perr(p, (int)i + 1,
                                "unknown escape in a string (only \\\" and \\\\ are allowed)");
                i++;
            }
            p->scratch[o++] = s[i];
        }
        w->len = (size_t)(p->scratch + o - w->s);
        p->scratch[o++] = '\0';
        i++;
        if (i < len && s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '#')
            return perr(p, (int)i + 1, "a space must follow a string");
    }
    return UNALLOC_OK;
}

static bool
is(const struct word *w, const char *s)
{
    return !w->quoted && w->len == strlen(s) && memcmp(w->s, s, w->len) == 0;
}

static enum unalloc_status
field_of(struct parser *p, const struct word *w, int *f)
{
    for (*f = 0; *f < UNALLOC_FIELD_COUNT_; (*f)++)
        if (is(w, ua_field_names[*f]))
            return UNALLOC_OK;
    return unknown_name(p->err, UNALLOC_E_PARSE, p->line, w->col, "", "field", "", ua_field_names,
                        UNALLOC_FIELD_COUNT_, w->s, w->len);
}

/* A vocabulary name in a mapping line: as written or in any case. */
static enum unalloc_status
name_of(struct parser *p, const struct word *w, const char *what, const char *const *names,
        int n, int *out)
{
    if ((*out = vocab_ci(names, n, w->s, w->len)) >= 0)
        return UNALLOC_OK;
    return unknown_name(p->err, UNALLOC_E_PARSE, p->line, w->col, "", what, "", names, n,
                        w->s, w->len);
}

static enum unalloc_status
st_column(struct parser *p, bool fixed)
{
    int f;
    enum unalloc_status st;
    char **slot;
    if (p->n != 3 || !p->w[2].quoted) /* at the first wrong word, or the statement's */
        return perr(p, p->n < 3 ? p->w[0].col : !p->w[2].quoted ? p->w[2].col : p->w[3].col,
                    "expected '%s FIELD \"%s\"'", fixed ? "fixed" : "column",
                    fixed ? "value" : "Column Name");
    if ((st = field_of(p, &p->w[1], &f)) != UNALLOC_OK)
        return st;
    if (p->seen_column[f])
        return perr(p, p->w[1].col, "%s has a column or a fixed value already", ua_field_names[f]);
    if (fixed && f == UNALLOC_FIELD_CASE_ID)
        return perr(p, p->w[1].col, "case_id cannot be fixed: it tells cases apart");
    if (fixed && f == UNALLOC_FIELD_AT) {
        struct unalloc_moment at;
        struct unalloc_error inner;
        if (parse_moment(&at, p->m, p->w[2].s, 0, &inner) != UNALLOC_OK)
            return perr(p, p->w[2].col, "%s", inner.message);
    }
    if (!fixed && p->w[2].len == 0)
        return perr(p, p->w[2].col, "a column name cannot be empty");
    p->seen_column[f] = true;
    slot = fixed ? &p->m->fixed[f] : &p->m->source[f];
    if (!(*slot = ua_strndup(p->w[2].s, p->w[2].len)))
        return ua_nomem(p->err);
    return UNALLOC_OK;
}

static enum unalloc_status
st_date(struct parser *p)
{
    struct date_format df = { DF_ISO, NULL };
    bool y = false, mo = false, d = false, h = false, mi = false;
    if (p->n != 2)
        return perr(p, p->w[0].col, "expected 'date iso', 'date uk' or 'date \"PATTERN\"'");
    if (is(&p->w[1], "uk")) {
        df.form = DF_UK;
    } else if (!is(&p->w[1], "iso")) {
        if (!p->w[1].quoted)
            return perr(p, p->w[1].col,
                        "unknown date format '%.*s' (expected iso, uk or a \"PATTERN\" of %%Y "
                        "%%m %%d %%H %%M %%S)",
                        (int)(p->w[1].len > 40 ? 40 : p->w[1].len), p->w[1].s);
        for (const char *c = p->w[1].s; *c; c++) {
            if (*c != '%')
                continue;
            switch (*++c) {
            case 'Y': y = true; break;
            case 'm': mo = true; break;
            case 'd': d = true; break;
            case 'H': h = true; break;
            case 'M': mi = true; break;
            case 'S':
            case '%': break;
            default:
                return perr(p, p->w[1].col + (int)(c - p->w[1].s),
                            "unknown %% code in a date pattern (expected %%Y %%m %%d %%H %%M %%S "
                            "or %%%%)");
            }
        }
        if (!y || !mo || !d || h != mi)
            return perr(p, p->w[1].col,
                        "a date pattern needs %%Y, %%m and %%d, and %%H with %%M for a time");
        df.form = DF_PATTERN;
        if (!(df.pattern = ua_strdup(p->w[1].s)))
            return ua_nomem(p->err);
    }
    if (ua_vec_push(&p->m->dates, &df) != 0) {
        ua_free(df.pattern);
        return ua_nomem(p->err);
    }
    return UNALLOC_OK;
}

/* event|category|role|rating|worker [prefix] "WORDS" -> TARGET [DETAIL] */
static enum unalloc_status
st_value(struct parser *p, int map)
{
    struct entry e = { NULL, 0, -1, false, false, p->line };
    int i = 1, n, got;
    const char *what;
    const char *const *names;
    enum unalloc_status st = UNALLOC_OK;
    if (map == MAP_WORKER && p->n > 1 && is(&p->w[1], "prefix")) {
        e.prefix = true;
        i++;
    }
    if (p->n < i + 3 || !p->w[i].quoted || !is(&p->w[i + 1], "->"))
        /* at the first wrong word, or the statement's when words are missing */
        return perr(p,
                    p->n > i && !p->w[i].quoted           ? p->w[i].col
                    : p->n > i + 1 && !is(&p->w[i + 1], "->") ? p->w[i + 1].col
                                                            : p->w[0].col,
                    "expected '%s%s \"the export's words\" -> %s'",
                    map_words[map], map == MAP_WORKER ? " [prefix]" : "",
                    map == MAP_EVENT ? "KIND [DETAIL]' or '... -> ignore"
                    : map == MAP_WORKER ? "ROLE" : map_words[map]);
    if (e.prefix && p->w[i].len == 0)
        return perr(p, p->w[i].col, "an empty prefix would match every worker");
    const struct word *target = &p->w[i + 2];
    if (p->n > i + (map == MAP_EVENT ? 4 : 3))
        return perr(p, p->w[p->n - 1].col, "unexpected '%.*s'", (int)p->w[p->n - 1].len,
                    p->w[p->n - 1].s);
    switch (map) {
    case MAP_EVENT:
        if (is(target, "ignore")) {
            e.ignore = true;
            if (p->n > i + 3)
                return perr(p, p->w[i + 3].col, "'ignore' takes no detail");
            break;
        }
        if ((st = name_of(p, target, "event kind", ua_event_names, UNALLOC_EVENT_KIND_COUNT_,
                          &e.value)) != UNALLOC_OK)
            return st;
        if (p->n > i + 3) {
            names = detail_names((enum unalloc_event_kind)e.value, &n, &what);
            if (!names)
                return perr(p, p->w[i + 3].col, "'%s' takes no detail", ua_event_names[e.value]);
            if ((st = name_of(p, &p->w[i + 3], what, names, n, &e.detail)) != UNALLOC_OK)
                return st;
        }
        break;
    case MAP_CATEGORY:
        st = name_of(p, target, "category", ua_category_names, UNALLOC_CATEGORY_COUNT_, &e.value);
        break;
    case MAP_RATING:
        st = name_of(p, target, "rating", ua_rating_names, UNALLOC_RATING_COUNT_, &e.value);
        break;
    default:
        st = name_of(p, target, "role", ua_role_names, UNALLOC_ROLE_COUNT_, &e.value);
        break;
    }
    if (map != MAP_EVENT && st != UNALLOC_OK)
        return st;
    {
        size_t len = p->w[i].len;
        const char *s = trim(p->w[i].s, &len);
        if (!(e.key = ua_malloc(len + 1)))
            return ua_nomem(p->err);
        for (size_t k = 0; k < len; k++)
            e.key[k] = lower(s[k]);
        e.key[len] = '\0';
    }
    got = ua_vec_push(&p->m->maps[map], &e);
    if (got != 0) {
        ua_free(e.key);
        return ua_nomem(p->err);
    }
    return UNALLOC_OK;
}

static int
cmp_entry(const void *a, const void *b)
{
    const struct entry *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    if (c)
        return c;
    if (x->prefix != y->prefix)
        return x->prefix ? 1 : -1;
    return x->line - y->line;
}

static enum unalloc_status
statement(struct parser *p)
{
    const struct word *w = &p->w[0];
    if (w->quoted)
        return perr(p, w->col, "a line starts with a statement, not a string");
    if (is(w, "column"))
        return st_column(p, false);
    if (is(w, "fixed"))
        return st_column(p, true);
    if (is(w, "date"))
        return st_date(p);
    for (int k = 0; k < MAP_COUNT; k++)
        if (is(w, map_words[k]))
            return st_value(p, k);
    return perr(p, w->col,
                "unknown statement '%.*s' (expected column, fixed, date, event, category, role, "
                "rating or worker)",
                (int)(w->len > 40 ? 40 : w->len), w->s);
}

UNALLOC_EXPORT enum unalloc_status
unalloc_mapping_parse(struct unalloc_mapping **out, const char *text, size_t len,
                      struct unalloc_error *err) /* len: the header's `size` */
{
    struct parser p;
    enum unalloc_status st = UNALLOC_OK;
    size_t i = 0;
    if (out)
        *out = NULL;
    if (!out || !text)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unalloc_mapping_parse: %s is NULL",
                       !out ? "out" : "text");
    if (len > UNALLOC_MAPPING_MAX_BYTES)
        return ua_fail(err, UNALLOC_E_LIMIT, 0, 0,
                       "the mapping is %zu bytes; the limit is %d", len,
                       UNALLOC_MAPPING_MAX_BYTES);
    memset(&p, 0, sizeof p);
    p.err = err;
    if (!(p.m = mapping_alloc()) || !(p.scratch = ua_malloc(len + 1))) {
        ua_free(p.m);
        return ua_nomem(err);
    }
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len && st == UNALLOC_OK) {
        size_t start = i, bad;
        while (i < len && text[i] != '\n')
            i++;
        p.line++;
        for (bad = start; bad < i && text[bad] != '\0'; bad++)
            ;
        if (bad < i)
            st = perr(&p, (int)(bad - start) + 1, "a NUL byte");
        else if (!ua_utf8_valid(text + start, i - start))
            st = perr(&p, 1, "this line is not UTF-8");
        else if ((st = split(&p, text + start, i - start)) == UNALLOC_OK && p.n)
            st = statement(&p);
        i++;
    }
    for (int k = 0; k < MAP_COUNT && st == UNALLOC_OK; k++) {
        struct ua_vec *v = &p.m->maps[k];
        if (v->len > 1)
            qsort(v->data, v->len, sizeof(struct entry), cmp_entry);
        for (size_t e = 1; e < v->len && st == UNALLOC_OK; e++) {
            const struct entry *a = &UA_VEC_AT(v, struct entry, e - 1);
            const struct entry *b = &UA_VEC_AT(v, struct entry, e);
            if (strcmp(a->key, b->key) == 0 && a->prefix == b->prefix) {
                char q[64];
                ua_quote(q, sizeof q, b->key, strlen(b->key));
                p.line = a->line > b->line ? a->line : b->line;
                st = perr(&p, 1, "'%s' is already mapped at line %d (words match in any case)", q,
                          a->line < b->line ? a->line : b->line);
            }
        }
    }
    ua_free(p.scratch);
    if (st != UNALLOC_OK) {
        unalloc_mapping_free(p.m);
        return st;
    }
    *out = p.m;
    return UNALLOC_OK;
}

/* ---- reading rows -------------------------------------------------------------------- */

static const char *
source_name(const struct unalloc_mapping *m, int f)
{
    return m->source[f] ? m->source[f] : ua_field_names[f];
}

static bool
same_name(const char *a, const char *b)
{
    size_t la = strlen(a);
    a = trim(a, &la);
    size_t lb = strlen(b);
    b = trim(b, &lb);
    if (la != lb)
        return false;
    for (size_t i = 0; i < la; i++)
        if (lower(a[i]) != lower(b[i]))
            return false;
    return true;
}

UNALLOC_EXPORT enum unalloc_status
unalloc_mapping_bind(int columns[UNALLOC_FIELD_COUNT_], size_t *ignored,
                     const struct unalloc_mapping *m, const char *const *header, size_t n,
                     struct unalloc_error *err)
{
    size_t used = 0;
    if (!columns || !m || (n && !header))
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unalloc_mapping_bind: %s is NULL",
                       !columns ? "columns" : !m ? "mapping" : "header");
    for (int f = 0; f < UNALLOC_FIELD_COUNT_; f++) {
        const char *want = source_name(m, f);
        columns[f] = -1;
        if (m->fixed[f])
            continue;
        /* an exact match first, then any case and spacing */
        for (int pass = 0; pass < 2 && columns[f] < 0; pass++)
            for (size_t i = 0; i < n; i++) {
                const char *h = header[i] ? header[i] : "";
                if (!(pass ? same_name(h, want) : strcmp(h, want) == 0))
                    continue;
                if (columns[f] >= 0) {
                    char q[64];
                    ua_quote(q, sizeof q, want, strlen(want));
                    return ua_fail(err, UNALLOC_E_INVALID, 0, (int)i + 1,
                                   "column '%s' appears twice (columns %d and %zu)", q,
                                   columns[f] + 1, i + 1);
                }
                columns[f] = (int)i;
            }
        if (columns[f] < 0 && (f <= UNALLOC_FIELD_EVENT || m->source[f])) {
            char q[64];
            ua_quote(q, sizeof q, want, strlen(want));
            return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                           "the header has no column '%s'%s%s", q,
                           m->source[f] ? " for " : "", m->source[f] ? ua_field_names[f] : "");
        }
        for (int g = 0; g < f; g++)
            if (columns[g] == columns[f] && columns[f] >= 0)
                return ua_fail(err, UNALLOC_E_INVALID, 0, columns[f] + 1,
                               "column %d is mapped to both %s and %s", columns[f] + 1,
                               ua_field_names[g], ua_field_names[f]);
        used += columns[f] >= 0;
    }
    if (ignored)
        *ignored = n - used;
    return UNALLOC_OK;
}

UNALLOC_EXPORT enum unalloc_status
unalloc_mapping_columns_note(char **out, const int columns[UNALLOC_FIELD_COUNT_],
                             const char *const *header, size_t n, struct unalloc_error *err)
{
    struct ua_text t = { NULL, 0, 0, false };
    size_t count = 0;
    if (out)
        *out = NULL;
    if (!out || !columns || (n && !header))
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unalloc_mapping_columns_note: %s is NULL",
                       !out ? "out" : !columns ? "columns" : "header");
    for (size_t i = 0; i < n; i++) {
        bool used = false;
        char q[64];
        for (int f = 0; f < UNALLOC_FIELD_COUNT_; f++)
            used |= columns[f] == (int)i;
        if (used)
            continue;
        ua_quote(q, sizeof q, header[i] ? header[i] : "", header[i] ? strlen(header[i]) : 0);
        ua_text_printf(&t, "%s'%s'", count++ ? ", " : "ignored columns: ", q);
    }
    if (t.failed)
        return ua_nomem(err);
    *out = t.s;
    return UNALLOC_OK;
}

/* The entry of a value map for the words s[0..len), or NULL. Worker maps
 * also hold prefixes; the longest prefix that fits wins over none. */
static const struct entry *
find(const struct ua_vec *v, const char *s, size_t len)
{
    size_t lo = 0, hi = v->len;
    const struct entry *best = NULL;
    s = trim(s, &len);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const struct entry *e = &UA_VEC_AT(v, struct entry, mid);
        int c = cmp_ci(s, len, e->key);
        if (c == 0 && !e->prefix)
            return e;
        if (c < 0 || (c == 0 && e->prefix))
            hi = mid;
        else
            lo = mid + 1;
    }
    for (size_t i = 0; i < v->len; i++) {
        const struct entry *e = &UA_VEC_AT(v, struct entry, i);
        const size_t kl = strlen(e->key);
        if (e->prefix && kl <= len && cmp_ci(s, kl, e->key) == 0 &&
            (!best || kl > strlen(best->key)))
            best = e;
    }
    return best;
}

static const char *
value(const struct unalloc_mapping *m, const int *columns, int f, const char *const *fields,
      size_t n)
{
    const char *s = m->fixed[f] ? m->fixed[f]
                    : columns[f] >= 0 && (size_t)columns[f] < n ? fields[columns[f]]
                                                                 : NULL;
    return s && *s ? s : NULL;
}

/* unalloc_mapping_apply() into out, which may be left part filled on failure. */
static enum unalloc_status
apply(struct unalloc_mapped_event *out, const struct unalloc_mapping *m,
      const int columns[UNALLOC_FIELD_COUNT_], const char *const *fields, size_t n,
      struct unalloc_error *err)
{
    const struct entry *e;
    const char *s;
    enum unalloc_event_kind kind;
    int col[UNALLOC_FIELD_COUNT_], k, dn, dm;
    const char *const *dnames;
    const char *what;
    enum unalloc_status st;

    memset(out, 0, sizeof *out);
    for (int f = 0; f < UNALLOC_FIELD_COUNT_; f++) {
        col[f] = m->fixed[f] ? 0 : columns[f] + 1;
        if (!m->fixed[f] && columns[f] >= 0 && (size_t)columns[f] >= n)
            return ua_fail(err, UNALLOC_E_INVALID, 0, (int)n,
                           "the row has %zu fields; %s is in column %d", n, ua_field_names[f],
                           columns[f] + 1);
    }
    if (!(out->case_id = value(m, columns, UNALLOC_FIELD_CASE_ID, fields, n)))
        return ua_fail(err, UNALLOC_E_INVALID, 0, col[UNALLOC_FIELD_CASE_ID], "case_id is empty");
    if (!(s = value(m, columns, UNALLOC_FIELD_AT, fields, n)))
        return ua_fail(err, UNALLOC_E_INVALID, 0, col[UNALLOC_FIELD_AT], "the date (at) is empty");
    if ((st = parse_moment(&out->at, m, s, col[UNALLOC_FIELD_AT], err)) != UNALLOC_OK)
        return st;

    s = value(m, columns, UNALLOC_FIELD_EVENT, fields, n);
    if (!s)
        return ua_fail(err, UNALLOC_E_INVALID, 0, col[UNALLOC_FIELD_EVENT], "the event is empty");
    if ((e = find(&m->maps[MAP_EVENT], s, strlen(s))) != NULL) {
        if (e->ignore) {
            out->ignore = true;
            return UNALLOC_OK;
        }
        kind = (enum unalloc_event_kind)e->value;
    } else if ((k = vocab_ci(ua_event_names, UNALLOC_EVENT_KIND_COUNT_, s, strlen(s))) >= 0) {
        kind = (enum unalloc_event_kind)k;
    } else {
        /* a misspelling of the export's own words is the likelier mistake */
        size_t len = strlen(s);
        const char *t = trim(s, &len), *near = NULL;
        int best = 4;
        for (size_t i = 0; i < m->maps[MAP_EVENT].len; i++) {
            const char *key = UA_VEC_AT(&m->maps[MAP_EVENT], struct entry, i).key;
            int d = distance(t, len, key);
            if (d < best)
                best = d, near = key;
        }
        if (near) {
            char q[64], nq[64];
            ua_quote(q, sizeof q, t, len);
            ua_quote(nq, sizeof nq, near, strlen(near));
            return ua_fail(err, UNALLOC_E_INVALID, 0, col[UNALLOC_FIELD_EVENT],
                           "unknown event kind '%s' (did you mean the mapping's '%s'?)", q, nq);
        }
        return unknown_name(err, UNALLOC_E_INVALID, 0, col[UNALLOC_FIELD_EVENT], "", "event kind",
                            "", ua_event_names, UNALLOC_EVENT_KIND_COUNT_, s, strlen(s));
    }
    out->event = ua_event_names[kind];

    dnames = detail_names(kind, &dn, &what);
    s = value(m, columns, UNALLOC_FIELD_DETAIL, fields, n);
    if (e && e->detail >= 0) {
        out->detail = dnames[e->detail];
    } else if (s && dnames) {
        const struct entry *d = (dm = detail_map(kind)) >= 0 ? find(&m->maps[dm], s, strlen(s))
                                                              : NULL;
        if (d)
            out->detail = dnames[d->value];
        else if ((k = vocab_ci(dnames, dn, s, strlen(s))) >= 0)
            out->detail = dnames[k];
        else {
            char after[48];
            snprintf(after, sizeof after, " for '%s'", ua_event_names[kind]);
            return unknown_name(err, UNALLOC_E_INVALID, 0, col[UNALLOC_FIELD_DETAIL], "",
                                "detail", after, dnames, dn, s, strlen(s));
        }
    } else {
        out->detail = s; /* none expected: the case says so if there is one */
    }

    out->worker = value(m, columns, UNALLOC_FIELD_WORKER, fields, n);
    out->locality = value(m, columns, UNALLOC_FIELD_LOCALITY, fields, n);
    /* A placeholder worker ("Duty", "To be allocated", XX...) holds the case
     * in the role the mapping gives it, whatever the event said. */
    if ((kind == UNALLOC_EVENT_ALLOCATED || kind == UNALLOC_EVENT_DEALLOCATED) &&
        (e = find(&m->maps[MAP_WORKER], out->worker ? out->worker : "",
                  out->worker ? strlen(out->worker) : 0)) != NULL) {
        out->detail = ua_role_names[e->value];
        if (!out->worker)
            out->worker = ua_role_names[e->value];
    }
    return UNALLOC_OK;
}

UNALLOC_EXPORT enum unalloc_status
unalloc_mapping_apply(struct unalloc_mapped_event *out, const struct unalloc_mapping *m,
                      const int columns[UNALLOC_FIELD_COUNT_], const char *const *fields,
                      size_t n, struct unalloc_error *err)
{
    struct unalloc_mapped_event ev;
    enum unalloc_status st;
    if (!out || !m || !columns || (n && !fields))
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unalloc_mapping_apply: %s is NULL",
                       !out ? "out" : !m ? "mapping" : !columns ? "columns" : "fields");
    /* Filled in a copy, so that a failure leaves the caller's event as it was. */
    if ((st = apply(&ev, m, columns, fields, n, err)) == UNALLOC_OK)
        *out = ev;
    return st;
}
