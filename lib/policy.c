/*
 * libunalloc: policies: the builder (the C API the parser also uses), reading
 * a built policy, canonical text and its hash.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <string.h>

#include "policy-private.h"

/* ---- strings ------------------------------------------------------------- */

/* Copies s into the policy's string store; NULL stays NULL. Returns false on
 * allocation failure. */
static bool
keep(struct unalloc_policy *p, char **dst, const char *s)
{
    char *copy;
    if (!s) {
        *dst = NULL;
        return true;
    }
    if (ua_vec_reserve(&p->strings, 1) != 0 || !(copy = ua_strdup(s)))
        return false;
    ua_vec_push(&p->strings, &copy);
    *dst = copy;
    return true;
}

static bool
keep_const(struct unalloc_policy *p, const char **dst, const char *s)
{
    char *c;
    if (!keep(p, &c, s))
        return false;
    *dst = c;
    return true;
}

static bool
keep_clause(struct unalloc_policy *p, struct unalloc_clause *dst, const struct unalloc_clause *src)
{
    return keep_const(p, &dst->document, src->document) &&
           keep_const(p, &dst->section, src->section) && keep_const(p, &dst->quote, src->quote);
}

static bool
keep_owned(struct unalloc_policy *p, char *s)
{
    if (!s)
        return false;
    if (ua_vec_push(&p->strings, &s) != 0) {
        ua_free(s);
        return false;
    }
    return true;
}

static void
policy_init(struct unalloc_policy *p)
{
    memset(p, 0, sizeof *p);
    atomic_init(&p->refs, 1);
    ua_vec_init(&p->docs, sizeof(struct ua_document));
    ua_vec_init(&p->settings, sizeof(struct unalloc_setting));
    ua_vec_init(&p->rules, sizeof(struct ua_rule));
    ua_vec_init(&p->checks, sizeof(struct unalloc_check));
    ua_vec_init(&p->reports, sizeof(struct unalloc_report_spec));
    ua_vec_init(&p->strings, sizeof(char *));
}

static void
policy_release(struct unalloc_policy *p)
{
    for (size_t i = 0; i < p->strings.len; i++)
        ua_free(UA_VEC_AT(&p->strings, char *, i));
    ua_vec_free(&p->strings);
    ua_vec_free(&p->docs);
    ua_vec_free(&p->settings);
    ua_vec_free(&p->rules);
    ua_vec_free(&p->checks);
    ua_vec_free(&p->reports);
}

/* ---- validation helpers -------------------------------------------------- */

static bool
valid_name(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > 64)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '.' || c == '_'))
            return false;
    }
    return true;
}

static bool
valid_text(const char *s, size_t max)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > max)
        return false;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 && s[i] != '\t')
            return false;
    return ua_utf8_valid(s, n);
}

static const struct ua_document *
find_doc(const struct unalloc_policy *p, const char *key)
{
    for (size_t i = 0; key && i < p->docs.len; i++)
        if (strcmp(UA_VEC_AT(&p->docs, struct ua_document, i).key, key) == 0)
            return &UA_VEC_AT(&p->docs, struct ua_document, i);
    return NULL;
}

static int
find_setting(const struct unalloc_policy *p, const char *name)
{
    for (size_t i = 0; name && i < p->settings.len; i++)
        if (strcmp(UA_VEC_AT(&p->settings, struct unalloc_setting, i).name, name) == 0)
            return (int)i;
    return -1;
}

static enum unalloc_status
check_clause(const struct unalloc_policy *p, const struct unalloc_clause *c, const char *what,
             struct unalloc_error *err)
{
    if (!c->document || !find_doc(p, c->document))
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                       "%s: the clause names document '%s', which is not declared", what,
                       c->document ? c->document : "(none)");
    if (!valid_text(c->section, 300) || !valid_text(c->quote, 1000))
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                       "%s: a clause needs a section and a quoted phrase", what);
    return UNALLOC_OK;
}

static enum unalloc_status
check_duration(struct unalloc_duration d, bool positive, const char *what,
               struct unalloc_error *err)
{
    if (!unalloc_unit_name(d.unit))
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "%s: unknown unit %d", what, (int)d.unit);
    if (d.amount < (positive ? 1 : 0) || d.amount > UA_POLICY_MAX_NUMBER)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "%s: %d is out of range (%d to %d)", what,
                       d.amount, positive ? 1 : 0, UA_POLICY_MAX_NUMBER);
    return UNALLOC_OK;
}

static bool
mask_ok(unsigned mask, int count)
{
    return (mask >> count) == 0;
}

const char *
ua_document_title(const struct unalloc_policy *p, const char *key)
{
    const struct ua_document *d = find_doc(p, key);
    return d ? d->title : key;
}

/* Named by the document's title, not its file name: a reader checking the
 * clause looks for the document, not for our copy of it. */
char *
ua_format_clause(const struct unalloc_policy *p, const struct unalloc_clause *c)
{
    const char *title = ua_document_title(p, c->document);
    size_t n = strlen(title) + strlen(c->section) + strlen(c->quote) + 16;
    char *s = ua_malloc(n);
    if (s)
        snprintf(s, n, "%s, %s: \xe2\x80\x9c%s\xe2\x80\x9d", title, c->section, c->quote);
    return s;
}

/* ---- builder ------------------------------------------------------------- */

#define NEED_BUILDER(fn)                                                                       \
    if (!b)                                                                                    \
    return ua_fail(err, UNALLOC_E_INVALID, 0, 0, fn ": builder is NULL")

UNALLOC_EXPORT enum unalloc_status
unalloc_policy_builder_new(struct unalloc_policy_builder **out, const char *id,
                           struct unalloc_error *err)
{
    struct unalloc_policy_builder *b;
    if (out)
        *out = NULL;
    if (!out || !id)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unalloc_policy_builder_new: %s is NULL",
                       !out ? "out" : "id");
    if (!valid_name(id))
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                       "a policy id is 1 to 64 letters, digits, '-', '.' or '_'");
    if (!(b = ua_malloc(sizeof *b)))
        return ua_nomem(err);
    policy_init(&b->p);
    if (!keep(&b->p, &b->p.id, id)) {
        policy_release(&b->p);
        ua_free(b);
        return ua_nomem(err);
    }
    *out = b;
    return UNALLOC_OK;
}

UNALLOC_EXPORT void
unalloc_policy_builder_free(struct unalloc_policy_builder *b)
{
    if (!b)
        return;
    policy_release(&b->p);
    ua_free(b);
}

UNALLOC_EXPORT enum unalloc_status
unalloc_policy_builder_set_title(struct unalloc_policy_builder *b, const char *title,
                                 struct unalloc_error *err)
{
    NEED_BUILDER("unalloc_policy_builder_set_title");
    if (!valid_text(title, 500))
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "a title is 1 to 500 bytes of UTF-8 text");
    if (!keep(&b->p, &b->p.title, title))
        return ua_nomem(err);
    return UNALLOC_OK;
}

UNALLOC_EXPORT enum unalloc_status
unalloc_policy_builder_add_document(struct unalloc_policy_builder *b, const char *key,
                                    const char *file, const char *title,
                                    struct unalloc_error *err)
{
    struct ua_document d;
    NEED_BUILDER("unalloc_policy_builder_add_document");
    if (!valid_name(key))
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                       "a document key is 1 to 64 letters, digits, '-', '.' or '_'");
    if (find_doc(&b->p, key))
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "document '%s' is declared twice", key);
    if (!valid_text(file, 300) || !valid_text(title, 500))
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "document '%s' needs a file name and a title",
                       key);
    if (ua_vec_reserve(&b->p.docs, 1) != 0 || !keep(&b->p, &d.key, key) ||
        !keep(&b->p, &d.file, file) || !keep(&b->p, &d.title, title))
        return ua_nomem(err);
    ua_vec_push(&b->p.docs, &d);
    return UNALLOC_OK;
}

UNALLOC_EXPORT enum unalloc_status
unalloc_policy_builder_set_region(struct unalloc_policy_builder *b, enum unalloc_region region,
                                  struct unalloc_error *err)
{
    NEED_BUILDER("unalloc_policy_builder_set_region");
    if (!unalloc_region_name(region))
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unknown region %d", (int)region);
    b->p.region = region;
    b->p.has_region = true;
    return UNALLOC_OK;
}

