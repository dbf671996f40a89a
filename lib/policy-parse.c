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

enum pending_kind { P_NONE, P_UNALLOCATED, P_ABSENCE, P_CRITERIA, P_CHECK, P_CASELOAD, P_REPORT,
                    P_LEAVERS };

struct parser {
    struct unalloc_policy_builder *b;
    struct unalloc_error *err;
    const char *text;
    size_t size;
    int line;
    struct tok t[MAX_TOKENS];
    int n;
    struct ua_vec strings; /* char *: unescaped strings and words kept for the builder */

    bool seen_policy, seen_title, seen_region, seen_review, seen_roles, seen_scope;
    bool seen_unallocated, seen_absence, seen_merge, seen_criteria, seen_list, seen_leavers;
    bool definition_done;
    int definition_line;
    struct unalloc_definition def;

    enum pending_kind pending;
    int pending_line;
    bool pending_clause;
    struct unalloc_check check;
    struct unalloc_caseload_limit caseload;
    struct unalloc_report_spec report;

    bool in_rule;
    int rule_line;
    struct unalloc_rule rule;
    bool r_clause, r_from, r_due, r_every, r_while, r_note, r_opens, r_unless, r_early;
    bool r_cat, r_hold, r_age, r_rating;
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
    list[0] = '\0';
    for (int k = 0; k < n && o + 1 < sizeof list; k++)
        o += (size_t)snprintf(list + o, sizeof list - o, "%s%s", k ? ", " : "", names[k]);
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
    if (from >= p->n)
        return perr(p, p->t[p->n - 1].col, "name at least one %s", what);
    for (int i = from; i < p->n; i++) {
        if ((st = vocab(p, i, names, n, what, &v)) != UNALLOC_OK)
            return st;
        if (*mask & (1u << v))
            return perr(p, p->t[i].col, "%s '%s' is listed twice", what, names[v]);
        *mask |= 1u << v;
    }
    return UNALLOC_OK;
}

static enum unalloc_status
threshold(struct parser *p, struct unalloc_threshold *t, const char *stmt)
{
    enum unalloc_status st;
    char usage[80];
    snprintf(usage, sizeof usage, "%s at-least|more-than N UNIT", stmt);
    if ((st = need_count(p, 4, 4, usage)) != UNALLOC_OK)
        return st;
    if (is(&p->t[1], "at-least"))
        t->comparison = UNALLOC_COMPARISON_AT_LEAST;
    else if (is(&p->t[1], "more-than"))
        t->comparison = UNALLOC_COMPARISON_MORE_THAN;
    else
        return perr(p, p->t[1].col, "expected 'at-least' or 'more-than'");
    return duration(p, 2, &t->duration);
}

