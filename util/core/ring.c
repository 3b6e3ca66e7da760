#include "util/core/ring.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define RING_SCRATCH (1u << 16)  /* perf_event_header.size is a u16 */

int ring_map(struct ring *r, int fd, int cpu, unsigned pages)
{
	long psz = sysconf(_SC_PAGESIZE);
	void *base;

	memset(r, 0, sizeof(*r));
	if (!pages || (pages & (pages - 1))) {
		errno = EINVAL;
		return -1;
	}
	r->map_len = (size_t)(pages + 1) * (size_t)psz;
	base = mmap(NULL, r->map_len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (base == MAP_FAILED)
		return -1;
	r->scratch = malloc(RING_SCRATCH);
	if (!r->scratch) {
		munmap(base, r->map_len);
		return -1;
	}
	r->meta = base;
	r->data = (char *)base + psz;
	r->size = (u64)pages * (u64)psz;
	r->fd = fd;
	r->cpu = cpu;
	return 0;
}

void ring_unmap(struct ring *r)
{
	if (r->meta)
		munmap(r->meta, r->map_len);
	free(r->scratch);
	memset(r, 0, sizeof(*r));
	r->fd = -1;
}

u64 ring_drain(struct ring *r, ring_record_fn fn, void *arg)
{
	/* data_head is written by the kernel: acquire so the record bytes it
	 * covers are visible before we read them. */
	u64 head = __atomic_load_n(&r->meta->data_head, __ATOMIC_ACQUIRE);
	u64 tail = r->meta->data_tail;
	u64 mask = r->size - 1;
	u64 nr = 0;

	while (tail < head) {
		u64 off = tail & mask;
		struct perf_event_header hdr;
		const struct perf_event_header *rec;

		/* The header itself may wrap (8 bytes, 8-aligned: it cannot,
		 * but do not rely on the kernel for memory safety). */
		if (off + sizeof(hdr) <= r->size) {
			memcpy(&hdr, r->data + off, sizeof(hdr));
		} else {
			size_t first = (size_t)(r->size - off);
			memcpy(&hdr, r->data + off, first);
			memcpy((char *)&hdr + first, r->data, sizeof(hdr) - first);
		}
		if (hdr.size < sizeof(hdr) || hdr.size > head - tail) {
			/* Cannot happen with a sane kernel; never loop on it. */
			r->corrupt++;
			tail = head;
			break;
		}
		if (off + hdr.size <= r->size) {
			rec = (const struct perf_event_header *)(r->data + off);
		} else {
			size_t first = (size_t)(r->size - off);
			memcpy(r->scratch, r->data + off, first);
			memcpy(r->scratch + first, r->data, hdr.size - first);
			rec = (const struct perf_event_header *)r->scratch;
		}
		tail += hdr.size;
		nr++;
		if (fn(rec, arg))
			break;
	}
	/* Release: our reads of the records happen before the kernel may
	 * overwrite them. */
	__atomic_store_n(&r->meta->data_tail, tail, __ATOMIC_RELEASE);
	return nr;
}
