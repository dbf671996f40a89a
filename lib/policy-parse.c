/*
 * libunalloc: the policy text parser (doc/policy-format.md).
 *
 * A strict, line-oriented reader: every statement is checked as it is read and
 * the first problem is reported with its line and column. It builds the policy
 * through the public builder API, so a parsed policy and one built in C are
 * the same thing.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "policy-private.h"

#define MAX_TOKENS 48

struct tok {
    const char *text; /* word: points into the input; string: unescaped copy */
    size_t len;
    int col;          /* 1-based byte column */
    bool quoted;
};

/* Where a statement may stand (see enter()). */
enum section {
    S_HEADER,     /* at the top level, after `policy` and before the first rule */
    S_DEFINITION, /* at the top level, before the first rule */
    S_CITATION,   /* the `clause` line after a statement that takes one */
    S_BODY,       /* at the top level, once the definition is complete */
    S_RULE,       /* between `rule` and `end` */
    S_CONDITION,  /* the word after `if` inside a rule */
};

/* The rows of the statement table (`statements`, below the handlers). */
enum statement_id {
    T_POLICY, T_TITLE, T_DOCUMENT, T_SETTING, T_REGION, T_REVIEW_DATE,
    T_ALLOCATED_ROLES, T_SCOPE, T_UNALLOCATED_AFTER, T_ABSENCE_AFTER, T_MERGE_SPELLS_WITHIN,
    T_CRITERIA, T_LEAVERS, T_LIST_WHILE_ASSESSING,
    T_CLAUSE,
    T_RULE, T_CHECK, T_CASELOAD, T_REPORT, T_END_OUTSIDE,
    T_RULE_CLAUSE, T_FROM, T_DUE, T_EVERY, T_OPENS_AT_DUE, T_COUNTS_EARLY, T_UNLESS, T_MET_BY,
    T_WHILE, T_IF, T_NOTE, T_END,
    T_IF_CATEGORY, T_IF_HOLDING, T_IF_AGE_AT_LEAST, T_IF_RATING,
    T_COUNT
};
_Static_assert(T_COUNT <= 64, "one bit per statement in struct parser's `seen`");

/* The bits of `seen` that a new rule clears: the rows from T_RULE_CLAUSE on. */
#define RULE_STATEMENTS (~((UINT64_C(1) << T_RULE_CLAUSE) - 1))

struct parser;

/* One row of the statement table. statement() finds the row of a line's first
 * word among the rows of the section it is in, checks what the section needs
 * (enter()), that a `once` statement is not given twice, and the line's word
 * count, then calls `parse`. A statement with a `clause` offset must be
 * followed by a `clause` line, which fills that clause; `commit` then hands
 * the statement to the builder. */
struct statement {
    const char *word;
    enum section section;
    bool once;         /* at most once in the policy (in a rule: in the rule) */
    int min, max;      /* words on the line, this one included; max -1: no limit */
    const char *usage; /* shown when the count is wrong (NULL: `parse` counts) */
    enum unalloc_status (*parse)(struct parser *p); /* reads the rest of the line */
    size_t clause;     /* offsetof(struct parser, ...) of the clause it takes; 0: none */
    enum unalloc_status (*commit)(struct parser *p); /* after the clause line, or NULL */
};

struct parser {
    struct unalloc_policy_builder *b;
    struct unalloc_error *err;
    const char *text;
    size_t size;
    int line;
    struct tok t[MAX_TOKENS];
    int n;
    struct ua_vec strings; /* char *: unescaped strings and words kept for the builder */

    uint64_t seen; /* bit per statement_id given (in the rule being read, for a rule's rows) */
    bool definition_done;
    int definition_line;
    struct unalloc_definition def;

    const struct statement *pending; /* waiting for its clause line */
    int pending_line;
    bool pending_clause;
    struct unalloc_check check;
    struct unalloc_caseload_limit caseload;
    struct unalloc_report_spec report;

    bool in_rule;
    int rule_line;
    struct unalloc_rule rule;
};

/* perr: UNALLOC_E_PARSE at the current line and column col. A macro whose
 * value is the code, as ua_fail (private.h): gcc -O3 then sees that a helper
 * such as number() fails with a status other than UNALLOC_OK, and does not
 * take the value it leaves unset as read. */
static void perr_set(struct parser *p, int col, const char *fmt, ...) UA_PRINTF(3, 4);

static void
perr_set(struct parser *p, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ua_parse_vfail(p->err, p->line, col, fmt, ap);
    va_end(ap);
}

#define perr(p, col, ...) (perr_set((p), (col), __VA_ARGS__), UNALLOC_E_PARSE)

static bool
seen(const struct parser *p, enum statement_id id)
{
    return (p->seen >> id) & 1u;
}

/* Re-labels an error from the builder with a position. */
static enum unalloc_status
relabel(struct parser *p, enum unalloc_status st, int line, int col)
{
    char msg[UNALLOC_ERROR_MESSAGE_SIZE];
    if (st == UNALLOC_E_NOMEM)
        return st;
    if (p->err)
        snprintf(msg, sizeof msg, "%s", p->err->message);
    else
        msg[0] = '\0';
    p->line = line;
    return perr(p, col, "%s", msg);
}

static char *
keep(struct parser *p, const char *s, size_t len)
{
    char *c = ua_strndup(s, len);
    if (!c)
        return NULL;
    if (ua_vec_push(&p->strings, &c) != 0) {
        ua_free(c);
        return NULL;
    }
    return c;
}

/* ---- tokens -------------------------------------------------------------- */

