#include "util/trace/sc-json.h"

#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include "util/trace/beauty/beauty.h"

void sc_json_string(struct outbuf *ob, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";

	outbuf_putc(ob, '"');
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\') {
			outbuf_putc(ob, '\\');
			outbuf_putc(ob, (char)c);
		} else if (c == '\n') {
			outbuf_puts(ob, "\\n");
		} else if (c == '\t') {
			outbuf_puts(ob, "\\t");
		} else if (c < 0x20 || c >= 0x7f) {
			outbuf_puts(ob, "\\u00");
			outbuf_putc(ob, hex[c >> 4]);
			outbuf_putc(ob, hex[c & 15]);
		} else {
			outbuf_putc(ob, (char)c);
		}
	}
	outbuf_putc(ob, '"');
}

static void json_cstr(struct outbuf *ob, const char *s)
{
	sc_json_string(ob, s, strlen(s));
}

/* Milliseconds with microsecond digits, as the text line's stamp. */
static void json_ms(struct outbuf *ob, u64 ns)
{
	outbuf_fixed(ob, ns / 1000, 3, 0);
}

/* "type", "time", "pid", "tid", "comm": what every object starts with. */
static void json_head(struct outbuf *ob, const char *type, u64 ts, u32 pid, u32 tid, const char *comm,
		      const struct sc_print_opts *o)
{
	u64 t = o->abs_time ? ts : (ts >= o->base_ns ? ts - o->base_ns : 0);

	outbuf_puts(ob, "{\"type\":");
	json_cstr(ob, type);
	outbuf_puts(ob, ",\"time\":");
	json_ms(ob, t);
	if (o->wall_clock) {
		/* The wall-clock stamp the text line would start with. */
		struct outbuf w;
		const char *stamp;

		outbuf_init_mem(&w);
		sc_print_prefix(&w, ts, 0, false, NULL, 0, o);
		stamp = outbuf_cstr(&w);
		outbuf_puts(ob, ",\"wall\":");
		sc_json_string(ob, stamp, strcspn(stamp, " "));
		outbuf_release(&w);
	}
	outbuf_printf(ob, ",\"pid\":%u,\"tid\":%u,\"comm\":", pid, tid);
	json_cstr(ob, comm ? comm : "");
}

/* The register value as the argument's C type reads it: AT_FDCWD is -100,
 * a pointer or a size is unsigned. */
static void json_raw(struct outbuf *ob, const char *type, u64 v)
{
	static const char *const s32_types[] = { "int", "pid_t", "clockid_t", "timer_t", "mqd_t", "key_serial_t" };
	static const char *const s64_types[] = { "long", "off_t", "loff_t", "ssize_t", "__kernel_old_time_t" };
	static const char *const u32_types[] = { "unsigned int", "unsigned", "u32", "uid_t", "gid_t", "qid_t",
						 "rwf_t", "__u32" };

	if (!strchr(type, '*')) {
		for (size_t i = 0; i < ARRAY_SIZE(s32_types); i++)
			if (!strcmp(type, s32_types[i])) {
				outbuf_s64(ob, (s32)(u32)v);
				return;
			}
		for (size_t i = 0; i < ARRAY_SIZE(s64_types); i++)
			if (!strcmp(type, s64_types[i])) {
				outbuf_s64(ob, (s64)v);
				return;
			}
		for (size_t i = 0; i < ARRAY_SIZE(u32_types); i++)
			if (!strcmp(type, u32_types[i])) {
				outbuf_u64(ob, (u32)v);
				return;
			}
	}
	outbuf_u64(ob, v);
}

