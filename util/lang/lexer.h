/* The lexer of the aggregation language (bpftrace's syntax).
 *
 * The parser pulls one token at a time, in one of two modes:
 *   lang_lex_next()   expressions and statements: numbers, strings, names,
 *                     $vars, $1 positionals, @maps, every C operator
 *   lang_lex_probe()  at the start of a block: a whole probe spec
 *                     ("tracepoint:syscalls:sys_enter_*", "uprobe:/bin/bash:readline")
 *                     as one token, since its characters (':', '/', '-', '*',
 *                     '+') mean nothing there that they mean in expressions
 * The lexer keeps no state outside struct lang_lexer: copying the struct
 * saves a position (the parser looks ahead that way). Strings are resolved
 * into the tree's arena; other tokens point into the source. */
#ifndef SCRY_LANG_LEXER_H
#define SCRY_LANG_LEXER_H

#include "util/lang/ast.h"

enum lang_tok {
	TOK_EOF,
	TOK_INT,                /* ival */
	TOK_STRING,             /* str, str_len: escapes resolved */
	TOK_IDENT,              /* names, builtins and keywords alike (the parser tells them apart) */
	TOK_VAR,                /* $name */
	TOK_MAP,                /* @ or @name */
	TOK_POSITIONAL,         /* $1: ival is the number */
	TOK_PARAMCOUNT,         /* $# */
	TOK_PROBE,              /* a probe spec (lang_lex_probe only) */
	TOK_LPAREN, TOK_RPAREN, TOK_LBRACE, TOK_RBRACE, TOK_LBRACKET, TOK_RBRACKET,
	TOK_COMMA, TOK_SEMI, TOK_COLON, TOK_QUESTION, TOK_DOT, TOK_ARROW,
	TOK_ASSIGN, TOK_EQ, TOK_NE, TOK_LT, TOK_LE, TOK_GT, TOK_GE, TOK_SHL, TOK_SHR,
	TOK_PLUS, TOK_MINUS, TOK_STAR, TOK_SLASH, TOK_PERCENT,
	TOK_AMP, TOK_PIPE, TOK_CARET, TOK_BANG, TOK_TILDE, TOK_LAND, TOK_LOR, TOK_INC, TOK_DEC,
	TOK_ADD_ASSIGN, TOK_SUB_ASSIGN, TOK_MUL_ASSIGN, TOK_DIV_ASSIGN, TOK_MOD_ASSIGN,
	TOK_AND_ASSIGN, TOK_OR_ASSIGN, TOK_XOR_ASSIGN, TOK_SHL_ASSIGN, TOK_SHR_ASSIGN,
	TOK_ENDPRED,            /* a '/' followed by optional space and '{' or '/': ends a predicate */
};

struct lang_token {
	enum lang_tok kind;
	struct lang_loc loc;    /* the token's text is ast->src + loc.off, loc.len bytes */
	u64 ival;               /* TOK_INT, TOK_POSITIONAL */
	char *str;              /* TOK_STRING: in the arena, NUL-terminated */
	u32 str_len;            /* TOK_STRING: bytes, excluding the NUL */
};

struct lang_lexer {
	struct lang_ast *ast;   /* source, file name, and the arena for strings */
	size_t pos;             /* next byte to read */
	u32 line;               /* line of pos, 1-based */
	size_t line_start;      /* offset of that line's first byte */
	struct lang_loc end;    /* just after the last token: where "end of file" points */
	char *err;
	size_t errlen;
};

/* Start at the beginning of ast->src (a "#!" first line is skipped). Errors
 * are written to err with lang_diag. */
void lang_lex_init(struct lang_lexer *lx, struct lang_ast *ast, char *err, size_t errlen);

/* The next token of an expression or statement. 0, or -1 with err set. */
int lang_lex_next(struct lang_lexer *lx, struct lang_token *tok);

/* At the start of a block: TOK_PROBE covering the longest run of bytes
 * that are not space, ',' or '{', ended also by a '/' (a predicate) except
 * inside the BIN field of uprobe/uretprobe (u:, ur:), where '/' belongs to
 * the path. When the next token cannot start a probe (it does not begin
 * with a letter or '_'), returns it as lang_lex_next() would, for the
 * parser's message. 0, or -1 with err set. */
int lang_lex_probe(struct lang_lexer *lx, struct lang_token *tok);

/* An integer as the language writes it: decimal with '_' between digits
 * (1_000_000), 0x hex, 0 octal, an exponent (1e6), a u/l suffix (C's set).
 * 0 and *val, or -1 and *why: what is wrong, for a message. */
int lang_lex_number(const char *s, size_t n, u64 *val, const char **why);

/* How a token kind is named in messages ("'->'", "end of file", "string"). */
const char *lang_lex_tok_name(enum lang_tok kind);

#endif