UNALLOC_EXPORT enum unalloc_status
unalloc_policy_builder_set_review_date(struct unalloc_policy_builder *b,
                                       const struct unalloc_date *date, const char *reason,
                                       struct unalloc_error *err)
{
    enum unalloc_status st;
    NEED_BUILDER("unalloc_policy_builder_set_review_date");
    if (date) {
        if ((st = unalloc_date_check(*date, err)) != UNALLOC_OK)
            return st;
    } else if (!valid_text(reason, 500)) {
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                       "a policy without a review date must say why (e.g. \"left blank\")");
    }
    if (!keep(&b->p, &b->p.review_reason, date ? NULL : reason))
        return ua_nomem(err);
    b->p.has_review = date != NULL;
    if (date) {
        b->p.review = *date;
        b->p.review_day = ua_days_from_civil(date->year, date->month, date->day);
    }
    b->p.review_set = true;
    return UNALLOC_OK;
}

UNALLOC_EXPORT enum unalloc_status
unalloc_policy_builder_add_setting(struct unalloc_policy_builder *b, const char *name,
                                   enum unalloc_setting_kind kind,
                                   struct unalloc_duration default_value, const char *meaning,
                                   struct unalloc_error *err)
{
    struct unalloc_setting st;
    enum unalloc_status rc;
    char what[96];
    NEED_BUILDER("unalloc_policy_builder_add_setting");
    if (!valid_name(name))
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                       "a setting name is 1 to 64 letters, digits, '-', '.' or '_'");
    snprintf(what, sizeof what, "setting %s", name);
    if (find_setting(&b->p, name) >= 0)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "%s is declared twice", what);
    if ((unsigned)kind >= UNALLOC_SETTING_KIND_COUNT_)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "%s: the kind is 'local' or 'reading'",
                       what);
    if ((rc = check_duration(default_value, false, what, err)) != UNALLOC_OK)
        return rc;
    if (!valid_text(meaning, 500))
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                       "%s needs its meaning in a sentence (1 to 500 bytes)", what);
    memset(&st, 0, sizeof st);
    st.kind = kind;
    st.value = st.default_value = default_value;
    if (ua_vec_reserve(&b->p.settings, 1) != 0 || !keep_const(&b->p, &st.name, name) ||
        !keep_const(&b->p, &st.meaning, meaning))
        return ua_nomem(err);
    ua_vec_push(&b->p.settings, &st);
    return UNALLOC_OK;
}

enum unalloc_status
ua_builder_set_setting_value(struct unalloc_policy_builder *b, const char *name,
                             struct unalloc_duration value, struct unalloc_error *err)
{
    int i = find_setting(&b->p, name);
    enum unalloc_status rc;
    if (i < 0)
        return ua_fail(err, UNALLOC_E_NOT_FOUND, 0, 0, "setting '%s' is not declared", name);
    if ((rc = check_duration(value, false, name, err)) != UNALLOC_OK)
        return rc;
    UA_VEC_AT(&b->p.settings, struct unalloc_setting, i).value = value;
    return UNALLOC_OK;
}

static bool
same_duration(struct unalloc_duration a, struct unalloc_duration b)
{
    return a.amount == b.amount && a.unit == b.unit;
}

/* Gives a rule the values of the settings it names, and its basis. */
static enum unalloc_status
resolve_settings(const struct unalloc_policy *p, struct ua_rule *r, struct unalloc_error *err)
{
    const int idx[2] = { r->due_setting, r->every_setting };
    r->pub.basis = UNALLOC_BASIS_DOCUMENT;
    for (int k = 0; k < 2; k++) {
        const struct unalloc_setting *s;
        if (idx[k] < 0)
            continue;
        s = &UA_VEC_AT(&p->settings, struct unalloc_setting, idx[k]);
        if (k == 0) {
            r->pub.due = s->value;
            r->pub.has_due = true;
        } else {
            r->pub.every = s->value;
            r->pub.recurring = true;
        }
        if ((k == 1 || r->pub.due_is_day) && s->value.amount < 1)
            return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                           "setting %s: rule %s needs at least 1 %s", s->name, r->pub.id,
                           unalloc_unit_name(s->value.unit));
        if (s->kind == UNALLOC_SETTING_LOCAL || !same_duration(s->value, s->default_value))
            r->pub.basis = UNALLOC_BASIS_LOCAL;
    }
    return UNALLOC_OK;
}

/* ---- the versions of the structs the builder reads (policy.h) ------------- */

/* Version 0 is a struct that was never initialised (memset, or an old
 * caller); a version above the library's is a caller built against newer
 * headers, whose fields this library cannot read. */
static enum unalloc_status
check_version(unsigned int version, unsigned int current, const char *type, const char *init,
              struct unalloc_error *err)
{
    if (version == 0)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                       "struct unalloc_%s has version 0: start it from UNALLOC_%s_INIT or "
                       "unalloc_%s_init()",
                       type, init, type);
    if (version > current)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                       "struct unalloc_%s has version %u; this library reads up to version %u "
                       "(build against its headers)",
                       type, version, current);
    return UNALLOC_OK;
}

/* The _init() functions: the struct zeroed, its first field the version. */
static enum unalloc_status
init_struct(void *s, size_t size, unsigned int version, unsigned int current, const char *type,
            const char *init, struct unalloc_error *err)
{
    enum unalloc_status st;
    if (!s)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unalloc_%s_init: the struct is NULL", type);
    if ((st = check_version(version, current, type, init, err)) != UNALLOC_OK)
        return st;
    memset(s, 0, size);
    *(unsigned int *)s = version;
    return UNALLOC_OK;
}

UNALLOC_EXPORT enum unalloc_status
unalloc_rule_init(struct unalloc_rule *rule, unsigned int version, struct unalloc_error *err)
{
    return init_struct(rule, sizeof *rule, version, UNALLOC_RULE_VERSION, "rule", "RULE", err);
}

UNALLOC_EXPORT enum unalloc_status
unalloc_definition_init(struct unalloc_definition *definition, unsigned int version,
                        struct unalloc_error *err)
{
    return init_struct(definition, sizeof *definition, version, UNALLOC_DEFINITION_VERSION,
                       "definition", "DEFINITION", err);
}

UNALLOC_EXPORT enum unalloc_status
unalloc_check_init(struct unalloc_check *check, unsigned int version, struct unalloc_error *err)
{
    return init_struct(check, sizeof *check, version, UNALLOC_CHECK_VERSION, "check", "CHECK", err);
}

UNALLOC_EXPORT enum unalloc_status
unalloc_report_spec_init(struct unalloc_report_spec *report, unsigned int version,
                         struct unalloc_error *err)
{
    return init_struct(report, sizeof *report, version, UNALLOC_REPORT_SPEC_VERSION, "report_spec",
                       "REPORT_SPEC", err);
}

UNALLOC_EXPORT enum unalloc_status
unalloc_caseload_limit_init(struct unalloc_caseload_limit *limit, unsigned int version,
                            struct unalloc_error *err)
{
    return init_struct(limit, sizeof *limit, version, UNALLOC_CASELOAD_LIMIT_VERSION,
                       "caseload_limit", "CASELOAD_LIMIT", err);
}

static enum unalloc_status
check_threshold(const struct unalloc_threshold *t, const char *what, struct unalloc_error *err)
{
    if (t->comparison != UNALLOC_COMPARISON_AT_LEAST && t->comparison != UNALLOC_COMPARISON_MORE_THAN)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "%s: unknown comparison", what);
    return check_duration(t->duration, false, what, err);
}