static enum unalloc_status
tokenize(struct parser *p, const char *s, size_t len)
{
    size_t i = 0;
    p->n = 0;
    while (i < len) {
        char c = s[i];
        if (c == ' ' || c == '\t' || c == '\r') {
            i++;
            continue;
        }
        if (c == '#')
            break;
        if (p->n == MAX_TOKENS)
            return perr(p, (int)i + 1, "too many words on one line (at most %d)", MAX_TOKENS);
        struct tok *t = &p->t[p->n];
        t->col = (int)i + 1;
        if (c == '"') {
            char *buf = ua_malloc(len - i);
            size_t o = 0;
            if (!buf)
                return ua_nomem(p->err);
            i++;
            for (;;) {
                if (i >= len) {
                    ua_free(buf);
                    return perr(p, t->col, "this string has no closing '\"'");
                }
                if (s[i] == '"')
                    break;
                if (s[i] == '\\') {
                    if (i + 1 < len && (s[i + 1] == '"' || s[i + 1] == '\\')) {
                        buf[o++] = s[i + 1];
                        i += 2;
                        continue;
                    }
                    ua_free(buf);
                    return perr(p, (int)i + 1,
                                "unknown escape in a string (only \\\" and \\\\ are allowed)");
                }
                if ((unsigned char)s[i] < 0x20 && s[i] != '\t') {
                    ua_free(buf);
                    return perr(p, (int)i + 1, "control character in a string");
                }
                buf[o++] = s[i++];
            }
            i++; /* closing quote */
            buf[o] = '\0';
            if (ua_vec_push(&p->strings, &buf) != 0) {
                ua_free(buf);
                return ua_nomem(p->err);
            }
            t->text = buf;
            t->len = o;
            t->quoted = true;
            if (i < len && s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '#')
                return perr(p, (int)i + 1, "put a space after a closing '\"'");
        } else {
            size_t start = i;
            while (i < len && s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '#') {
                if (s[i] == '"')
                    return perr(p, (int)i + 1, "a '\"' in the middle of a word");
                if ((unsigned char)s[i] < 0x20)
                    return perr(p, (int)i + 1, "control character");
                i++;
            }
            t->text = s + start;
            t->len = i - start;
            t->quoted = false;
        }
        p->n++;
    }
    return UNALLOC_OK;
}

static bool
is(const struct tok *t, const char *w)
{
    return !t->quoted && t->len == strlen(w) && memcmp(t->text, w, t->len) == 0;
}

/* A word token as a NUL-terminated string kept for the builder. */
static const char *
word(struct parser *p, int i)
{
    return keep(p, p->t[i].text, p->t[i].len);
}

static enum unalloc_status
need_count(struct parser *p, int min, int max, const char *usage)
{
    if (p->n < min)
        return perr(p, p->n ? p->t[p->n - 1].col + (int)p->t[p->n - 1].len : 1,
                    "missing words: expected '%s'", usage);
    if (max >= 0 && p->n > max)
        return perr(p, p->t[max].col, "unexpected '%.*s': expected '%s'",
                    (int)(p->t[max].len > 40 ? 40 : p->t[max].len), p->t[max].text, usage);
    return UNALLOC_OK;
}

static enum unalloc_status
need_word(struct parser *p, int i)
{
    if (p->t[i].quoted)
        return perr(p, p->t[i].col, "expected a word here, not a quoted string");
    return UNALLOC_OK;
}

static enum unalloc_status
need_string(struct parser *p, int i, const char **out)
{
    if (!p->t[i].quoted)
        return perr(p, p->t[i].col, "expected a \"quoted string\" here");
    if (p->t[i].len == 0)
        return perr(p, p->t[i].col, "this string is empty");
    *out = p->t[i].text;
    return UNALLOC_OK;
}

static enum unalloc_status
number(struct parser *p, int i, int *out)
{
    const struct tok *t = &p->t[i];
    long v = 0;
    if (t->quoted || t->len == 0 || t->len > 6)
        return perr(p, t->col, "expected a number from 0 to %d", UA_POLICY_MAX_NUMBER);
    for (size_t k = 0; k < t->len; k++) {
        if (t->text[k] < '0' || t->text[k] > '9')
            return perr(p, t->col, "expected a number from 0 to %d", UA_POLICY_MAX_NUMBER);
        v = v * 10 + (t->text[k] - '0');
    }
    if (v > UA_POLICY_MAX_NUMBER)
        return perr(p, t->col, "%ld is larger than %d", v, UA_POLICY_MAX_NUMBER);
    *out = (int)v;
    return UNALLOC_OK;
}

static enum unalloc_status
duration(struct parser *p, int i, struct unalloc_duration *out)
{
    enum unalloc_status st;
    const char *u;
    if ((st = number(p, i, &out->amount)) != UNALLOC_OK || (st = need_word(p, i + 1)) != UNALLOC_OK)
        return st;
    if (!(u = word(p, i + 1)))
        return ua_nomem(p->err);
    if (unalloc_unit_parse(&out->unit, u, NULL) != UNALLOC_OK)
        return perr(p, p->t[i + 1].col,
                    "unknown unit '%s' (expected hours, days, working-days, weeks or months)", u);
    return UNALLOC_OK;
}

/* Looks a word up in a vocabulary; on failure lists what is allowed. */
static enum unalloc_status
vocab(struct parser *p, int i, const char *const *names, int n, const char *what, int *out)
{
    char list[200];
    size_t o = 0;
    const char *w;
    enum unalloc_status st;
    if ((st = need_word(p, i)) != UNALLOC_OK)
        return st;
    if (!(w = word(p, i)))
        return ua_nomem(p->err);
    if ((*out = ua_lookup(names, n, w)) >= 0)
        return UNALLOC_OK;
    /* Whole names only: when they do not all fit, the list ends with "..." */
    list[0] = '\0';
    for (int k = 0; k < n; k++) {
        const size_t need = strlen(names[k]) + (k ? 2 : 0);
        if (o + need + sizeof ", ..." > sizeof list) {
            memcpy(list + o, ", ...", sizeof ", ...");
            break;
        }
        o += (size_t)snprintf(list + o, sizeof list - o, "%s%s", k ? ", " : "", names[k]);
    }
    return perr(p, p->t[i].col, "unknown %s '%.40s' (expected one of: %s)", what, w, list);
}

static enum unalloc_status
role_list(struct parser *p, int from, unsigned *mask)
{
    enum unalloc_status st;
    int v;
    for (int i = from; i < p->n; i++) {
        if ((st = vocab(p, i, ua_role_names, UNALLOC_ROLE_COUNT_, "role", &v)) != UNALLOC_OK)
            return st;
        if (*mask & (1u << v))
            return perr(p, p->t[i].col, "role '%s' is listed twice", ua_role_names[v]);
        *mask |= 1u << v;
    }
    return UNALLOC_OK;
}

static enum unalloc_status
name_list(struct parser *p, int from, const char *const *names, int n, const char *what,
          unsigned *mask)
{
    enum unalloc_status st;
    int v;
    for (int i = from; i < p->n; i++) {
        if ((st = vocab(p, i, names, n, what, &v)) != UNALLOC_OK)
            return st;
        if (*mask & (1u << v))
            return perr(p, p->t[i].col, "%s '%s' is listed twice", what, names[v]);
        *mask |= 1u << v;
    }
    return UNALLOC_OK;
}

