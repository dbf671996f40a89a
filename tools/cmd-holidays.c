/*
 * unalloc holidays: a calendar's non-working weekdays, as TSV (the default),
 * CSV, JSON lines or iCalendar. The library formats (unalloc_calendar_append_
 * holidays()); this file writes each record as soon as it is made, so memory
 * does not grow with the listing.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include <unalloc/unalloc.h>

#include "cli.h"
#include "commands.h"

/* Formats one part of the listing and writes it to stdout. */
static void
put(const struct unalloc_calendar *cal, size_t first, size_t count,
    enum unalloc_holiday_format format, unsigned parts)
{
    struct unalloc_error err;
    char *buf = NULL;
    size_t len = 0;
    enum unalloc_status st =
        unalloc_calendar_append_holidays(&buf, &len, cal, first, count, format, parts, &err);
    cli_keep(buf, unalloc_free);
    if (st != UNALLOC_OK)
        cli_die("holidays: %s", err.message);
    cli_write(buf, len);
    cli_drop(buf);
}

static int
cmd_holidays(int argc, char **argv)
{
    static const struct cli_option opts[] = { CLI_CALENDAR_OPTIONS, { "from", 1 }, { "to", 1 },
                                              { "format", 1 }, { NULL, 0 } };
    struct cli_args a;
    struct unalloc_error err;
    struct unalloc_calendar *cal;
    struct unalloc_date from, to;
    enum unalloc_holiday_format format = UNALLOC_HOLIDAY_FORMAT_TSV;
    const char *f, *t, *fmt;
    size_t first, count;

    cli_args_init(&a, "holidays", argc, argv);
    cli_parse(&a, opts);
    if (a.npos)
        cli_die("holidays: unexpected argument '%s'", a.pos[0]);
    if (!(f = cli_opt(&a, "from")) || !(t = cli_opt(&a, "to")))
        cli_die("holidays: --from DATE and --to DATE are required");
    if ((fmt = cli_opt(&a, "format")) != NULL &&
        unalloc_holiday_format_parse(&format, fmt, &err) != UNALLOC_OK)
        cli_die("holidays: --format: %s", err.message);
    from = cli_date("--from", f);
    to = cli_date("--to", t);
    if (unalloc_date_compare(to, from) < 0)
        cli_die("holidays: --to %s is before --from %s", t, f);
    /* --ics takes a file's days as all the bank holidays of each year it
     * touches: an iCalendar file of part of a year would read back without
     * that year's other bank holidays */
    if (format == UNALLOC_HOLIDAY_FORMAT_ICS &&
        (from.month != 1 || from.day != 1 || to.month != 12 || to.day != 31))
        cli_die("holidays --format ics: the file must cover whole years, as --ics reads it as "
                "every bank holiday of the years it touches: --from %04d-01-01 --to %04d-12-31",
                from.year, to.year);
    cal = cli_calendar(&a);
    if (unalloc_calendar_holidays(&first, &count, cal, from, to, &err) != UNALLOC_OK)
        cli_die("holidays: %s", err.message);
    put(cal, first, 0, format, UNALLOC_HOLIDAYS_HEAD);
    for (size_t i = first; i < first + count; i++)
        put(cal, i, 1, format, 0);
    put(cal, first + count, 0, format, UNALLOC_HOLIDAYS_TAIL);
    cli_drop(cal);
    return 0;
}

const struct cli_command cli_command_holidays = {
    "holidays", cmd_holidays,
    "  unalloc holidays [CALENDAR OPTIONS] --from DATE --to DATE\n"
    "                   [--format tsv|csv|json|ics]\n"
    "      every non-working weekday (bank holiday or closure) from --from to --to:\n"
    "      tsv (default) YYYY-MM-DD<TAB>name; csv date,name,source; json one\n"
    "      {\"date\",\"name\",\"source\"} per line; ics an iCalendar file that\n"
    "      --ics reads back, of whole years (source: rule, file or closure)\n",
    true, false,
};
