/* The header of a data file as text, in the layout of perf report
 * --header-only, so the two can be read side by side:
 *
 *	# hostname : vm
 *	# event : name = cpu-clock, , id = { 1, 2 }, type = 1, size = 128, ...
 *	# compressed : Zstd, level = 1, ratio = 4
 */
#include <ctype.h>

#include "util/perfdata/header.h"
#include "util/perfdata/portable.h"

static void print_string(struct outbuf *ob, const char *key, const char *val)
{
	if (val)
		outbuf_printf(ob, "# %s : %s\n", key, val);
}

/* ---- one event, as perf_event_attr__fprintf prints it ---------------------- */

static const char *const sample_bits[] = {
	"IP", "TID", "TIME", "ADDR", "READ", "CALLCHAIN", "ID", "CPU", "PERIOD", "STREAM_ID", "RAW",
	"BRANCH_STACK", "REGS_USER", "STACK_USER", "WEIGHT", "DATA_SRC", "IDENTIFIER", "TRANSACTION",
	"REGS_INTR", "PHYS_ADDR", "AUX", "CGROUP", "DATA_PAGE_SIZE", "CODE_PAGE_SIZE", "WEIGHT_STRUCT",
};
static const char *const read_bits[] = { "TOTAL_TIME_ENABLED", "TOTAL_TIME_RUNNING", "ID", "GROUP", "LOST" };

/* The one-bit flags of the u64 after read_format, in bit order; precise_ip
 * (bits 15-16) is printed on its own. */
static const char *const flag_bits[] = {
	"disabled", "inherit", "pinned", "exclusive", "exclude_user", "exclude_kernel", "exclude_hv",
	"exclude_idle", "mmap", "comm", "freq", "inherit_stat", "enable_on_exec", "task", "watermark",
	NULL, NULL, "mmap_data", "sample_id_all", "exclude_host", "exclude_guest",
	"exclude_callchain_kernel", "exclude_callchain_user", "mmap2", "comm_exec", "use_clockid",
	"context_switch", "write_backward", "namespaces", "ksymbol", "bpf_event", "aux_output", "cgroup",
	"text_poke", "build_id", "inherit_thread", "remove_on_exec", "sigtrap",
};

static void print_bits(struct outbuf *ob, const char *key, u64 v, const char *const *names, size_t n)
{
	bool first = true;

	if (!v)
		return;
	outbuf_printf(ob, ", %s = ", key);
	for (size_t i = 0; i < 64; i++) {
		if (!(v >> i & 1))
			continue;
		if (!first)
			outbuf_putc(ob, '|');
		first = false;
		if (i < n)
			outbuf_puts(ob, names[i]);
		else
			outbuf_printf(ob, "%#llx", 1ull << i);
	}
}

static void print_u(struct outbuf *ob, const char *key, u64 v)
{
	if (v)
		outbuf_printf(ob, ", %s = %llu", key, (unsigned long long)v);
}

static void print_x(struct outbuf *ob, const char *key, u64 v)
{
	if (v)
		outbuf_printf(ob, ", %s = %#llx", key, (unsigned long long)v);
}

static void print_flags(struct outbuf *ob, const struct perf_event_attr *a)
{
	u64 flags;

	/* The bitfields sit in the u64 right after read_format. */
	memcpy(&flags, (const char *)a + offsetof(struct perf_event_attr, read_format) + 8, sizeof(flags));
	for (size_t i = 0; i < ARRAY_SIZE(flag_bits); i++) {
		if (i == 15)
			print_u(ob, "precise_ip", (flags >> 15) & 3);
		if (flag_bits[i] && (flags >> i & 1))
			outbuf_printf(ob, ", %s = 1", flag_bits[i]);
	}
}

static void print_attr(struct outbuf *ob, const struct perf_event_attr *a)
{
	outbuf_printf(ob, ", type = %u, size = %u", a->type, a->size);
	print_x(ob, "config", a->config);
	print_u(ob, "{ sample_period, sample_freq }", a->sample_period);
	print_bits(ob, "sample_type", a->sample_type, sample_bits, ARRAY_SIZE(sample_bits));
	print_bits(ob, "read_format", a->read_format, read_bits, ARRAY_SIZE(read_bits));
	print_flags(ob, a);
	print_u(ob, "{ wakeup_events, wakeup_watermark }", a->wakeup_events);
	print_u(ob, "bp_type", a->bp_type);
	print_x(ob, "{ bp_addr, config1 }", a->config1);
	print_x(ob, "{ bp_len, config2 }", a->config2);
	print_x(ob, "branch_sample_type", a->branch_sample_type);
	print_x(ob, "sample_regs_user", a->sample_regs_user);
	print_u(ob, "sample_stack_user", a->sample_stack_user);
	if (a->clockid)
		outbuf_printf(ob, ", clockid = %d", a->clockid);
	print_x(ob, "sample_regs_intr", a->sample_regs_intr);
	print_u(ob, "aux_watermark", a->aux_watermark);
	print_u(ob, "sample_max_stack", a->sample_max_stack);
}

