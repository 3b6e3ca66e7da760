#include "util/trace/syscall-desc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Syscalls whose tracefs event is named after the kernel function rather
 * than the uapi name. */
static const struct {
	const char *uapi;
	const char *tracefs;
} tracefs_aliases[] = {
	{ "stat", "newstat" },
	{ "lstat", "newlstat" },
	{ "fstat", "newfstat" },
	{ "uname", "newuname" },
	{ "sendfile", "sendfile64" },
	{ "umount2", "umount" },
};

const char *sc_tracefs_name(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(tracefs_aliases); i++)
		if (!strcmp(tracefs_aliases[i].uapi, name))
			return tracefs_aliases[i].tracefs;
	return name;
}

void sc_descs_init(struct sc_descs *d, struct tp_formats *formats)
{
	memset(d, 0, sizeof(*d));
	d->formats = formats;
}

void sc_descs_release(struct sc_descs *d)
{
	for (int i = 0; i < SYSCALL_NR_MAX; i++)
		free(d->desc[i]);
	memset(d, 0, sizeof(*d));
}

/* Calls whose new descriptor is a socket: its inode is read when the call
 * returns, so the descriptor shows as socket:[N] even when the program has
 * closed it by the time the line is printed (strace asks /proc while the
 * process is stopped). */
static const char *const socket_makers[] = { "socket", "accept", "accept4" };

static void add_fd_inode_rule(struct sc_desc *sd)
{
	struct scry_sc_cap_rule *cr;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(socket_makers); i++)
		if (!strcmp(sd->name, socket_makers[i]))
			break;
	if (i == ARRAY_SIZE(socket_makers) || sd->ncap >= SCRY_SC_NCAP)
		return;
	cr = &sd->caps[sd->ncap++];
	memset(cr, 0, sizeof(*cr));
	cr->arg = 1;
	cr->kind = SCRY_CAP_FD_INODE;
	cr->when = SCRY_CAP_EXIT;
}

/* rt_sigreturn takes no argument but its signal frame, which strace
 * shows ({mask=[...]}): an argument of its own here, read by rule. */
static void add_frame_arg(struct sc_desc *sd)
{
	struct sc_arg_desc *a;
	struct scry_sc_cap_rule *cr;

	if (strcmp(sd->name, "rt_sigreturn") || sd->nargs != 0 || sd->ncap >= SCRY_SC_NCAP)
		return;
	a = &sd->args[sd->nargs];
	snprintf(a->name, sizeof(a->name), "frame");
	snprintf(a->type, sizeof(a->type), "struct rt_sigframe *");
	a->fmt = sc_arg_fmt_pick(sd->name, a->name, a->type);
	cr = &sd->caps[sd->ncap++];
	cr->arg = (u8)(sd->nargs + 1);
	cr->kind = a->fmt->cap.kind;
	cr->when = a->fmt->cap.when;
	cr->size = a->fmt->cap.size;
	sd->nargs++;
}

static void load_args(struct sc_descs *d, struct sc_desc *sd)
{
	char evname[64];
	struct tep_event *ev;
	struct tep_format_field **fields;
	int n, nstr = 0, nbuf = 0;

	if (!d->formats)
		return;
	snprintf(evname, sizeof(evname), "sys_enter_%s", sd->tp_name);
	ev = tp_formats_get(d->formats, "syscalls", evname);
	if (!ev)
		return;
	sd->has_tracepoint = true;
	fields = tp_fields(ev, &n);
	sd->nargs = 0;
	for (int i = 0; i < n && sd->nargs < SC_MAX_ARGS; i++) {
		struct sc_arg_desc *a;
		/* The first field is the syscall number, not an argument. */
		if (!strcmp(fields[i]->name, "__syscall_nr"))
			continue;
		a = &sd->args[sd->nargs];
		snprintf(a->name, sizeof(a->name), "%s", fields[i]->name);
		snprintf(a->type, sizeof(a->type), "%s", fields[i]->type);
		a->fmt = sc_arg_fmt_pick(sd->name, a->name, a->type);
		if (a->fmt->is_string && nstr < 2)
			sd->str_args[nstr++] = (u8)(sd->nargs + 1);
		if (a->fmt->is_vector && !sd->vec_arg)
			sd->vec_arg = (u8)(sd->nargs + 1);
		if (a->fmt->is_counted && !sd->cnt_arg)
			sd->cnt_arg = (u8)(sd->nargs + 1);
		if (a->fmt->cap.kind && sd->ncap < SCRY_SC_NCAP && !a->fmt->is_vector) {
			const struct sc_cap_spec *cs = &a->fmt->cap;
			struct scry_sc_cap_rule *cr = &sd->caps[sd->ncap++];

			cr->arg = (u8)(sd->nargs + 1);
			cr->kind = cs->kind;
			cr->when = cs->when;
			cr->len_arg = (u8)(cs->len_arg < 0 ? sd->nargs + 1 : cs->len_arg);
			cr->size = cs->size;
			cr->max = cs->max;
		}
		if ((a->fmt->is_buf_in || a->fmt->is_buf_out) && nbuf < 2) {
			sd->buf_arg[nbuf] = (u8)(sd->nargs + 1);
			sd->buf_out[nbuf] = a->fmt->is_buf_out;
			sd->buf_size[nbuf++] = a->fmt->buf_size;
		}
		sd->nargs++;
	}
	free(fields);
	add_frame_arg(sd);
}

const struct sc_desc *sc_descs_get(struct sc_descs *d, int nr)
{
	struct sc_desc *sd;
	const char *name;

	if (nr < 0 || nr >= SYSCALL_NR_MAX)
		return NULL;
	if (d->desc[nr])
		return d->desc[nr];
	sd = calloc(1, sizeof(*sd));
	if (!sd)
		return NULL;
	sd->nr = nr;
	sd->nargs = -1;
	name = syscall_name(nr);
	if (name) {
		snprintf(sd->name, sizeof(sd->name), "%s", name);
		snprintf(sd->tp_name, sizeof(sd->tp_name), "%s", sc_tracefs_name(name));
		load_args(d, sd);
	} else {
		snprintf(sd->name, sizeof(sd->name), "syscall_%d", nr);
	}
	sd->ret_kind = sc_ret_kind(sd->name);
	sd->ret_fmt = sc_ret_fmt_find(sd->name);
	add_fd_inode_rule(sd);
	/* An exec's record holds its argv where the pieces would go. */
	if (sd->vec_arg || sd->cnt_arg)
		sd->ncap = 0;
	sd->noreturn = sd->ret_kind == SC_RET_NONE;
	d->desc[nr] = sd;
	return sd;
}