void sc_json_event(struct outbuf *ob, const struct sc_event *ev, const struct sc_desc *d, struct fdtables *fdt,
		   const struct sc_print_opts *o)
{
	struct outbuf val;
	bool has_dur = ev->kind == SCRY_SC_COMPLETE && !ev->continued;

	outbuf_init_mem(&val);
	json_head(ob, "syscall", ev->continued ? ev->ts_exit : ev->ts_enter, ev->pid, ev->tid, ev->comm, o);
	outbuf_puts(ob, ",\"dur\":");
	if (has_dur)
		json_ms(ob, ev->ts_exit >= ev->ts_enter ? ev->ts_exit - ev->ts_enter : 0);
	else
		outbuf_puts(ob, "null");
	outbuf_puts(ob, ",\"syscall\":");
	json_cstr(ob, d->name);
	if (ev->continued)
		outbuf_puts(ob, ",\"continued\":true");
	outbuf_puts(ob, ",\"args\":[");
	if (!ev->continued || ev->args_known) {
		for (int i = 0; i < (d->nargs < 0 ? SCRY_SC_NARGS : d->nargs); i++) {
			bool shown = true;

			if (i)
				outbuf_putc(ob, ',');
			outbuf_puts(ob, "{\"name\":");
			if (d->nargs < 0) {
				outbuf_printf(ob, "\"arg%d\",\"value\":\"0x%llx\",\"raw\":%llu", i,
					      (unsigned long long)ev->args[i], (unsigned long long)ev->args[i]);
			} else {
				outbuf_reset(&val);
				sc_print_arg_value(&val, ev, d, i, fdt, o, &shown);
				json_cstr(ob, d->args[i].name);
				outbuf_puts(ob, ",\"value\":");
				sc_json_string(ob, val.buf, val.len);
				outbuf_puts(ob, ",\"raw\":");
				json_raw(ob, d->args[i].type, ev->args[i]);
				/* Left out of the text line (open's mode without O_CREAT). */
				if (!shown)
					outbuf_puts(ob, ",\"shown\":false");
			}
			outbuf_putc(ob, '}');
		}
	}
	outbuf_puts(ob, "],\"ret\":");
	if (ev->kind == SCRY_SC_COMPLETE) {
		const char *en = ev->ret < 0 && ev->ret >= -4095 ? errno_name((int)-ev->ret) : NULL;

		outbuf_s64(ob, ev->ret < 0 && ev->ret >= -4095 ? -1 : ev->ret);
		outbuf_puts(ob, ",\"result\":");
		outbuf_reset(&val);
		sc_print_result(&val, ev, d, fdt, o);
		sc_json_string(ob, val.buf, val.len);
		outbuf_puts(ob, ",\"errno\":");
		if (en)
			json_cstr(ob, en);
		else if (ev->ret < 0 && ev->ret >= -4095)
			outbuf_s64(ob, -ev->ret);
		else
			outbuf_puts(ob, "null");
	} else {
		outbuf_puts(ob, "null,\"result\":\"?\",\"errno\":null");
		if (ev->kind == SCRY_SC_UNFINISHED)
			outbuf_puts(ob, ev->in_progress ? ",\"unfinished\":\"detached\"" : ",\"unfinished\":\"died\"");
		else
			outbuf_puts(ob, ",\"unfinished\":\"noreturn\"");
	}
	outbuf_puts(ob, "}\n");
	outbuf_release(&val);
}

void sc_json_signal(struct outbuf *ob, const struct sc_event *ev, const struct sc_print_opts *o)
{
	int sig = ev->nr, code = (int)(s64)ev->args[0];
	const char *name = signal_name(sig), *code_name = siginfo_code_name(sig, code);
	u32 pid = (u32)ev->args[1], uid = (u32)(ev->args[1] >> 32);

	json_head(ob, "signal", ev->ts_enter, ev->pid, ev->tid, ev->comm, o);
	outbuf_puts(ob, ",\"signal\":");
	if (name)
		json_cstr(ob, name);
	else
		outbuf_s64(ob, sig);
	outbuf_printf(ob, ",\"signo\":%d,\"code\":", sig);
	if (code_name)
		json_cstr(ob, code_name);
	else
		outbuf_s64(ob, code);
	switch (siginfo_layout_of(sig, code)) {
	case SIGINFO_KILL:
		outbuf_printf(ob, ",\"si_pid\":%u,\"si_uid\":%u", pid, uid);
		break;
	case SIGINFO_CHLD:
		outbuf_printf(ob, ",\"si_pid\":%u,\"si_uid\":%u,\"si_status\":%d", pid, uid, (int)(u32)ev->args[2]);
		break;
	case SIGINFO_FAULT:
		outbuf_printf(ob, ",\"si_addr\":%llu", (unsigned long long)ev->args[1]);
		break;
	default:
		break;
	}
	outbuf_puts(ob, "}\n");
}

void sc_json_exit(struct outbuf *ob, u64 ts, u32 pid, u32 tid, const char *comm, int status,
		  const struct sc_print_opts *o)
{
	json_head(ob, "exit", ts, pid, tid, comm, o);
	if (WIFSIGNALED(status)) {
		const char *name = signal_name(WTERMSIG(status));

		outbuf_puts(ob, ",\"killed_by\":");
		if (name)
			json_cstr(ob, name);
		else
			outbuf_s64(ob, WTERMSIG(status));
		outbuf_printf(ob, ",\"core_dumped\":%s", WCOREDUMP(status) ? "true" : "false");
	} else {
		outbuf_printf(ob, ",\"exit_code\":%d", WEXITSTATUS(status));
	}
	outbuf_puts(ob, "}\n");
}

void sc_json_tp_event(struct outbuf *ob, u64 ts, u32 pid, u32 tid, const char *comm, const char *name,
		      const char *fields, size_t len, const struct sc_print_opts *o)
{
	json_head(ob, "event", ts, pid, tid, comm, o);
	outbuf_puts(ob, ",\"event\":");
	json_cstr(ob, name);
	outbuf_puts(ob, ",\"fields\":");
	sc_json_string(ob, fields, len);
	outbuf_puts(ob, "}\n");
}

void sc_json_lost(struct outbuf *ob, int cpu, u64 n)
{
	outbuf_puts(ob, "{\"type\":\"lost\",\"cpu\":");
	if (cpu >= 0)
		outbuf_s64(ob, cpu);
	else
		outbuf_puts(ob, "null");
	outbuf_printf(ob, ",\"events\":%llu%s}\n", (unsigned long long)n, cpu < 0 ? ",\"at_end\":true" : "");
}
