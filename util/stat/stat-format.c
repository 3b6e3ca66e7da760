#include "util/stat/stat-format.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void stat_format_number(char *buf, size_t len, double v, int decimals, char sep, int width)
{
	char digits[64], out[96];
	const char *p = digits, *dot;
	size_t n = 0, int_len;

	if (!len)
		return;
	snprintf(digits, sizeof(digits), "%.*f", decimals, v);
	if (*p == '-')
		out[n++] = *p++;
	dot = strchr(p, '.');
	int_len = dot ? (size_t)(dot - p) : strlen(p);
	for (size_t i = 0; i < int_len && n < sizeof(out) - 2; i++) {
		/* A separator before every group of three digits but the first. */
		if (sep && i && (int_len - i) % 3 == 0)
			out[n++] = sep;
		out[n++] = p[i];
	}
	for (const char *q = p + int_len; *q && n < sizeof(out) - 1; q++)
		out[n++] = *q;
	out[n] = '\0';
	snprintf(buf, len, "%*s", width, out);
}

void stat_var_add(struct stat_var *v, double x)
{
	double delta = x - v->mean;

	v->n++;
	v->mean += delta / (double)v->n;
	v->m2 += delta * (x - v->mean);
}

double stat_var_stddev_mean(const struct stat_var *v)
{
	double variance;

	if (v->n < 2)
		return 0;
	variance = v->m2 / (double)(v->n - 1);
	return sqrt(variance / (double)v->n);
}

double stat_var_rel_pct(const struct stat_var *v)
{
	return v->mean ? 100.0 * stat_var_stddev_mean(v) / v->mean : 0;
}

int stat_var_precision(double stddev)
{
	if (stddev > 1 || stddev <= 0)
		return 2;
	return (int)lround(ceil(-log10(stddev))) + 2;
}

