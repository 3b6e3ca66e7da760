/* The feature sections of a perf.data file, in perf's encoding: each
 * feature's bytes are the same in a file's feature section and in a pipe's
 * HEADER_FEATURE record, so one encoder and one decoder serve both.
 *
 * Decoding never trusts a length: every count is checked against the bytes
 * left in the feature before anything is allocated for it. */
#include "util/perfdata/header.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

/* perf pads feature strings (with their NUL) to this. */
#define NAME_ALIGN 64

static const char *const feat_names[FEAT_LAST_PERF] = {
	[FEAT_RESERVED] = "reserved",
	[FEAT_TRACING_DATA] = "tracing_data",
	[FEAT_BUILD_ID] = "build_id",
	[FEAT_HOSTNAME] = "hostname",
	[FEAT_OSRELEASE] = "osrelease",
	[FEAT_VERSION] = "version",
	[FEAT_ARCH] = "arch",
	[FEAT_NRCPUS] = "nrcpus",
	[FEAT_CPUDESC] = "cpudesc",
	[FEAT_CPUID] = "cpuid",
	[FEAT_TOTAL_MEM] = "total_mem",
	[FEAT_CMDLINE] = "cmdline",
	[FEAT_EVENT_DESC] = "event_desc",
	[FEAT_CPU_TOPOLOGY] = "cpu_topology",
	[FEAT_NUMA_TOPOLOGY] = "numa_topology",
	[FEAT_BRANCH_STACK] = "branch_stack",
	[FEAT_PMU_MAPPINGS] = "pmu_mappings",
	[FEAT_GROUP_DESC] = "group_desc",
	[FEAT_AUXTRACE] = "auxtrace",
	[FEAT_STAT] = "stat",
	[FEAT_CACHE] = "cache",
	[FEAT_SAMPLE_TIME] = "sample_time",
	[FEAT_MEM_TOPOLOGY] = "mem_topology",
	[FEAT_CLOCKID] = "clockid",
	[FEAT_DIR_FORMAT] = "dir_format",
	[FEAT_BPF_PROG_INFO] = "bpf_prog_info",
	[FEAT_BPF_BTF] = "bpf_btf",
	[FEAT_COMPRESSED] = "compressed",
	[FEAT_CPU_PMU_CAPS] = "cpu_pmu_caps",
	[FEAT_CLOCK_DATA] = "clock_data",
	[FEAT_HYBRID_TOPOLOGY] = "hybrid_topology",
	[FEAT_PMU_CAPS] = "pmu_caps",
};

const char *feat_name(int feat)
{
	if (feat >= 0 && feat < FEAT_LAST_PERF && feat_names[feat])
		return feat_names[feat];
	return "unknown";
}

void data_header_init(struct data_header *h)
{
	memset(h, 0, sizeof(*h));
}

static void free_cmdline(struct data_header *h)
{
	for (u32 i = 0; i < h->nr_cmdline; i++)
		free(h->cmdline[i]);
	free(h->cmdline);
	h->cmdline = NULL;
	h->nr_cmdline = 0;
}

static void free_build_ids(struct data_header *h)
{
	for (u32 i = 0; i < h->nr_build_ids; i++)
		free(h->build_ids[i].filename);
	free(h->build_ids);
	h->build_ids = NULL;
	h->nr_build_ids = 0;
}

void data_header_free(struct data_header *h)
{
	free(h->hostname);
	free(h->osrelease);
	free(h->version);
	free(h->arch);
	free(h->cpudesc);
	free(h->cpuid);
	free_cmdline(h);
	free_build_ids(h);
	free(h->tracing_data);
	for (u32 i = 0; i < h->nr_raw; i++)
		free(h->raw[i].data);
	free(h->raw);
	data_header_init(h);
}

void file_attrs_free(struct file_attr *attrs, u32 nr)
{
	if (!attrs)
		return;
	for (u32 i = 0; i < nr; i++) {
		free(attrs[i].ids);
		free(attrs[i].name);
	}
	free(attrs);
}

/* ---- encoding ------------------------------------------------------------ */

static void put_u32(struct outbuf *ob, u32 v) { outbuf_putn(ob, &v, sizeof(v)); }
static void put_u64(struct outbuf *ob, u64 v) { outbuf_putn(ob, &v, sizeof(v)); }

static void put_zeros(struct outbuf *ob, size_t n)
{
	static const char zeros[NAME_ALIGN];

	while (n) {
		size_t k = MIN(n, sizeof(zeros));
		outbuf_putn(ob, zeros, k);
		n -= k;
	}
}

