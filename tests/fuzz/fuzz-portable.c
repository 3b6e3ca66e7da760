/* libFuzzer harness: scry's portable section (util/perfdata/portable):
 * its entries parsed, printed as --header does, decompressed and attached
 * to a machine, and each attached ELF image's symbols loaded
 * (util/symbols/symbol-elf) as report would. */
#include "tests/fuzz/fuzz.h"
#include "util/outbuf.h"
#include "util/perfdata/header.h"
#include "util/perfdata/portable.h"
#include "util/symbols/machine.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct raw_feature raw = { .id = FEAT_SCRY_PORTABLE, .data = (void *)data, .size = size };
	struct data_header h;
	struct portable p;
	struct machine m;
	struct outbuf ob;
	char err[256];

	memset(&h, 0, sizeof(h));
	h.raw = &raw;
	h.nr_raw = 1;
	outbuf_init_mem(&ob);
	portable_print(&h, &ob);
	outbuf_release(&ob);

	machine_init(&m);
	if (machine_set_kallsyms(&m, "/dev/null"))
		abort();
	if (portable_attach(&p, &m, &h, err, sizeof(err)) == 1) {
		for (u32 i = 0; i < p.nr; i++) {
			struct dso *d = p.e[i].kind == PORTABLE_KSYMS ? m.kernel : dsos_find(&m.dsos, p.e[i].path);

			if (d) {
				dso_load(d, m.kallsyms_path);
				(void)dso_find_symbol(d, 0x1000);
			}
		}
	}
	machine_free(&m);
	portable_release(&p);
	return 0;
}
