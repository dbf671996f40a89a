/*
 * Replays every file of the corpus directories given on the command line
 * through the target's LLVMFuzzerTestOneInput (the same source the fuzzer
 * builds), and prints TAP. A crash or a broken property aborts the run.
 *
 * SPDX-License-Identifier: MIT
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

static int
by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int
main(int argc, char **argv)
{
    int n = 0;
    for (int d = 1; d < argc; d++) {
        DIR *dir = opendir(argv[d]);
        struct dirent *e;
        char **names = NULL;
        size_t count = 0;
        if (!dir) {
            fprintf(stderr, "cannot open %s\n", argv[d]);
            return 1;
        }
        while ((e = readdir(dir))) {
            if (e->d_name[0] == '.')
                continue;
            names = realloc(names, (count + 1) * sizeof *names);
            names[count++] = strdup(e->d_name);
        }
        closedir(dir);
        qsort(names, count, sizeof *names, by_name);
        for (size_t i = 0; i < count; i++) {
            char path[4096];
            FILE *f;
            long len;
            uint8_t *buf;
            snprintf(path, sizeof path, "%s/%s", argv[d], names[i]);
            f = fopen(path, "rb");
            if (!f)
                return 1;
            fseek(f, 0, SEEK_END);
            len = ftell(f);
            fseek(f, 0, SEEK_SET);
            buf = malloc(len > 0 ? (size_t)len : 1);
            if (len > 0 && fread(buf, 1, (size_t)len, f) != (size_t)len)
                return 1;
            fclose(f);
            LLVMFuzzerTestOneInput(buf, (size_t)len);
            free(buf);
            printf("ok %d - %s\n", ++n, names[i]);
            free(names[i]);
        }
        free(names);
    }
    printf("1..%d\n", n);
    return n > 0 ? 0 : 1;
}
