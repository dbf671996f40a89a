/*
 * Fuzz target: the command line's command layer (tools/cmd-evaluate.c, cmd-report.c through
 * cli_run), `evaluate` and `report` over a fuzzed event log and fuzzed
 * options.
 *
 * Input: a first line of options, then the event log (CSV). The first line is
 * split at spaces into at most 22 KEY=VALUE words; each becomes `--KEY VALUE` (a word
 * without '=' becomes `--KEY`, a flag). Keys that would read a file the input
 * does not hold (`ics`) or replace one (`output`) are left out, and a `policy` value that is not a
 * built-in id is replaced by one, so the run reads no other file. A first word
 * `report` (or `report=ID`) runs `report ID` instead of `evaluate`. The event
 * log is handed over as a file (a memfd). Without a policy or an as-of date,
 * `--policy nelc-2022 --as-of 2024-06-14` are added.
 *
 * Properties, beyond not crashing or leaking:
 * - the status is 0, 1, 2 or 3, and a status of 2 comes with a message;
 * - running twice gives the same status and the same output, byte for byte;
 * - evaluate's output is the table header first (csv, cases-csv), or lines
 *   that each hold one JSON object (json);
 * - with stdout failing every write, a run that wrote something before exits 2
 *   (nothing is lost silently).
 *
 * SPDX-License-Identifier: MIT
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <unalloc/unalloc.h>

#include "cli.h"
#include "commands.h"
#include "fuzz.h"

#define MAX_WORDS 22

static int events_fd = -1;
static char events_path[64];

static ssize_t
fail_write(void *cookie, const char *buf, size_t size)
{
    (void)cookie;
    (void)buf;
    (void)size;
    /* as a full disk would: nothing written. fopencookie(3): "0 on error";
     * a negative value makes glibc's fwrite read past the caller's buffer. */
    return 0;
}

static void
init(void)
{
    if (events_fd >= 0)
        return;
    if ((events_fd = memfd_create("events", 0)) < 0)
        FUZZ_FAIL("memfd_create");
    snprintf(events_path, sizeof events_path, "/proc/self/fd/%d", events_fd);
}

struct outcome {
    int rc;
    char *out;
    size_t len;
    size_t err_bytes;
};

/* Runs the command with stdout into memory (or onto a stream whose every
 * write fails) and stderr into memory (counted, not shown). */
static struct outcome
run(int (*command)(int, char **), int argc, char **argv, bool failing)
{
    static const cookie_io_functions_t failing_io = { NULL, fail_write, NULL, NULL };
    struct outcome o = { 0, NULL, 0, 0 };
    FILE *real_out = stdout, *real_err = stderr, *out, *err;
    char *err_text = NULL;

    out = failing ? fopencookie(NULL, "w", failing_io) : open_memstream(&o.out, &o.len);
    err = open_memstream(&err_text, &o.err_bytes);
    if (!out || !err)
        FUZZ_FAIL("output stream");
    stdout = out;
    stderr = err;
    o.rc = cli_run(command, argc, argv);
    stdout = real_out;
    stderr = real_err;
    clearerr(out);
    fclose(out);
    fclose(err);
    free(err_text);
    return o;
}

