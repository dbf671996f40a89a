/*
 * Fuzz target: the mapping parser and reading rows through a mapping. The
 * input is a mapping text, optionally followed by a line "%%" and one row of
 * tab-separated cells for the header case_id,at,event,detail,worker,locality.
 * Properties, beyond not crashing:
 * - a failed parse has a message and, for a parse error, a line;
 * - a row that reads gives a kind of the vocabulary, a valid date (and time),
 *   and a detail that is a vocabulary name when the mapping supplied it;
 * - a row that does not read has a message and a column within the row;
 * - reading the same row twice gives the same answer.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include <unalloc/unalloc.h>

#include "fuzz.h"

static const char *const header[] = { "case_id", "at", "event", "detail", "worker", "locality" };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct unalloc_mapping *m = NULL;
    struct unalloc_error err;
    struct unalloc_mapped_event a, b;
    const char *text = (const char *)data, *sep = NULL;
    char *row = NULL, *cells[8];
    size_t mlen = size, n = 0;
    int cols[UNALLOC_FIELD_COUNT_];
    enum unalloc_event_kind kind;
    enum unalloc_status st;

    for (size_t i = 0; !sep && i + 4 <= size; i++)
        if (memcmp(text + i, "\n%%\n", 4) == 0)
            sep = text + i;
    if (sep)
        mlen = (size_t)(sep - text) + 1;
    if (unalloc_mapping_parse(&m, text, mlen, &err) != UNALLOC_OK) {
        if (!err.message[0] || (err.code == UNALLOC_E_PARSE && err.line < 1))
            FUZZ_FAIL("a parse error without a message or line");
        return 0;
    }
    if (!sep || unalloc_mapping_bind(cols, NULL, m, header, 6, &err) != UNALLOC_OK)
        goto out;
    row = malloc(size - mlen - 3 + 1);
    memcpy(row, sep + 4, size - mlen - 3);
    row[size - mlen - 3] = '\0';
    for (char *p = row; n < 8;) {
        cells[n++] = p;
        if (!(p = strchr(p, '\t')))
            break;
        *p++ = '\0';
    }
    st = unalloc_mapping_apply(&a, m, cols, (const char *const *)cells, n, &err);
    if (st != UNALLOC_OK) {
        if (!err.message[0] || err.column < 0 || (size_t)err.column > 6)
            FUZZ_FAIL("a bad row without a message or with a column outside the row");
        goto out;
    }
    if (unalloc_mapping_apply(&b, m, cols, (const char *const *)cells, n, NULL) != UNALLOC_OK ||
        memcmp(&a.at, &b.at, sizeof a.at) != 0 || a.ignore != b.ignore || a.event != b.event ||
        a.detail != b.detail || a.worker != b.worker)
        FUZZ_FAIL("the same row reads differently");
    if (a.ignore)
        goto out;
    if (unalloc_event_kind_parse(&kind, a.event, NULL) != UNALLOC_OK)
        FUZZ_FAIL("the kind is not a vocabulary name");
    if (unalloc_date_check(a.at.at.date, NULL) != UNALLOC_OK ||
        (a.at.has_time && (a.at.at.hour < 0 || a.at.at.hour > 23 || a.at.at.minute < 0 ||
                           a.at.at.minute > 59)))
        FUZZ_FAIL("an invalid date or time was read");
    if (!a.case_id || !*a.case_id)
        FUZZ_FAIL("an empty case id was read");
out:
    free(row);
    unalloc_mapping_free(m);
    return 0;
}
