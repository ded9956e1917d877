/* libcsv on its own: the baseline for utfall's parse throughput (issue 8).
 * Parses a file with empty callbacks through 1 MiB reads, with the options
 * utfall uses (CSV_APPEND_NULL, ';' unless given), and prints the same
 * "mb_per_cpu_s=" figure as `utfall parse-probe`.
 *
 *   cc -O2 -o libcsv_parse libcsv_parse.c -lcsv && ./libcsv_parse FILE [DELIM]
 */
#include <csv.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

static long fields, records;
static void on_field(void *s, size_t len, void *data) { (void)s; (void)len; (void)data; fields++; }
static void on_row(int c, void *data) { (void)c; (void)data; records++; }

static double cpu_seconds(void) {
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: %s FILE [DELIM]\n", argv[0]); return 64; }
    struct csv_parser p;
    if (csv_init(&p, CSV_APPEND_NULL) != 0) return 70;
    csv_set_delim(&p, argc > 2 ? (unsigned char)argv[2][0] : ';');
    int fd = open(argv[1], O_RDONLY);
    if (fd < 0) { perror(argv[1]); return 66; }
    size_t size = 1 << 20;
    char *buf = malloc(size);
    long bytes = 0;
    ssize_t n;
    double t0 = cpu_seconds();
    while ((n = read(fd, buf, size)) > 0) {
        if (csv_parse(&p, buf, (size_t)n, on_field, on_row, NULL) != (size_t)n) {
            fprintf(stderr, "%s: %s\n", argv[1], csv_strerror(csv_error(&p)));
            return 65;
        }
        bytes += n;
    }
    csv_fini(&p, on_field, on_row, NULL);
    double cpu = cpu_seconds() - t0;
    printf("bytes=%ld records=%ld fields=%ld cpu=%.3f mb_per_cpu_s=%.1f\n", bytes, records, fields, cpu, bytes / cpu / 1e6);
    csv_free(&p);
    free(buf);
    return 0;
}
