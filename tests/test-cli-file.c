/*
 * libunalloc tests: the command line's output file helper (tools/cli.c,
 * cli_file_*) and cli_run(). A file is replaced whole or not at all: on a
 * failed write or an error before the commit, the old file is left as it was
 * and no temporary file remains.
 *
 * SPDX-License-Identifier: MIT
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test-util.h"

#include "cli.h"

static char dir[] = "/tmp/unalloc-cli-file-XXXXXX";
static char path[256];

static void
put(const char *p, const char *text)
{
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

static char *
get(const char *p)
{
    static char buf[65536];
    FILE *f = fopen(p, "rb");
    size_t n;
    assert_non_null(f);
    n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    return buf;
}

/* The names in the directory, other than out.txt. */
static int
others(void)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;
    assert_non_null(d);
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") && strcmp(e->d_name, "out.txt"))
            n++;
    closedir(d);
    return n;
}

static int
setup(void **state)
{
    (void)state;
    if (!mkdtemp(dir))
        return -1;
    snprintf(path, sizeof path, "%s/out.txt", dir);
    return 0;
}

static int
teardown(void **state)
{
    (void)state;
    unlink(path);
    return rmdir(dir);
}

static int
write_and_commit(int argc, char **argv)
{
    struct cli_file *f;
    (void)argc;
    f = cli_file_open(path);
    for (int i = 0; i < atoi(argv[0]); i++)
        cli_file_write(f, "0123456789abcdef", 16);
    cli_file_commit(f);
    return 0;
}

static int
write_then_die(int argc, char **argv)
{
    struct cli_file *f;
    (void)argc;
    (void)argv;
    f = cli_file_open(path);
    cli_file_write(f, "half", 4);
    cli_die("stopped before the commit");
}

static void
test_commit_replaces(void **state)
{
    char n2[] = "2", *argv[] = { n2, NULL };
    struct stat st;
    mode_t mask = umask(022);
    (void)state;
    put(path, "old");
    assert_int_equal(cli_run(write_and_commit, 1, argv), 0);
    assert_string_equal(get(path), "0123456789abcdef0123456789abcdef");
    assert_int_equal(others(), 0);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0644); /* as fopen() would, not mkstemp's 0600 */
    umask(mask);
}

static void
test_die_keeps_old_file(void **state)
{
    char *argv[] = { NULL };
    (void)state;
    put(path, "old");
    assert_int_equal(cli_run(write_then_die, 0, argv), CLI_EXIT_USAGE);
    assert_string_equal(get(path), "old");
    assert_int_equal(others(), 0);
    /* cli_run() can run again after a die. */
    char n1[] = "1", *argv2[] = { n1, NULL };
    assert_int_equal(cli_run(write_and_commit, 1, argv2), 0);
    assert_string_equal(get(path), "0123456789abcdef");
}

/* A write cut short (file-size limit of 4 KiB, SIGXFSZ ignored so the write
 * fails with EFBIG): exit 2, old file intact, no temporary file left. */
static void
test_short_write_keeps_old_file(void **state)
{
    char n[] = "1000", *argv[] = { n, NULL }; /* 16,000 bytes */
    struct rlimit old, small = { 4096, 4096 };
    void (*prev)(int) = signal(SIGXFSZ, SIG_IGN);
    int rc;
    (void)state;
    put(path, "old");
    assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
    small.rlim_max = old.rlim_max;
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
    rc = cli_run(write_and_commit, 1, argv);
    setrlimit(RLIMIT_FSIZE, &old);
    signal(SIGXFSZ, prev);
    assert_int_equal(rc, CLI_EXIT_USAGE);
    assert_string_equal(get(path), "old");
    assert_int_equal(others(), 0);
}

/* A directory that cannot be written: the open fails with a message, and
 * nothing is created. */
static int
open_missing_dir(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    cli_file_open("/nonexistent-unalloc-dir/out.txt");
    return 0;
}

static int
write_and_abandon(int argc, char **argv)
{
    struct cli_file *f;
    (void)argc;
    (void)argv;
    f = cli_file_open(path);
    cli_file_write(f, "new", 3);
    cli_file_abandon(f);
    return 0;
}

static void
test_abandon_keeps_old_file(void **state)
{
    char *argv[] = { NULL };
    (void)state;
    put(path, "old");
    assert_int_equal(cli_run(write_and_abandon, 0, argv), 0);
    assert_string_equal(get(path), "old");
    assert_int_equal(others(), 0);
}

static void
test_open_fails(void **state)
{
    char *argv[] = { NULL };
    (void)state;
    assert_int_equal(cli_run(open_missing_dir, 0, argv), CLI_EXIT_USAGE);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_commit_replaces),
        cmocka_unit_test(test_die_keeps_old_file),
        cmocka_unit_test(test_short_write_keeps_old_file),
        cmocka_unit_test(test_abandon_keeps_old_file),
        cmocka_unit_test(test_open_fails),
    };
    return cmocka_run_group_tests_name("cli-file", tests, setup, teardown);
}
