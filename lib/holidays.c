/*
 * libunalloc: UK bank holidays by rule, 1900-2199, for the three regions.
 *
 * The rules and every one-off day are documented, with their sources, in
 * doc/calendar.md. Names follow gov.uk's titles (with its typographic
 * apostrophe) so a rule-based calendar and a loaded gov.uk file agree.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>

#include "holidays-private.h"

enum { EW = 1, SC = 2, NI = 4, ALL = EW | SC | NI };

enum kind {
    FIXED,    /* month/day */
    EASTER,   /* offset from Easter Sunday */
    FIRST_MON, /* first Monday of month */
    LAST_MON  /* last Monday of month */
};

enum rule_id {
    R_NONE = 0,
    R_NEW_YEAR,
    R_JAN2,
    R_ST_PATRICK,
    R_GOOD_FRIDAY,
    R_EASTER_MONDAY,
    R_WHIT_MONDAY,
    R_EARLY_MAY,
    R_SPRING,
    R_BOYNE,
    R_SUMMER_FIRST,
    R_SUMMER_LAST,
    R_ST_ANDREW,
    R_CHRISTMAS,
    R_BOXING,
};

struct rule {
    enum rule_id id;
    unsigned regions;
    int first_year, last_year;
    enum kind kind;
    int month, day;   /* FIXED: the date; *_MON: month in day unused */
    int offset;       /* EASTER */
    int substitute;   /* a weekend date moves to the next free weekday */
    const char *name;
    const char *sub_name;
};

#define APOS "\xe2\x80\x99" /* U+2019, as gov.uk writes it */
#define SUB " (substitute day)"

/* Regular holidays. Sources and history: doc/calendar.md. Years are
 * inclusive; 0 as last_year means "still in force". */
static const struct rule rules[] = {
    /* Banking and Financial Dealings Act 1971 Sch. 1 as amended (New Year's Day
     * added for E&W and NI from 1974). Scotland's 1 January was already a
     * bank holiday under the Bank Holidays Act 1871. */
    { R_NEW_YEAR, EW | NI, 1974, 0, FIXED, 1, 1, 0, 1, "New Year" APOS "s Day",
      "New Year" APOS "s Day" SUB },
    { R_NEW_YEAR, SC, 1900, 0, FIXED, 1, 1, 0, 1, "New Year" APOS "s Day",
      "New Year" APOS "s Day" SUB },
    /* Scotland: 2 January from 1974 (1971 Act Sch. 1 as amended). */
    { R_JAN2, SC, 1974, 0, FIXED, 1, 2, 0, 1, "2nd January", "2nd January" SUB },
    /* Northern Ireland: St Patrick's Day, Bank Holiday (Ireland) Act 1903. */
    { R_ST_PATRICK, NI, 1903, 0, FIXED, 3, 17, 0, 1, "St Patrick" APOS "s Day",
      "St Patrick" APOS "s Day" SUB },
    /* Good Friday: a common-law holiday in England, Wales and NI; a bank
     * holiday in Scotland (1871 Act). */
    { R_GOOD_FRIDAY, ALL, 1900, 0, EASTER, 0, 0, -2, 0, "Good Friday", NULL },
    /* Easter Monday: 1871 Act (not Scotland). */
    { R_EASTER_MONDAY, EW | NI, 1900, 0, EASTER, 0, 0, 1, 0, "Easter Monday", NULL },
    /* Whit Monday: 1871 Act, replaced by the spring holiday (trial from 1965). */
    { R_WHIT_MONDAY, EW | NI, 1900, 1964, EASTER, 0, 0, 50, 0, "Whit Monday", NULL },
    /* Early May (first Monday in May): E&W and NI from 1978; Scotland's
     * first-Monday-in-May holiday dates from the 1871 Act. */
    { R_EARLY_MAY, EW | NI, 1978, 0, FIRST_MON, 5, 0, 0, 0, "Early May bank holiday", NULL },
    { R_EARLY_MAY, SC, 1900, 0, FIRST_MON, 5, 0, 0, 0, "Early May bank holiday", NULL },
    /* Spring (last Monday in May): E&W and NI from 1965 (trial years
     * adjusted in the moves table), Scotland from 1978 by proclamation. */
    { R_SPRING, EW | NI, 1965, 0, LAST_MON, 5, 0, 0, 0, "Spring bank holiday", NULL },
    { R_SPRING, SC, 1978, 0, LAST_MON, 5, 0, 0, 0, "Spring bank holiday", NULL },
    /* Northern Ireland: Battle of the Boyne, 12 July. */
    { R_BOYNE, NI, 1926, 0, FIXED, 7, 12, 0, 1, "Battle of the Boyne (Orangemen" APOS "s Day)",
      "Battle of the Boyne (Orangemen" APOS "s Day)" SUB },
    /* August: first Monday (1871 Act) until 1964 in E&W and NI, always in
     * Scotland; last Monday in E&W and NI from 1965. */
    { R_SUMMER_FIRST, EW | NI, 1900, 1964, FIRST_MON, 8, 0, 0, 0, "Summer bank holiday", NULL },
    { R_SUMMER_FIRST, SC, 1900, 0, FIRST_MON, 8, 0, 0, 0, "Summer bank holiday", NULL },
    { R_SUMMER_LAST, EW | NI, 1965, 0, LAST_MON, 8, 0, 0, 0, "Summer bank holiday", NULL },
    /* Scotland: St Andrew's Day Bank Holiday (Scotland) Act 2007. */
    { R_ST_ANDREW, SC, 2007, 0, FIXED, 11, 30, 0, 1, "St Andrew" APOS "s Day",
      "St Andrew" APOS "s Day" SUB },
    { R_CHRISTMAS, ALL, 1900, 0, FIXED, 12, 25, 0, 1, "Christmas Day", "Christmas Day" SUB },
    /* Boxing Day: 1871 Act (E&W, NI); Scotland from 1974. */
    { R_BOXING, EW | NI, 1900, 0, FIXED, 12, 26, 0, 1, "Boxing Day", "Boxing Day" SUB },
    { R_BOXING, SC, 1974, 0, FIXED, 12, 26, 0, 1, "Boxing Day", "Boxing Day" SUB },
};