static enum unalloc_status
clause(struct parser *p, struct unalloc_clause *c)
{
    enum unalloc_status st;
    if ((st = need_count(p, 4, 4, "clause DOCUMENT \"SECTION\" \"QUOTED PHRASE\"")) != UNALLOC_OK ||
        (st = need_word(p, 1)) != UNALLOC_OK ||
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

/* ---- pending statements (waiting for their clause line) -------------------- */

static const char *
pending_name(enum pending_kind k)
{
    switch (k) {
    case P_UNALLOCATED: return "unallocated-after";
    case P_ABSENCE: return "absence-after";
    case P_CRITERIA: return "criteria";
    case P_CHECK: return "check";
    case P_CASELOAD: return "caseload";
    case P_REPORT: return "report";
    case P_LEAVERS: return "leavers";
    case P_NONE: break;
    }
    return "statement";
}

static enum unalloc_status
finish_pending(struct parser *p)
{
    enum unalloc_status st = UNALLOC_OK;
    const int line = p->line;
    if (p->pending == P_NONE)
        return UNALLOC_OK;
    if (!p->pending_clause) {
        p->line = p->pending_line;
        return perr(p, 1, "'%s' needs a 'clause' line after it citing the document",
                    pending_name(p->pending));
    }
    p->check.version = UNALLOC_CHECK_VERSION;
    p->caseload.version = UNALLOC_CASELOAD_LIMIT_VERSION;
    p->report.version = UNALLOC_REPORT_SPEC_VERSION;
    switch (p->pending) {
    case P_CHECK: st = unalloc_policy_builder_add_check(p->b, &p->check, p->err); break;
    case P_CASELOAD: st = unalloc_policy_builder_set_caseload(p->b, &p->caseload, p->err); break;
    case P_REPORT: st = unalloc_policy_builder_add_report(p->b, &p->report, p->err); break;
    default: break;
    }
    if (st != UNALLOC_OK)
        return relabel(p, st, p->pending_line, 1);
    p->line = line;
    p->pending = P_NONE;
    return UNALLOC_OK;
}

static enum unalloc_status
start_pending(struct parser *p, enum pending_kind k)
{
    p->pending = k;
    p->pending_line = p->line;
    p->pending_clause = false;
    return UNALLOC_OK;
}

static enum unalloc_status
finish_definition(struct parser *p)
{
    enum unalloc_status st;
    const char *missing = NULL;
    if (p->definition_done)
        return UNALLOC_OK;
    if (!p->seen_roles)
        missing = "allocated-roles";
    else if (!p->seen_scope)
        missing = "scope";
    else if (!p->seen_unallocated)
        missing = "unallocated-after";
    if (missing)
        return perr(p, 1, "the definition needs '%s' before the rules", missing);
    p->def.version = UNALLOC_DEFINITION_VERSION;
    if ((st = unalloc_policy_builder_set_definition(p->b, &p->def, p->err)) != UNALLOC_OK)
        return relabel(p, st, p->definition_line, 1);
    p->definition_done = true;
    return UNALLOC_OK;
}

/* ---- rules --------------------------------------------------------------- */

static enum unalloc_status
once(struct parser *p, bool *seen, const char *what)
{
    if (*seen)
        return perr(p, p->t[0].col, "'%s' is given twice in this rule", what);
    *seen = true;
    return UNALLOC_OK;
}

/* `setting NAME` inside a rule: the name must be declared above. */
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
                                "N UNIT local|reading \"MEANING\"' above the rule)", name);
}