UNALLOC_EXPORT enum unalloc_status
unalloc_policy_builder_set_definition(struct unalloc_policy_builder *b,
                                      const struct unalloc_definition *def,
                                      struct unalloc_error *err)
{
    struct unalloc_definition d;
    enum unalloc_status st;
    NEED_BUILDER("unalloc_policy_builder_set_definition");
    if (!def)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                       "unalloc_policy_builder_set_definition: definition is NULL");
    if ((st = check_version(def->version, UNALLOC_DEFINITION_VERSION, "definition", "DEFINITION",
                            err)) != UNALLOC_OK)
        return st;
    if (!def->allocated_roles || !mask_ok(def->allocated_roles, UNALLOC_ROLE_COUNT_))
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "allocated-roles: name at least one role");
    if (!def->scope || !mask_ok(def->scope, UNALLOC_CATEGORY_COUNT_))
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "scope: name at least one category");
    if ((st = check_threshold(&def->unallocated, "unallocated-after", err)) != UNALLOC_OK ||
        (st = check_clause(&b->p, &def->unallocated_clause, "unallocated-after", err)) !=
            UNALLOC_OK)
        return st;
    if (def->has_absence &&
        ((st = check_threshold(&def->absence, "absence-after", err)) != UNALLOC_OK ||
         (st = check_clause(&b->p, &def->absence_clause, "absence-after", err)) != UNALLOC_OK))
        return st;
    if ((st = check_duration(def->merge_within, false, "merge-spells-within", err)) != UNALLOC_OK)
        return st;
    if (def->needs_named_worker &&
        (st = check_clause(&b->p, &def->criteria_clause, "criteria", err)) != UNALLOC_OK)
        return st;
    if (def->leavers_unallocated &&
        (st = check_clause(&b->p, &def->leavers_clause, "leavers", err)) != UNALLOC_OK)
        return st;
    if (def->leavers_unallocated && !def->has_absence)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "leavers needs 'absence-after'");
    if (def->list_while_assessing && !def->needs_named_worker)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                       "list-while-assessing needs 'criteria needs-named-worker'");
    d = *def;
    d.version = UNALLOC_DEFINITION_VERSION;
    if (!keep_clause(&b->p, &d.unallocated_clause, &def->unallocated_clause) ||
        (def->has_absence && !keep_clause(&b->p, &d.absence_clause, &def->absence_clause)) ||
        (def->needs_named_worker && !keep_clause(&b->p, &d.criteria_clause, &def->criteria_clause)) ||
        (def->leavers_unallocated && !keep_clause(&b->p, &d.leavers_clause, &def->leavers_clause)))
        return ua_nomem(err);
    if (!def->leavers_unallocated)
        memset(&d.leavers_clause, 0, sizeof d.leavers_clause);
    if (!def->has_absence)
        memset(&d.absence_clause, 0, sizeof d.absence_clause);
    if (!def->needs_named_worker)
        memset(&d.criteria_clause, 0, sizeof d.criteria_clause);
    if (!keep_owned(&b->p, b->p.definition_clause_text = ua_format_clause(&b->p, &d.unallocated_clause)))
        return ua_nomem(err);
    b->p.def = d;
    b->p.has_definition = true;
    return UNALLOC_OK;
}

static int
find_rule(const struct unalloc_policy *p, const char *id)
{
    for (size_t i = 0; id && i < p->rules.len; i++)
        if (strcmp(UA_VEC_AT(&p->rules, struct ua_rule, i).pub.id, id) == 0)
            return (int)i;
    return -1;
}

static bool
actor_kind(enum unalloc_event_kind k)
{
    return ua_event_detail_type(k) == UA_DETAIL_ACTOR;
}

static bool
role_kind(enum unalloc_event_kind k)
{
    return ua_event_detail_type(k) == UA_DETAIL_ROLE;
}

static enum unalloc_status
check_rule(const struct unalloc_policy *p, const struct unalloc_rule *r, struct unalloc_error *err)
{
    char what[96];
    enum unalloc_status st;

    if (!valid_name(r->id))
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                       "a rule id is 1 to 64 letters, digits, '-', '.' or '_'");
    snprintf(what, sizeof what, "rule %s", r->id);
    if (find_rule(p, r->id) >= 0)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "%s is defined twice", what);
    if ((st = check_clause(p, &r->clause, what, err)) != UNALLOC_OK)
        return st;
    if (r->escalation) {
        if (!unalloc_role_name(r->escalate_to) || ua_role_seniority(r->escalate_to) == 0)
            return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                           "%s: escalation goes to a manager role (atm ... chief-executive)",
                           what);
        if (r->n_met_by)
            return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                           "%s: an escalation is met by 'escalated' events; it takes no met-by",
                           what);
    } else {
        if (!unalloc_obligation_kind_name(r->obligation))
            return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "%s: unknown obligation kind", what);
        if (r->n_met_by == 0 || r->n_met_by > UNALLOC_MAX_MET_BY)
            return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                           "%s: an obligation needs 1 to %d met-by events", what,
                           UNALLOC_MAX_MET_BY);
    }
    for (size_t i = 0; i < r->n_met_by; i++) {
        const struct unalloc_met_by *m = &r->met_by[i];
        if (!unalloc_event_kind_name(m->kind) || !mask_ok(m->roles, UNALLOC_ROLE_COUNT_))
            return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "%s: bad met-by event", what);
        if (m->roles && !actor_kind(m->kind) && !role_kind(m->kind))
            return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                           "%s: met-by %s takes no roles (its detail is not a role)", what,
                           ua_event_names[m->kind]);
    }
    if ((unsigned)r->anchor >= UNALLOC_ANCHOR_COUNT_)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "%s: unknown anchor", what);
    if (r->anchor == UNALLOC_ANCHOR_HOLDING && !unalloc_role_name(r->anchor_role))
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "%s: 'from holding' needs a role", what);
    if (r->anchor_or_threshold && r->anchor != UNALLOC_ANCHOR_HOLDING)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "%s: or-threshold goes with 'from holding'",
                       what);
    if ((r->anchor == UNALLOC_ANCHOR_MET || r->anchor == UNALLOC_ANCHOR_MISSED) &&
        find_rule(p, r->anchor_rule) < 0)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                       "%s: 'from %s %s' must name an earlier rule", what,
                       r->anchor == UNALLOC_ANCHOR_MET ? "met" : "missed",
                       r->anchor_rule ? r->anchor_rule : "(none)");
    if (r->recurring) {
        if ((st = check_duration(r->every, true, what, err)) != UNALLOC_OK)
            return st;
        if (r->opens_at_due)
            return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                           "%s: opens-at-due is for one-off rules", what);
    } else if (!r->has_due) {
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "%s: a one-off rule needs 'due'", what);
    }
    if (r->has_due && (st = check_duration(r->due, r->due_is_day, what, err)) != UNALLOC_OK)
        return st;
    if ((unsigned)r->window >= UNALLOC_WINDOW_COUNT_)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "%s: unknown window", what);
    if (r->has_unless && (!unalloc_event_kind_name(r->unless_kind) || r->recurring))
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                       "%s: 'unless' names an event kind, on a one-off rule", what);
    if (r->counts_early && r->anchor != UNALLOC_ANCHOR_MISSED)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "%s: counts-early goes with 'from missed'",
                       what);
    if (r->window == UNALLOC_WINDOW_HOLDING && r->anchor != UNALLOC_ANCHOR_HOLDING)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "%s: 'while holding' needs 'from holding'",
                       what);
    if (!mask_ok(r->if_categories, UNALLOC_CATEGORY_COUNT_) ||
        !mask_ok(r->if_ratings, UNALLOC_RATING_COUNT_) ||
        (r->if_holding && !unalloc_role_name(r->if_holding_role)) || r->if_age_at_least < 0 ||
        r->if_age_at_least > 120)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "%s: bad condition", what);
    if (r->note && !valid_text(r->note, 2000))
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "%s: bad note", what);
    return UNALLOC_OK;
}