/* Index of the unquoted word at i among names[0..n), or -1. */
static int
keyword(const struct parser *p, int i, const char *const *names, int n)
{
    for (int k = 0; k < n; k++)
        if (is(&p->t[i], names[k]))
            return k;
    return -1;
}

static enum unalloc_status
threshold(struct parser *p, struct unalloc_threshold *t)
{
    const int c = keyword(p, 1, ua_comparison_names, UA_COMPARISON_COUNT);
    if (c < 0)
        return perr(p, p->t[1].col, "expected '%s' or '%s'", ua_comparison_names[0],
                    ua_comparison_names[1]);
    t->comparison = (enum unalloc_comparison)c;
    return duration(p, 2, &t->duration);
}

/* clause DOCUMENT "SECTION" "QUOTED PHRASE" (its four words are counted). */
static enum unalloc_status
clause(struct parser *p, struct unalloc_clause *c)
{
    enum unalloc_status st;
    if ((st = need_word(p, 1)) != UNALLOC_OK ||
        (st = need_string(p, 2, &c->section)) != UNALLOC_OK ||
        (st = need_string(p, 3, &c->quote)) != UNALLOC_OK)
        return st;
    if (!(c->document = word(p, 1)))
        return ua_nomem(p->err);
    for (size_t i = 0; i < p->b->p.docs.len; i++)
        if (strcmp(UA_VEC_AT(&p->b->p.docs, struct ua_document, i).key, c->document) == 0)
            return UNALLOC_OK;
    return perr(p, p->t[1].col, "document '%s' is not declared (add a 'document %s ...' line)",
                c->document, c->document);
}

/* `setting NAME` inside a rule or a report line: the name must be declared in
 * the header, which comes before both. */
static enum unalloc_status
setting_ref(struct parser *p, int i, const char **out)
{
    enum unalloc_status st;
    const char *name;
    if ((st = need_word(p, i)) != UNALLOC_OK)
        return st;
    if (!(name = word(p, i)))
        return ua_nomem(p->err);
    for (size_t k = 0; k < p->b->p.settings.len; k++)
        if (strcmp(UA_VEC_AT(&p->b->p.settings, struct unalloc_setting, k).name, name) == 0) {
            *out = name;
            return UNALLOC_OK;
        }
    return perr(p, p->t[i].col, "setting '%s' is not declared (declare it with 'setting NAME "
                                "N UNIT local|reading \"MEANING\"' in the header, above the %s)",
                name, p->in_rule ? "rule" : "report");
}

/* ---- the header ------------------------------------------------------------------
 * Each handler reads one statement's line once statement() has checked where
 * it stands, that it is not given twice and how many words it has. */

static enum unalloc_status
st_policy(struct parser *p)
{
    enum unalloc_status st;
    const char *id;
    if ((st = need_word(p, 1)) != UNALLOC_OK)
        return st;
    if (!(id = word(p, 1)))
        return ua_nomem(p->err);
    if ((st = unalloc_policy_builder_new(&p->b, id, p->err)) != UNALLOC_OK)
        return relabel(p, st, p->line, p->t[1].col);
    return UNALLOC_OK;
}

static enum unalloc_status
st_title(struct parser *p)
{
    enum unalloc_status st;
    const char *s = NULL;
    if ((st = need_string(p, 1, &s)) != UNALLOC_OK)
        return st;
    if ((st = unalloc_policy_builder_set_title(p->b, s, p->err)) != UNALLOC_OK)
        return relabel(p, st, p->line, p->t[1].col);
    return UNALLOC_OK;
}

static enum unalloc_status
st_document(struct parser *p)
{
    enum unalloc_status st;
    const char *file = NULL, *title = NULL, *key;
    if ((st = need_word(p, 1)) != UNALLOC_OK || (st = need_string(p, 2, &file)) != UNALLOC_OK ||
        (st = need_string(p, 3, &title)) != UNALLOC_OK)
        return st;
    if (!(key = word(p, 1)))
        return ua_nomem(p->err);
    if ((st = unalloc_policy_builder_add_document(p->b, key, file, title, p->err)) != UNALLOC_OK)
        return relabel(p, st, p->line, p->t[1].col);
    return UNALLOC_OK;
}

/* setting NAME N UNIT local|reading "MEANING" [default N UNIT] */
static enum unalloc_status
st_setting(struct parser *p)
{
    enum unalloc_status st;
    struct unalloc_duration value, def;
    const char *name, *meaning = NULL;
    int kind;
    if ((st = need_word(p, 1)) != UNALLOC_OK || (st = duration(p, 2, &value)) != UNALLOC_OK ||
        (st = vocab(p, 4, ua_setting_kind_names, UNALLOC_SETTING_KIND_COUNT_, "setting kind",
                    &kind)) != UNALLOC_OK ||
        (st = need_string(p, 5, &meaning)) != UNALLOC_OK)
        return st;
    def = value;
    if (p->n > 6) {
        if (p->n != 9 || !is(&p->t[6], "default"))
            return perr(p, p->t[6].col, "expected 'default N UNIT' after the meaning");
        if ((st = duration(p, 7, &def)) != UNALLOC_OK)
            return st;
    }
    if (!(name = word(p, 1)))
        return ua_nomem(p->err);
    if ((st = unalloc_policy_builder_add_setting(p->b, name, (enum unalloc_setting_kind)kind, def,
                                                 meaning, p->err)) != UNALLOC_OK)
        return relabel(p, st, p->line, p->t[1].col);
    if ((st = ua_builder_set_setting_value(p->b, name, value, p->err)) != UNALLOC_OK)
        return relabel(p, st, p->line, p->t[2].col);
    return UNALLOC_OK;
}

static enum unalloc_status
st_region(struct parser *p)
{
    enum unalloc_status st;
    int v;
    if ((st = vocab(p, 1, ua_region_names, UA_REGION_COUNT, "region", &v)) != UNALLOC_OK)
        return st;
    return unalloc_policy_builder_set_region(p->b, (enum unalloc_region)v, p->err);
}

