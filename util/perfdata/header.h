/* The self-describing part of a perf.data file: the attributes of the
 * recorded events (with their sample ids and names) and the feature
 * sections (hostname, os release, cpus, command line, build-ids, tracing
 * data, sample time range, compression, ...), in perf's on-disk encoding.
 *
 * struct data_header is the decoded form; feat_encode/feat_decode convert
 * one feature between it and its bytes (the same bytes in a file's feature
 * section and in a pipe's HEADER_FEATURE record). */
#ifndef SCRY_HEADER_H
#define SCRY_HEADER_H

#include <linux/perf_event.h>

#include "util/outbuf.h"
#include "util/types.h"

/* Feature bits, as perf numbers them. */
enum feat_id {
	FEAT_RESERVED = 0,
	FEAT_TRACING_DATA = 1,
	FEAT_BUILD_ID = 2,
	FEAT_HOSTNAME = 3,
	FEAT_OSRELEASE = 4,
	FEAT_VERSION = 5,
	FEAT_ARCH = 6,
	FEAT_NRCPUS = 7,
	FEAT_CPUDESC = 8,
	FEAT_CPUID = 9,
	FEAT_TOTAL_MEM = 10,
	FEAT_CMDLINE = 11,
	FEAT_EVENT_DESC = 12,
	FEAT_CPU_TOPOLOGY = 13,
	FEAT_NUMA_TOPOLOGY = 14,
	FEAT_BRANCH_STACK = 15,
	FEAT_PMU_MAPPINGS = 16,
	FEAT_GROUP_DESC = 17,
	FEAT_AUXTRACE = 18,
	FEAT_STAT = 19,
	FEAT_CACHE = 20,
	FEAT_SAMPLE_TIME = 21,
	FEAT_MEM_TOPOLOGY = 22,
	FEAT_CLOCKID = 23,
	FEAT_DIR_FORMAT = 24,
	FEAT_BPF_PROG_INFO = 25,
	FEAT_BPF_BTF = 26,
	FEAT_COMPRESSED = 27,
	FEAT_CPU_PMU_CAPS = 28,
	FEAT_CLOCK_DATA = 29,
	FEAT_HYBRID_TOPOLOGY = 30,
	FEAT_PMU_CAPS = 31,
	/* perf 6.1's HEADER_LAST_FEATURE: the feat_id of the HEADER_FEATURE
	 * record that ends a pipe's features. perf knows no bit at or above it
	 * (it skips them in a file and rejects them in a pipe). */
	FEAT_LAST_PERF = 32,
	FEAT_BITS = 256,
};

/* The attr size scry writes: the installed uapi struct, but never more than
 * perf 6.1 accepts (PERF_ATTR_SIZE_VER7, 128: a bigger attr.size makes it
 * refuse the file as "a more recent ABI"). */
#define FILE_ATTR_SIZE (sizeof(struct perf_event_attr) < 128 ? sizeof(struct perf_event_attr) : 128)
/* What a reader accepts as attr.size / attr_size - 16. */
#define FILE_ATTR_SIZE_MIN 64           /* PERF_ATTR_SIZE_VER0 */
#define FILE_ATTR_SIZE_MAX 4096

#ifndef PERF_RECORD_MISC_BUILD_ID_SIZE
#define PERF_RECORD_MISC_BUILD_ID_SIZE (1 << 15)
#endif
/* Bytes of a build-id record before its file name: header, pid, 24 id bytes. */
#define BUILD_ID_RECORD_FIXED 36

/* perf's user-space record types (above the kernel's PERF_RECORD_*). */
enum {
	PERF_RECORD_HEADER_ATTR = 64,
	PERF_RECORD_HEADER_EVENT_TYPE = 65,
	PERF_RECORD_HEADER_TRACING_DATA = 66,
	PERF_RECORD_HEADER_BUILD_ID = 67,
	PERF_RECORD_FINISHED_ROUND = 68,
	PERF_RECORD_ID_INDEX = 69,
	PERF_RECORD_AUXTRACE_INFO = 70,
	PERF_RECORD_AUXTRACE = 71,
	PERF_RECORD_AUXTRACE_ERROR = 72,
	PERF_RECORD_THREAD_MAP = 73,
	PERF_RECORD_CPU_MAP = 74,
	PERF_RECORD_STAT_CONFIG = 75,
	PERF_RECORD_STAT = 76,
	PERF_RECORD_STAT_ROUND = 77,
	PERF_RECORD_EVENT_UPDATE = 78,
	PERF_RECORD_TIME_CONV = 79,
	PERF_RECORD_HEADER_FEATURE = 80,
	PERF_RECORD_COMPRESSED = 81,
	PERF_RECORD_FINISHED_INIT = 82,
	PERF_RECORD_HEADER_MAX
};