UNALLOC_EXPORT enum unalloc_status
unalloc_policy_builder_add_rule(struct unalloc_policy_builder *b, const struct unalloc_rule *rule,
                                struct unalloc_error *err)
{
    struct ua_rule r;
    enum unalloc_status st;
    NEED_BUILDER("unalloc_policy_builder_add_rule");
    if (!rule)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unalloc_policy_builder_add_rule: rule is NULL");
    if ((st = check_version(rule->version, UNALLOC_RULE_VERSION, "rule", "RULE", err)) !=
        UNALLOC_OK)
        return st;
    if (b->p.rules.len >= UNALLOC_MAX_RULES)
        return ua_fail(err, UNALLOC_E_LIMIT, 0, 0, "policy %s has more than %d rules (the limit)",
                       b->p.id, UNALLOC_MAX_RULES);
    memset(&r, 0, sizeof r);
    r.pub = *rule;
    r.pub.version = UNALLOC_RULE_VERSION;
    r.due_setting = find_setting(&b->p, rule->due_setting);
    r.every_setting = find_setting(&b->p, rule->every_setting);
    if ((rule->due_setting && r.due_setting < 0) || (rule->every_setting && r.every_setting < 0))
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                       "rule %s: setting '%s' is not declared (declare it with 'setting' "
                       "before the rule)",
                       rule->id ? rule->id : "(none)",
                       rule->due_setting && r.due_setting < 0 ? rule->due_setting
                                                              : rule->every_setting);
    if ((st = resolve_settings(&b->p, &r, err)) != UNALLOC_OK ||
        (st = check_rule(&b->p, &r.pub, err)) != UNALLOC_OK)
        return st;
    r.anchor_index = (rule->anchor == UNALLOC_ANCHOR_MET || rule->anchor == UNALLOC_ANCHOR_MISSED)
                         ? find_rule(&b->p, rule->anchor_rule)
                         : -1;
    if (r.anchor_index < 0)
        r.pub.anchor_rule = NULL;
    if (ua_vec_reserve(&b->p.rules, 1) != 0 || !keep_const(&b->p, &r.pub.id, rule->id) ||
        !keep_clause(&b->p, &r.pub.clause, &rule->clause) ||
        !keep_const(&b->p, &r.pub.anchor_rule, r.pub.anchor_rule) ||
        !keep_const(&b->p, &r.pub.note, rule->note) ||
        !keep_const(&b->p, &r.pub.due_setting, r.due_setting >= 0 ? rule->due_setting : NULL) ||
        !keep_const(&b->p, &r.pub.every_setting,
                    r.every_setting >= 0 ? rule->every_setting : NULL) ||
        !keep_owned(&b->p, r.clause_text = ua_format_clause(&b->p, &rule->clause)))
        return ua_nomem(err);
    ua_vec_push(&b->p.rules, &r);
    return UNALLOC_OK;
}

UNALLOC_EXPORT enum unalloc_status
unalloc_policy_builder_add_check(struct unalloc_policy_builder *b, const struct unalloc_check *check,
                                 struct unalloc_error *err)
{
    struct unalloc_check c;
    enum unalloc_status st;
    NEED_BUILDER("unalloc_policy_builder_add_check");
    if (!check)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unalloc_policy_builder_add_check: check is NULL");
    if ((st = check_version(check->version, UNALLOC_CHECK_VERSION, "check", "CHECK", err)) !=
        UNALLOC_OK)
        return st;
    if ((unsigned)check->kind >= UNALLOC_CHECK_COUNT_)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unknown check kind %d", (int)check->kind);
    if (check->kind == UNALLOC_CHECK_RATINGS
            ? (!check->ratings || !mask_ok(check->ratings, UNALLOC_RATING_COUNT_))
            : !unalloc_role_name(check->role))
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "check: bad role or ratings");
    if ((st = check_clause(&b->p, &check->clause, "check", err)) != UNALLOC_OK)
        return st;
    c = *check;
    c.version = UNALLOC_CHECK_VERSION;
    if (ua_vec_reserve(&b->p.checks, 1) != 0 || !keep_clause(&b->p, &c.clause, &check->clause))
        return ua_nomem(err);
    ua_vec_push(&b->p.checks, &c);
    return UNALLOC_OK;
}

UNALLOC_EXPORT enum unalloc_status
unalloc_policy_builder_add_report(struct unalloc_policy_builder *b,
                                  const struct unalloc_report_spec *report,
                                  struct unalloc_error *err)
{
    struct unalloc_report_spec r;
    enum unalloc_status st;
    NEED_BUILDER("unalloc_policy_builder_add_report");
    if (!report)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unalloc_policy_builder_add_report: report is NULL");
    if ((st = check_version(report->version, UNALLOC_REPORT_SPEC_VERSION, "report_spec",
                            "REPORT_SPEC", err)) != UNALLOC_OK)
        return st;
    if (!valid_name(report->id))
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                       "a report id is 1 to 64 letters, digits, '-', '.' or '_'");
    for (size_t i = 0; i < b->p.reports.len; i++)
        if (strcmp(UA_VEC_AT(&b->p.reports, struct unalloc_report_spec, i).id, report->id) == 0)
            return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "report '%s' is defined twice",
                           report->id);
    if ((unsigned)report->form >= UNALLOC_REPORT_FORM_COUNT_ || !valid_text(report->audience, 300))
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "report '%s': bad form or audience",
                       report->id);
    r = *report;
    r.version = UNALLOC_REPORT_SPEC_VERSION;
    if (report->every_setting) {
        const int k = find_setting(&b->p, report->every_setting);
        if (k < 0)
            return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                           "report '%s': setting '%s' is not declared", report->id,
                           report->every_setting);
        r.every = UA_VEC_AT(&b->p.settings, struct unalloc_setting, k).value;
    }
    if ((st = check_duration(r.every, true, "report", err)) != UNALLOC_OK ||
        (st = check_clause(&b->p, &report->clause, "report", err)) != UNALLOC_OK)
        return st;
    if (ua_vec_reserve(&b->p.reports, 1) != 0 || !keep_const(&b->p, &r.id, report->id) ||
        !keep_const(&b->p, &r.every_setting, report->every_setting) ||
        !keep_const(&b->p, &r.audience, report->audience) ||
        !keep_clause(&b->p, &r.clause, &report->clause))
        return ua_nomem(err);
    ua_vec_push(&b->p.reports, &r);
    return UNALLOC_OK;
}

UNALLOC_EXPORT enum unalloc_status
unalloc_policy_builder_set_caseload(struct unalloc_policy_builder *b,
                                    const struct unalloc_caseload_limit *limit,
                                    struct unalloc_error *err)
{
    struct unalloc_caseload_limit l;
    enum unalloc_status st;
    NEED_BUILDER("unalloc_policy_builder_set_caseload");
    if (!limit)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unalloc_policy_builder_set_caseload: limit is NULL");
    if ((st = check_version(limit->version, UNALLOC_CASELOAD_LIMIT_VERSION, "caseload_limit",
                            "CASELOAD_LIMIT", err)) != UNALLOC_OK)
        return st;
    if (!unalloc_role_name(limit->worker_role) || !unalloc_role_name(limit->with_role) ||
        limit->at_most < 0 || limit->at_most > UA_POLICY_MAX_NUMBER)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "caseload: bad roles or limit");
    if ((st = check_clause(&b->p, &limit->clause, "caseload", err)) != UNALLOC_OK)
        return st;
    l = *limit;
    l.version = UNALLOC_CASELOAD_LIMIT_VERSION;
    if (!keep_clause(&b->p, &l.clause, &limit->clause) ||
        !keep_owned(&b->p, b->p.caseload_clause_text = ua_format_clause(&b->p, &limit->clause)))
        return ua_nomem(err);
    b->p.caseload = l;
    b->p.has_caseload = true;
    return UNALLOC_OK;
}

/* ---- canonical text -------------------------------------------------------- */

static void
sb_quoted(struct ua_text *b, const char *s)
{
    ua_text_puts(b, " \"");
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            ua_text_add(b, "\\", 1);
        ua_text_add(b, s, 1);
    }
    ua_text_puts(b, "\"");
}

static void
sb_duration(struct ua_text *b, struct unalloc_duration d)
{
    ua_text_printf(b, " %d %s", d.amount, unalloc_unit_name(d.unit));
}

static void
sb_mask(struct ua_text *b, unsigned mask, const char *const *names, int n)
{
    for (int i = 0; i < n; i++)
        if (mask & (1u << i))
            ua_text_printf(b, " %s", names[i]);
}

static void
sb_clause(struct ua_text *b, const struct unalloc_clause *c)
{
    ua_text_printf(b, "  clause %s", c->document);
    sb_quoted(b, c->section);
    sb_quoted(b, c->quote);
    ua_text_puts(b, "\n");
}

