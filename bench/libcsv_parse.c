/* libcsv on its own: the baseline for utfall's parse throughput (issue 8).
 * Parses a file with empty callbacks through 1 MiB reads, with the options
 * utfall uses (CSV_APPEND_NULL, ';' unless given), and prints the same
 * "mb_per_cpu_s=" figure as `utfall parse-probe`.
 *
 * With THREADS = 2 the file is cut at the first newline after its middle and
 * each half is parsed by its own thread and parser, so the figure is libcsv's
 * own per-core throughput while both cores work (shared cache and memory
 * bandwidth included), which is what utfall's two-thread read is held to.
 * The cut may land inside a quoted field; libcsv's lenient mode then parses
 * the same bytes with different field boundaries, which does not matter for
 * a throughput figure.
 *
 *   cc -O2 -pthread -o libcsv_parse libcsv_parse.c -lcsv
 *   ./libcsv_parse FILE [DELIM [THREADS]]
 */
#include <csv.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

struct part {
    int fd;
    unsigned char delim;
    off_t begin, end;
    long fields, records;
    int failed;
};

static void on_field(void *s, size_t len, void *data) { (void)s; (void)len; ((struct part *)data)->fields++; }
static void on_row(int c, void *data) { (void)c; ((struct part *)data)->records++; }

static double cpu_seconds(void) {
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

static void *parse_part(void *arg) {
    /* Counted in a copy on this thread's stack: the two parts side by side
     * in one array would share a cache line, and every field's count would
     * bounce it between the cores. */
    struct part local = *(struct part *)arg, *pt = &local;
    struct csv_parser p;
    if (csv_init(&p, CSV_APPEND_NULL) != 0) { ((struct part *)arg)->failed = 1; return NULL; }
    csv_set_delim(&p, pt->delim);
    size_t size = 1 << 20;
    char *buf = malloc(size);
    off_t at = pt->begin;
    while (at < pt->end) {
        size_t want = (size_t)(pt->end - at) < size ? (size_t)(pt->end - at) : size;
        ssize_t n = pread(pt->fd, buf, want, at);
        if (n <= 0) { pt->failed = 1; break; }
        if (csv_parse(&p, buf, (size_t)n, on_field, on_row, pt) != (size_t)n) {
            fprintf(stderr, "%s\n", csv_strerror(csv_error(&p)));
            pt->failed = 1;
            break;
        }
        at += n;
    }
    csv_fini(&p, on_field, on_row, pt);
    csv_free(&p);
    free(buf);
    *(struct part *)arg = local;
    return NULL;
}

/* The first byte after the first newline at or after `from`. */
static off_t line_start_after(int fd, off_t from, off_t size) {
    char buf[65536];
    while (from < size) {
        ssize_t n = pread(fd, buf, sizeof buf, from);
        if (n <= 0) break;
        char *nl = memchr(buf, '\n', (size_t)n);
        if (nl) return from + (nl - buf) + 1;
        from += n;
    }
    return size;
}

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: %s FILE [DELIM [THREADS]]\n", argv[0]); return 64; }
    unsigned char delim = argc > 2 ? (unsigned char)argv[2][0] : ';';
    int threads = argc > 3 ? atoi(argv[3]) : 1;
    if (threads != 1 && threads != 2) { fprintf(stderr, "THREADS must be 1 or 2\n"); return 64; }
    int fd = open(argv[1], O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) { perror(argv[1]); return 66; }
    off_t size = st.st_size;
    struct part parts[2];
    memset(parts, 0, sizeof parts);
    double t0 = cpu_seconds();
    off_t cut = threads == 2 ? line_start_after(fd, size / 2, size) : size;
    parts[0] = (struct part){ .fd = fd, .delim = delim, .begin = 0, .end = cut };
    parts[1] = (struct part){ .fd = fd, .delim = delim, .begin = cut, .end = size };
    pthread_t other;
    if (threads == 2 && pthread_create(&other, NULL, parse_part, &parts[1]) != 0) return 71;
    parse_part(&parts[0]);
    if (threads == 2) pthread_join(other, NULL);
    double cpu = cpu_seconds() - t0;
    if (parts[0].failed || parts[1].failed) return 65;
    printf("bytes=%ld records=%ld fields=%ld threads=%d cpu=%.3f mb_per_cpu_s=%.1f\n", (long)size,
           parts[0].records + parts[1].records, parts[0].fields + parts[1].fields, threads, cpu, size / cpu / 1e6);
    close(fd);
    return 0;
}