/* One-off proclamations: a day added (rule = R_NONE) or a regular holiday
 * moved to another date (rule set; month/day = the new date, or 0/0 when the
 * holiday was not held that year). */
struct oneoff {
    unsigned regions;
    int year, month, day;
    enum rule_id rule;
    const char *name; /* added days; for a moved day, NULL keeps the rule's name */
};

static const struct oneoff oneoffs[] = {
    /* Coronation of Queen Elizabeth II. */
    { ALL, 1953, 6, 2, R_NONE, "Coronation of Queen Elizabeth II" },
    /* Wedding of Princess Anne. */
    { ALL, 1973, 11, 14, R_NONE, "Royal wedding" },
    /* Queen's Silver Jubilee. */
    { ALL, 1977, 6, 7, R_NONE, "Queen" APOS "s Silver Jubilee" },
    /* Wedding of the Prince of Wales. */
    { ALL, 1981, 7, 29, R_NONE, "Royal wedding" },
    /* 50th anniversary of VE day: early May moved to 8 May. */
    { ALL, 1995, 5, 8, R_EARLY_MAY, "Early May bank holiday (VE day)" },
    /* Millennium. */
    { ALL, 1999, 12, 31, R_NONE, "Millennium celebrations" },
    /* Golden Jubilee: spring moved to Tuesday 4 June, Monday 3 June added. */
    { ALL, 2002, 6, 4, R_SPRING, NULL },
    { ALL, 2002, 6, 3, R_NONE, "Queen" APOS "s Golden Jubilee" },
    /* Wedding of Prince William and Catherine Middleton. */
    { ALL, 2011, 4, 29, R_NONE, "Royal wedding" },
    /* Diamond Jubilee: spring moved to 4 June, 5 June added. */
    { ALL, 2012, 6, 4, R_SPRING, NULL },
    { ALL, 2012, 6, 5, R_NONE, "Queen" APOS "s Diamond Jubilee" },
    /* 75th anniversary of VE day: early May moved to Friday 8 May. */
    { ALL, 2020, 5, 8, R_EARLY_MAY, "Early May bank holiday (VE day)" },
    /* Platinum Jubilee: spring moved to Thursday 2 June, Friday 3 June added. */
    { ALL, 2022, 6, 2, R_SPRING, NULL },
    { ALL, 2022, 6, 3, R_NONE, "Platinum Jubilee bank holiday" },
    /* State Funeral of Queen Elizabeth II. */
    { ALL, 2022, 9, 19, R_NONE, "Bank Holiday for the State Funeral of Queen Elizabeth II" },
    /* Coronation of King Charles III. */
    { ALL, 2023, 5, 8, R_NONE, "Bank holiday for the coronation of King Charles III" },
    /* Scotland: the men's football team's first World Cup match since 1998
     * (royal proclamation of 4 February 2026). */
    { SC, 2026, 6, 15, R_NONE, "World Cup bank holiday" },
};

static unsigned
region_bit(enum unalloc_region r)
{
    switch (r) {
    case UNALLOC_REGION_ENGLAND_AND_WALES: return EW;
    case UNALLOC_REGION_SCOTLAND: return SC;
    case UNALLOC_REGION_NORTHERN_IRELAND: return NI;
    case UNALLOC_REGION_UNKNOWN: break;
    }
    return 0;
}