static void
sb_threshold(struct ua_text *b, const char *stmt, const struct unalloc_threshold *t)
{
    ua_text_printf(b, "%s %s", stmt, ua_comparison_names[t->comparison]);
    sb_duration(b, t->duration);
    ua_text_puts(b, "\n");
}

static void
sb_rule(struct ua_text *b, const struct ua_rule *ir)
{
    const struct unalloc_rule *r = &ir->pub;
    if (r->escalation)
        ua_text_printf(b, "rule %s escalate %s\n", r->id, ua_role_names[r->escalate_to]);
    else
        ua_text_printf(b, "rule %s %s\n", r->id, ua_obligation_names[r->obligation]);
    sb_clause(b, &r->clause);
    ua_text_printf(b, "  from %s", ua_anchor_names[r->anchor]);
    if (r->anchor == UNALLOC_ANCHOR_HOLDING)
        ua_text_printf(b, " %s%s", ua_role_names[r->anchor_role],
                  r->anchor_or_threshold ? " or-threshold" : "");
    if (r->anchor == UNALLOC_ANCHOR_MET || r->anchor == UNALLOC_ANCHOR_MISSED)
        ua_text_printf(b, " %s", r->anchor_rule);
    ua_text_puts(b, "\n");
    if (r->has_due) {
        ua_text_puts(b, r->due_is_day ? "  due day" : "  due");
        if (r->due_setting)
            ua_text_printf(b, " setting %s", r->due_setting);
        else
            sb_duration(b, r->due);
        ua_text_puts(b, "\n");
    }
    if (r->recurring) {
        ua_text_puts(b, "  every");
        if (r->every_setting)
            ua_text_printf(b, " setting %s", r->every_setting);
        else
            sb_duration(b, r->every);
        ua_text_puts(b, "\n");
    }
    if (r->opens_at_due)
        ua_text_puts(b, "  opens-at-due\n");
    if (r->counts_early)
        ua_text_puts(b, "  counts-early\n");
    if (r->has_unless)
        ua_text_printf(b, "  unless %s\n", ua_event_names[r->unless_kind]);
    for (size_t i = 0; i < r->n_met_by; i++) {
        ua_text_printf(b, "  met-by %s", ua_event_names[r->met_by[i].kind]);
        sb_mask(b, r->met_by[i].roles, ua_role_names, UNALLOC_ROLE_COUNT_);
        ua_text_puts(b, "\n");
    }
    if (r->window != UNALLOC_WINDOW_DEFAULT)
        ua_text_printf(b, "  while %s\n", ua_window_names[r->window]);
    if (r->if_categories) {
        ua_text_puts(b, "  if category");
        sb_mask(b, r->if_categories, ua_category_names, UNALLOC_CATEGORY_COUNT_);
        ua_text_puts(b, "\n");
    }
    if (r->if_holding)
        ua_text_printf(b, "  if holding %s\n", ua_role_names[r->if_holding_role]);
    if (r->if_age_at_least > 0)
        ua_text_printf(b, "  if age-at-least %d\n", r->if_age_at_least);
    if (r->if_ratings) {
        ua_text_puts(b, "  if rating");
        sb_mask(b, r->if_ratings, ua_rating_names, UNALLOC_RATING_COUNT_);
        ua_text_puts(b, "\n");
    }
    if (r->note) {
        ua_text_puts(b, "  note");
        sb_quoted(b, r->note);
        ua_text_puts(b, "\n");
    }
    ua_text_puts(b, "end\n");
}

static void
canonical(struct ua_text *b, const struct unalloc_policy *p)
{
    const struct unalloc_definition *d = &p->def;
    ua_text_printf(b, "policy %s\n", p->id);
    ua_text_puts(b, "title");
    sb_quoted(b, p->title);
    ua_text_puts(b, "\n");
    for (size_t i = 0; i < p->docs.len; i++) {
        const struct ua_document *doc = &UA_VEC_AT(&p->docs, struct ua_document, i);
        ua_text_printf(b, "document %s", doc->key);
        sb_quoted(b, doc->file);
        sb_quoted(b, doc->title);
        ua_text_puts(b, "\n");
    }
    ua_text_printf(b, "region %s\n", unalloc_region_name(p->region));
    if (p->has_review) {
        char review[UNALLOC_DATE_BUFSIZE];
        ua_format_date(review, sizeof review, p->review);
        ua_text_printf(b, "review-date %s\n", review);
    } else {
        ua_text_puts(b, "review-date none");
        sb_quoted(b, p->review_reason);
        ua_text_puts(b, "\n");
    }
    /* The values in force: the hash covers a council's settings. */
    for (size_t i = 0; i < p->settings.len; i++) {
        const struct unalloc_setting *st = &UA_VEC_AT(&p->settings, struct unalloc_setting, i);
        ua_text_printf(b, "setting %s", st->name);
        sb_duration(b, st->value);
        ua_text_printf(b, " %s", ua_setting_kind_names[st->kind]);
        sb_quoted(b, st->meaning);
        if (!same_duration(st->value, st->default_value)) {
            ua_text_puts(b, " default");
            sb_duration(b, st->default_value);
        }
        ua_text_puts(b, "\n");
    }
    ua_text_puts(b, "allocated-roles");
    sb_mask(b, d->allocated_roles, ua_role_names, UNALLOC_ROLE_COUNT_);
    ua_text_puts(b, "\nscope");
    sb_mask(b, d->scope, ua_category_names, UNALLOC_CATEGORY_COUNT_);
    ua_text_puts(b, "\n");
    sb_threshold(b, "unallocated-after", &d->unallocated);
    sb_clause(b, &d->unallocated_clause);
    if (d->has_absence) {
        sb_threshold(b, "absence-after", &d->absence);
        sb_clause(b, &d->absence_clause);
    }
    if (d->leavers_unallocated) {
        ua_text_puts(b, "leavers unallocated-after\n");
        sb_clause(b, &d->leavers_clause);
    }
    if (d->merge_within.amount) {
        ua_text_puts(b, "merge-spells-within");
        sb_duration(b, d->merge_within);
        ua_text_puts(b, "\n");
    }
    if (d->needs_named_worker) {
        ua_text_printf(b, "criteria %s\n", ua_decision_names[0]);
        sb_clause(b, &d->criteria_clause);
    }
    if (d->list_while_assessing)
        ua_text_puts(b, "list-while-assessing\n");
    for (size_t i = 0; i < p->rules.len; i++)
        sb_rule(b, &UA_VEC_AT(&p->rules, struct ua_rule, i));
    for (size_t i = 0; i < p->checks.len; i++) {
        const struct unalloc_check *c = &UA_VEC_AT(&p->checks, struct unalloc_check, i);
        ua_text_printf(b, "check %s", ua_check_names[c->kind]);
        if (c->kind == UNALLOC_CHECK_RATINGS)
            sb_mask(b, c->ratings, ua_rating_names, UNALLOC_RATING_COUNT_);
        else
            ua_text_printf(b, " %s", ua_role_names[c->role]);
        ua_text_puts(b, "\n");
        sb_clause(b, &c->clause);
    }
    if (p->has_caseload) {
        ua_text_printf(b, "caseload %s with %s at-most %d\n", ua_role_names[p->caseload.worker_role],
                  ua_role_names[p->caseload.with_role], p->caseload.at_most);
        sb_clause(b, &p->caseload.clause);
    }
    for (size_t i = 0; i < p->reports.len; i++) {
        const struct unalloc_report_spec *r = &UA_VEC_AT(&p->reports, struct unalloc_report_spec, i);
        ua_text_printf(b, "report %s every", r->id);
        if (r->every_setting)
            ua_text_printf(b, " setting %s", r->every_setting);
        else
            sb_duration(b, r->every);
        ua_text_printf(b, " form %s to", ua_report_form_names[r->form]);
        sb_quoted(b, r->audience);
        ua_text_puts(b, "\n");
        sb_clause(b, &r->clause);
    }
}

/* ---- build --------------------------------------------------------------- */

