/*
 * libunalloc tests: the event log reader's stream mode over a regular file
 * (tools/events.c): a fixed-size filter of the case ids instead of every id,
 * and a second reading of the file, once it ends, that checks the ids the
 * filter may have seen (the suspects). A false suspect costs only the second
 * reading; a case that comes back is refused as before; a file that changes,
 * shrinks or cannot be read between the two readings fails the reading.
 *
 * SPDX-License-Identifier: MIT
 */
#include <fcntl.h>
#include <unistd.h>

#include "test-util.h"

#include "events.h"

static char path[64];
static char errpath[64];
static int saved_stderr = -1;

/* What on_case saw, and the fault it injects once it has seen fault_at
 * cases (0: none). */
struct got {
    char ids[65536];
    size_t n;
    size_t fault_at;
    void (*fault)(struct got *g);
    FILE *f;
};

static int
on_case(const struct unalloc_case *c, const int *lines, void *data, struct unalloc_error *why)
{
    struct got *g = data;
    size_t len = strlen(g->ids);
    (void)lines;
    (void)why;
    snprintf(g->ids + len, sizeof g->ids - len, "%s ", unalloc_case_id(c));
    if (++g->n == g->fault_at)
        g->fault(g);
    return 0;
}

static void
write_file(const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fputs(text, f) >= 0, 1);
    assert_int_equal(fclose(f), 0);
}

/* n cases, each of two rows together; with back, case C0002 comes back at
 * the end (its rows ended at line 5; it comes back at line 2n + 2). */
static void
write_cases(size_t n, bool back)
{
    static char text[1 << 20];
    size_t len = (size_t)snprintf(text, sizeof text, "case_id,at,event,detail,worker,locality\n");
    for (size_t i = 1; i <= n; i++)
        len += (size_t)snprintf(text + len, sizeof text - len,
                                "C%04zu,2024-05-01,opened,cin,,\n"
                                "C%04zu,2024-05-02,allocated,social-worker,W1,\n",
                                i, i);
    if (back)
        snprintf(text + len, sizeof text - len, "C0002,2024-05-03,visit,,W1,\n");
    write_file(text);
}

/* stderr goes to a file while the reader runs; end_capture returns it. */
static void
start_capture(void)
{
    int fd = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    fflush(stderr);
    saved_stderr = dup(2);
    assert_true(saved_stderr >= 0);
    assert_int_equal(dup2(fd, 2), 2);
    close(fd);
}

static const char *
end_capture(void)
{
    static char buf[8192];
    FILE *f;
    size_t n;
    fflush(stderr);
    assert_int_equal(dup2(saved_stderr, 2), 2);
    close(saved_stderr);
    f = fopen(errpath, "rb");
    assert_non_null(f);
    n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    return buf;
}

/* Reads path in stream mode; returns events_read_file()'s answer, and what
 * it wrote on stderr in *err. */
static int
read_stream(struct got *g, size_t filter_bits, size_t max_suspects, struct events_summary *sum,
            const char **err)
{
    struct events_options opt;
    int rc;
    memset(&opt, 0, sizeof opt);
    opt.name = "t.csv";
    opt.stream = true;
    opt.filter_bits = filter_bits;
    opt.max_suspects = max_suspects;
    opt.on_case = on_case;
    opt.data = g;
    g->f = fopen(path, "rb");
    assert_non_null(g->f);
    start_capture();
    rc = events_read_file(g->f, &opt, sum);
    *err = end_capture();
    fclose(g->f);
    free(sum->rejects);
    return rc;
}

static int
setup(void **state)
{
    static char dir[] = "/tmp/unalloc-reread-XXXXXX";
    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/t.csv", dir);
    snprintf(errpath, sizeof errpath, "%s/err", dir);
    return 0;
}

static int
teardown(void **state)
{
    char dir[64];
    (void)state;
    unlink(path);
    unlink(errpath);
    snprintf(dir, sizeof dir, "%s", path);
    *strrchr(dir, '/') = '\0';
    return rmdir(dir);
}

/* The ids C0001 ... C<n>, each followed by a space. */
static const char *
expected_ids(size_t n)
{
    static char buf[65536];
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 1; i <= n; i++)
        len += (size_t)snprintf(buf + len, sizeof buf - len, "C%04zu ", i);
    return buf;
}

/* 1,000 grouped cases: the filter (sized from the file: 65,536 bits) sees no
 * id twice, so the file is read once. */