/* review-date YYYY-MM-DD | review-date none "WHY" */
static enum unalloc_status
st_review_date(struct parser *p)
{
    enum unalloc_status st;
    struct unalloc_date d;
    struct unalloc_error inner;
    const char *w;
    if (is(&p->t[1], "none")) {
        const char *why = NULL;
        if ((st = need_count(p, 3, 3, "review-date none \"WHY\"")) != UNALLOC_OK ||
            (st = need_string(p, 2, &why)) != UNALLOC_OK)
            return st;
        if ((st = unalloc_policy_builder_set_review_date(p->b, NULL, why, p->err)) != UNALLOC_OK)
            return relabel(p, st, p->line, p->t[2].col);
        return UNALLOC_OK;
    }
    if ((st = need_count(p, 2, 2, "review-date YYYY-MM-DD")) != UNALLOC_OK ||
        (st = need_word(p, 1)) != UNALLOC_OK)
        return st;
    if (!(w = word(p, 1)))
        return ua_nomem(p->err);
    if (unalloc_date_parse(&d, w, &inner) != UNALLOC_OK)
        return perr(p, p->t[1].col + (inner.column ? inner.column - 1 : 0), "%s", inner.message);
    return unalloc_policy_builder_set_review_date(p->b, &d, NULL, p->err);
}

/* ---- the definition ------------------------------------------------------------- */

static enum unalloc_status
st_allocated_roles(struct parser *p)
{
    return role_list(p, 1, &p->def.allocated_roles);
}

static enum unalloc_status
st_scope(struct parser *p)
{
    return name_list(p, 1, ua_category_names, UNALLOC_CATEGORY_COUNT_, "category", &p->def.scope);
}

static enum unalloc_status
st_unallocated_after(struct parser *p)
{
    return threshold(p, &p->def.unallocated);
}

static enum unalloc_status
st_absence_after(struct parser *p)
{
    enum unalloc_status st = threshold(p, &p->def.absence);
    if (st == UNALLOC_OK)
        p->def.has_absence = true;
    return st;
}

static enum unalloc_status
st_merge_spells_within(struct parser *p)
{
    return duration(p, 1, &p->def.merge_within);
}

static enum unalloc_status
st_criteria(struct parser *p)
{
    if (keyword(p, 1, ua_decision_names, UA_DECISION_COUNT) < 0)
        return perr(p, p->t[1].col, "the only criteria is '%s'", ua_decision_names[0]);
    p->def.needs_named_worker = true;
    return UNALLOC_OK;
}

static enum unalloc_status
st_leavers(struct parser *p)
{
    if (!is(&p->t[1], "unallocated-after"))
        return perr(p, p->t[1].col, "expected 'leavers unallocated-after'");
    p->def.leavers_unallocated = true;
    return UNALLOC_OK;
}

static enum unalloc_status
st_list_while_assessing(struct parser *p)
{
    p->def.list_while_assessing = true;
    return UNALLOC_OK;
}

/* ---- after the definition: checks, the caseload limit, reports -------------------- */

static enum unalloc_status
st_check(struct parser *p)
{
    enum unalloc_status st;
    int v;
    memset(&p->check, 0, sizeof p->check);
    if ((st = vocab(p, 1, ua_check_names, UNALLOC_CHECK_COUNT_, "check", &v)) != UNALLOC_OK)
        return st;
    p->check.kind = (enum unalloc_check_kind)v;
    if (p->check.kind == UNALLOC_CHECK_RATINGS)
        return name_list(p, 2, ua_rating_names, UNALLOC_RATING_COUNT_, "rating",
                         &p->check.ratings);
    if ((st = need_count(p, 3, 3, "check KIND ROLE")) != UNALLOC_OK ||
        (st = vocab(p, 2, ua_role_names, UNALLOC_ROLE_COUNT_, "role", &v)) != UNALLOC_OK)
        return st;
    p->check.role = (enum unalloc_role)v;
    return UNALLOC_OK;
}

static enum unalloc_status
commit_check(struct parser *p)
{
    p->check.version = UNALLOC_CHECK_VERSION;
    return unalloc_policy_builder_add_check(p->b, &p->check, p->err);
}

/* caseload ROLE with ROLE at-most N */
static enum unalloc_status
st_caseload(struct parser *p)
{
    enum unalloc_status st;
    int v;
    memset(&p->caseload, 0, sizeof p->caseload);
    if ((st = vocab(p, 1, ua_role_names, UNALLOC_ROLE_COUNT_, "role", &v)) != UNALLOC_OK)
        return st;
    p->caseload.worker_role = (enum unalloc_role)v;
    if (!is(&p->t[2], "with"))
        return perr(p, p->t[2].col, "expected 'with'");
    if ((st = vocab(p, 3, ua_role_names, UNALLOC_ROLE_COUNT_, "role", &v)) != UNALLOC_OK)
        return st;
    p->caseload.with_role = (enum unalloc_role)v;
    if (!is(&p->t[4], "at-most"))
        return perr(p, p->t[4].col, "expected 'at-most'");
    return number(p, 5, &p->caseload.at_most);
}

static enum unalloc_status
commit_caseload(struct parser *p)
{
    p->caseload.version = UNALLOC_CASELOAD_LIMIT_VERSION;
    return unalloc_policy_builder_set_caseload(p->b, &p->caseload, p->err);
}

/* report ID every N UNIT|setting NAME form FORM to "AUDIENCE" */
static enum unalloc_status
st_report(struct parser *p)
{
    enum unalloc_status st;
    int v;
    memset(&p->report, 0, sizeof p->report);
    if ((st = need_word(p, 1)) != UNALLOC_OK)
        return st;
    if (!(p->report.id = word(p, 1)))
        return ua_nomem(p->err);
    if (!is(&p->t[2], "every"))
        return perr(p, p->t[2].col, "expected 'every'");
    if (is(&p->t[3], "setting")) {
        if ((st = setting_ref(p, 4, &p->report.every_setting)) != UNALLOC_OK)
            return st;
    } else if ((st = duration(p, 3, &p->report.every)) != UNALLOC_OK) {
        return st;
    } else if (p->report.every.amount < 1) {
        return perr(p, p->t[3].col, "the interval must be at least 1");
    }
    if (!is(&p->t[5], "form"))
        return perr(p, p->t[5].col, "expected 'form'");
    if ((st = vocab(p, 6, ua_report_form_names, UNALLOC_REPORT_FORM_COUNT_, "report form", &v)) !=
        UNALLOC_OK)
        return st;
    p->report.form = (enum unalloc_report_form)v;
    if (!is(&p->t[7], "to"))
        return perr(p, p->t[7].col, "expected 'to'");
    return need_string(p, 8, &p->report.audience);
}

static enum unalloc_status
commit_report(struct parser *p)
{
    p->report.version = UNALLOC_REPORT_SPEC_VERSION;
    return unalloc_policy_builder_add_report(p->b, &p->report, p->err);
}

static enum unalloc_status
st_end_outside(struct parser *p)
{
    return perr(p, p->t[0].col, "'end' without a 'rule'");
}

