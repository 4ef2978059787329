/* resident.c: give back the pages of the program's and its libraries'
 * read-only segments that no request is touching.
 *
 * Why: starting touches far more of the libraries than serving does
 * (gnutls's set-up, which libmicrohttpd runs at load; ICU's data while a
 * language's formats open; the templates' compile), and those pages stay
 * in the resident set until memory runs short. In `make load
 * SCALE=100000` `waypoint serve` held 14.1 MiB of file pages, of which
 * requests touch 6.2 MiB. A read-only segment's pages are clean copies of
 * the file, the first thing reclaim drops, so dropping them here is as
 * safe: the page cache keeps them, and the ones in use come back on their
 * next touch (a minor fault). Writable segments, where the relocated data
 * lives (RELRO too, made read-only only after the loader wrote it), are
 * left alone, as dropping them would undo those writes. */
#include <elf.h>
#include <link.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <unistd.h>

#include "lib/resident.h"

struct walk {
	uintptr_t	page;
	uintptr_t	vdso;
	int		dropped;
};

/* Whether the object asks the loader to write into its code (text
 * relocations): then even its read-only segments hold private copies. */
static bool
text_relocations(const struct dl_phdr_info *o)
{
	const ElfW(Dyn) *d;
	int i;

	for (i = 0; i < o->dlpi_phnum; i++) {
		if (o->dlpi_phdr[i].p_type != PT_DYNAMIC)
			continue;
		for (d = (const ElfW(Dyn) *)(o->dlpi_addr +
		    o->dlpi_phdr[i].p_vaddr); d->d_tag != DT_NULL; d++)
			if (d->d_tag == DT_TEXTREL || (d->d_tag == DT_FLAGS &&
			    (d->d_un.d_val & DF_TEXTREL) != 0))
				return true;
	}
	return false;
}

/* The kernel's vDSO is a mapping of its own, not a file's. */
static bool
is_vdso(const struct dl_phdr_info *o, uintptr_t vdso)
{
	const ElfW(Phdr) *p;
	uintptr_t start;
	int i;

	for (i = 0; i < o->dlpi_phnum; i++) {
		p = &o->dlpi_phdr[i];
		start = o->dlpi_addr + p->p_vaddr;
		if (p->p_type == PT_LOAD && vdso >= start &&
		    vdso < start + p->p_memsz)
			return true;
	}
	return false;
}

static int
drop_object(struct dl_phdr_info *o, size_t size, void *arg)
{
	struct walk *w = arg;
	const ElfW(Phdr) *p;
	uintptr_t start, end;
	int i;

	(void)size;
	if (is_vdso(o, w->vdso) || text_relocations(o))
		return 0;
	for (i = 0; i < o->dlpi_phnum; i++) {
		p = &o->dlpi_phdr[i];
		if (p->p_type != PT_LOAD || (p->p_flags & PF_W) != 0)
			continue;
		/* Whole pages inside the segment only: a page it shares with
		 * the next, writable one is that one's. */
		start = (o->dlpi_addr + p->p_vaddr + w->page - 1) &
		    ~(w->page - 1);
		end = (o->dlpi_addr + p->p_vaddr + p->p_filesz) &
		    ~(w->page - 1);
		if (end > start && madvise((void *)start, end - start,
		    MADV_DONTNEED) == 0)
			w->dropped++;
	}
	return 0;
}

int
resident_drop_file_pages(void)
{
	struct walk w;

	w.page = (uintptr_t)sysconf(_SC_PAGESIZE);
	w.vdso = (uintptr_t)getauxval(AT_SYSINFO_EHDR);
	w.dropped = 0;
	dl_iterate_phdr(drop_object, &w);
	return w.dropped;
}
