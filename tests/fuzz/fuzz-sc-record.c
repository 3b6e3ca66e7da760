/* libFuzzer harness: a record of the BPF syscall tracer as `scry trace -i`
 * reads it from a file (sc_event_from_bpf: header, strings, argv, pieces
 * copied by rule), then every argument printer that reads copied memory,
 * and every result printer, over what was decoded. */
#include "tests/fuzz/fuzz.h"
#include "util/outbuf.h"
#include "util/trace/beauty/beauty-internal.h"
#include "util/trace/sc-event.h"

/* Each piece inside the record, its bytes too. */
static void check_inside(const struct sc_event *ev, const uint8_t *data, size_t size)
{
	for (unsigned i = 0; i < ev->ncap; i++) {
		const struct sc_cap *c = &ev->caps[i];

		if (c->data < data || c->data + c->len > data + size || c->arg >= SCRY_SC_NARGS)
			abort();
	}
	for (int i = 0; i < SCRY_SC_NARGS; i++)
		if (ev->str[i] && ((const uint8_t *)ev->str[i] < data ||
				   (const uint8_t *)ev->str[i] + ev->str_len[i] > data + size))
			abort();
}

static const char *no_path(void *priv, pid_t pid, int fd)
{
	(void)priv;
	(void)pid;
	(void)fd;
	return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sc_event *ev = malloc(sizeof(*ev));
	struct sc_arg_ctx ctx;
	struct outbuf ob;

	if (!ev)
		return 0;
	if (sc_event_from_bpf(data, (u32)size, 0, ev)) {
		free(ev);
		return 0;
	}
	check_inside(ev, data, size);
	memset(&ctx, 0, sizeof(ctx));
	ctx.args = ev->args;
	ctx.pid = (pid_t)ev->pid;
	ctx.fd_path = no_path;
	ctx.string_limit = 32;
	ctx.ret = ev->ret;
	ctx.ret_valid = ev->kind == SCRY_SC_COMPLETE;
	ctx.caps = ev->caps;
	ctx.ncap = ev->ncap;
	ctx.verbose = size & 1;     /* both forms, as the input decides */
	ctx.xlat = (int)(size % 3);
	outbuf_init_mem(&ob);
	for (size_t i = 0; i < bt_sc_arg_exceptions_nr; i++) {
		const struct sc_arg_fmt *f = bt_sc_arg_exceptions[i].fmt;

		if (!f->cap.kind && !f->is_buf_in && !f->is_buf_out)
			continue;
		for (unsigned a = 0; a < SCRY_SC_NARGS; a++) {
			ctx.idx = a;
			ctx.str = ev->str[a];
			ctx.str_len = ev->str_len[a];
			ctx.str_valid = ev->str[a] != NULL;
			ctx.str_is_buf = ev->str_is_buf[a];
			ctx.str_truncated = ev->str_truncated[a];
			if (!f->show || f->show(ev->args[a], &ctx))
				f->print(&ob, ev->args[a], &ctx);
			outbuf_reset(&ob);
		}
	}
	for (size_t i = 0; i < bt_sc_ret_fmts_nr; i++) {
		if (bt_sc_ret_fmts[i].print)
			bt_sc_ret_fmts[i].print(&ob, ev->ret, &ctx);
		outbuf_reset(&ob);
	}
	outbuf_release(&ob);
	free(ev);
	return 0;
}