static int32_t
first_monday(int y, int m)
{
    int32_t z = ua_days_from_civil(y, m, 1);
    int wd = ua_weekday_of_days(z);
    return z + (8 - wd) % 7;
}

static int32_t
last_monday(int y, int m)
{
    int32_t z = ua_days_from_civil(y, m, ua_days_in_month(y, m));
    int wd = ua_weekday_of_days(z);
    return z - (wd - 1);
}

static int32_t
rule_date(const struct rule *r, int y)
{
    switch (r->kind) {
    case FIXED: return ua_days_from_civil(y, r->month, r->day);
    case EASTER: return ua_easter_sunday(y) + r->offset;
    case FIRST_MON: return first_monday(y, r->month);
    case LAST_MON: return last_monday(y, r->month);
    }
    return 0;
}

struct pending {
    int32_t day;
    const struct rule *rule; /* NULL for an added one-off */
    const char *name;
    int substitute;
    int displaced; /* yields its weekday to an earlier holiday's substitute */
};

static int
cmp_pending(const void *a, const void *b)
{
    const struct pending *x = a, *y = b;
    return (x->day > y->day) - (x->day < y->day);
}

static int
is_weekend(int32_t z)
{
    return ua_weekday_of_days(z) >= 6;
}

static int
taken(const struct ua_holiday *out, size_t n, int32_t day)
{
    for (size_t i = 0; i < n; i++)
        if (out[i].day == day)
            return 1;
    return 0;
}

size_t
ua_bank_holidays(struct ua_holiday *out, size_t cap, enum unalloc_region region, int year)
{
    struct pending p[UA_MAX_HOLIDAYS_PER_YEAR];
    size_t np = 0, n = 0;
    const unsigned bit = region_bit(region);

    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
        const struct rule *r = &rules[i];
        if (!(r->regions & bit) || year < r->first_year || (r->last_year && year > r->last_year))
            continue;
        struct pending e = { rule_date(r, year), r, r->name, r->substitute, 0 };
        for (size_t k = 0; k < sizeof oneoffs / sizeof oneoffs[0]; k++) {
            const struct oneoff *o = &oneoffs[k];
            if (o->rule == r->id && o->year == year && (o->regions & bit)) {
                /* A proclamation moved this holiday; a moved day is never
                 * substituted again, and may have a title of its own. */
                e.day = o->month ? ua_days_from_civil(year, o->month, o->day) : INT32_MIN;
                e.substitute = 0;
                if (o->name)
                    e.name = o->name;
            }
        }
        /* Scotland: when 1 January is a Sunday, New Year's Day is observed on
         * Monday 2 January and "2nd January" moves on to the Tuesday, as gov.uk
         * lists 2017 and 2023 (the dates are the same either way; the titles
         * follow gov.uk). */
        if (r->id == R_JAN2 && ua_weekday_of_days(ua_days_from_civil(year, 1, 1)) == 7)
            e.displaced = 1;
        if (e.day != INT32_MIN && np < UA_MAX_HOLIDAYS_PER_YEAR)
            p[np++] = e;
    }
    for (size_t k = 0; k < sizeof oneoffs / sizeof oneoffs[0]; k++) {
        const struct oneoff *o = &oneoffs[k];
        if (o->rule == R_NONE && o->year == year && (o->regions & bit) &&
            np < UA_MAX_HOLIDAYS_PER_YEAR) {
            struct pending e = { ua_days_from_civil(year, o->month, o->day), NULL, o->name, 0, 0 };
            p[np++] = e;
        }
    }
    qsort(p, np, sizeof p[0], cmp_pending);

    /* Pass 1: every holiday that stays where it is. */
    for (size_t i = 0; i < np && n < cap; i++) {
        if ((p[i].substitute && is_weekend(p[i].day)) || p[i].displaced)
            continue;
        out[n].day = p[i].day;
        out[n].name = p[i].name;
        n++;
    }
    /* Pass 2: weekend holidays, in date order, take the next weekday that is
     * not already a holiday (so Christmas on a Sunday gives Tuesday 27th when
     * Boxing Day is the Monday). */
    for (size_t i = 0; i < np && n < cap; i++) {
        if (!((p[i].substitute && is_weekend(p[i].day)) || p[i].displaced))
            continue;
        int32_t d = p[i].day + 1;
        while (is_weekend(d) || taken(out, n, d))
            d++;
        out[n].day = d;
        out[n].name = p[i].rule->sub_name;
        n++;
    }
    return n;
}
