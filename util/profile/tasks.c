/* The task tree of report --tasks (util/profile/tasks.h).
 *
 * perf keeps its threads in 256 trees by tid modulo 256, each in tid
 * order, and lists them in that order: a thread's children, and the roots,
 * print in the order first met walking that list. The same order here
 * makes the output perf's line for line. */
#include "util/profile/tasks.h"

#include <stdlib.h>

#include "util/symbols/machine.h"

#define PERF_TABLE_SIZE 256

struct task {
	const struct thread *t;
	pid_t pid, tid, ppid;
	const char *comm;
	int first_child, last_child, next;      /* indexes, -1: none */
	bool listed;
	size_t walk;                            /* the walk up that last met it, + 1 */
};

static int by_perf_table(const void *x, const void *y)
{
	const struct task *a = x, *b = y;
	unsigned ba = (unsigned)a->tid % PERF_TABLE_SIZE, bb = (unsigned)b->tid % PERF_TABLE_SIZE;

	if (ba != bb)
		return ba < bb ? -1 : 1;
	return a->tid < b->tid ? -1 : a->tid > b->tid;
}

static int find_tid(const struct task *v, size_t nr, pid_t tid)
{
	/* sorted by (tid % 256, tid) */
	size_t lo = 0, hi = nr;
	struct task key = { .tid = tid };

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = by_perf_table(&v[mid], &key);

		if (!c)
			return (int)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static void append(struct task *v, int *first, int *last, int i)
{
	v[i].listed = true;
	if (*last >= 0)
		v[*last].next = i;
	else
		*first = i;
	*last = i;
}

static void print_level(const struct task *v, int i, int level, struct outbuf *ob)
{
	for (; i >= 0; i = v[i].next) {
		outbuf_printf(ob, "  %8d %8d %8d |%*s", v[i].pid, v[i].tid, v[i].ppid, level, "");
		if (v[i].comm[0])
			outbuf_printf(ob, "%s\n", v[i].comm);
		else
			outbuf_printf(ob, ":%d\n", v[i].tid);       /* perf's name for a thread without one */
		if (v[i].first_child >= 0)
			print_level(v, v[i].first_child, level + 1, ob);
	}
}

int tasks_print(const struct machine *m, struct outbuf *ob)
{
	size_t nr = 0, cap = m->threads.nr + 1;
	struct task *v = calloc(cap, sizeof(*v));
	int roots = -1, roots_last = -1;
	bool have_idle = false;
	u64 key;
	void *val;

	if (!v)
		return -1;
	for (size_t it = 0; hashmap_next(&m->threads, &it, &key, &val) && nr < cap;) {
		const struct thread *t = val;

		v[nr++] = (struct task){ .t = t, .pid = t->pid, .tid = t->tid, .ppid = t->ppid, .comm = t->comm };
		have_idle |= t->tid == 0;
	}
	if (!have_idle && nr < cap)
		v[nr++] = (struct task){ .pid = 0, .tid = 0, .ppid = -1, .comm = "swapper" };
	qsort(v, nr, sizeof(*v), by_perf_table);
	for (size_t i = 0; i < nr; i++)
		v[i].first_child = v[i].last_child = v[i].next = -1;

	/* Each task not yet listed goes under its parent, and so on up to the
	 * first one already listed, or a root (no parent known). */
	for (size_t i = 0; i < nr; i++) {
		int cur = (int)i;

		while (!v[cur].listed) {
			int parent = v[cur].ppid == -1 ? -1 : find_tid(v, nr, v[cur].ppid);

			v[cur].walk = i + 1;
			/* A parent met on this walk: reused tids made a cycle. */
			if (parent < 0 || v[parent].walk == i + 1) {
				append(v, &roots, &roots_last, cur);
				break;
			}
			append(v, &v[parent].first_child, &v[parent].last_child, cur);
			cur = parent;
		}
	}
	outbuf_printf(ob, "# %8s %8s %8s  %s\n", "pid", "tid", "ppid", "comm");
	print_level(v, roots, 0, ob);
	free(v);
	return 0;
}