static size_t name_len(const char *s)
{
	return ((s ? strlen(s) : 0) + 1 + NAME_ALIGN - 1) / NAME_ALIGN * NAME_ALIGN;
}

/* perf's do_write_string: u32 padded length, the bytes, NULs up to it. */
static void put_string(struct outbuf *ob, const char *s)
{
	size_t n = s ? strlen(s) : 0, len = name_len(s);

	put_u32(ob, (u32)len);
	outbuf_putn(ob, s ? s : "", n);
	put_zeros(ob, len - n);
}

static const char *const *string_feature(const struct data_header *h, int feat)
{
	switch (feat) {
	case FEAT_HOSTNAME: return (const char *const *)&h->hostname;
	case FEAT_OSRELEASE: return (const char *const *)&h->osrelease;
	case FEAT_VERSION: return (const char *const *)&h->version;
	case FEAT_ARCH: return (const char *const *)&h->arch;
	case FEAT_CPUDESC: return (const char *const *)&h->cpudesc;
	case FEAT_CPUID: return (const char *const *)&h->cpuid;
	default: return NULL;
	}
}

void build_id_record_encode(const struct build_id_entry *b, u32 type, struct outbuf *ob)
{
	struct perf_event_header hdr;
	u8 id[24];
	s32 pid = b->pid;
	size_t n = b->filename ? strlen(b->filename) : 0, len = name_len(b->filename);

	memset(id, 0, sizeof(id));
	memcpy(id, b->id, MIN(b->size, 20));
	id[20] = MIN(b->size, 20);
	hdr.type = type;
	hdr.misc = (u16)(b->misc | PERF_RECORD_MISC_BUILD_ID_SIZE);
	hdr.size = (u16)(BUILD_ID_RECORD_FIXED + len);
	outbuf_putn(ob, &hdr, sizeof(hdr));
	outbuf_putn(ob, &pid, sizeof(pid));
	outbuf_putn(ob, id, sizeof(id));
	outbuf_putn(ob, b->filename ? b->filename : "", n);
	put_zeros(ob, len - n);
}

/* An event with no ids would make perf 6.1 crash (it looks the name's event
 * up by ids[0]) and one with no name would be shown nameless: EVENT_DESC is
 * written only when every event has both. */
static int encode_event_desc(const struct file_attr *attrs, u32 nr_attrs, struct outbuf *ob)
{
	if (!nr_attrs)
		return -1;
	for (u32 i = 0; i < nr_attrs; i++)
		if (!attrs[i].name || !attrs[i].nr_ids)
			return -1;
	put_u32(ob, nr_attrs);
	put_u32(ob, (u32)FILE_ATTR_SIZE);
	for (u32 i = 0; i < nr_attrs; i++) {
		struct perf_event_attr a = attrs[i].attr;

		a.size = (u32)FILE_ATTR_SIZE;
		outbuf_putn(ob, &a, FILE_ATTR_SIZE);
		put_u32(ob, attrs[i].nr_ids);
		put_string(ob, attrs[i].name);
		outbuf_putn(ob, attrs[i].ids, attrs[i].nr_ids * sizeof(u64));
	}
	return 0;
}

static int encode_raw(const struct data_header *h, int feat, struct outbuf *ob)
{
	for (u32 i = 0; i < h->nr_raw; i++)
		if (h->raw[i].id == feat) {
			outbuf_putn(ob, h->raw[i].data, h->raw[i].size);
			return 0;
		}
	return -1;
}

int feat_encode(const struct data_header *h, const struct file_attr *attrs, u32 nr_attrs, int feat,
		struct outbuf *ob)
{
	const char *const *str = string_feature(h, feat);

