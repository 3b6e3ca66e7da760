/* Allocation that cannot fail: on out-of-memory the process ends with
 * "scry: out of memory" and exit status 1.
 *
 * The one exception to "util/ never exits": for the small strings and
 * arrays of parsers and DWARF walks (probe specs, fetch arguments, source
 * lines), threading ENOMEM through every helper would double the code for
 * a failure no caller can recover from. Code that handles large or
 * file-controlled sizes (data files, rings, histograms) keeps checking
 * malloc's result and returns an error instead. */
#ifndef SCRY_XALLOC_H
#define SCRY_XALLOC_H

#include <stddef.h>

/* Never returns. */
void xalloc_die(void) __attribute__((noreturn));

void *xcalloc(size_t nmemb, size_t size);
/* size 0 still gives a valid pointer. */
void *xrealloc(void *p, size_t size);
/* NULL gives an empty string. */
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