/* Copies the builder's policy into dst, duplicating every string. */
static bool
copy_policy(struct unalloc_policy *dst, const struct unalloc_policy *src)
{
    policy_init(dst);
    dst->has_region = src->has_region;
    dst->region = src->region;
    dst->review_set = src->review_set;
    dst->has_review = src->has_review;
    dst->review = src->review;
    dst->review_day = src->review_day;
    dst->has_definition = src->has_definition;
    dst->def = src->def;
    dst->has_caseload = src->has_caseload;
    dst->caseload = src->caseload;
    if (!keep(dst, &dst->id, src->id) || !keep(dst, &dst->title, src->title) ||
        !keep(dst, &dst->review_reason, src->review_reason) ||
        !keep(dst, &dst->definition_clause_text, src->definition_clause_text) ||
        !keep(dst, &dst->caseload_clause_text, src->caseload_clause_text) ||
        !keep_clause(dst, &dst->def.unallocated_clause, &src->def.unallocated_clause) ||
        !keep_clause(dst, &dst->def.absence_clause, &src->def.absence_clause) ||
        !keep_clause(dst, &dst->def.criteria_clause, &src->def.criteria_clause) ||
        !keep_clause(dst, &dst->def.leavers_clause, &src->def.leavers_clause) ||
        !keep_clause(dst, &dst->caseload.clause, &src->caseload.clause) ||
        ua_vec_reserve(&dst->docs, src->docs.len) != 0 ||
        ua_vec_reserve(&dst->settings, src->settings.len) != 0 ||
        ua_vec_reserve(&dst->rules, src->rules.len) != 0 ||
        ua_vec_reserve(&dst->checks, src->checks.len) != 0 ||
        ua_vec_reserve(&dst->reports, src->reports.len) != 0)
        return false;
    for (size_t i = 0; i < src->docs.len; i++) {
        const struct ua_document *s = &UA_VEC_AT(&src->docs, struct ua_document, i);
        struct ua_document d;
        if (!keep(dst, &d.key, s->key) || !keep(dst, &d.file, s->file) ||
            !keep(dst, &d.title, s->title))
            return false;
        ua_vec_push(&dst->docs, &d);
    }
    for (size_t i = 0; i < src->settings.len; i++) {
        const struct unalloc_setting *s = &UA_VEC_AT(&src->settings, struct unalloc_setting, i);
        struct unalloc_setting d = *s;
        if (!keep_const(dst, &d.name, s->name) || !keep_const(dst, &d.meaning, s->meaning))
            return false;
        ua_vec_push(&dst->settings, &d);
    }
    for (size_t i = 0; i < src->rules.len; i++) {
        const struct ua_rule *s = &UA_VEC_AT(&src->rules, struct ua_rule, i);
        struct ua_rule r = *s;
        if (!keep_const(dst, &r.pub.id, s->pub.id) ||
            !keep_const(dst, &r.pub.due_setting, s->pub.due_setting) ||
            !keep_const(dst, &r.pub.every_setting, s->pub.every_setting) ||
            !keep_clause(dst, &r.pub.clause, &s->pub.clause) ||
            !keep_const(dst, &r.pub.anchor_rule, s->pub.anchor_rule) ||
            !keep_const(dst, &r.pub.note, s->pub.note) ||
            !keep(dst, &r.clause_text, s->clause_text))
            return false;
        ua_vec_push(&dst->rules, &r);
    }
    for (size_t i = 0; i < src->checks.len; i++) {
        struct unalloc_check c = UA_VEC_AT(&src->checks, struct unalloc_check, i);
        if (!keep_clause(dst, &c.clause, &UA_VEC_AT(&src->checks, struct unalloc_check, i).clause))
            return false;
        ua_vec_push(&dst->checks, &c);
    }
    for (size_t i = 0; i < src->reports.len; i++) {
        const struct unalloc_report_spec *s =
            &UA_VEC_AT(&src->reports, struct unalloc_report_spec, i);
        struct unalloc_report_spec r = *s;
        if (!keep_const(dst, &r.id, s->id) || !keep_const(dst, &r.audience, s->audience) ||
            !keep_const(dst, &r.every_setting, s->every_setting) ||
            !keep_clause(dst, &r.clause, &s->clause))
            return false;
        ua_vec_push(&dst->reports, &r);
    }
    return true;
}

const char ua_note_dob[] = "date of birth unknown: owed in case the child is old enough";

/* The occurrence notes for an event with no actor taken as a rule's (see
 * struct ua_rule): made here, once, so that evaluation formats nothing. */
static bool
actor_notes(struct unalloc_policy *p)
{
    for (size_t i = 0; i < p->rules.len; i++) {
        struct ua_rule *r = &UA_VEC_AT(&p->rules, struct ua_rule, i);
        memset(r->note, 0, sizeof r->note);
        r->note[UA_NOTE_DOB] = ua_note_dob;
        for (size_t k = 0; k < r->pub.n_met_by; k++) {
            const struct unalloc_met_by *m = &r->pub.met_by[k];
            unsigned roles = 0;
            int who = -1;
            struct ua_text a = { NULL, 0, 0, false }, b = { NULL, 0, 0, false };
            if (!m->roles || ua_event_detail_type(m->kind) != UA_DETAIL_ACTOR)
                continue;
            for (size_t j = 0; j < r->pub.n_met_by; j++)
                if (r->pub.met_by[j].kind == m->kind)
                    roles |= r->pub.met_by[j].roles;
            for (int role = 0; role < UNALLOC_ROLE_COUNT_ && who < 0; role++)
                if (roles & (1u << role))
                    who = role;
            ua_text_printf(&a, "the '%s' records no actor: taken as the %s's",
                           ua_event_names[m->kind], ua_role_names[who]);
            ua_text_printf(&b, "%s; %s", ua_note_dob, a.s ? a.s : "");
            if (a.failed || b.failed) {
                ua_free(a.s);
                ua_free(b.s);
                return false;
            }
            if (!keep_owned(p, a.s)) {
                ua_free(b.s);
                return false;
            }
            r->note[UA_NOTE_ACTOR(k, 0)] = a.s;
            if (!keep_owned(p, b.s))
                return false;
            r->note[UA_NOTE_ACTOR(k, 1)] = b.s;
        }
    }
    return true;
}

/* Whether an event of `kind` that records no detail meets r:
 * the first line of the kind decides (doc/policy-format.md: an event with
 * no actor is accepted for a line naming actors; a line naming no roles
 * takes any event). */
static bool
meets_without_detail(const struct unalloc_rule *r, enum unalloc_event_kind kind)
{
    for (size_t i = 0; i < r->n_met_by; i++) {
        if (r->met_by[i].kind != kind)
            continue;
        if (!r->met_by[i].roles)
            return true;
        return ua_event_detail_type(kind) == UA_DETAIL_ACTOR;
    }
    return false;
}

/* Whether phase 3 gives rules a and b the same instances: anchors that
 * depend only on the periods, alike in everything phase 3 reads. */
static bool
same_instances(const struct unalloc_rule *a, const struct unalloc_rule *b)
{
    switch (a->anchor) {
    case UNALLOC_ANCHOR_OPENED:
    case UNALLOC_ANCHOR_SPELL:
    case UNALLOC_ANCHOR_THRESHOLD:
    case UNALLOC_ANCHOR_HOLDING:
    case UNALLOC_ANCHOR_CONCERN:
    case UNALLOC_ANCHOR_ABSENCE:
        break;
    default:
        return false; /* MET, MISSED: another rule's occurrences */
    }
    return a->anchor == b->anchor && a->window == b->window &&
           (a->anchor != UNALLOC_ANCHOR_HOLDING ||
            (a->anchor_role == b->anchor_role && a->anchor_or_threshold == b->anchor_or_threshold));
}

/* Whether an event of m's kind with this detail (-1: none) meets the rule:
 * the rule the meet table's accept mask holds for each detail. A rating
 * outside the policy's scale (`check ratings`) is not the rating the
 * document asks for (the check warns about it); an event with no actor
 * recorded is accepted as doc/policy-format.md says (no_detail). */
static bool
meets_detail(const struct ua_meet *m, unsigned scale, int detail)
{
    if (m->kind == UNALLOC_EVENT_RATING && scale && (detail < 0 || detail >= 32 ||
                                                     !(scale & (1u << detail))))
        return false;
    if (m->escalation)
        return ua_role_seniority((enum unalloc_role)detail) >= m->seniority;
    if (m->any)
        return true;
    if (detail < 0)
        return m->no_detail;
    return detail < 32 && (m->roles & (1u << detail)) != 0;
}