	if (str) {
		put_string(ob, *str);
		return 0;
	}
	switch (feat) {
	case FEAT_TRACING_DATA:
		if (!h->tracing_data)
			return -1;
		outbuf_putn(ob, h->tracing_data, h->tracing_data_size);
		return 0;
	case FEAT_BUILD_ID:
		for (u32 i = 0; i < h->nr_build_ids; i++)
			build_id_record_encode(&h->build_ids[i], 0, ob);
		return 0;
	case FEAT_NRCPUS:
		put_u32(ob, h->nr_cpus_avail);     /* perf's order: available, then online */
		put_u32(ob, h->nr_cpus_online);
		return 0;
	case FEAT_TOTAL_MEM:
		put_u64(ob, h->total_mem_kb);
		return 0;
	case FEAT_CMDLINE:
		put_u32(ob, h->nr_cmdline);
		for (u32 i = 0; i < h->nr_cmdline; i++)
			put_string(ob, h->cmdline[i]);
		return 0;
	case FEAT_EVENT_DESC:
		return encode_event_desc(attrs, nr_attrs, ob);
	case FEAT_SAMPLE_TIME:
		put_u64(ob, h->first_sample_time);
		put_u64(ob, h->last_sample_time);
		return 0;
	case FEAT_COMPRESSED:
		put_u32(ob, h->comp_version);
		put_u32(ob, h->comp_type);
		put_u32(ob, h->comp_level);
		put_u32(ob, h->comp_ratio);
		put_u32(ob, h->comp_mmap_len);
		return 0;
	case FEAT_CLOCKID:
		put_u64(ob, h->clockid_res_ns);
		return 0;
	default:
		return encode_raw(h, feat, ob);
	}
}

/* ---- decoding ------------------------------------------------------------ */

/* A bounded read position in one feature's bytes. */
struct cur {
	const u8 *p;
	u64 len, pos;
	u64 base;               /* file offset of p[0], for messages */
	const char *what;       /* the feature's name */
	char *err;
	size_t errlen;
};

