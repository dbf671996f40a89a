/* Built outside the tree against the installed library:
 *   cc prog.c $(pkg-config --cflags --libs unalloc)
 * Prints the 5th working day after Monday 13 May 2024 (England and Wales). */
#include <stdio.h>

#include <unalloc/unalloc.h>

#if !UNALLOC_VERSION_CHECK(0, 1, 0)
#error "unalloc headers too old"
#endif

int
main(void)
{
    struct unalloc_calendar *cal;
    struct unalloc_error err;
    struct unalloc_date d = { 2024, 5, 13 }, r;
    char buf[UNALLOC_DATE_BUFSIZE];

    if (unalloc_calendar_new(&cal, UNALLOC_REGION_ENGLAND_AND_WALES, &err) != UNALLOC_OK ||
        unalloc_calendar_add_working_days(&r, cal, d, 5, &err) != UNALLOC_OK ||
        unalloc_date_format(buf, sizeof buf, r, &err) != UNALLOC_OK) {
        fprintf(stderr, "%s\n", err.message);
        return 1;
    }
    printf("%s %s\n", unalloc_version(), buf);
    unalloc_calendar_free(cal);
    return 0;
}