static void print_event(struct outbuf *ob, const struct file_attr *fa)
{
	/* perf's own line has the doubled comma too. */
	outbuf_printf(ob, "# event : name = %s, ", fa->name ? fa->name : "(unnamed)");
	if (fa->nr_ids) {
		outbuf_puts(ob, ", id = {");
		for (u32 i = 0; i < fa->nr_ids; i++)
			outbuf_printf(ob, "%s %llu", i ? "," : "", (unsigned long long)fa->ids[i]);
		outbuf_puts(ob, " }");
	}
	print_attr(ob, &fa->attr);
	outbuf_putc(ob, '\n');
}

/* ---- the rest ----------------------------------------------------------------- */

static void print_time(struct outbuf *ob, const char *key, u64 ns)
{
	outbuf_printf(ob, "# %s : %llu.%06llu\n", key, (unsigned long long)(ns / NSEC_PER_SEC),
		  (unsigned long long)(ns % NSEC_PER_SEC / NSEC_PER_USEC));
}

static void print_build_ids(struct outbuf *ob, const struct data_header *h)
{
	for (u32 i = 0; i < h->nr_build_ids; i++) {
		const struct build_id_entry *b = &h->build_ids[i];
		outbuf_puts(ob, "# build id : ");
		for (u32 j = 0; j < b->size && j < sizeof(b->id); j++)
			outbuf_printf(ob, "%02x", b->id[j]);
		outbuf_printf(ob, " %s\n", b->filename ? b->filename : "");
	}
}

static void print_upper(struct outbuf *ob, const char *s)
{
	for (; *s; s++)
		outbuf_putc(ob, (char)toupper((unsigned char)*s));
}

static void print_missing(struct outbuf *ob, const struct data_header *h)
{
	bool any = false;

	for (int f = FEAT_TRACING_DATA; f < FEAT_LAST_PERF; f++) {
		if (data_header_has(h, f))
			continue;
		if (!any)
			outbuf_puts(ob, "# missing features:");
		any = true;
		outbuf_putc(ob, ' ');
		print_upper(ob, feat_name(f));
	}
	if (any)
		outbuf_putc(ob, '\n');
}

static void print_host(struct outbuf *ob, const struct data_header *h)
{
	print_string(ob, "hostname", h->hostname);
	print_string(ob, "os release", h->osrelease);
	print_string(ob, "perf version", h->version);
	print_string(ob, "arch", h->arch);
	if (h->has_nrcpus)
		outbuf_printf(ob, "# nrcpus online : %u\n# nrcpus avail : %u\n", h->nr_cpus_online, h->nr_cpus_avail);
	print_string(ob, "cpudesc", h->cpudesc);
	print_string(ob, "cpuid", h->cpuid);
	if (h->has_total_mem)
		outbuf_printf(ob, "# total memory : %llu kB\n", (unsigned long long)h->total_mem_kb);
	if (h->nr_cmdline) {
		outbuf_puts(ob, "# cmdline : ");
		for (u32 i = 0; i < h->nr_cmdline; i++)
			outbuf_printf(ob, "%s ", h->cmdline[i]);
		outbuf_putc(ob, '\n');
	}
}

static void print_raw(struct outbuf *ob, const struct data_header *h)
{
	for (u32 i = 0; i < h->nr_raw; i++) {
		const struct raw_feature *r = &h->raw[i];
		if (r->id == FEAT_SCRY_PORTABLE) {
			portable_print(h, ob);
			continue;
		}
		outbuf_puts(ob, "# ");
		if (r->id < FEAT_LAST_PERF)
			print_upper(ob, feat_name(r->id));
		else
			outbuf_printf(ob, "feature %d", r->id);
		outbuf_printf(ob, " : %llu bytes\n", (unsigned long long)r->size);
	}
}

void data_header_print(const struct data_header *h, const struct file_attr *attrs, u32 nr_attrs,
		       struct outbuf *ob)
{
	outbuf_puts(ob, "# ========\n");
	print_host(ob, h);
	for (u32 i = 0; i < nr_attrs; i++)
		print_event(ob, &attrs[i]);
	if (h->tracing_data)
		outbuf_printf(ob, "# tracing data : %llu bytes\n", (unsigned long long)h->tracing_data_size);
	print_build_ids(ob, h);
	if (h->has_sample_time) {
		print_time(ob, "time of first sample", h->first_sample_time);
		print_time(ob, "time of last sample", h->last_sample_time);
		outbuf_printf(ob, "# sample duration : %10.3f ms\n",
			  h->last_sample_time > h->first_sample_time
				  ? (double)(h->last_sample_time - h->first_sample_time) / NSEC_PER_MSEC
				  : 0.0);
	}
	if (h->has_clockid)     /* sic: perf multiplies the resolution by 1000 */
		outbuf_printf(ob, "# clockid frequency: %llu MHz\n", (unsigned long long)h->clockid_res_ns * 1000);
	if (h->has_compressed)
		outbuf_printf(ob, "# compressed : %s, level = %u, ratio = %u\n", h->comp_type == 1 ? "Zstd" : "Unknown",
			  h->comp_level, h->comp_ratio);
	print_raw(ob, h);
	print_missing(ob, h);
	outbuf_puts(ob, "# ========\n#\n");
}