static void
test_grouped_read_once(void **state)
{
    struct got g = { .n = 0 };
    struct events_summary sum;
    const char *err;
    (void)state;
    write_cases(1000, false);
    assert_int_equal(read_stream(&g, 0, 0, &sum, &err), 0);
    assert_string_equal(err, "");
    assert_string_equal(g.ids, expected_ids(1000));
    assert_false(sum.read_twice);
    assert_int_equal(sum.suspects, 0);
}

/* A filter of 8 bits is full after a few ids: every later id is a suspect,
 * and the second reading clears them all. Same cases, same order, no word on
 * stderr. */
static void
test_false_suspects_cleared(void **state)
{
    struct got g = { .n = 0 };
    struct events_summary sum;
    const char *err;
    (void)state;
    write_cases(1000, false);
    assert_int_equal(read_stream(&g, 8, 0, &sum, &err), 0);
    assert_string_equal(err, "");
    assert_string_equal(g.ids, expected_ids(1000));
    assert_true(sum.read_twice);
    assert_false(sum.every_id);
    assert_true(sum.suspects > 990 && sum.suspects < 1000);
}

/* More suspects than max_suspects: the second reading keeps every id, and
 * still clears a grouped file. */
static void
test_too_many_suspects_grouped(void **state)
{
    struct got g = { .n = 0 };
    struct events_summary sum;
    const char *err;
    (void)state;
    write_cases(1000, false);
    assert_int_equal(read_stream(&g, 8, 10, &sum, &err), 0);
    assert_string_equal(err, "");
    assert_string_equal(g.ids, expected_ids(1000));
    assert_true(sum.read_twice);
    assert_true(sum.every_id);
    assert_int_equal(sum.suspects, 10);
}

#define CAME_BACK                                                                              \
    "unalloc: t.csv:2002:1: case C0002 comes back after its rows ended at line 5: with "      \
    "--stream each case's rows must be together (sort the input by case_id, or leave out "   \
    "--stream)\n"

/* A case that comes back, found by the filter (sized from the file), by a
 * full filter, and past max_suspects: the same message, the reading fails. */
static void
test_comes_back(void **state)
{
    static const size_t bits[] = { 0, 8, 8 }, max[] = { 0, 0, 10 };
    (void)state;
    write_cases(1000, true);
    for (size_t i = 0; i < 3; i++) {
        struct got g = { .n = 0 };
        struct events_summary sum;
        const char *err;
        assert_int_equal(read_stream(&g, bits[i], max[i], &sum, &err), -1);
        assert_string_equal(err, CAME_BACK);
        assert_true(sum.read_twice);
        assert_int_equal(sum.every_id, i == 2);
        if (i == 0)
            assert_int_equal(sum.suspects, 1);
    }
}

/* ---- faults between the two readings -------------------------------------------------- */

static void
shrink(struct got *g)
{
    (void)g;
    assert_int_equal(truncate(path, 20000), 0);
}

static void
rewrite_id(struct got *g)
{
    /* line 3 is "C0001,2024-05-02,...": it becomes C0009 */
    static const char line2[] = "case_id,at,event,detail,worker,locality\n"
                                "C0001,2024-05-01,opened,cin,,\n";
    int fd = open(path, O_WRONLY);
    (void)g;
    assert_true(fd >= 0);
    assert_int_equal(pwrite(fd, "C0009", 5, sizeof line2 - 1), 5);
    close(fd);
}

static void
grow(struct got *g)
{
    FILE *f = fopen(path, "ab");
    (void)g;
    assert_non_null(f);
    fputs("C0001,2024-05-09,visit,,W1,\n", f);
    assert_int_equal(fclose(f), 0);
}

static void
remove_file(struct got *g)
{
    (void)g;
    assert_int_equal(unlink(path), 0);
}

static void
unreadable(struct got *g)
{
    /* the descriptor now names a directory: pread() fails with EISDIR */
    int fd = open("/", O_RDONLY);
    assert_true(fd >= 0);
    assert_int_equal(dup2(fd, fileno(g->f)), fileno(g->f));
    close(fd);
}

#define CHANGED                                                                                \
    "unalloc: t.csv: the input changed while it was read (read again to check case ids that " \
    "may come back, it holds other rows): its cases cannot be trusted; run again on a copy "  \
    "that is not being written\n"

/* Once the last case is handed over, the file shrinks, or an id changes: the
 * second reading fails the reading (a grouped file, every id a suspect). */
static void
test_changed_between_readings(void **state)
{
    void (*faults[])(struct got *) = { shrink, rewrite_id };
    (void)state;
    for (size_t i = 0; i < 2; i++) {
        struct got g = { .n = 0, .fault_at = 1000, .fault = faults[i] };
        struct events_summary sum;
        const char *err;
        write_cases(1000, false);
        assert_int_equal(read_stream(&g, 8, 0, &sum, &err), -1);
        assert_string_equal(err, CHANGED);
        assert_true(sum.read_twice);
    }
}

