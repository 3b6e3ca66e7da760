/* The lexer of the aggregation language (see lexer.h). Token shapes follow
 * bpftrace 0.17's lexer.l, with two deliberate differences: a number glued
 * to letters ("123abc", "1_") is one bad number rather than a number and a
 * name, and a probe spec is one token (bpftrace glues it back together from
 * ordinary tokens). */
#include <string.h>

#include "util/lang/diag.h"
#include "util/lang/lexer.h"

/* Punctuation, longest spelling first so the first match is the longest.
 * '/' is not here: whether it divides or ends a predicate depends on what
 * follows it (lex_slash). */
static const struct { const char *text; enum lang_tok kind; } punct[] = {
	{ "<<=", TOK_SHL_ASSIGN }, { ">>=", TOK_SHR_ASSIGN },
	{ "->", TOK_ARROW }, { "++", TOK_INC }, { "--", TOK_DEC },
	{ "+=", TOK_ADD_ASSIGN }, { "-=", TOK_SUB_ASSIGN }, { "*=", TOK_MUL_ASSIGN },
	{ "%=", TOK_MOD_ASSIGN }, { "&=", TOK_AND_ASSIGN }, { "|=", TOK_OR_ASSIGN },
	{ "^=", TOK_XOR_ASSIGN }, { "==", TOK_EQ }, { "!=", TOK_NE }, { "<=", TOK_LE },
	{ ">=", TOK_GE }, { "<<", TOK_SHL }, { ">>", TOK_SHR }, { "&&", TOK_LAND }, { "||", TOK_LOR },
	{ "(", TOK_LPAREN }, { ")", TOK_RPAREN }, { "{", TOK_LBRACE }, { "}", TOK_RBRACE },
	{ "[", TOK_LBRACKET }, { "]", TOK_RBRACKET }, { ",", TOK_COMMA }, { ";", TOK_SEMI },
	{ ":", TOK_COLON }, { "?", TOK_QUESTION }, { ".", TOK_DOT }, { "=", TOK_ASSIGN },
	{ "<", TOK_LT }, { ">", TOK_GT }, { "+", TOK_PLUS }, { "-", TOK_MINUS }, { "*", TOK_STAR },
	{ "%", TOK_PERCENT }, { "&", TOK_AMP }, { "|", TOK_PIPE }, { "^", TOK_CARET },
	{ "!", TOK_BANG }, { "~", TOK_TILDE },
};

static const char *const tok_names[] = {
	[TOK_EOF] = "end of file", [TOK_INT] = "integer", [TOK_STRING] = "string",
	[TOK_IDENT] = "identifier", [TOK_VAR] = "variable", [TOK_MAP] = "map",
	[TOK_POSITIONAL] = "positional parameter", [TOK_PARAMCOUNT] = "'$#'", [TOK_PROBE] = "probe",
	[TOK_LPAREN] = "'('", [TOK_RPAREN] = "')'", [TOK_LBRACE] = "'{'", [TOK_RBRACE] = "'}'",
	[TOK_LBRACKET] = "'['", [TOK_RBRACKET] = "']'", [TOK_COMMA] = "','", [TOK_SEMI] = "';'",
	[TOK_COLON] = "':'", [TOK_QUESTION] = "'?'", [TOK_DOT] = "'.'", [TOK_ARROW] = "'->'",
	[TOK_ASSIGN] = "'='", [TOK_EQ] = "'=='", [TOK_NE] = "'!='", [TOK_LT] = "'<'", [TOK_LE] = "'<='",
	[TOK_GT] = "'>'", [TOK_GE] = "'>='", [TOK_SHL] = "'<<'", [TOK_SHR] = "'>>'",
	[TOK_PLUS] = "'+'", [TOK_MINUS] = "'-'", [TOK_STAR] = "'*'", [TOK_SLASH] = "'/'",
	[TOK_PERCENT] = "'%'", [TOK_AMP] = "'&'", [TOK_PIPE] = "'|'", [TOK_CARET] = "'^'",
	[TOK_BANG] = "'!'", [TOK_TILDE] = "'~'", [TOK_LAND] = "'&&'", [TOK_LOR] = "'||'",
	[TOK_INC] = "'++'", [TOK_DEC] = "'--'", [TOK_ADD_ASSIGN] = "'+='", [TOK_SUB_ASSIGN] = "'-='",
	[TOK_MUL_ASSIGN] = "'*='", [TOK_DIV_ASSIGN] = "'/='", [TOK_MOD_ASSIGN] = "'%='",
	[TOK_AND_ASSIGN] = "'&='", [TOK_OR_ASSIGN] = "'|='", [TOK_XOR_ASSIGN] = "'^='",
	[TOK_SHL_ASSIGN] = "'<<='", [TOK_SHR_ASSIGN] = "'>>='", [TOK_ENDPRED] = "'/'",
};
_Static_assert(ARRAY_SIZE(tok_names) == TOK_ENDPRED + 1, "a token without a name");

