/* libFuzzer harness: the bpftrace-language parser (util/lang/parser). The
 * input need not be NUL-terminated: lang_parse takes a length. */
#include "tests/fuzz/fuzz.h"
#include "util/lang/ast.h"
#include "util/lang/parser.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[1024];
	struct lang_ast *ast = lang_parse((const char *)data, size, "-e", err, sizeof(err));

	lang_ast_free(ast);
	return 0;
}