/* Rows added after the first reading ended are not read the second time:
 * they were not evaluated, and the reading stands. Removing the file changes
 * nothing either: the open file is read again, as it was. */
static void
test_grown_or_removed(void **state)
{
    void (*faults[])(struct got *) = { grow, remove_file };
    (void)state;
    for (size_t i = 0; i < 2; i++) {
        struct got g = { .n = 0, .fault_at = 1000, .fault = faults[i] };
        struct events_summary sum;
        const char *err;
        write_cases(1000, false);
        assert_int_equal(read_stream(&g, 8, 0, &sum, &err), 0);
        assert_string_equal(err, "");
        assert_string_equal(g.ids, expected_ids(1000));
        assert_true(sum.read_twice);
    }
}

/* The second reading cannot read: the reading fails, saying why. */
static void
test_second_reading_fails(void **state)
{
    struct got g = { .n = 0, .fault_at = 1000, .fault = unreadable };
    struct events_summary sum;
    const char *err;
    (void)state;
    write_cases(1000, false);
    assert_int_equal(read_stream(&g, 8, 0, &sum, &err), -1);
    assert_string_equal(err, "unalloc: t.csv:1: cannot read the input a second time (to check "
                             "the case ids that may come back): Is a directory\n");
}

/* A file read from an offset (stdin after a shell read a line of it) is read
 * again from that offset. */
static void
test_from_an_offset(void **state)
{
    struct events_options opt;
    struct events_summary sum;
    struct got g = { .n = 0 };
    const char *err;
    int rc;
    (void)state;
    write_file("not the log\n"
               "case_id,at,event,detail,worker,locality\n"
               "A,2024-05-01,opened,cin,,\n"
               "B,2024-05-01,opened,cin,,\n"
               "C,2024-05-01,opened,cin,,\n");
    memset(&opt, 0, sizeof opt);
    opt.name = "t.csv";
    opt.stream = true;
    opt.filter_bits = 8;
    opt.on_case = on_case;
    opt.data = &g;
    g.f = fopen(path, "rb");
    assert_non_null(g.f);
    assert_int_equal(lseek(fileno(g.f), 12, SEEK_SET), 12);
    start_capture();
    rc = events_read_file(g.f, &opt, &sum);
    err = end_capture();
    fclose(g.f);
    assert_int_equal(rc, 0);
    assert_string_equal(err, "");
    assert_string_equal(g.ids, "A B C ");
    assert_true(sum.read_twice);
}

/* A buffer can be read again too. */
static void
test_buffer(void **state)
{
    static const char grouped[] = "case_id,at,event,detail,worker,locality\n"
                                  "B,2024-05-01,opened,cin,,\n"
                                  "A,2024-05-01,opened,cin,,\n"
                                  "A,2024-05-02,allocated,social-worker,W1,\n"
                                  "C,2024-05-01,opened,cin,,\n";
    static const char back[] = "case_id,at,event,detail,worker,locality\n"
                               "B,2024-05-01,opened,cin,,\n"
                               "A,2024-05-01,opened,cin,,\n"
                               "B,2024-05-02,allocated,social-worker,W1,\n";
    struct events_options opt;
    struct events_summary sum;
    struct got g = { .n = 0 };
    const char *err;
    int rc;
    (void)state;
    memset(&opt, 0, sizeof opt);
    opt.name = "b";
    opt.stream = true;
    opt.filter_bits = 8;
    opt.on_case = on_case;
    opt.data = &g;
    start_capture();
    rc = events_read(grouped, sizeof grouped - 1, &opt, &sum);
    err = end_capture();
    assert_int_equal(rc, 0);
    assert_string_equal(err, "");
    assert_string_equal(g.ids, "B A C ");
    assert_true(sum.read_twice);
    start_capture();
    rc = events_read(back, sizeof back - 1, &opt, &sum);
    err = end_capture();
    assert_int_equal(rc, -1);
    assert_non_null(strstr(err, "unalloc: b:4:1: case B comes back after its rows ended at "
                                "line 2"));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grouped_read_once),
        cmocka_unit_test(test_false_suspects_cleared),
        cmocka_unit_test(test_too_many_suspects_grouped),
        cmocka_unit_test(test_comes_back),
        cmocka_unit_test(test_changed_between_readings),
        cmocka_unit_test(test_grown_or_removed),
        cmocka_unit_test(test_second_reading_fails),
        cmocka_unit_test(test_from_an_offset),
        cmocka_unit_test(test_buffer),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