static uint64_t
accept_mask(const struct ua_meet *m, unsigned scale)
{
    uint64_t mask = 0;
    for (int d = -1; d < 63; d++)
        if (meets_detail(m, scale, d))
            mask |= UINT64_C(1) << (d + 1);
    return mask;
}

/* Adds the roles of a `met-by allocated` line to r's held_roles, in enum
 * order (every role when the line names none), each once. */
static void
held_roles(struct ua_rule *r, unsigned roles)
{
    for (int role = 0; role < UNALLOC_ROLE_COUNT_; role++) {
        bool seen = false;
        if (roles && !(roles & (1u << role)))
            continue;
        for (int k = 0; k < r->n_held_roles && !seen; k++)
            seen = r->held_roles[k] == role;
        if (!seen)
            r->held_roles[r->n_held_roles++] = (unsigned char)role;
    }
}

/* d (minus `less`) as a day count for days and weeks, else UA_NOT_DAYS. */
static int32_t
day_count(struct unalloc_duration d, int less)
{
    if (d.unit == UNALLOC_UNIT_DAYS)
        return d.amount - less;
    if (d.unit == UNALLOC_UNIT_WEEKS)
        return (d.amount - less) * 7;
    return UA_NOT_DAYS;
}

/* Whether a later rule answers rule k (`from met`, `from missed`). */
static bool
answered(const struct unalloc_policy *p, size_t k)
{
    for (size_t j = 0; j < p->rules.len; j++)
        if (UA_VEC_AT(&p->rules, struct ua_rule, j).anchor_index == (int)k)
            return true;
    return false;
}

/* Each rule's tables for the engine (struct ua_rule): the meet table, the
 * roles held_allocation() tries, the due offsets in days, and the earlier
 * rule whose instances it shares; and whether any rule's anchor needs no
 * spell (p->anchors_without_spell). */
static void
rule_tables(struct unalloc_policy *p)
{
    p->anchors_without_spell = false;
    for (size_t i = 0; i < p->rules.len; i++) {
        struct ua_rule *r = &UA_VEC_AT(&p->rules, struct ua_rule, i);
        const struct unalloc_rule *pub = &r->pub;
        p->anchors_without_spell |=
            pub->anchor == UNALLOC_ANCHOR_OPENED || pub->anchor == UNALLOC_ANCHOR_ABSENCE;
        r->same_instances = -1;
        r->same_conditions = false;
        for (size_t k = 0; k < i && r->same_instances < 0; k++) {
            const struct unalloc_rule *o = &UA_VEC_AT(&p->rules, struct ua_rule, k).pub;
            if (!same_instances(pub, o))
                continue;
            r->same_instances = (int)k;
            r->same_conditions = !pub->escalation && !o->escalation &&
                                 pub->if_categories == o->if_categories &&
                                 pub->if_holding == o->if_holding &&
                                 (!pub->if_holding || pub->if_holding_role == o->if_holding_role) &&
                                 pub->if_ratings == o->if_ratings;
        }
        r->n_meet = 0;
        r->meets_allocated = false;
        memset(r->assumed_of_kind, -1, sizeof r->assumed_of_kind);
        r->n_held_roles = 0;
        r->every_days = day_count(pub->every, 0);
        r->due_days = pub->has_due ? day_count(pub->due, pub->due_is_day ? 1 : 0) : r->every_days;
        if (pub->escalation) {
            r->meet[r->n_meet++] = (struct ua_meet){
                .kind = UNALLOC_EVENT_ESCALATED, .assumed_line = -1, .assumed_role = -1,
                .escalation = true, .seniority = ua_role_seniority(pub->escalate_to) };
            r->meet[0].accept = accept_mask(&r->meet[0], p->rating_scale);
            continue;
        }
        for (size_t k = 0; k < pub->n_met_by; k++) {
            const struct unalloc_met_by *m = &pub->met_by[k];
            struct ua_meet *e = NULL;
            for (size_t j = 0; j < r->n_meet && !e; j++)
                if (r->meet[j].kind == (int)m->kind)
                    e = &r->meet[j];
            if (!e) {
                e = &r->meet[r->n_meet++];
                *e = (struct ua_meet){ .kind = (int)m->kind,
                                       .no_detail = meets_without_detail(pub, m->kind),
                                       .assumed_line = -1, .assumed_role = -1 };
            }
            if (m->kind == UNALLOC_EVENT_ALLOCATED) {
                r->meets_allocated = true;
                held_roles(r, m->roles);
            }
            if (!m->roles)
                e->any = true;
            else if (e->assumed_line < 0 && ua_event_detail_type(m->kind) == UA_DETAIL_ACTOR)
                e->assumed_line = (int)k;
            e->roles |= m->roles;
        }
        for (size_t j = 0; j < r->n_meet; j++) {
            struct ua_meet *e = &r->meet[j];
            if (e->any)
                e->assumed_line = -1; /* any actor will do */
            for (int role = 0; role < UNALLOC_ROLE_COUNT_ && e->assumed_role < 0; role++)
                if (e->roles & (1u << role))
                    e->assumed_role = role;
            e->accept = accept_mask(e, p->rating_scale);
            if (e->assumed_line >= 0)
                r->assumed_of_kind[e->kind] = (signed char)j;
        }
    }
    for (size_t i = 0; i < p->rules.len; i++) {
        struct ua_rule *r = &UA_VEC_AT(&p->rules, struct ua_rule, i);
        r->same_array = r->same_conditions && !answered(p, i) &&
                        !answered(p, (size_t)r->same_instances);
    }
}

const struct unalloc_policy *
ua_policy_ref(const struct unalloc_policy *p)
{
    atomic_fetch_add_explicit(&((struct unalloc_policy *)p)->refs, 1, memory_order_relaxed);
    return p;
}

void
ua_policy_unref(const struct unalloc_policy *cp)
{
    struct unalloc_policy *p = (struct unalloc_policy *)cp;
    if (!p || atomic_fetch_sub_explicit(&p->refs, 1, memory_order_acq_rel) != 1)
        return;
    policy_release(p);
    ua_free(p);
}

static enum unalloc_status
copy_and_finish(struct unalloc_policy **out, const struct unalloc_policy *src,
                const char *const *names, const char *const *values, size_t n,
                struct unalloc_error *err);

UNALLOC_EXPORT enum unalloc_status
unalloc_policy_builder_build(struct unalloc_policy **out, const struct unalloc_policy_builder *b,
                             struct unalloc_error *err)
{
    const char *missing = NULL;

    if (out)
        *out = NULL;
    if (!out || !b)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unalloc_policy_builder_build: %s is NULL",
                       !out ? "out" : "builder");
    if (!b->p.title)
        missing = "a title";
    else if (b->p.docs.len == 0)
        missing = "a document";
    else if (!b->p.has_region)
        missing = "a region";
    else if (!b->p.review_set)
        missing = "a review date (or 'review-date none' with the reason)";
    else if (!b->p.has_definition)
        missing = "a definition (allocated-roles, scope, unallocated-after)";
    if (missing)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "policy %s needs %s", b->p.id, missing);
    return copy_and_finish(out, &b->p, NULL, NULL, 0, err);
}

/* Parses a setting value "N UNIT" (spaces between). */
static bool
parse_value(struct unalloc_duration *out, const char *v)
{
    long n = 0;
    size_t digits = 0;
    char unit[24];
    size_t u = 0;
    while (*v == ' ' || *v == '\t')
        v++;
    for (; *v >= '0' && *v <= '9'; v++, digits++) {
        n = n * 10 + (*v - '0');
        if (n > UA_POLICY_MAX_NUMBER)
            return false;
    }
    if (!digits || (*v != ' ' && *v != '\t'))
        return false;
    while (*v == ' ' || *v == '\t')
        v++;
    while (*v && *v != ' ' && *v != '\t' && u + 1 < sizeof unit)
        unit[u++] = *v++;
    unit[u] = '\0';
    while (*v == ' ' || *v == '\t')
        v++;
    if (*v || unalloc_unit_parse(&out->unit, unit, NULL) != UNALLOC_OK)
        return false;
    out->amount = (int)n;
    return true;
}