/* The `clause` line after a statement that takes one. */
static enum unalloc_status
st_citation(struct parser *p)
{
    p->pending_clause = true;
    return clause(p, (struct unalloc_clause *)(void *)((char *)p + p->pending->clause));
}

/* rule ID KIND | rule ID escalate ROLE */
static enum unalloc_status
st_rule(struct parser *p)
{
    enum unalloc_status st;
    int v;
    if ((st = need_word(p, 1)) != UNALLOC_OK)
        return st;
    memset(&p->rule, 0, sizeof p->rule);
    p->seen &= ~RULE_STATEMENTS;
    p->rule.version = UNALLOC_RULE_VERSION;
    p->rule.window = UNALLOC_WINDOW_DEFAULT;
    if (!(p->rule.id = word(p, 1)))
        return ua_nomem(p->err);
    if (is(&p->t[2], "escalate")) {
        if ((st = need_count(p, 4, 4, "rule ID escalate ROLE")) != UNALLOC_OK ||
            (st = vocab(p, 3, ua_role_names, UNALLOC_ROLE_COUNT_, "role", &v)) != UNALLOC_OK)
            return st;
        p->rule.escalation = true;
        p->rule.escalate_to = (enum unalloc_role)v;
    } else {
        if ((st = need_count(p, 3, 3, "rule ID KIND")) != UNALLOC_OK ||
            (st = vocab(p, 2, ua_obligation_names, UNALLOC_OBLIGATION_COUNT_, "obligation kind",
                        &v)) != UNALLOC_OK)
            return st;
        p->rule.obligation = (enum unalloc_obligation_kind)v;
    }
    p->in_rule = true;
    p->rule_line = p->line;
    return UNALLOC_OK;
}

/* ---- inside a rule ------------------------------------------------------------------- */

static enum unalloc_status
rule_clause(struct parser *p)
{
    return clause(p, &p->rule.clause);
}

static enum unalloc_status
rule_from(struct parser *p)
{
    enum unalloc_status st;
    int v;
    struct unalloc_rule *r = &p->rule;
    if ((st = vocab(p, 1, ua_anchor_names, UNALLOC_ANCHOR_COUNT_, "anchor", &v)) != UNALLOC_OK)
        return st;
    r->anchor = (enum unalloc_anchor)v;
    switch (r->anchor) {
    case UNALLOC_ANCHOR_HOLDING:
        if ((st = need_count(p, 3, 4, "from holding ROLE [or-threshold]")) != UNALLOC_OK ||
            (st = vocab(p, 2, ua_role_names, UNALLOC_ROLE_COUNT_, "role", &v)) != UNALLOC_OK)
            return st;
        r->anchor_role = (enum unalloc_role)v;
        if (p->n == 4) {
            if (!is(&p->t[3], "or-threshold"))
                return perr(p, p->t[3].col, "expected 'or-threshold'");
            r->anchor_or_threshold = true;
        }
        return UNALLOC_OK;
    case UNALLOC_ANCHOR_MET:
    case UNALLOC_ANCHOR_MISSED:
        if ((st = need_count(p, 3, 3, "from met|missed RULE-ID")) != UNALLOC_OK ||
            (st = need_word(p, 2)) != UNALLOC_OK)
            return st;
        if (!(r->anchor_rule = word(p, 2)))
            return ua_nomem(p->err);
        return UNALLOC_OK;
    default:
        return need_count(p, 2, 2, "from ANCHOR");
    }
}

/* due N UNIT | due day N UNIT | due [day] setting NAME */
static enum unalloc_status
rule_due(struct parser *p)
{
    enum unalloc_status st;
    struct unalloc_rule *r = &p->rule;
    const int at = p->n >= 2 && is(&p->t[1], "day") ? 2 : 1;
    r->due_is_day = at == 2;
    if (p->n > at && is(&p->t[at], "setting")) {
        if ((st = need_count(p, at + 2, at + 2, "due [day] setting NAME")) != UNALLOC_OK ||
            (st = setting_ref(p, at + 1, &r->due_setting)) != UNALLOC_OK)
            return st;
    } else if (at == 2) {
        if ((st = need_count(p, 4, 4, "due day N UNIT")) != UNALLOC_OK ||
            (st = duration(p, 2, &r->due)) != UNALLOC_OK)
            return st;
        if (r->due.amount < 1)
            return perr(p, p->t[2].col, "days are counted from day 1");
    } else {
        if ((st = need_count(p, 3, 3, "due N UNIT")) != UNALLOC_OK ||
            (st = duration(p, 1, &r->due)) != UNALLOC_OK)
            return st;
    }
    r->has_due = true;
    return UNALLOC_OK;
}

static enum unalloc_status
rule_every(struct parser *p)
{
    enum unalloc_status st;
    struct unalloc_rule *r = &p->rule;
    if (is(&p->t[1], "setting")) {
        if ((st = setting_ref(p, 2, &r->every_setting)) != UNALLOC_OK)
            return st;
    } else {
        if ((st = duration(p, 1, &r->every)) != UNALLOC_OK)
            return st;
        if (r->every.amount < 1)
            return perr(p, p->t[1].col, "the interval must be at least 1");
    }
    r->recurring = true;
    return UNALLOC_OK;
}

static enum unalloc_status
rule_opens_at_due(struct parser *p)
{
    p->rule.opens_at_due = true;
    return UNALLOC_OK;
}

static enum unalloc_status
rule_counts_early(struct parser *p)
{
    p->rule.counts_early = true;
    return UNALLOC_OK;
}

static enum unalloc_status
rule_unless(struct parser *p)
{
    enum unalloc_status st;
    int v;
    if ((st = vocab(p, 1, ua_event_names, UNALLOC_EVENT_KIND_COUNT_, "event kind", &v)) !=
        UNALLOC_OK)
        return st;
    p->rule.has_unless = true;
    p->rule.unless_kind = (enum unalloc_event_kind)v;
    return UNALLOC_OK;
}

