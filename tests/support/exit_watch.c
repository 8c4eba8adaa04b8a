/* Test-only LD_PRELOAD library for tests/faults.rs: does any SQLite worker
 * thread outlive the start of exit()?
 *
 * When a process exits, exit() runs OpenSSL's atexit cleanup on the main
 * thread. A thread still running then (closing its SQLCipher connection, or
 * freeing OpenSSL's per-thread state as it ends) corrupts the heap. That race
 * is rare by nature, so this makes it visible every time:
 *
 * 1. Every pthread-key destructor (OpenSSL keeps its per-thread state behind
 *    pthread keys) first sleeps FRONTDESK_EXIT_WATCH_MS milliseconds: a
 *    thread that is ending stays alive, visibly, for that long.
 * 2. After the exit handlers have run (OpenSSL's cleanup among them), a
 *    thread named like a database worker (sqlx's "sqlx-sqlite-worker-N",
 *    Frontdesk's "fdbG.N") that is still alive was alive during the cleanup:
 *    the library says so on stderr and ends the process with status 86.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define SLOTS 64
typedef void (*destructor)(void *);
static destructor real_destructor[SLOTS];
static int used;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void pause_then(int slot, void *value) {
    const char *text = getenv("FRONTDESK_EXIT_WATCH_MS");
    long ms = text ? atol(text) : 20;
    struct timespec delay = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&delay, 0);
    real_destructor[slot](value);
}

#define T(i) static void t##i(void *v) { pause_then(i, v); }
#define T8(a) T(a##0) T(a##1) T(a##2) T(a##3) T(a##4) T(a##5) T(a##6) T(a##7)
T8(0) T8(1) T8(2) T8(3) T8(4) T8(5) T8(6) T8(7)
#define R8(a) t##a##0, t##a##1, t##a##2, t##a##3, t##a##4, t##a##5, t##a##6, t##a##7,
static destructor trampoline[SLOTS] = {R8(0) R8(1) R8(2) R8(3) R8(4) R8(5) R8(6) R8(7)};

int pthread_key_create(pthread_key_t *key, destructor d) {
    static int (*real)(pthread_key_t *, destructor);
    if (!real) real = (int (*)(pthread_key_t *, destructor))dlsym(RTLD_NEXT, "pthread_key_create");
    if (d) {
        pthread_mutex_lock(&lock);
        if (used < SLOTS) {
            real_destructor[used] = d;
            d = trampoline[used++];
        }
        pthread_mutex_unlock(&lock);
    }
    return real(key, d);
}

static void check_at_exit(void) {
    DIR *tasks = opendir("/proc/self/task");
    int alive = 0;
    struct dirent *task;
    if (!tasks) return;
    while ((task = readdir(tasks))) {
        char path[300], name[32] = {0};
        FILE *comm;
        if (task->d_name[0] == '.') continue;
        snprintf(path, sizeof path, "/proc/self/task/%s/comm", task->d_name);
        comm = fopen(path, "r");
        if (!comm) continue;
        if (fgets(name, sizeof name, comm) &&
            (strncmp(name, "sqlx-sqlite", 11) == 0 || strncmp(name, "fdb", 3) == 0))
            alive++;
        fclose(comm);
    }
    closedir(tasks);
    if (alive) {
        fprintf(stderr, "exit-watch: %d database thread(s) alive during exit\n", alive);
        _exit(86);
    }
}

/* Registered first, so it runs last: after every other exit handler. */
__attribute__((constructor)) static void watch(void) { atexit(check_at_exit); }