static bool
builtin_policy(const char *id)
{
    return unalloc_policy_builtin_text(id) != NULL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *line, *argv[2 * MAX_WORDS + 4], *save = NULL;
    int argc = 0, (*command)(int, char **) = cmd_evaluate;
    size_t n;
    const char *fmt = "json";
    bool have_policy = false, have_as_of = false, stream = false;

    init();
    if (size > 1 << 20)
        return 0;
    for (n = 0; n < size && data[n] != '\n'; n++)
        ;
    if (!(line = malloc(n + 1)))
        return 0;
    memcpy(line, data, n);
    line[n] = '\0';
    if (strlen(line) != n) { /* a NUL in the options: not a command line */
        free(line);
        return 0;
    }
    /* The event log, as a file. */
    if (ftruncate(events_fd, 0) != 0 ||
        (size > n && pwrite(events_fd, data + n + 1, size - n - 1, 0) != (ssize_t)(size - n - 1)))
        FUZZ_FAIL("memfd write");

    /* Words -> arguments; argv[0] is the report id when running `report`. */
    static char report_id[64];
    static char policy_id[8][64];
    int words = 0;
    for (char *w = strtok_r(line, " ", &save); w && words < MAX_WORDS;
         w = strtok_r(NULL, " ", &save), words++) {
        char *eq = strchr(w, '=');
        if (eq)
            *eq = '\0';
        const char *val = eq ? eq + 1 : NULL;
        if (words == 0 && strcmp(w, "report") == 0) {
            command = cmd_report;
            snprintf(report_id, sizeof report_id, "%s", val ? val : "weekly-return");
            argv[argc++] = report_id;
            continue;
        }
        if (strcmp(w, "ics") == 0 || strcmp(w, "output") == 0)
            continue; /* would read or replace a file */
        if (strcmp(w, "policy") == 0) {
            if (!val || !builtin_policy(val)) {
                size_t k = unalloc_policy_builtin_count();
                size_t pick = val ? strlen(val) % k : 0;
                val = unalloc_policy_builtin_id(pick);
            }
            have_policy = true;
        }
        if (strcmp(w, "format") == 0 && val)
            fmt = val;
        if (strcmp(w, "as-of") == 0)
            have_as_of = true;
        stream |= strcmp(w, "stream") == 0;
        /* "--" + key: reuse the word's own bytes (a '-' prefix is written
         * into a copy). */
        static char keys[MAX_WORDS][80];
        snprintf(keys[words], sizeof keys[words], "--%s", w);
        argv[argc++] = keys[words];
        if (val) {
            if (strcmp(w, "policy") == 0) {
                snprintf(policy_id[words % 8], sizeof policy_id[0], "%s", val);
                argv[argc++] = policy_id[words % 8];
            } else {
                argv[argc++] = (char *)val;
            }
        }
    }
    static char policy_opt[] = "--policy", default_policy[] = "nelc-2022";
    static char as_of_opt[] = "--as-of", default_as_of[] = "2024-06-14";
    if (!have_policy) {
        argv[argc++] = policy_opt;
        argv[argc++] = default_policy;
    }
    if (!have_as_of) {
        argv[argc++] = as_of_opt;
        argv[argc++] = default_as_of;
    }
    argv[argc++] = events_path;
    argv[argc] = NULL;

    struct outcome a = run(command, argc, argv, false);
    struct outcome b = run(command, argc, argv, false);
    if (a.rc < 0 || a.rc > CLI_EXIT_SKIPPED_AND_FAILED_ON)
        FUZZ_FAIL("an exit status outside the table (0-4)");
    if (a.rc == CLI_EXIT_USAGE && a.err_bytes == 0)
        FUZZ_FAIL("status 2 without a message");
    if (a.rc != b.rc || a.len != b.len || (a.len && memcmp(a.out, b.out, a.len) != 0))
        FUZZ_FAIL("two runs differ");
    if (stream) {
        /* --stream over a file, with a filter of 8 bits (every id a false
         * suspect, cleared by the second reading), then past the most
         * suspects kept (the second reading keeps every id): the same
         * status, output and messages */
        for (int i = 0; i < 2; i++) {
            setenv("UNALLOC_TEST_FILTER_BITS", "8", 1);
            if (i)
                setenv("UNALLOC_TEST_MAX_SUSPECTS", "1", 1);
            struct outcome c = run(command, argc, argv, false);
            unsetenv("UNALLOC_TEST_FILTER_BITS");
            unsetenv("UNALLOC_TEST_MAX_SUSPECTS");
            if (c.rc != a.rc || c.len != a.len || c.err_bytes != a.err_bytes ||
                (a.len && memcmp(a.out, c.out, a.len) != 0))
                FUZZ_FAIL("a false suspect changed the answer");
            free(c.out);
        }
    }
    if (command == cmd_evaluate && a.rc != CLI_EXIT_USAGE) {
        if (strcmp(fmt, "csv") == 0 || strcmp(fmt, "cases-csv") == 0) {
            const char *h = unalloc_table_header(strcmp(fmt, "csv") == 0
                                                     ? UNALLOC_TABLE_OCCURRENCES
                                                     : UNALLOC_TABLE_CASES);
            if (a.len < strlen(h) || memcmp(a.out, h, strlen(h)) != 0)
                FUZZ_FAIL("csv output without its header");
        } else {
            for (size_t i = 0; i < a.len;) {
                const char *nl = memchr(a.out + i, '\n', a.len - i);
                if (!nl || a.out[i] != '{' || nl[-1] != '}')
                    FUZZ_FAIL("a json line that is not one object");
                i = (size_t)(nl - a.out) + 1;
            }
        }
    }
    if (a.len > 0 && a.rc != CLI_EXIT_USAGE) {
        struct outcome c = run(command, argc, argv, true);
        if (c.rc != CLI_EXIT_USAGE || c.err_bytes == 0)
            FUZZ_FAIL("a failed write was not reported");
        free(c.out);
    }
    free(a.out);
    free(b.out);
    free(line);
    return 0;
}