static int __attribute__((format(printf, 2, 3))) cur_fail(struct cur *c, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!c->errlen)
		return -1;
	n = snprintf(c->err, c->errlen, "offset 0x%llx: %s: ", (unsigned long long)(c->base + c->pos), c->what);
	if (n >= 0 && (size_t)n < c->errlen) {
		va_start(ap, fmt);
		vsnprintf(c->err + n, c->errlen - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static u64 cur_left(const struct cur *c) { return c->len - c->pos; }

static int cur_get(struct cur *c, void *dst, u64 n, const char *field)
{
	if (n > cur_left(c))
		return cur_fail(c, "%s needs %llu bytes, only %llu left", field, (unsigned long long)n,
				(unsigned long long)cur_left(c));
	memcpy(dst, c->p + c->pos, n);
	c->pos += n;
	return 0;
}

static int cur_u32(struct cur *c, u32 *v, const char *field) { return cur_get(c, v, 4, field); }
static int cur_u64(struct cur *c, u64 *v, const char *field) { return cur_get(c, v, 8, field); }

/* u32 length + bytes. perf pads to 64 but any length within the feature is
 * accepted; the string ends at its first NUL or at the length. */
static int cur_string(struct cur *c, char **out, const char *field)
{
	u32 len = 0;

	if (cur_u32(c, &len, field))
		return -1;
	if (len > cur_left(c)) {
		c->pos -= 4;
		return cur_fail(c, "%s: string length %u past the end of the feature (%llu bytes left)", field,
				len, (unsigned long long)cur_left(c) - 4);
	}
	*out = strndup((const char *)c->p + c->pos, len);
	if (!*out)
		return cur_fail(c, "out of memory");
	c->pos += len;
	return 0;
}

static int decode_string(struct data_header *h, int feat, struct cur *c)
{
	char **dst = (char **)string_feature(h, feat), *s;

	if (cur_string(c, &s, "string"))
		return -1;
	free(*dst);
	*dst = s;
	return 0;
}

static int decode_tracing_data(struct data_header *h, struct cur *c)
{
	void *copy = malloc(c->len ? c->len : 1);

	if (!copy)
		return cur_fail(c, "out of memory for %llu bytes", (unsigned long long)c->len);
	memcpy(copy, c->p, c->len);
	free(h->tracing_data);
	h->tracing_data = copy;
	h->tracing_data_size = c->len;
	return 0;
}

static int parse_build_id(struct cur *c, struct build_id_entry *b)
{
	struct perf_event_header hdr;
	u8 id[24] = { 0 };
	u64 start = c->pos;

	if (cur_get(c, &hdr, sizeof(hdr), "build-id record header"))
		return -1;
	if (hdr.size < BUILD_ID_RECORD_FIXED || hdr.size - sizeof(hdr) > cur_left(c)) {
		c->pos = start;
		return cur_fail(c, "build-id record size %u (needs %d..%llu)", hdr.size, BUILD_ID_RECORD_FIXED,
				(unsigned long long)(cur_left(c)));
	}
	memset(b, 0, sizeof(*b));
	cur_get(c, &b->pid, sizeof(b->pid), "pid");
	cur_get(c, id, sizeof(id), "build-id");
	memcpy(b->id, id, sizeof(b->id));
	/* Without the size flag (perf before 5.x) the id is a 20-byte SHA-1. */
	b->size = (hdr.misc & PERF_RECORD_MISC_BUILD_ID_SIZE) ? MIN(id[20], 20) : 20;
	b->misc = hdr.misc & (u16)~PERF_RECORD_MISC_BUILD_ID_SIZE;
	b->filename = strndup((const char *)c->p + c->pos, hdr.size - BUILD_ID_RECORD_FIXED);
	if (!b->filename)
		return cur_fail(c, "out of memory");
	c->pos = start + hdr.size;
	return 0;
}

static int append_build_id(struct data_header *h, struct cur *c)
{
	struct build_id_entry b, *n;

	if (parse_build_id(c, &b))
		return -1;
	n = realloc(h->build_ids, (h->nr_build_ids + 1) * sizeof(*n));
	if (!n) {
		free(b.filename);
		return cur_fail(c, "out of memory");
	}
	h->build_ids = n;
	h->build_ids[h->nr_build_ids++] = b;
	return 0;
}

static int decode_build_ids(struct data_header *h, struct cur *c)
{
	free_build_ids(h);
	/* Entries are back to back, each header.size long, unaligned. */
	while (cur_left(c) >= sizeof(struct perf_event_header))
		if (append_build_id(h, c))
			return -1;
	return 0;
}

int build_id_record_decode(struct data_header *h, const void *data, u64 size, u64 base, char *err,
			   size_t errlen)
{
	struct cur c = { data, size, 0, base, "build-id record", err, errlen };

	if (append_build_id(h, &c))
		return -1;
	data_header_set(h, FEAT_BUILD_ID);
	return 0;
}

static int decode_cmdline(struct data_header *h, struct cur *c)
{
	u32 nr = 0;

	free_cmdline(h);
	if (cur_u32(c, &nr, "argument count"))
		return -1;
	/* Each argument takes at least its 4-byte length. */
	if (nr > cur_left(c) / 4)
		return cur_fail(c, "%u arguments cannot fit in %llu bytes", nr, (unsigned long long)cur_left(c));
	h->cmdline = calloc(nr ? nr : 1, sizeof(char *));
	if (!h->cmdline)
		return cur_fail(c, "out of memory");
	for (; h->nr_cmdline < nr; h->nr_cmdline++)
		if (cur_string(c, &h->cmdline[h->nr_cmdline], "argument"))
			return -1;
	return 0;
}

/* The attr of EVENT_DESC entry i names: the one with the same first id, or
 * else the one at the same position. */
static struct file_attr *desc_target(struct file_attr *attrs, u32 nr_attrs, u32 i, u32 nr_ids, u64 id0)
{
	for (u32 j = 0; nr_ids && j < nr_attrs; j++)
		if (attrs[j].nr_ids && attrs[j].ids[0] == id0)
			return &attrs[j];
	return i < nr_attrs ? &attrs[i] : NULL;
}

static int decode_one_desc(struct file_attr *attrs, u32 nr_attrs, u32 i, u32 attr_size, struct cur *c)
{
	struct file_attr *fa;
	u32 nr_ids = 0;
	u64 id0 = 0;
	char *name;

	if (attr_size > cur_left(c))
		return cur_fail(c, "event %u: attr needs %u bytes, only %llu left", i, attr_size,
				(unsigned long long)cur_left(c));
	c->pos += attr_size;
	if (cur_u32(c, &nr_ids, "id count") || cur_string(c, &name, "event name"))
		return -1;
	if (nr_ids > cur_left(c) / 8) {
		free(name);
		return cur_fail(c, "event %u: %u ids cannot fit in %llu bytes", i, nr_ids,
				(unsigned long long)cur_left(c));
	}
	if (nr_ids)
		memcpy(&id0, c->p + c->pos, 8);
	c->pos += (u64)nr_ids * 8;
	fa = desc_target(attrs, nr_attrs, i, nr_ids, id0);
	if (fa) {
		free(fa->name);
		fa->name = name;
	} else {
		free(name);
	}
	return 0;
}

static int decode_event_desc(struct file_attr *attrs, u32 nr_attrs, struct cur *c)
{
	u32 nr = 0, attr_size = 0;

	if (cur_u32(c, &nr, "event count") || cur_u32(c, &attr_size, "attr size"))
		return -1;
	if (attr_size < FILE_ATTR_SIZE_MIN || attr_size > FILE_ATTR_SIZE_MAX) {
		c->pos -= 4;
		return cur_fail(c, "attr size %u is not in %d..%d", attr_size, FILE_ATTR_SIZE_MIN,
				FILE_ATTR_SIZE_MAX);
	}
	if (nr > cur_left(c) / ((u64)attr_size + 8))
		return cur_fail(c, "%u events cannot fit in %llu bytes", nr, (unsigned long long)cur_left(c));
	for (u32 i = 0; i < nr; i++)
		if (decode_one_desc(attrs, nr_attrs, i, attr_size, c))
			return -1;
	return 0;
}

static int decode_raw(struct data_header *h, int feat, struct cur *c)
{
	struct raw_feature *r = NULL;
	void *copy = malloc(c->len ? c->len : 1);

	if (!copy)
		return cur_fail(c, "out of memory for %llu bytes", (unsigned long long)c->len);
	memcpy(copy, c->p, c->len);
	for (u32 i = 0; i < h->nr_raw && !r; i++)
		if (h->raw[i].id == feat)
			r = &h->raw[i];
	if (!r) {
		struct raw_feature *n = realloc(h->raw, (h->nr_raw + 1) * sizeof(*n));
		if (!n) {
			free(copy);
			return cur_fail(c, "out of memory");
		}
		h->raw = n;
		r = &h->raw[h->nr_raw++];
		r->id = feat;
		r->data = NULL;
	}
	free(r->data);
	r->data = copy;
	r->size = c->len;
	return 0;
}

static int decode_fixed(struct data_header *h, int feat, struct cur *c)
{
	switch (feat) {
	case FEAT_NRCPUS:
		h->has_nrcpus = !cur_u32(c, &h->nr_cpus_avail, "cpus available") &&
				!cur_u32(c, &h->nr_cpus_online, "cpus online");
		return h->has_nrcpus ? 0 : -1;
	case FEAT_TOTAL_MEM:
		h->has_total_mem = !cur_u64(c, &h->total_mem_kb, "total memory");
		return h->has_total_mem ? 0 : -1;
	case FEAT_SAMPLE_TIME:
		h->has_sample_time = !cur_u64(c, &h->first_sample_time, "first sample time") &&
				     !cur_u64(c, &h->last_sample_time, "last sample time");
		return h->has_sample_time ? 0 : -1;
	case FEAT_CLOCKID:
		h->has_clockid = !cur_u64(c, &h->clockid_res_ns, "clock resolution");
		return h->has_clockid ? 0 : -1;
	default:        /* FEAT_COMPRESSED */
		h->has_compressed = !cur_u32(c, &h->comp_version, "version") &&
				    !cur_u32(c, &h->comp_type, "type") && !cur_u32(c, &h->comp_level, "level") &&
				    !cur_u32(c, &h->comp_ratio, "ratio") &&
				    !cur_u32(c, &h->comp_mmap_len, "mmap length");
		return h->has_compressed ? 0 : -1;
	}
}

int feat_decode_at(struct data_header *h, struct file_attr *attrs, u32 nr_attrs, int feat,
		   const void *data, u64 size, u64 base, char *err, size_t errlen)
{
	struct cur c = { data, size, 0, base, feat_name(feat), err, errlen };
	int rc;

	if (feat < 0 || feat >= FEAT_BITS)
		return cur_fail(&c, "feature id %d out of range", feat);
	if (string_feature(h, feat))
		rc = decode_string(h, feat, &c);
	else if (feat == FEAT_TRACING_DATA)
		rc = decode_tracing_data(h, &c);
	else if (feat == FEAT_BUILD_ID)
		rc = decode_build_ids(h, &c);
	else if (feat == FEAT_CMDLINE)
		rc = decode_cmdline(h, &c);
	else if (feat == FEAT_EVENT_DESC)
		rc = decode_event_desc(attrs, nr_attrs, &c);
	else if (feat == FEAT_NRCPUS || feat == FEAT_TOTAL_MEM || feat == FEAT_SAMPLE_TIME ||
		 feat == FEAT_CLOCKID || feat == FEAT_COMPRESSED)
		rc = decode_fixed(h, feat, &c);
	else
		rc = decode_raw(h, feat, &c);
	if (!rc)
		data_header_set(h, feat);
	return rc;
}

int feat_decode(struct data_header *h, struct file_attr *attrs, u32 nr_attrs, int feat,
		const void *data, u64 size, char *err, size_t errlen)
{
	return feat_decode_at(h, attrs, nr_attrs, feat, data, size, 0, err, errlen);
}

/* ---- this machine ------------------------------------------------------------ */

/* The value of the first "key<spaces>: value" line of a /proc file. */
static char *proc_value(const char *path, const char *key)
{
	size_t klen = strlen(key);
	char line[1024], *val = NULL;
	FILE *f = fopen(path, "re");

	if (!f)
		return NULL;
	while (!val && fgets(line, sizeof(line), f)) {
		char *p = line + klen;
		if (strncmp(line, key, klen) || (*p != ' ' && *p != '\t' && *p != ':'))
			continue;
		p += strspn(p, " \t");
		if (*p++ != ':')
			continue;
		p += strspn(p, " \t");
		p[strcspn(p, "\n")] = '\0';
		val = strdup(p);
	}
	fclose(f);
	return val;
}

/* perf squeezes runs of blanks in the model name ("Intel(R)  Xeon" -> one). */
static void squeeze_blanks(char *s)
{
	char *d = s;

	for (const char *r = s; *r; r++) {
		char ch = *r == '\t' ? ' ' : *r;
		if (ch == ' ' && (d == s || d[-1] == ' '))
			continue;
		*d++ = ch;
	}
	if (d > s && d[-1] == ' ')
		d--;
	*d = '\0';
}

/* perf's x86 cpuid string "vendor,family,model,stepping" (family and model
 * with their extended parts, which /proc/cpuinfo already folds in). */
static char *cpuid_string(void)
{
	char *vendor = proc_value("/proc/cpuinfo", "vendor_id");
	char *family = proc_value("/proc/cpuinfo", "cpu family");
	char *model = proc_value("/proc/cpuinfo", "model");
	char *step = proc_value("/proc/cpuinfo", "stepping");
	char *s = NULL;

	if (vendor && family && model && step && asprintf(&s, "%s,%s,%s,%s", vendor, family, model, step) < 0)
		s = NULL;
	free(vendor);
	free(family);
	free(model);
	free(step);
	return s;
}

static void set_string(struct data_header *h, int feat, char *s)
{
	char **dst = (char **)string_feature(h, feat);

	if (!s)
		return;
	free(*dst);
	*dst = s;
	data_header_set(h, feat);
}

static void fill_cmdline(struct data_header *h, int argc, const char **argv)
{
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	free_cmdline(h);
	h->cmdline = calloc((size_t)argc + 1, sizeof(char *));
	if (!h->cmdline)
		return;
	/* Like perf: the program's path, then its arguments from the command. */
	exe[n > 0 ? n : 0] = '\0';
	h->cmdline[h->nr_cmdline++] = strdup(n > 0 ? exe : "scry");
	for (int i = 0; i < argc; i++)
		h->cmdline[h->nr_cmdline++] = strdup(argv[i] ? argv[i] : "");
	for (u32 i = 0; i < h->nr_cmdline; i++)
		if (!h->cmdline[i]) {
			free_cmdline(h);
			return;
		}
	data_header_set(h, FEAT_CMDLINE);
}

#ifndef SCRY_VERSION
#define SCRY_VERSION "unknown"
#endif

void data_header_fill_host(struct data_header *h, int argc, const char **argv)
{
	struct utsname u;
	char *mem, *desc;
	long conf = sysconf(_SC_NPROCESSORS_CONF), onln = sysconf(_SC_NPROCESSORS_ONLN);

	if (!uname(&u)) {
		set_string(h, FEAT_HOSTNAME, strdup(u.nodename));
		set_string(h, FEAT_OSRELEASE, strdup(u.release));
		set_string(h, FEAT_ARCH, strdup(u.machine));
	}
	set_string(h, FEAT_VERSION, strdup("scry " SCRY_VERSION));
	desc = proc_value("/proc/cpuinfo", "model name");
	if (desc)
		squeeze_blanks(desc);
	set_string(h, FEAT_CPUDESC, desc);
	set_string(h, FEAT_CPUID, cpuid_string());
	if (conf > 0 && onln > 0) {
		h->has_nrcpus = true;
		h->nr_cpus_avail = (u32)conf;
		h->nr_cpus_online = (u32)onln;
		data_header_set(h, FEAT_NRCPUS);
	}
	mem = proc_value("/proc/meminfo", "MemTotal");
	if (mem) {
		h->has_total_mem = true;
		h->total_mem_kb = strtoull(mem, NULL, 10);
		data_header_set(h, FEAT_TOTAL_MEM);
		free(mem);
	}
	fill_cmdline(h, argc, argv);
}