const char *lang_lex_tok_name(enum lang_tok kind)
{
	if ((unsigned)kind < ARRAY_SIZE(tok_names) && tok_names[kind])
		return tok_names[kind];
	return "token";
}

/* Integer suffixes C accepts (any case), as bpftrace does; they change
 * nothing, the checker types literals by value. */
static const char *const int_suffixes[] = { "u", "l", "ul", "lu", "ll", "ull", "llu" };

static bool is_alpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
static bool is_digit(int c) { return c >= '0' && c <= '9'; }
static bool is_alnum(int c) { return is_alpha(c) || is_digit(c); }
static bool is_space(int c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

static int digit_value(int c)
{
	if (is_digit(c))
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

static bool suffix_ok(const char *s, size_t n)
{
	if (!n)
		return true;
	for (size_t i = 0; i < ARRAY_SIZE(int_suffixes); i++) {
		size_t k;

		if (strlen(int_suffixes[i]) != n)
			continue;
		for (k = 0; k < n && (s[k] | 0x20) == int_suffixes[i][k]; k++)
			;
		if (k == n)
			return true;
	}
	return false;
}

/* Digits of base from s[*i], '_' allowed between two of them. Stops at the
 * first character that is not one; *ndigits counts the digits read. */
static int scan_digits(const char *s, size_t n, size_t *i, int base, u64 *v, int *ndigits,
		       const char **why)
{
	static const char *const octal_why[] = {
		"invalid digit '8' in an octal number", "invalid digit '9' in an octal number",
	};

	for (; *i < n; (*i)++) {
		int c = s[*i], d;

		if (c == '_') {
			if (!*ndigits || *i + 1 >= n || digit_value(s[*i + 1]) >= base) {
				*why = "'_' must stand between two digits";
				return -1;
			}
			continue;
		}
		d = digit_value(c);
		if (base == 8 && (c == '8' || c == '9')) {
			*why = octal_why[c - '8'];
			return -1;
		}
		if (d >= base)
			break;
		if (__builtin_mul_overflow(*v, (u64)base, v) || __builtin_add_overflow(*v, (u64)d, v)) {
			*why = "out of range (more than 64 bits)";
			return -1;
		}
		(*ndigits)++;
	}
	return 0;
}

int lang_lex_number(const char *s, size_t n, u64 *val, const char **why)
{
	size_t i = 0;
	u64 v = 0, e = 0;
	int base = 10, nd = 0;

	*why = "not a number";
	if (!n || !is_digit(s[0]))
		return -1;
	if (n >= 2 && s[0] == '0' && (s[1] | 0x20) == 'x') {
		base = 16;
		i = 2;
	} else if (n >= 2 && s[0] == '0' && (is_digit(s[1]) || s[1] == '_')) {
		base = 8;
	}
	if (scan_digits(s, n, &i, base, &v, &nd, why))
		return -1;
	if (!nd) {
		*why = "no digits after 0x";
		return -1;
	}
	/* 1e6: an integer times a power of ten (bpftrace's "scientific"
	 * literals); only in decimal, as 0x1e6 is a hex number. */
	if (base == 10 && i < n && (s[i] | 0x20) == 'e') {
		int ed = 0;

		i++;
		if (scan_digits(s, n, &i, 10, &e, &ed, why))
			return -1;
		if (!ed) {
			*why = "no digits in the exponent";
			return -1;
		}
		for (; e && v; e--) {     /* 0e(huge) is 0: no loop of e rounds */
			if (__builtin_mul_overflow(v, (u64)10, &v)) {
				*why = "out of range (more than 64 bits)";
				return -1;
			}
		}
	}
	if (!suffix_ok(s + i, n - i)) {
		*why = "letters after the digits";
		return -1;
	}
	*val = v;
	*why = NULL;
	return 0;
}

/* ---- positions and errors ------------------------------------------------------ */

static struct lang_loc loc_at(const struct lang_lexer *lx, size_t off, size_t len)
{
	return (struct lang_loc){
		.line = lx->line, .col = (u32)(off - lx->line_start + 1), .off = (u32)off, .len = (u32)len,
	};
}

static int lex_error(struct lang_lexer *lx, struct lang_loc loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int lex_error(struct lang_lexer *lx, struct lang_loc loc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	lang_vdiag_src(lx->err, lx->errlen, lx->ast->src, lx->ast->src_len, lx->ast->file, loc, fmt, ap);
	va_end(ap);
	return -1;
}

void lang_lex_init(struct lang_lexer *lx, struct lang_ast *ast, char *err, size_t errlen)
{
	const char *s = ast->src;

	*lx = (struct lang_lexer){ .ast = ast, .line = 1, .err = err, .errlen = errlen };
	lx->end = loc_at(lx, 0, 0);
	/* A script file's "#!/usr/bin/env scry" line: only the first. */
	if (ast->src_len >= 2 && s[0] == '#' && s[1] == '!')
		while (lx->pos < ast->src_len && s[lx->pos] != '\n')
			lx->pos++;
}

/* Spaces, newlines (counted), // and block comments. */
static int skip_space(struct lang_lexer *lx)
{
	const char *s = lx->ast->src;
	size_t n = lx->ast->src_len;

	while (lx->pos < n) {
		char c = s[lx->pos];

		if (c == '\n') {
			lx->pos++;
			lx->line++;
			lx->line_start = lx->pos;
		} else if (is_space(c)) {
			lx->pos++;
		} else if (c == '/' && lx->pos + 1 < n && s[lx->pos + 1] == '/') {
			while (lx->pos < n && s[lx->pos] != '\n')
				lx->pos++;
		} else if (c == '/' && lx->pos + 1 < n && s[lx->pos + 1] == '*') {
			struct lang_loc start = loc_at(lx, lx->pos, 2);

			for (lx->pos += 2;; lx->pos++) {
				if (lx->pos + 1 >= n) {
					lx->pos = n;
					return lex_error(lx, start, "unterminated comment");
				}
				if (s[lx->pos] == '*' && s[lx->pos + 1] == '/')
					break;
				if (s[lx->pos] == '\n') {
					lx->line++;
					lx->line_start = lx->pos + 1;
				}
			}
			lx->pos += 2;
		} else {
			break;
		}
	}
	return 0;
}

static void finish(struct lang_lexer *lx, struct lang_token *tok, enum lang_tok kind, size_t start)
{
	tok->kind = kind;
	tok->loc = loc_at(lx, start, lx->pos - start);
	lx->end = loc_at(lx, lx->pos, 0);
}

static int lex_number(struct lang_lexer *lx, struct lang_token *tok)
{
	const char *s = lx->ast->src;
	size_t n = lx->ast->src_len, start = lx->pos;
	const char *why;

	while (lx->pos < n && is_alnum(s[lx->pos]))
		lx->pos++;
	/* After a '.', digits are a tuple's index: $t.3.0 is (($t).3).0 */
	if (lx->pos + 1 < n && s[lx->pos] == '.' && is_digit(s[lx->pos + 1]) && !(start && s[start - 1] == '.')) {
		while (lx->pos < n && (is_alnum(s[lx->pos]) || s[lx->pos] == '.'))
			lx->pos++;
		return lex_error(lx, loc_at(lx, start, lx->pos - start),
				 "invalid number '%.*s': only integers are supported",
				 (int)(lx->pos - start), s + start);
	}
	if (lang_lex_number(s + start, lx->pos - start, &tok->ival, &why))
		return lex_error(lx, loc_at(lx, start, lx->pos - start), "invalid number '%.*s': %s",
				 (int)(lx->pos - start), s + start, why);
	finish(lx, tok, TOK_INT, start);
	return 0;
}

/* A string literal. The first pass finds its end (so a huge program does
 * not allocate its remaining length for every string), the second resolves
 * the escapes bpftrace knows into the arena. */
static int lex_string(struct lang_lexer *lx, struct lang_token *tok)
{
	const char *s = lx->ast->src;
	size_t n = lx->ast->src_len, start = lx->pos, end, i;
	char *out;
	u32 len = 0;

	for (end = start + 1; end < n && s[end] != '"' && s[end] != '\n'; end++)
		if (s[end] == '\\' && end + 1 < n && s[end + 1] != '\n')
			end++;
	if (end >= n || s[end] != '"') {
		size_t eol;

		for (eol = start; eol < n && s[eol] != '\n'; eol++)
			;
		lx->pos = eol;
		return lex_error(lx, loc_at(lx, start, eol - start), "unterminated string");
	}
	out = lang_alloc(lx->ast, end - start);
	for (i = start + 1; i < end; i++) {
		size_t esc = i;
		int v, k;

		if (s[i] != '\\') {
			out[len++] = s[i];
			continue;
		}
		switch (s[++i]) {
		case 'n': out[len++] = '\n'; break;
		case 't': out[len++] = '\t'; break;
		case 'r': out[len++] = '\r'; break;
		case '"': out[len++] = '"'; break;
		case '\\': out[len++] = '\\'; break;
		case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7':
			for (v = 0, k = 0; k < 3 && i < end && s[i] >= '0' && s[i] <= '7'; k++, i++)
				v = v * 8 + (s[i] - '0');
			i--;
			if (v > 255)
				return lex_error(lx, loc_at(lx, esc, i + 1 - esc),
						 "octal escape sequence out of range '%.*s'",
						 (int)(i + 1 - esc), s + esc);
			out[len++] = (char)v;
			break;
		case 'x': case 'X':
			if (i + 1 >= end || digit_value(s[i + 1]) >= 16)
				return lex_error(lx, loc_at(lx, esc, 2), "invalid escape character '\\%c'", s[i]);
			for (v = 0, k = 0, i++; k < 2 && i < end && digit_value(s[i]) < 16; k++, i++)
				v = v * 16 + digit_value(s[i]);
			i--;
			out[len++] = (char)v;
			break;
		default:
			if ((unsigned char)s[i] <= ' ' || (unsigned char)s[i] >= 0x7f)
				return lex_error(lx, loc_at(lx, esc, 2), "invalid escape: '\\' before byte 0x%02x",
						 (unsigned char)s[i]);
			return lex_error(lx, loc_at(lx, esc, 2), "invalid escape character '\\%c'", s[i]);
		}
	}
	out[len] = '\0';
	lx->pos = end + 1;
	tok->str = out;
	tok->str_len = len;
	finish(lx, tok, TOK_STRING, start);
	return 0;
}

/* '/' divides, unless the next non-space character is '{' or '/': then it
 * closes a predicate ("/pid == 1/ {", and "/x/" followed by a block comment
 * then '{'), as in bpftrace. The lookahead is not part of the token. */
static enum lang_tok slash_kind(const struct lang_lexer *lx)
{
	const char *s = lx->ast->src;
	size_t n = lx->ast->src_len, i = lx->pos + 1;

	if (i < n && s[i] == '=')
		return TOK_DIV_ASSIGN;
	while (i < n && is_space(s[i]))
		i++;
	if (i < n && (s[i] == '{' || s[i] == '/'))
		return TOK_ENDPRED;
	return TOK_SLASH;
}

/* Only blanks before start on its line: where a C preprocessor line would be. */
static bool at_line_start(const struct lang_lexer *lx, size_t start)
{
	for (size_t i = lx->line_start; i < start; i++)
		if (lx->ast->src[i] != ' ' && lx->ast->src[i] != '\t')
			return false;
	return true;
}

/* The length of the UTF-8 character at s, or 0 when the bytes are not one
 * (a stray continuation byte, a sequence cut short by a newline). */
static size_t utf8_len(const char *s, size_t avail)
{
	unsigned char c = (unsigned char)s[0];
	size_t k = c >= 0xf8 ? 0 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 0;

	if (k > avail)
		return 0;
	for (size_t i = 1; i < k; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			return 0;
	return k;
}

int lang_lex_next(struct lang_lexer *lx, struct lang_token *tok)
{
	const char *s = lx->ast->src;
	size_t n = lx->ast->src_len, start;
	char c;

	memset(tok, 0, sizeof(*tok));
	if (skip_space(lx))
		return -1;
	start = lx->pos;
	if (start >= n) {
		tok->kind = TOK_EOF;
		tok->loc = lx->end;
		return 0;
	}
	c = s[start];
	if (is_alpha(c)) {
		while (lx->pos < n && is_alnum(s[lx->pos]))
			lx->pos++;
		finish(lx, tok, TOK_IDENT, start);
		return 0;
	}
	if (is_digit(c))
		return lex_number(lx, tok);
	if (c == '"')
		return lex_string(lx, tok);
	if (c == '@') {
		for (lx->pos++; lx->pos < n && is_alnum(s[lx->pos]); lx->pos++)
			;
		finish(lx, tok, TOK_MAP, start);
		return 0;
	}
	if (c == '$') {
		lx->pos++;
		if (lx->pos < n && is_alpha(s[lx->pos])) {
			while (lx->pos < n && is_alnum(s[lx->pos]))
				lx->pos++;
			finish(lx, tok, TOK_VAR, start);
			return 0;
		}
		if (lx->pos < n && is_digit(s[lx->pos])) {
			u64 v = 0;

			for (; lx->pos < n && is_digit(s[lx->pos]); lx->pos++)
				if (v < 1000000)        /* the parser names anything this big out of range */
					v = v * 10 + (u64)(s[lx->pos] - '0');
			tok->ival = v;
			finish(lx, tok, TOK_POSITIONAL, start);
			return 0;
		}
		if (lx->pos < n && s[lx->pos] == '#') {
			lx->pos++;
			finish(lx, tok, TOK_PARAMCOUNT, start);
			return 0;
		}
		return lex_error(lx, loc_at(lx, start, 1), "invalid character '$'");
	}
	if (c == '/') {
		enum lang_tok k = slash_kind(lx);

		lx->pos += k == TOK_DIV_ASSIGN ? 2 : 1;
		finish(lx, tok, k, start);
		return 0;
	}
	for (size_t i = 0; i < ARRAY_SIZE(punct); i++) {
		size_t k = strlen(punct[i].text);

		if (n - start >= k && !memcmp(s + start, punct[i].text, k)) {
			lx->pos += k;
			finish(lx, tok, punct[i].kind, start);
			return 0;
		}
	}
	if (c == '#' && at_line_start(lx, start))
		return lex_error(lx, loc_at(lx, start, 1),
				 "preprocessor lines (#include, #define) are not supported");
	if ((unsigned char)c > ' ' && (unsigned char)c < 0x7f)
		return lex_error(lx, loc_at(lx, start, 1), "invalid character '%c'", c);
	{
		size_t k = utf8_len(s + start, n - start);

		if (k)
			return lex_error(lx, loc_at(lx, start, k), "invalid character '%.*s'", (int)k, s + start);
		return lex_error(lx, loc_at(lx, start, 1), "invalid character '\\x%02x'", (unsigned char)c);
	}
}

static bool probe_stop(int c)
{
	return (unsigned char)c <= ' ' || c == 0x7f || c == ',' || c == '{';
}

int lang_lex_probe(struct lang_lexer *lx, struct lang_token *tok)
{
	/* Probe types whose second field is a path, where '/' is no predicate. */
	static const char *const path_types[] = { "uprobe", "uretprobe", "u", "ur" };
	const char *s = lx->ast->src;
	size_t n = lx->ast->src_len, start, colon = 0;
	int field = 0;
	bool path = false;

	memset(tok, 0, sizeof(*tok));
	if (skip_space(lx))
		return -1;
	start = lx->pos;
	if (start >= n || !is_alpha(s[start]))
		return lang_lex_next(lx, tok);
	for (; lx->pos < n && !probe_stop(s[lx->pos]); lx->pos++) {
		char c = s[lx->pos];

		if (c == '/' && !(path && field == 1))
			break;
		if (c != ':')
			continue;
		if (++field == 1) {
			colon = lx->pos;
			for (size_t i = 0; i < ARRAY_SIZE(path_types); i++)
				if (strlen(path_types[i]) == colon - start &&
				    !memcmp(s + start, path_types[i], colon - start))
					path = true;
		}
	}
	finish(lx, tok, TOK_PROBE, start);
	return 0;
}