/* One recorded event: its attr, the sample ids its fds had, its name. */
struct file_attr {
	struct perf_event_attr attr;
	u64 *ids;
	u32 nr_ids;
	char *name;             /* from EVENT_DESC; NULL when the file has none */
};

struct build_id_entry {
	s32 pid;                /* -1 for the kernel */
	u16 misc;               /* PERF_RECORD_MISC_KERNEL / _USER / ... */
	u8 size;                /* bytes of id used (20 for SHA-1 build-ids) */
	u8 id[20];
	char *filename;
};

struct data_header {
	char *hostname, *osrelease, *version, *arch, *cpudesc, *cpuid;  /* NULL: absent */
	bool has_nrcpus;
	u32 nr_cpus_avail, nr_cpus_online;
	bool has_total_mem;
	u64 total_mem_kb;
	char **cmdline;
	u32 nr_cmdline;
	bool has_sample_time;
	u64 first_sample_time, last_sample_time;
	struct build_id_entry *build_ids;
	u32 nr_build_ids;
	void *tracing_data;     /* FEAT_TRACING_DATA bytes (tracing-data.c parses them) */
	u64 tracing_data_size;
	bool has_compressed;
	u32 comp_version, comp_type, comp_level, comp_ratio, comp_mmap_len;
	bool has_clockid;
	u64 clockid_res_ns;
	/* Features present in a file that scry does not decode: kept as bytes
	 * (and written back unchanged by tools that copy a file). */
	struct raw_feature {
		int id;
		void *data;
		u64 size;
	} *raw;
	u32 nr_raw;
	u64 features[FEAT_BITS / 64];   /* bitmap of the features present */
};

void data_header_init(struct data_header *h);
void data_header_free(struct data_header *h);
static inline bool data_header_has(const struct data_header *h, int feat)
{
	return feat >= 0 && feat < FEAT_BITS && (h->features[feat / 64] >> (feat % 64)) & 1;
}
static inline void data_header_set(struct data_header *h, int feat)
{
	h->features[feat / 64] |= 1ull << (feat % 64);
}
/* "hostname", "build_id", ...; "unknown" for others. */
const char *feat_name(int feat);

/* Fill what this machine says about itself: hostname, os release, arch,
 * cpus, cpu description and id (perf's "AuthenticAMD,26,2,1"), total
 * memory, version ("scry 0.1.0"), and the command line: as perf does, the
 * program's path, then argv as the command got it ("record", "-a", ...).
 * Each one found sets its feature bit. */
void data_header_fill_host(struct data_header *h, int argc, const char **argv);

/* Encode feature feat of h (EVENT_DESC takes its events from attrs). */
int feat_encode(const struct data_header *h, const struct file_attr *attrs, u32 nr_attrs, int feat,
		struct outbuf *ob);
/* Decode feature feat's bytes into h (EVENT_DESC names the matching attrs).
 * A malformed feature: -1 and one line in err. */
int feat_decode(struct data_header *h, struct file_attr *attrs, u32 nr_attrs, int feat,
		const void *data, u64 size, char *err, size_t errlen);

/* feat_decode for bytes found at file offset base: the error names the
 * offset of the bad field ("offset 0x1a2b: cmdline: ..."). */
int feat_decode_at(struct data_header *h, struct file_attr *attrs, u32 nr_attrs, int feat,
		   const void *data, u64 size, u64 base, char *err, size_t errlen);

/* One build-id record (a FEAT_BUILD_ID entry or a pipe's
 * PERF_RECORD_HEADER_BUILD_ID): encode with header type `type` (perf writes
 * 0 in the feature, PERF_RECORD_HEADER_BUILD_ID in a pipe); decode appends
 * to h->build_ids (size: the record's bytes; base: its file offset). */
void build_id_record_encode(const struct build_id_entry *b, u32 type, struct outbuf *ob);
int build_id_record_decode(struct data_header *h, const void *data, u64 size, u64 base, char *err,
			   size_t errlen);

/* perf report --header style text: "# hostname : vm", one per feature. */
void data_header_print(const struct data_header *h, const struct file_attr *attrs, u32 nr_attrs,
		       struct outbuf *ob);

void file_attrs_free(struct file_attr *attrs, u32 nr);

#endif