/* Copies src into a new policy with the named settings changed, resolves
 * the rules' timings from the settings in force, and hashes the result. */
static enum unalloc_status
copy_and_finish(struct unalloc_policy **out, const struct unalloc_policy *src,
                const char *const *names, const char *const *values, size_t n,
                struct unalloc_error *err)
{
    struct unalloc_policy *p;
    struct ua_text text = { NULL, 0, 0, false };
    enum unalloc_status st = UNALLOC_OK;
    uint64_t h;

    if (!(p = ua_malloc(sizeof *p)))
        return ua_nomem(err);
    if (!copy_policy(p, src))
        st = ua_nomem(err);
    for (size_t i = 0; st == UNALLOC_OK && i < n; i++) {
        const int k = find_setting(p, names[i]);
        struct unalloc_duration d;
        if (k < 0) {
            struct ua_text list = { NULL, 0, 0, false };
            for (size_t j = 0; j < p->settings.len; j++)
                ua_text_printf(&list, "%s%s", j ? ", " : "",
                               UA_VEC_AT(&p->settings, struct unalloc_setting, j).name);
            st = ua_fail(err, UNALLOC_E_NOT_FOUND, 0, 0,
                         "policy %s has no setting '%s' (its settings: %s)", p->id,
                         names[i] ? names[i] : "(null)",
                         list.failed || !list.s ? "none" : list.s);
            ua_free(list.s);
        } else if (!values[i] || !parse_value(&d, values[i])) {
            st = ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                         "setting %s: '%s' is not a duration: write a number and a unit, "
                         "e.g. '5 working-days' (units: hours, days, working-days, weeks, "
                         "months; numbers 0 to %d)",
                         names[i], values[i] ? values[i] : "(null)", UA_POLICY_MAX_NUMBER);
        } else {
            UA_VEC_AT(&p->settings, struct unalloc_setting, k).value = d;
        }
    }
    for (size_t i = 0; st == UNALLOC_OK && i < p->rules.len; i++)
        st = resolve_settings(p, &UA_VEC_AT(&p->rules, struct ua_rule, i), err);
    for (size_t i = 0; st == UNALLOC_OK && i < p->reports.len; i++) {
        struct unalloc_report_spec *r = &UA_VEC_AT(&p->reports, struct unalloc_report_spec, i);
        if (!r->every_setting)
            continue;
        r->every = UA_VEC_AT(&p->settings, struct unalloc_setting, find_setting(p, r->every_setting)).value;
        if (r->every.amount < 1)
            st = ua_fail(err, UNALLOC_E_INVALID, 0, 0, "setting %s: report %s needs at least 1 %s",
                         r->every_setting, r->id, unalloc_unit_name(r->every.unit));
    }
    p->rating_scale = 0;
    for (size_t i = 0; i < p->checks.len; i++)
        if (UA_VEC_AT(&p->checks, struct unalloc_check, i).kind == UNALLOC_CHECK_RATINGS)
            p->rating_scale |= UA_VEC_AT(&p->checks, struct unalloc_check, i).ratings;
    if (st == UNALLOC_OK && !actor_notes(p))
        st = ua_nomem(err);
    if (st == UNALLOC_OK)
        rule_tables(p);
    if (st == UNALLOC_OK) {
        canonical(&text, p);
        if (text.failed)
            st = ua_nomem(err);
    }
    if (st != UNALLOC_OK) {
        ua_free(text.s);
        policy_release(p);
        ua_free(p);
        return st;
    }
    h = ua_fnv1a(UA_FNV_OFFSET, text.s, text.len);
    snprintf(p->hash, sizeof p->hash, "%016llx", (unsigned long long)h);
    ua_free(text.s);
    *out = p;
    return UNALLOC_OK;
}

UNALLOC_EXPORT enum unalloc_status
unalloc_policy_with_settings(struct unalloc_policy **out, const struct unalloc_policy *policy,
                             const char *const *names, const char *const *values, size_t n,
                             struct unalloc_error *err)
{
    if (out)
        *out = NULL;
    if (!out || !policy || (n && (!names || !values)))
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unalloc_policy_with_settings: %s is NULL",
                       !out ? "out" : !policy ? "policy" : !names ? "names" : "values");
    return copy_and_finish(out, policy, names, values, n, err);
}

UNALLOC_EXPORT size_t
unalloc_policy_setting_count(const struct unalloc_policy *p)
{
    return p ? p->settings.len : 0;
}

UNALLOC_EXPORT const struct unalloc_setting *
unalloc_policy_setting(const struct unalloc_policy *p, size_t i)
{
    return p && i < p->settings.len ? &UA_VEC_AT(&p->settings, struct unalloc_setting, i) : NULL;
}

/* ---- reading ------------------------------------------------------------- */

UNALLOC_EXPORT void
unalloc_policy_free(struct unalloc_policy *p)
{
    ua_policy_unref(p);
}

UNALLOC_EXPORT const char *
unalloc_policy_id(const struct unalloc_policy *p)
{
    return p ? p->id : NULL;
}

UNALLOC_EXPORT const char *
unalloc_policy_title(const struct unalloc_policy *p)
{
    return p ? p->title : NULL;
}

UNALLOC_EXPORT enum unalloc_region
unalloc_policy_region(const struct unalloc_policy *p)
{
    return p ? p->region : UNALLOC_REGION_UNKNOWN;
}

UNALLOC_EXPORT bool
unalloc_policy_review_date(const struct unalloc_policy *p, struct unalloc_date *out)
{
    if (!p || !p->has_review)
        return false;
    if (out)
        *out = p->review;
    return true;
}

UNALLOC_EXPORT const char *
unalloc_policy_hash(const struct unalloc_policy *p)
{
    return p ? p->hash : NULL;
}

UNALLOC_EXPORT const struct unalloc_definition *
unalloc_policy_definition(const struct unalloc_policy *p)
{
    return p ? &p->def : NULL;
}

UNALLOC_EXPORT size_t
unalloc_policy_rule_count(const struct unalloc_policy *p)
{
    return p ? p->rules.len : 0;
}

UNALLOC_EXPORT const struct unalloc_rule *
unalloc_policy_rule(const struct unalloc_policy *p, size_t i)
{
    return p && i < p->rules.len ? &UA_VEC_AT(&p->rules, struct ua_rule, i).pub : NULL;
}

UNALLOC_EXPORT size_t
unalloc_policy_report_count(const struct unalloc_policy *p)
{
    return p ? p->reports.len : 0;
}

UNALLOC_EXPORT const struct unalloc_report_spec *
unalloc_policy_report(const struct unalloc_policy *p, size_t i)
{
    return p && i < p->reports.len ? &UA_VEC_AT(&p->reports, struct unalloc_report_spec, i) : NULL;
}

UNALLOC_EXPORT const struct unalloc_caseload_limit *
unalloc_policy_caseload(const struct unalloc_policy *p)
{
    return p && p->has_caseload ? &p->caseload : NULL;
}

UNALLOC_EXPORT enum unalloc_status
unalloc_policy_format_clause(char **out, const struct unalloc_policy *p,
                             const struct unalloc_clause *c, struct unalloc_error *err)
{
    enum unalloc_status st;
    if (out)
        *out = NULL;
    if (!out || !p || !c)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unalloc_policy_format_clause: %s is NULL",
                       !out ? "out" : !p ? "policy" : "clause");
    if ((st = check_clause(p, c, "clause", err)) != UNALLOC_OK)
        return st;
    if (!(*out = ua_format_clause(p, c)))
        return ua_nomem(err);
    return UNALLOC_OK;
}

UNALLOC_EXPORT enum unalloc_status
unalloc_policy_to_text(char **out, const struct unalloc_policy *p, struct unalloc_error *err)
{
    struct ua_text text = { NULL, 0, 0, false };
    if (out)
        *out = NULL;
    if (!out || !p)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unalloc_policy_to_text: %s is NULL",
                       !out ? "out" : "policy");
    canonical(&text, p);
    if (text.failed) {
        ua_free(text.s);
        return ua_nomem(err);
    }
    *out = text.s;
    return UNALLOC_OK;
}
