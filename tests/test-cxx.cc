// libunalloc tests: the public headers compile as C++ and link.
// SPDX-License-Identifier: MIT
#include <unalloc/unalloc.h>

int
main()
{
    unalloc_calendar *cal = nullptr;
    unalloc_error err{};
    if (unalloc_calendar_new(&cal, UNALLOC_REGION_SCOTLAND, &err) != UNALLOC_OK)
        return 1;
    bool working = true;
    unalloc_date d{ 2024, 1, 2 };
    const bool ok = unalloc_calendar_is_working_day(&working, cal, d, &err) == UNALLOC_OK;
    unalloc_calendar_free(cal);
    return ok && !working ? 0 : 1;
}