static enum unalloc_status
rule_met_by(struct parser *p)
{
    struct unalloc_rule *r = &p->rule;
    struct unalloc_met_by m = { UNALLOC_EVENT_OPENED, 0 };
    enum unalloc_status st;
    int v;
    if ((st = vocab(p, 1, ua_event_names, UNALLOC_EVENT_KIND_COUNT_, "event kind", &v)) !=
        UNALLOC_OK)
        return st;
    if (r->escalation)
        return perr(p, p->t[0].col,
                    "an escalation is met by 'escalated' events; it takes no met-by");
    if (r->n_met_by == UNALLOC_MAX_MET_BY)
        return perr(p, p->t[0].col, "at most %d met-by lines", UNALLOC_MAX_MET_BY);
    m.kind = (enum unalloc_event_kind)v;
    if (p->n > 2) {
        enum ua_detail_type dt = ua_event_detail_type(m.kind);
        if (dt != UA_DETAIL_ACTOR && dt != UA_DETAIL_ROLE)
            return perr(p, p->t[2].col, "'%s' events carry no role to match",
                        ua_event_names[m.kind]);
        if ((st = role_list(p, 2, &m.roles)) != UNALLOC_OK)
            return st;
    }
    for (size_t i = 0; i < r->n_met_by; i++)
        if (r->met_by[i].kind == m.kind)
            return perr(p, p->t[1].col, "met-by '%s' is given twice; list the roles on one line",
                        ua_event_names[m.kind]);
    r->met_by[r->n_met_by++] = m;
    return UNALLOC_OK;
}

static enum unalloc_status
rule_while(struct parser *p)
{
    enum unalloc_status st;
    int v;
    if ((st = vocab(p, 1, ua_window_names, UNALLOC_WINDOW_COUNT_, "window", &v)) != UNALLOC_OK)
        return st;
    if (v == UNALLOC_WINDOW_DEFAULT)
        return perr(p, p->t[1].col, "expected spell, episode, holding or absence");
    p->rule.window = (enum unalloc_window)v;
    return UNALLOC_OK;
}

static enum unalloc_status rule_if(struct parser *p);

static enum unalloc_status
rule_note(struct parser *p)
{
    return need_string(p, 1, &p->rule.note);
}

static enum unalloc_status
rule_end(struct parser *p)
{
    enum unalloc_status st;
    struct unalloc_rule *r = &p->rule;
    p->in_rule = false;
    if (!seen(p, T_RULE_CLAUSE))
        return perr(p, 1, "rule %s has no 'clause' citing the document", r->id);
    if (!seen(p, T_FROM))
        return perr(p, 1, "rule %s has no 'from' (when its clock starts)", r->id);
    if ((st = unalloc_policy_builder_add_rule(p->b, r, p->err)) != UNALLOC_OK)
        return relabel(p, st, p->rule_line, 1);
    return UNALLOC_OK;
}

/* ---- the conditions of `if` (the word after it picks the row) ------------------------- */

static enum unalloc_status
if_category(struct parser *p)
{
    return name_list(p, 2, ua_category_names, UNALLOC_CATEGORY_COUNT_, "category",
                     &p->rule.if_categories);
}

static enum unalloc_status
if_holding(struct parser *p)
{
    enum unalloc_status st;
    int v;
    if ((st = vocab(p, 2, ua_role_names, UNALLOC_ROLE_COUNT_, "role", &v)) != UNALLOC_OK)
        return st;
    p->rule.if_holding = true;
    p->rule.if_holding_role = (enum unalloc_role)v;
    return UNALLOC_OK;
}

static enum unalloc_status
if_age_at_least(struct parser *p)
{
    enum unalloc_status st;
    int v;
    if ((st = number(p, 2, &v)) != UNALLOC_OK)
        return st;
    if (v > 120)
        return perr(p, p->t[2].col, "an age is at most 120");
    if (v == 0)
        return perr(p, p->t[2].col, "every child is at least 0: leave the age condition out");
    p->rule.if_age_at_least = v;
    return UNALLOC_OK;
}

static enum unalloc_status
if_rating(struct parser *p)
{
    return name_list(p, 2, ua_rating_names, UNALLOC_RATING_COUNT_, "rating", &p->rule.if_ratings);
}

/* ---- the statement table ------------------------------------------------------------ */

#define CLAUSE_USAGE "clause DOCUMENT \"SECTION\" \"QUOTED PHRASE\""
#define CLAUSE_OF(member) offsetof(struct parser, member)

