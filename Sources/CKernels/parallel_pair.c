// Two halves of a piece of work on the machine's two cores, with one helper thread that
// kscript keeps. Dispatch's threads sleep between jobs and take tens of microseconds to wake,
// which is the length of a whole small job; OpenBLAS's fixed shares wait for a late thread.
// Here the helper spins briefly between jobs, so it starts at once during training, and the
// caller takes the second half itself when the helper has not claimed it by the time the first
// half is done (another program holding the other core, or the helper still asleep), so a
// job never waits for a thread that is not running.
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <time.h>
#include "CKernels.h"

typedef struct {
    ks_half_function fn;
    void *context;
    atomic_int claimed;  // 1 once the caller or the helper has taken the second half
    atomic_int released; // 1 once the helper no longer touches this job
} job_t;

static _Atomic(job_t *) pending;     // the job on offer to the helper, or NULL
static atomic_int sleeping;          // 1 while the helper waits on `wake`
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static pthread_once_t started = PTHREAD_ONCE_INIT;
static _Thread_local int inside;     // 1 on a thread running a half: nested calls run inline

enum { SPIN_NANOSECONDS = 100000 };

static long long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static inline void relax(void) {
#if defined(__x86_64__)
    __builtin_ia32_pause();
#endif
}

// Waits for a job: spinning for a while after the last one, then asleep.
static job_t *next_job(void) {
    long long deadline = now_ns() + SPIN_NANOSECONDS;
    for (int i = 0;; i++) {
        job_t *job = atomic_load(&pending);
        if (job && atomic_compare_exchange_strong(&pending, &job, NULL)) return job;
        relax();
        if ((i & 255) == 255 && now_ns() > deadline) break;
    }
    pthread_mutex_lock(&lock);
    atomic_store(&sleeping, 1);
    job_t *job;
    for (;;) {
        job = atomic_load(&pending);
        if (job && atomic_compare_exchange_strong(&pending, &job, NULL)) break;
        pthread_cond_wait(&wake, &lock);
    }
    atomic_store(&sleeping, 0);
    pthread_mutex_unlock(&lock);
    return job;
}

static void *helper_main(void *unused) {
    (void)unused;
    inside = 1;
    for (;;) {
        job_t *job = next_job();
        if (atomic_exchange(&job->claimed, 1) == 0) job->fn(job->context, 1);
        atomic_store(&job->released, 1);
    }
    return NULL;
}

static void start_helper(void) {
    pthread_t thread;
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
    // The helper blocks every signal (it inherits this mask), so Ctrl-C reaches the script's
    // thread and the line editor as before, never a thread that only multiplies numbers.
    sigset_t all, previous;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &previous);
    if (pthread_create(&thread, &attributes, helper_main, NULL) != 0) inside = 1;  // no helper: run inline
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    pthread_attr_destroy(&attributes);
}

void ks_parallel_pair(ks_half_function fn, void *context) {
    pthread_once(&started, start_helper);
    job_t job = {fn, context, 0, 0};
    job_t *none = NULL;
    if (inside || !atomic_compare_exchange_strong(&pending, &none, &job)) {
        // Already inside a half, or another thread's job is on offer: both halves here.
        fn(context, 0);
        fn(context, 1);
        return;
    }
    if (atomic_load(&sleeping)) {
        pthread_mutex_lock(&lock);
        pthread_cond_signal(&wake);
        pthread_mutex_unlock(&lock);
    }
    inside = 1;
    fn(context, 0);
    if (atomic_exchange(&job.claimed, 1) == 0) {
        fn(context, 1);
        // Withdraw the offer; if the helper took the job meanwhile, wait until it lets go.
        job_t *mine = &job;
        if (atomic_compare_exchange_strong(&pending, &mine, NULL)) {
            inside = 0;
            return;
        }
    }
    for (int i = 0; !atomic_load(&job.released); i++) {
        if (i < 4096) relax(); else sched_yield();  // the helper may share this core for now
    }
    inside = 0;
}