/* setting NAME N UNIT local|reading "MEANING" [default N UNIT] */
static enum unalloc_status
setting_stmt(struct parser *p)
{
    const char *usage = "setting NAME N UNIT local|reading \"MEANING\" [default N UNIT]";
    enum unalloc_status st;
    struct unalloc_duration value, def;
    const char *name, *meaning = NULL;
    int kind;
    if ((st = need_count(p, 6, 9, usage)) != UNALLOC_OK || (st = need_word(p, 1)) != UNALLOC_OK ||
        (st = duration(p, 2, &value)) != UNALLOC_OK ||
        (st = vocab(p, 4, (const char *const[]){ "local", "reading" }, 2, "setting kind",
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
rule_start(struct parser *p)
{
    enum unalloc_status st;
    int v;
    if ((st = need_count(p, 3, 4, "rule ID KIND | rule ID escalate ROLE")) != UNALLOC_OK ||
        (st = need_word(p, 1)) != UNALLOC_OK)
        return st;
    memset(&p->rule, 0, sizeof p->rule);
    p->r_clause = p->r_from = p->r_due = p->r_every = p->r_while = p->r_note = p->r_opens = false;
    p->r_unless = p->r_early = false;
    p->r_cat = p->r_hold = p->r_age = p->r_rating = false;
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

static enum unalloc_status
rule_from(struct parser *p)
{
    enum unalloc_status st;
    int v;
    struct unalloc_rule *r = &p->rule;
    if ((st = once(p, &p->r_from, "from")) != UNALLOC_OK ||
        (st = need_count(p, 2, 4, "from ANCHOR")) != UNALLOC_OK ||
        (st = vocab(p, 1, (const char *const[]){ "opened", "spell", "threshold", "holding",
                                                 "absence", "met", "missed", "concern" },
                    UNALLOC_ANCHOR_COUNT_, "anchor", &v)) != UNALLOC_OK)
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

static enum unalloc_status
rule_line(struct parser *p)
{
    struct unalloc_rule *r = &p->rule;
    enum unalloc_status st;
    int v;

    if (is(&p->t[0], "clause")) {
        if ((st = once(p, &p->r_clause, "clause")) != UNALLOC_OK)
            return st;
        return clause(p, &r->clause);
    }
    if (is(&p->t[0], "from"))
        return rule_from(p);
    if (is(&p->t[0], "due")) {
        if ((st = once(p, &p->r_due, "due")) != UNALLOC_OK)
            return st;
        const int at = p->n >= 2 && is(&p->t[1], "day") ? 2 : 1;
        r->due_is_day = at == 2;
        if (p->n > at && is(&p->t[at], "setting")) {
            if ((st = need_count(p, at + 2, at + 2, "due [day] setting NAME")) != UNALLOC_OK ||
                (st = setting_ref(p, at + 1, &r->due_setting)) != UNALLOC_OK)
                return st;
        } else if (at == 2) {
            if ((st = need_count(p, 4, 4, "due day N UNIT")) != UNALLOC_OK)
                return st;
            if ((st = duration(p, 2, &r->due)) != UNALLOC_OK)
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
    if (is(&p->t[0], "every")) {
        if ((st = once(p, &p->r_every, "every")) != UNALLOC_OK ||
            (st = need_count(p, 3, 3, "every N UNIT | every setting NAME")) != UNALLOC_OK)
            return st;
        if (is(&p->t[1], "setting")) {
            if ((st = setting_ref(p, 2, &r->every_setting)) != UNALLOC_OK)
                return st;
            r->recurring = true;
            return UNALLOC_OK;
        }
        if ((st = duration(p, 1, &r->every)) != UNALLOC_OK)
            return st;
        if (r->every.amount < 1)
            return perr(p, p->t[1].col, "the interval must be at least 1");
        r->recurring = true;
        return UNALLOC_OK;
    }
    if (is(&p->t[0], "opens-at-due")) {
        if ((st = once(p, &p->r_opens, "opens-at-due")) != UNALLOC_OK ||
            (st = need_count(p, 1, 1, "opens-at-due")) != UNALLOC_OK)
            return st;
        r->opens_at_due = true;
        return UNALLOC_OK;
    }
    if (is(&p->t[0], "counts-early")) {
        if ((st = once(p, &p->r_early, "counts-early")) != UNALLOC_OK ||
            (st = need_count(p, 1, 1, "counts-early")) != UNALLOC_OK)
            return st;
        r->counts_early = true;
        return UNALLOC_OK;
    }
    if (is(&p->t[0], "unless")) {
        if ((st = once(p, &p->r_unless, "unless")) != UNALLOC_OK ||
            (st = need_count(p, 2, 2, "unless EVENT-KIND")) != UNALLOC_OK ||
            (st = vocab(p, 1, ua_event_names, UNALLOC_EVENT_KIND_COUNT_, "event kind", &v)) !=
                UNALLOC_OK)
            return st;
        r->has_unless = true;
        r->unless_kind = (enum unalloc_event_kind)v;
        return UNALLOC_OK;
    }
    if (is(&p->t[0], "met-by")) {
        struct unalloc_met_by m = { UNALLOC_EVENT_OPENED, 0 };
        if ((st = need_count(p, 2, -1, "met-by EVENT-KIND [ROLE...]")) != UNALLOC_OK ||
            (st = vocab(p, 1, ua_event_names, UNALLOC_EVENT_KIND_COUNT_, "event kind", &v)) !=
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
    if (is(&p->t[0], "while")) {
        if ((st = once(p, &p->r_while, "while")) != UNALLOC_OK ||
            (st = need_count(p, 2, 2, "while spell|episode|holding|absence")) != UNALLOC_OK ||
            (st = vocab(p, 1, (const char *const[]){ "default", "spell", "episode", "holding",
                                                     "absence" },
                        UNALLOC_WINDOW_COUNT_, "window", &v)) != UNALLOC_OK)
            return st;
        if (v == UNALLOC_WINDOW_DEFAULT)
            return perr(p, p->t[1].col, "expected spell, episode, holding or absence");
        r->window = (enum unalloc_window)v;
        return UNALLOC_OK;
    }
    if (is(&p->t[0], "if")) {
        if ((st = need_count(p, 3, -1, "if category|holding|age-at-least|rating ...")) != UNALLOC_OK)
            return st;
        if (is(&p->t[1], "category")) {
            if ((st = once(p, &p->r_cat, "if category")) != UNALLOC_OK)
                return st;
            return name_list(p, 2, ua_category_names, UNALLOC_CATEGORY_COUNT_, "category",
                             &r->if_categories);
        }
        if (is(&p->t[1], "holding")) {
            if ((st = once(p, &p->r_hold, "if holding")) != UNALLOC_OK ||
                (st = need_count(p, 3, 3, "if holding ROLE")) != UNALLOC_OK ||
                (st = vocab(p, 2, ua_role_names, UNALLOC_ROLE_COUNT_, "role", &v)) != UNALLOC_OK)
                return st;
            r->if_holding = true;
            r->if_holding_role = (enum unalloc_role)v;
            return UNALLOC_OK;
        }
        if (is(&p->t[1], "age-at-least")) {
            if ((st = once(p, &p->r_age, "if age-at-least")) != UNALLOC_OK ||
                (st = need_count(p, 3, 3, "if age-at-least N")) != UNALLOC_OK ||
                (st = number(p, 2, &v)) != UNALLOC_OK)
                return st;
            if (v > 120)
                return perr(p, p->t[2].col, "an age is at most 120");
            if (v == 0)
                return perr(p, p->t[2].col,
                            "every child is at least 0: leave the age condition out");
            r->if_age_at_least = v;
            return UNALLOC_OK;
        }
        if (is(&p->t[1], "rating")) {
            if ((st = once(p, &p->r_rating, "if rating")) != UNALLOC_OK)
                return st;
            return name_list(p, 2, ua_rating_names, UNALLOC_RATING_COUNT_, "rating",
                             &r->if_ratings);
        }
        return perr(p, p->t[1].col, "expected 'if category', 'if holding', 'if age-at-least' or "
                                    "'if rating'");
    }
    if (is(&p->t[0], "note")) {
        if ((st = once(p, &p->r_note, "note")) != UNALLOC_OK ||
            (st = need_count(p, 2, 2, "note \"TEXT\"")) != UNALLOC_OK)
            return st;
        return need_string(p, 1, &r->note);
    }
    if (is(&p->t[0], "end")) {
        if ((st = need_count(p, 1, 1, "end")) != UNALLOC_OK)
            return st;
        p->in_rule = false;
        if (!p->r_clause)
            return perr(p, 1, "rule %s has no 'clause' citing the document", r->id);
        if (!p->r_from)
            return perr(p, 1, "rule %s has no 'from' (when its clock starts)", r->id);
        if ((st = unalloc_policy_builder_add_rule(p->b, r, p->err)) != UNALLOC_OK)
            return relabel(p, st, p->rule_line, 1);
        return UNALLOC_OK;
    }
    return perr(p, p->t[0].col,
                "unknown statement '%.*s' inside rule %s (expected clause, from, due, every, "
                "opens-at-due, counts-early, unless, met-by, while, if, note or end)",
                (int)(p->t[0].len > 40 ? 40 : p->t[0].len), p->t[0].text, r->id);
}

/* ---- top level ------------------------------------------------------------- */

static enum unalloc_status
header_once(struct parser *p, bool *seen)
{
    if (*seen)
        return perr(p, p->t[0].col, "'%.*s' is given twice", (int)p->t[0].len, p->t[0].text);
    *seen = true;
    return UNALLOC_OK;
}

static enum unalloc_status
definition_stmt(struct parser *p, bool *seen)
{
    enum unalloc_status st;
    if (p->definition_done)
        return perr(p, p->t[0].col, "definition statements come before the first rule");
    if ((st = header_once(p, seen)) != UNALLOC_OK)
        return st;
    if (!p->definition_line)
        p->definition_line = p->line;
    return UNALLOC_OK;
}

static enum unalloc_status
statement(struct parser *p)
{
    enum unalloc_status st;
    int v;
    const struct tok *t0 = &p->t[0];

    if (t0->quoted)
        return perr(p, t0->col, "a line starts with a statement word, not a string");
    if (!p->seen_policy && !is(t0, "policy"))
        return perr(p, t0->col, "the first statement must be 'policy ID'");
    if (p->in_rule)
        return rule_line(p);
    if (is(t0, "clause")) {
        struct unalloc_clause *c = NULL;
        switch (p->pending) {
        case P_UNALLOCATED: c = &p->def.unallocated_clause; break;
        case P_ABSENCE: c = &p->def.absence_clause; break;
        case P_CRITERIA: c = &p->def.criteria_clause; break;
        case P_LEAVERS: c = &p->def.leavers_clause; break;
        case P_CHECK: c = &p->check.clause; break;
        case P_CASELOAD: c = &p->caseload.clause; break;
        case P_REPORT: c = &p->report.clause; break;
        case P_NONE: break;
        }
        if (!c || p->pending_clause)
            return perr(p, t0->col, "this 'clause' follows no statement that takes one");
        p->pending_clause = true;
        return clause(p, c);
    }
    if ((st = finish_pending(p)) != UNALLOC_OK)
        return st;

    if (is(t0, "policy")) {
        if (p->seen_policy)
            return perr(p, t0->col, "'policy' is given twice");
        if ((st = need_count(p, 2, 2, "policy ID")) != UNALLOC_OK ||
            (st = need_word(p, 1)) != UNALLOC_OK)
            return st;
        const char *id = word(p, 1);
        if (!id)
            return ua_nomem(p->err);
        if ((st = unalloc_policy_builder_new(&p->b, id, p->err)) != UNALLOC_OK)
            return relabel(p, st, p->line, p->t[1].col);
        p->seen_policy = true;
        return UNALLOC_OK;
    }
    if (is(t0, "title")) {
        const char *s = NULL;
        if ((st = header_once(p, &p->seen_title)) != UNALLOC_OK ||
            (st = need_count(p, 2, 2, "title \"TEXT\"")) != UNALLOC_OK ||
            (st = need_string(p, 1, &s)) != UNALLOC_OK)
            return st;
        if ((st = unalloc_policy_builder_set_title(p->b, s, p->err)) != UNALLOC_OK)
            return relabel(p, st, p->line, p->t[1].col);
        return UNALLOC_OK;
    }
    if (is(t0, "document")) {
        const char *file = NULL, *title = NULL, *key;
        if ((st = need_count(p, 4, 4, "document KEY \"FILE\" \"TITLE\"")) != UNALLOC_OK ||
            (st = need_word(p, 1)) != UNALLOC_OK || (st = need_string(p, 2, &file)) != UNALLOC_OK ||
            (st = need_string(p, 3, &title)) != UNALLOC_OK)
            return st;
        if (!(key = word(p, 1)))
            return ua_nomem(p->err);
        if ((st = unalloc_policy_builder_add_document(p->b, key, file, title, p->err)) !=
            UNALLOC_OK)
            return relabel(p, st, p->line, p->t[1].col);
        return UNALLOC_OK;
    }
    if (is(t0, "setting"))
        return setting_stmt(p);
    if (is(t0, "region")) {
        if ((st = header_once(p, &p->seen_region)) != UNALLOC_OK ||
            (st = need_count(p, 2, 2, "region R")) != UNALLOC_OK ||
            (st = vocab(p, 1,
                        (const char *const[]){ "england-and-wales", "scotland",
                                               "northern-ireland" },
                        3, "region", &v)) != UNALLOC_OK)
            return st;
        return unalloc_policy_builder_set_region(p->b, (enum unalloc_region)v, p->err);
    }
    if (is(t0, "review-date")) {
        if ((st = header_once(p, &p->seen_review)) != UNALLOC_OK ||
            (st = need_count(p, 2, 3, "review-date YYYY-MM-DD | review-date none \"WHY\"")) !=
                UNALLOC_OK)
            return st;
        if (is(&p->t[1], "none")) {
            const char *why = NULL;
            if ((st = need_count(p, 3, 3, "review-date none \"WHY\"")) != UNALLOC_OK ||
                (st = need_string(p, 2, &why)) != UNALLOC_OK)
                return st;
            if ((st = unalloc_policy_builder_set_review_date(p->b, NULL, why, p->err)) != UNALLOC_OK)
                return relabel(p, st, p->line, p->t[2].col);
            return UNALLOC_OK;
        }
        struct unalloc_date d;
        struct unalloc_error inner;
        const char *w;
        if ((st = need_count(p, 2, 2, "review-date YYYY-MM-DD")) != UNALLOC_OK ||
            (st = need_word(p, 1)) != UNALLOC_OK)
            return st;
        if (!(w = word(p, 1)))
            return ua_nomem(p->err);
        if (unalloc_date_parse(&d, w, &inner) != UNALLOC_OK)
            return perr(p, p->t[1].col + (inner.column ? inner.column - 1 : 0), "%s",
                        inner.message);
        return unalloc_policy_builder_set_review_date(p->b, &d, NULL, p->err);
    }
    if (is(t0, "allocated-roles")) {
        if ((st = definition_stmt(p, &p->seen_roles)) != UNALLOC_OK ||
            (st = need_count(p, 2, -1, "allocated-roles ROLE...")) != UNALLOC_OK)
            return st;
        return role_list(p, 1, &p->def.allocated_roles);
    }
    if (is(t0, "scope")) {
        if ((st = definition_stmt(p, &p->seen_scope)) != UNALLOC_OK ||
            (st = need_count(p, 2, -1, "scope CATEGORY...")) != UNALLOC_OK)
            return st;
        return name_list(p, 1, ua_category_names, UNALLOC_CATEGORY_COUNT_, "category",
                         &p->def.scope);
    }
    if (is(t0, "unallocated-after")) {
        if ((st = definition_stmt(p, &p->seen_unallocated)) != UNALLOC_OK ||
            (st = threshold(p, &p->def.unallocated, "unallocated-after")) != UNALLOC_OK)
            return st;
        return start_pending(p, P_UNALLOCATED);
    }
    if (is(t0, "absence-after")) {
        if ((st = definition_stmt(p, &p->seen_absence)) != UNALLOC_OK ||
            (st = threshold(p, &p->def.absence, "absence-after")) != UNALLOC_OK)
            return st;
        p->def.has_absence = true;
        return start_pending(p, P_ABSENCE);
    }
    if (is(t0, "merge-spells-within")) {
        if ((st = definition_stmt(p, &p->seen_merge)) != UNALLOC_OK ||
            (st = need_count(p, 3, 3, "merge-spells-within N UNIT")) != UNALLOC_OK)
            return st;
        return duration(p, 1, &p->def.merge_within);
    }
    if (is(t0, "criteria")) {
        if ((st = definition_stmt(p, &p->seen_criteria)) != UNALLOC_OK ||
            (st = need_count(p, 2, 2, "criteria needs-named-worker")) != UNALLOC_OK)
            return st;
        if (!is(&p->t[1], "needs-named-worker"))
            return perr(p, p->t[1].col, "the only criteria is 'needs-named-worker'");
        p->def.needs_named_worker = true;
        return start_pending(p, P_CRITERIA);
    }
    if (is(t0, "leavers")) {
        if ((st = definition_stmt(p, &p->seen_leavers)) != UNALLOC_OK ||
            (st = need_count(p, 2, 2, "leavers unallocated-after")) != UNALLOC_OK)
            return st;
        if (!is(&p->t[1], "unallocated-after"))
            return perr(p, p->t[1].col, "expected 'leavers unallocated-after'");
        p->def.leavers_unallocated = true;
        return start_pending(p, P_LEAVERS);
    }
    if (is(t0, "list-while-assessing")) {
        if ((st = definition_stmt(p, &p->seen_list)) != UNALLOC_OK ||
            (st = need_count(p, 1, 1, "list-while-assessing")) != UNALLOC_OK)
            return st;
        p->def.list_while_assessing = true;
        return UNALLOC_OK;
    }

    /* Everything below comes after the definition. */
    if ((st = finish_definition(p)) != UNALLOC_OK)
        return st;
    if (is(t0, "rule"))
        return rule_start(p);
    if (is(t0, "check")) {
        memset(&p->check, 0, sizeof p->check);
        if ((st = need_count(p, 3, -1, "check KIND ...")) != UNALLOC_OK ||
            (st = vocab(p, 1,
                        (const char *const[]){ "consistent-worker", "assigned", "chair-not",
                                               "ratings" },
                        UNALLOC_CHECK_COUNT_, "check", &v)) != UNALLOC_OK)
            return st;
        p->check.kind = (enum unalloc_check_kind)v;
        if (p->check.kind == UNALLOC_CHECK_RATINGS) {
            if ((st = name_list(p, 2, ua_rating_names, UNALLOC_RATING_COUNT_, "rating",
                                &p->check.ratings)) != UNALLOC_OK)
                return st;
        } else {
            if ((st = need_count(p, 3, 3, "check KIND ROLE")) != UNALLOC_OK ||
                (st = vocab(p, 2, ua_role_names, UNALLOC_ROLE_COUNT_, "role", &v)) != UNALLOC_OK)
                return st;
            p->check.role = (enum unalloc_role)v;
        }
        return start_pending(p, P_CHECK);
    }
    if (is(t0, "caseload")) {
        memset(&p->caseload, 0, sizeof p->caseload);
        if ((st = need_count(p, 6, 6, "caseload ROLE with ROLE at-most N")) != UNALLOC_OK ||
            (st = vocab(p, 1, ua_role_names, UNALLOC_ROLE_COUNT_, "role", &v)) != UNALLOC_OK)
            return st;
        p->caseload.worker_role = (enum unalloc_role)v;
        if (!is(&p->t[2], "with"))
            return perr(p, p->t[2].col, "expected 'with'");
        if ((st = vocab(p, 3, ua_role_names, UNALLOC_ROLE_COUNT_, "role", &v)) != UNALLOC_OK)
            return st;
        p->caseload.with_role = (enum unalloc_role)v;
        if (!is(&p->t[4], "at-most"))
            return perr(p, p->t[4].col, "expected 'at-most'");
        if ((st = number(p, 5, &p->caseload.at_most)) != UNALLOC_OK)
            return st;
        return start_pending(p, P_CASELOAD);
    }
    if (is(t0, "report")) {
        memset(&p->report, 0, sizeof p->report);
        if ((st = need_count(p, 9, 9, "report ID every N UNIT form FORM to \"AUDIENCE\"")) !=
                UNALLOC_OK ||
            (st = need_word(p, 1)) != UNALLOC_OK)
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
        if ((st = vocab(p, 6, (const char *const[]){ "appendix-1", "register", "list" },
                        UNALLOC_REPORT_FORM_COUNT_, "report form", &v)) != UNALLOC_OK)
            return st;
        p->report.form = (enum unalloc_report_form)v;
        if (!is(&p->t[7], "to"))
            return perr(p, p->t[7].col, "expected 'to'");
        if ((st = need_string(p, 8, &p->report.audience)) != UNALLOC_OK)
            return st;
        return start_pending(p, P_REPORT);
    }
    if (is(t0, "end"))
        return perr(p, t0->col, "'end' without a 'rule'");
    return perr(p, t0->col, "unknown statement '%.*s'", (int)(t0->len > 40 ? 40 : t0->len),
                t0->text);
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
        if (!p.seen_policy)
            st = perr(&p, 1, "the text is empty: it must start with 'policy ID'");
        else if (p.in_rule) {
            p.line = p.rule_line;
            st = perr(&p, 1, "rule %s has no 'end'", p.rule.id);
        }
        else if ((st = finish_pending(&p)) == UNALLOC_OK &&
                 (st = finish_definition(&p)) == UNALLOC_OK) {
            if (!p.seen_title || !p.seen_region || !p.seen_review)
                st = perr(&p, 1, "the policy needs %s", !p.seen_title    ? "a 'title'"
                                                        : !p.seen_region ? "a 'region'"
                                                                         : "a 'review-date'");
            else if ((st = unalloc_policy_builder_build(out, p.b, err)) != UNALLOC_OK)
                st = relabel(&p, st, p.line, 1);
        }
    }
    unalloc_policy_builder_free(p.b);
    for (size_t k = 0; k < p.strings.len; k++)
        ua_free(UA_VEC_AT(&p.strings, char *, k));
    ua_vec_free(&p.strings);
    return st;
}