static const struct statement statements[T_COUNT] = {
    /* the header: after `policy`, before the first rule, check, caseload or report */
    [T_POLICY] = { "policy", S_HEADER, true, 2, 2, "policy ID", st_policy, 0, NULL },
    [T_TITLE] = { "title", S_HEADER, true, 2, 2, "title \"TEXT\"", st_title, 0, NULL },
    [T_DOCUMENT] = { "document", S_HEADER, false, 4, 4, "document KEY \"FILE\" \"TITLE\"",
                     st_document, 0, NULL },
    [T_SETTING] = { "setting", S_HEADER, false, 6, 9,
                    "setting NAME N UNIT local|reading \"MEANING\" [default N UNIT]", st_setting,
                    0, NULL },
    [T_REGION] = { "region", S_HEADER, true, 2, 2, "region R", st_region, 0, NULL },
    [T_REVIEW_DATE] = { "review-date", S_HEADER, true, 2, 3,
                        "review-date YYYY-MM-DD | review-date none \"WHY\"", st_review_date, 0,
                        NULL },
    /* the definition: before the first rule */
    [T_ALLOCATED_ROLES] = { "allocated-roles", S_DEFINITION, true, 2, -1,
                            "allocated-roles ROLE...", st_allocated_roles, 0, NULL },
    [T_SCOPE] = { "scope", S_DEFINITION, true, 2, -1, "scope CATEGORY...", st_scope, 0, NULL },
    [T_UNALLOCATED_AFTER] = { "unallocated-after", S_DEFINITION, true, 4, 4,
                              "unallocated-after at-least|more-than N UNIT",
                              st_unallocated_after, CLAUSE_OF(def.unallocated_clause), NULL },
    [T_ABSENCE_AFTER] = { "absence-after", S_DEFINITION, true, 4, 4,
                          "absence-after at-least|more-than N UNIT", st_absence_after,
                          CLAUSE_OF(def.absence_clause), NULL },
    [T_MERGE_SPELLS_WITHIN] = { "merge-spells-within", S_DEFINITION, true, 3, 3,
                                "merge-spells-within N UNIT", st_merge_spells_within, 0, NULL },
    [T_CRITERIA] = { "criteria", S_DEFINITION, true, 2, 2, "criteria needs-named-worker",
                     st_criteria, CLAUSE_OF(def.criteria_clause), NULL },
    [T_LEAVERS] = { "leavers", S_DEFINITION, true, 2, 2, "leavers unallocated-after", st_leavers,
                    CLAUSE_OF(def.leavers_clause), NULL },
    [T_LIST_WHILE_ASSESSING] = { "list-while-assessing", S_DEFINITION, true, 1, 1,
                                 "list-while-assessing", st_list_while_assessing, 0, NULL },
    /* the clause of the statement above */
    [T_CLAUSE] = { "clause", S_CITATION, false, 4, 4, CLAUSE_USAGE, st_citation, 0, NULL },
    /* after the definition */
    [T_RULE] = { "rule", S_BODY, false, 3, 4, "rule ID KIND | rule ID escalate ROLE", st_rule, 0,
                 NULL },
    [T_CHECK] = { "check", S_BODY, false, 3, -1, "check KIND ...", st_check,
                  CLAUSE_OF(check.clause), commit_check },
    [T_CASELOAD] = { "caseload", S_BODY, true, 6, 6, "caseload ROLE with ROLE at-most N",
                     st_caseload, CLAUSE_OF(caseload.clause), commit_caseload },
    [T_REPORT] = { "report", S_BODY, false, 9, 9,
                   "report ID every N UNIT form FORM to \"AUDIENCE\"", st_report,
                   CLAUSE_OF(report.clause), commit_report },
    [T_END_OUTSIDE] = { "end", S_BODY, false, 1, -1, NULL, st_end_outside, 0, NULL },
    /* inside a rule, in the order the error messages list them */
    [T_RULE_CLAUSE] = { "clause", S_RULE, true, 4, 4, CLAUSE_USAGE, rule_clause, 0, NULL },
    [T_FROM] = { "from", S_RULE, true, 2, 4, "from ANCHOR", rule_from, 0, NULL },
    [T_DUE] = { "due", S_RULE, true, 1, -1, NULL, rule_due, 0, NULL },
    [T_EVERY] = { "every", S_RULE, true, 3, 3, "every N UNIT | every setting NAME", rule_every, 0,
                  NULL },
    [T_OPENS_AT_DUE] = { "opens-at-due", S_RULE, true, 1, 1, "opens-at-due", rule_opens_at_due, 0,
                         NULL },
    [T_COUNTS_EARLY] = { "counts-early", S_RULE, true, 1, 1, "counts-early", rule_counts_early, 0,
                         NULL },
    [T_UNLESS] = { "unless", S_RULE, true, 2, 2, "unless EVENT-KIND", rule_unless, 0, NULL },
    [T_MET_BY] = { "met-by", S_RULE, false, 2, -1, "met-by EVENT-KIND [ROLE...]", rule_met_by, 0,
                   NULL },
    [T_WHILE] = { "while", S_RULE, true, 2, 2, "while spell|episode|holding|absence", rule_while,
                  0, NULL },
    [T_IF] = { "if", S_RULE, false, 3, -1, "if category|holding|age-at-least|rating ...", rule_if,
               0, NULL },
    [T_NOTE] = { "note", S_RULE, true, 2, 2, "note \"TEXT\"", rule_note, 0, NULL },
    [T_END] = { "end", S_RULE, false, 1, 1, "end", rule_end, 0, NULL },
    /* the word after `if` */
    [T_IF_CATEGORY] = { "category", S_CONDITION, true, 3, -1, "if category CATEGORY...",
                        if_category, 0, NULL },
    [T_IF_HOLDING] = { "holding", S_CONDITION, true, 3, 3, "if holding ROLE", if_holding, 0,
                       NULL },
    [T_IF_AGE_AT_LEAST] = { "age-at-least", S_CONDITION, true, 3, 3, "if age-at-least N",
                            if_age_at_least, 0, NULL },
    [T_IF_RATING] = { "rating", S_CONDITION, true, 3, -1, "if rating RATING...", if_rating, 0,
                      NULL },
};

/* The row of the unquoted word t among the rows of one section, or NULL. */
static const struct statement *
find(const struct tok *t, enum section section)
{
    for (int i = 0; i < T_COUNT; i++)
        if (statements[i].section == section && is(t, statements[i].word))
            return &statements[i];
    return NULL;
}

/* The words of a section as "a, b or c", each between before and after. */
static const char *
words_of(char *buf, size_t size, enum section section, const char *before, const char *after)
{
    size_t o = 0;
    int n = 0, total = 0;
    for (int i = 0; i < T_COUNT; i++)
        total += statements[i].section == section;
    buf[0] = '\0';
    for (int i = 0; i < T_COUNT && o < size; i++) {
        if (statements[i].section != section)
            continue;
        o += (size_t)snprintf(buf + o, size - o, "%s%s%s%s",
                              n == 0 ? "" : n == total - 1 ? " or " : ", ", before,
                              statements[i].word, after);
        n++;
    }
    return buf;
}

/* ---- statements waiting for their clause line ------------------------------------------ */

static enum unalloc_status
finish_pending(struct parser *p)
{
    enum unalloc_status st;
    const int line = p->line;
    if (!p->pending)
        return UNALLOC_OK;
    if (!p->pending_clause) {
        p->line = p->pending_line;
        return perr(p, 1, "'%s' needs a 'clause' line after it citing the document",
                    p->pending->word);
    }
    if (p->pending->commit && (st = p->pending->commit(p)) != UNALLOC_OK)
        return relabel(p, st, p->pending_line, 1);
    p->line = line;
    p->pending = NULL;
    return UNALLOC_OK;
}

static enum unalloc_status
finish_definition(struct parser *p)
{
    static const enum statement_id required[] = { T_ALLOCATED_ROLES, T_SCOPE,
                                                  T_UNALLOCATED_AFTER };
    enum unalloc_status st;
    if (p->definition_done)
        return UNALLOC_OK;
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
        if (!seen(p, required[i]))
            return perr(p, 1, "the definition needs '%s' before the rules",
                        statements[required[i]].word);
    p->def.version = UNALLOC_DEFINITION_VERSION;
    if ((st = unalloc_policy_builder_set_definition(p->b, &p->def, p->err)) != UNALLOC_OK)
        return relabel(p, st, p->definition_line, 1);
    p->definition_done = true;
    return UNALLOC_OK;
}

/* ---- one statement ------------------------------------------------------------------------ */