double stat_rate_scale(double per_sec, char *unit, size_t len)
{
	static const struct { double div; const char *unit; } steps[] = {
		{ 1e9, "G/sec" }, { 1e6, "M/sec" }, { 1e3, "K/sec" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(steps); i++)
		if (per_sec > steps[i].div) {
			snprintf(unit, len, "%s", steps[i].unit);
			return per_sec / steps[i].div;
		}
	snprintf(unit, len, "/sec");
	return per_sec;
}

static const char *state_text(enum stat_state s)
{
	return s == STAT_NOT_SUPPORTED ? "<not supported>" : "<not counted>";
}

void stat_aggr_name(char *buf, size_t len, enum stat_aggr aggr, const struct stat_aggr_id *id)
{
	switch (aggr) {
	case STAT_AGGR_NONE:
		snprintf(buf, len, "CPU%d", id->cpu);
		break;
	case STAT_AGGR_THREAD:
		snprintf(buf, len, "%s-%d", id->comm ? id->comm : "", id->tid);
		break;
	case STAT_AGGR_CORE:
		snprintf(buf, len, "S%d-D%d-C%d", id->socket, id->die, id->core);
		break;
	case STAT_AGGR_DIE:
		snprintf(buf, len, "S%d-D%d", id->socket, id->die);
		break;
	case STAT_AGGR_SOCKET:
		snprintf(buf, len, "S%d", id->socket);
		break;
	case STAT_AGGR_NODE:
		snprintf(buf, len, "N%d", id->node);
		break;
	case STAT_AGGR_GLOBAL:
		snprintf(buf, len, "%s", "");
		break;
	}
}

/* ---- columns (perf's default) ---------------------------------------------- */

/* Metric column: " # " VALUE " " UNIT, 35 columns in all, or blanks (28
 * after a count perf could not take, as perf pads it). */
enum { STD_COUNT_W = 18, STD_EVENT_W = 32, STD_METRIC_W = 35, STD_NO_COUNT_W = 28 };

static void std_aggr(struct outbuf *ob, const struct stat_line *l)
{
	const struct stat_aggr_id *id = &l->id;

	switch (l->aggr) {
	case STAT_AGGR_GLOBAL:
		break;
	case STAT_AGGR_NONE:
		outbuf_printf(ob, "CPU%-7d ", id->cpu);
		break;
	case STAT_AGGR_THREAD:
		outbuf_printf(ob, "%16s-%-8d ", id->comm ? id->comm : "", id->tid);
		break;
	case STAT_AGGR_CORE:
		outbuf_printf(ob, "S%d-D%d-C%-8d %4d ", id->socket, id->die, id->core, id->nr);
		break;
	case STAT_AGGR_DIE:
		outbuf_printf(ob, "S%d-D%-8d %4d ", id->socket, id->die, id->nr);
		break;
	case STAT_AGGR_SOCKET:
		outbuf_printf(ob, "S%-5d %4d ", id->socket, id->nr);
		break;
	case STAT_AGGR_NODE:
		outbuf_printf(ob, "N%-5d %4d ", id->node, id->nr);
		break;
	}
}

static void std_line(struct outbuf *ob, const struct stat_print_opts *o, const struct stat_line *l)
{
	char num[96];

	if (l->has_interval)
		outbuf_printf(ob, "%6llu.%09llu ", (unsigned long long)(l->interval_ns / 1000000000ull),
			      (unsigned long long)(l->interval_ns % 1000000000ull));
	std_aggr(ob, l);
	if (l->state == STAT_COUNTED) {
		stat_format_number(num, sizeof(num), l->value, l->fraction ? 2 : 0, o->big_num ? ',' : 0,
				   STD_COUNT_W);
		outbuf_printf(ob, "%s ", num);
	} else {
		outbuf_printf(ob, "%*s ", STD_COUNT_W, state_text(l->state));
	}
	outbuf_printf(ob, "%-*s %-*s", o->unit_width, l->unit ? l->unit : "", STD_EVENT_W, l->event);
	if (l->state == STAT_COUNTED && l->has_metric) {
		char val[64];
		int n;

		snprintf(val, sizeof(val), l->metric_fmt, l->metric);
		n = 3 + (int)strlen(val);
		outbuf_printf(ob, " # %s %-*s", val, STD_METRIC_W - n - 1, l->metric_unit);
	} else {
		outbuf_printf(ob, "%-*s", l->state == STAT_COUNTED ? STD_METRIC_W : STD_NO_COUNT_W, "");
	}
	if (l->state == STAT_COUNTED && l->running_pct < 100)
		outbuf_printf(ob, "  (%.2f%%)", l->running_pct);
	if (l->has_noise && l->noise_pct)
		outbuf_printf(ob, "  ( +-%6.2f%% )", l->noise_pct);
	outbuf_putc(ob, '\n');
}

/* ---- -x SEP -------------------------------------------------------------- */

static void csv_aggr(struct outbuf *ob, const char *sep, const struct stat_line *l)
{
	char name[96];

	if (l->aggr == STAT_AGGR_GLOBAL)
		return;
	stat_aggr_name(name, sizeof(name), l->aggr, &l->id);
	outbuf_printf(ob, "%s%s", name, sep);
	if (l->aggr != STAT_AGGR_NONE && l->aggr != STAT_AGGR_THREAD)
		outbuf_printf(ob, "%d%s", l->id.nr, sep);
}

/* A metric without perf's leading blanks ("%8.3f" pads). */
static void metric_text(char *buf, size_t len, const struct stat_line *l)
{
	char tmp[64];
	const char *p = tmp;

	snprintf(tmp, sizeof(tmp), l->metric_fmt, l->metric);
	while (*p == ' ')
		p++;
	snprintf(buf, len, "%s", p);
	/* "%7.2f " and "%7.2f%%" carry a trailing blank or sign of their own. */
	for (size_t n = strlen(buf); n && buf[n - 1] == ' '; n--)
		buf[n - 1] = '\0';
}

static void csv_line(struct outbuf *ob, const struct stat_print_opts *o, const struct stat_line *l)
{
	const char *sep = o->sep;

	if (l->has_interval)
		outbuf_printf(ob, "%6llu.%09llu%s", (unsigned long long)(l->interval_ns / 1000000000ull),
			      (unsigned long long)(l->interval_ns % 1000000000ull), sep);
	csv_aggr(ob, sep, l);
	if (l->state == STAT_COUNTED)
		outbuf_printf(ob, "%.*f%s", l->fraction ? 2 : 0, l->value, sep);
	else
		outbuf_printf(ob, "%s%s", state_text(l->state), sep);
	outbuf_printf(ob, "%s%s%s", l->unit ? l->unit : "", sep, l->event);
	if (l->has_noise)
		outbuf_printf(ob, "%s%.2f%%", sep, l->noise_pct);
	outbuf_printf(ob, "%s%llu%s%.2f", sep, (unsigned long long)l->run_ns, sep, l->running_pct);
	if (l->state == STAT_COUNTED && l->has_metric) {
		char val[64];

		metric_text(val, sizeof(val), l);
		outbuf_printf(ob, "%s%s%s%s", sep, val, sep, l->metric_unit);
	} else {
		outbuf_printf(ob, "%s%s", sep, sep);
	}
	outbuf_putc(ob, '\n');
}

/* ---- -j -------------------------------------------------------------------- */

static void json_string(struct outbuf *ob, const char *s)
{
	outbuf_putc(ob, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			outbuf_printf(ob, "\\%c", c);
		else if (c < 0x20)
			outbuf_printf(ob, "\\u%04x", c);
		else
			outbuf_putc(ob, (char)c);
	}
	outbuf_putc(ob, '"');
}

static void json_aggr(struct outbuf *ob, const struct stat_line *l)
{
	static const char *const keys[] = {
		[STAT_AGGR_NONE] = "cpu", [STAT_AGGR_THREAD] = "thread", [STAT_AGGR_CORE] = "core",
		[STAT_AGGR_DIE] = "die", [STAT_AGGR_SOCKET] = "socket", [STAT_AGGR_NODE] = "node",
	};
	char name[96];

	if (l->aggr == STAT_AGGR_GLOBAL)
		return;
	if (l->aggr == STAT_AGGR_NONE)
		snprintf(name, sizeof(name), "%d", l->id.cpu);
	else
		stat_aggr_name(name, sizeof(name), l->aggr, &l->id);
	outbuf_printf(ob, "\"%s\" : ", keys[l->aggr]);
	json_string(ob, name);
	outbuf_puts(ob, ", ");
	if (l->aggr != STAT_AGGR_NONE && l->aggr != STAT_AGGR_THREAD)
		outbuf_printf(ob, "\"aggregate-number\" : %d, ", l->id.nr);
}

static void json_line(struct outbuf *ob, const struct stat_line *l)
{
	outbuf_putc(ob, '{');
	if (l->has_interval)
		outbuf_printf(ob, "\"interval\" : %llu.%09llu, ",
			      (unsigned long long)(l->interval_ns / 1000000000ull),
			      (unsigned long long)(l->interval_ns % 1000000000ull));
	json_aggr(ob, l);
	if (l->state == STAT_COUNTED)
		outbuf_printf(ob, "\"counter-value\" : \"%f\", ", l->value);
	else
		outbuf_printf(ob, "\"counter-value\" : \"%s\", ", state_text(l->state));
	outbuf_puts(ob, "\"unit\" : ");
	json_string(ob, l->unit ? l->unit : "");
	outbuf_puts(ob, ", \"event\" : ");
	json_string(ob, l->event);
	outbuf_puts(ob, ", ");
	if (l->has_noise)
		outbuf_printf(ob, "\"variance\" : %.2f, ", l->noise_pct);
	outbuf_printf(ob, "\"event-runtime\" : %llu, \"pcnt-running\" : %.2f, ", (unsigned long long)l->run_ns,
		      l->running_pct);
	if (l->state == STAT_COUNTED && l->has_metric) {
		outbuf_printf(ob, "\"metric-value\" : %f, \"metric-unit\" : ", l->metric);
		json_string(ob, l->metric_unit);
	} else {
		outbuf_puts(ob, "\"metric-value\" : 0.000000, \"metric-unit\" : \"\"");
	}
	outbuf_puts(ob, "}\n");
}

void stat_line_format(struct outbuf *ob, const struct stat_print_opts *o, const struct stat_line *l)
{
	switch (o->mode) {
	case STAT_OUT_STD:
		std_line(ob, o, l);
		break;
	case STAT_OUT_CSV:
		csv_line(ob, o, l);
		break;
	case STAT_OUT_JSON:
		json_line(ob, l);
		break;
	}
}

void stat_interval_header(struct outbuf *ob, const struct stat_print_opts *o, enum stat_aggr aggr)
{
	static const char *const heads[] = {
		[STAT_AGGR_GLOBAL] = "#           time",
		[STAT_AGGR_NONE] = "#           time CPU       ",
		[STAT_AGGR_THREAD] = "#           time             comm-pid     ",
		[STAT_AGGR_CORE] = "#           time core            cpus",
		[STAT_AGGR_DIE] = "#           time die          cpus",
		[STAT_AGGR_SOCKET] = "#           time socket cpus",
		[STAT_AGGR_NODE] = "#           time node   cpus",
	};

	if (o->mode != STAT_OUT_STD)
		return;
	outbuf_printf(ob, "%s             counts %*s events\n", heads[aggr], o->unit_width, "unit");
}