/* What must hold before a statement of a section is read. */
static enum unalloc_status
enter(struct parser *p, enum section section)
{
    enum unalloc_status st;
    switch (section) {
    case S_CITATION:
        if (!p->pending || p->pending_clause)
            return perr(p, p->t[0].col, "this 'clause' follows no statement that takes one");
        return UNALLOC_OK;
    case S_HEADER:
        if ((st = finish_pending(p)) != UNALLOC_OK)
            return st;
        if (p->definition_done) /* the body has begun */
            return perr(p, p->t[0].col,
                        "'%.*s' belongs in the header, before the first rule, check, caseload "
                        "or report",
                        (int)p->t[0].len, p->t[0].text);
        return UNALLOC_OK;
    case S_DEFINITION:
        if ((st = finish_pending(p)) != UNALLOC_OK)
            return st;
        if (p->definition_done)
            return perr(p, p->t[0].col, "definition statements come before the first rule");
        if (!p->definition_line)
            p->definition_line = p->line;
        return UNALLOC_OK;
    case S_BODY:
        if ((st = finish_pending(p)) != UNALLOC_OK)
            return st;
        return finish_definition(p);
    case S_RULE:
    case S_CONDITION:
        break;
    }
    return UNALLOC_OK;
}

/* Reads the line as statement s: at most once, its word count, its handler. */
static enum unalloc_status
run(struct parser *p, const struct statement *s)
{
    const enum statement_id id = (enum statement_id)(s - statements);
    enum unalloc_status st;
    if (s->once && seen(p, id)) {
        if (s->section == S_RULE || s->section == S_CONDITION)
            return perr(p, p->t[0].col, "'%s%s' is given twice in this rule",
                        s->section == S_CONDITION ? "if " : "", s->word);
        return perr(p, p->t[0].col, "'%s' is given twice", s->word);
    }
    p->seen |= UINT64_C(1) << id;
    if ((st = need_count(p, s->min, s->max, s->usage)) != UNALLOC_OK ||
        (st = s->parse(p)) != UNALLOC_OK)
        return st;
    if (s->clause) {
        p->pending = s;
        p->pending_line = p->line;
        p->pending_clause = false;
    }
    return UNALLOC_OK;
}

static enum unalloc_status
rule_if(struct parser *p)
{
    char list[160];
    const struct statement *s = find(&p->t[1], S_CONDITION);
    if (!s)
        return perr(p, p->t[1].col, "expected %s",
                    words_of(list, sizeof list, S_CONDITION, "'if ", "'"));
    return run(p, s);
}

static enum unalloc_status
statement(struct parser *p)
{
    static const enum section top[] = { S_HEADER, S_DEFINITION, S_CITATION, S_BODY };
    const struct tok *t0 = &p->t[0];
    const struct statement *s = NULL;
    enum unalloc_status st;
    char list[160];

    if (t0->quoted)
        return perr(p, t0->col, "a line starts with a statement word, not a string");
    if (!seen(p, T_POLICY) && !is(t0, statements[T_POLICY].word))
        return perr(p, t0->col, "the first statement must be 'policy ID'");
    if (p->in_rule) {
        if ((s = find(t0, S_RULE)))
            return run(p, s);
        return perr(p, t0->col, "unknown statement '%.*s' inside rule %s (expected %s)",
                    (int)(t0->len > 40 ? 40 : t0->len), t0->text, p->rule.id,
                    words_of(list, sizeof list, S_RULE, "", ""));
    }
    for (size_t i = 0; !s && i < sizeof top / sizeof top[0]; i++)
        s = find(t0, top[i]);
    if (!s) {
        if ((st = enter(p, S_BODY)) != UNALLOC_OK)
            return st;
        return perr(p, t0->col, "unknown statement '%.*s'", (int)(t0->len > 40 ? 40 : t0->len),
                    t0->text);
    }
    if ((st = enter(p, s->section)) != UNALLOC_OK)
        return st;
    return run(p, s);
}

UNALLOC_EXPORT enum unalloc_status
unalloc_policy_parse(struct unalloc_policy **out, const char *text, size_t size,
                     struct unalloc_error *err)
{
    struct parser p;
    enum unalloc_status st = UNALLOC_OK;
    size_t i = 0;

    if (out)
        *out = NULL;
    if (!out || (!text && size))
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unalloc_policy_parse: %s is NULL",
                       !out ? "out" : "text");
    if (size > UNALLOC_POLICY_MAX_BYTES)
        return ua_fail(err, UNALLOC_E_LIMIT, 0, 0, "the policy text is %zu bytes; the limit is %d",
                       size, UNALLOC_POLICY_MAX_BYTES);
    memset(&p, 0, sizeof p);
    p.err = err;
    p.text = text;
    p.size = size;
    ua_vec_init(&p.strings, sizeof(char *));
    if (size >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
        i = 3; /* UTF-8 byte-order mark */

    while (st == UNALLOC_OK && i < size) {
        size_t start = i, end;
        p.line++;
        while (i < size && text[i] != '\n') {
            if (text[i] == '\0') {
                st = perr(&p, (int)(i - start) + 1, "NUL byte in the policy text");
                break;
            }
            if ((unsigned char)text[i] >= 0x80) {
                size_t n = ua_utf8_len((const unsigned char *)text + i, size - i);
                if (n == 0) {
                    st = perr(&p, (int)(i - start) + 1,
                              "invalid UTF-8 (save the policy as UTF-8 text)");
                    break;
                }
                i += n;
                continue;
            }
            i++;
        }
        if (st != UNALLOC_OK)
            break;
        end = i;
        if (i < size)
            i++;
        if ((st = tokenize(&p, text + start, end - start)) != UNALLOC_OK || p.n == 0)
            continue;
        st = statement(&p);
    }
    if (st == UNALLOC_OK) {
        p.line++;
        if (!seen(&p, T_POLICY))
            st = perr(&p, 1, "the text is empty: it must start with 'policy ID'");
        else if (p.in_rule) {
            p.line = p.rule_line;
            st = perr(&p, 1, "rule %s has no 'end'", p.rule.id);
        }
        else if ((st = finish_pending(&p)) == UNALLOC_OK &&
                 (st = finish_definition(&p)) == UNALLOC_OK) {
            static const enum statement_id required[] = { T_TITLE, T_REGION, T_REVIEW_DATE };
            for (size_t k = 0; st == UNALLOC_OK && k < sizeof required / sizeof required[0]; k++)
                if (!seen(&p, required[k]))
                    st = perr(&p, 1, "the policy needs a '%s'", statements[required[k]].word);
            if (st == UNALLOC_OK && (st = unalloc_policy_builder_build(out, p.b, err)) != UNALLOC_OK)
                st = relabel(&p, st, p.line, 1);
        }
    }
    unalloc_policy_builder_free(p.b);
    for (size_t k = 0; k < p.strings.len; k++)
        ua_free(UA_VEC_AT(&p.strings, char *, k));
    ua_vec_free(&p.strings);
    return st;
}
