/* i18n.c: the process's message catalogs, one per configured language,
 * and looking interface text up in them. */
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "config.h"
#include "lib/catalog.h"
#include "lib/log.h"
#include "view/i18n.h"

/* The catalogs of one load. Immutable once published. */
struct catalogs {
	size_t			 n;
	const char		*langs[CONFIG_LANGS_MAX];
	struct catalog		*cats[CONFIG_LANGS_MAX];	/* NULL: none */
	struct catalogs		*retired;	/* the set this replaced */
};

/* Read by every thread without a lock; replaced only by init and reload,
 * which the main thread runs one at a time. */
static _Atomic(struct catalogs *) current;
/* The deployment's: its templates folder and every site's languages
 * (site_view_config), never one request's site. */
static const struct config *cfg;

int
i18n_po_dir(const char *templates_dir, char *out, size_t size)
{
	int n = snprintf(out, size, "%s/../../po", templates_dir);

	return n < 0 || (size_t)n >= size ? -1 : 0;
}

static void
catalogs_free(struct catalogs *c)
{
	struct catalogs *next;
	size_t i;

	for (; c != NULL; c = next) {
		next = c->retired;
		for (i = 0; i < c->n; i++)
			catalog_free(c->cats[i]);
		free(c);
	}
}

/* Loads every language's catalog; NULL with the reason in err (errsize
 * bytes) when one is broken. warn: print missing catalogs to stderr. */
static struct catalogs *
catalogs_load(bool warn, char *err, size_t errsize)
{
	struct catalogs *c;
	char dir[4096], path[4200];
	struct stat st;
	size_t i;

	if (i18n_po_dir(cfg->templates, dir, sizeof(dir)) == -1) {
		snprintf(err, errsize, "%s: path too long", cfg->templates);
		return NULL;
	}
	if ((c = calloc(1, sizeof(*c))) == NULL) {
		snprintf(err, errsize, "catalogs: out of memory");
		return NULL;
	}
	for (i = 0; i < cfg->nlangs; i++) {
		c->langs[i] = cfg->langs[i];
		c->n = i + 1;
		snprintf(path, sizeof(path), "%s/%s.po", dir, cfg->langs[i]);
		if (stat(path, &st) == -1 && errno == ENOENT) {
			/* English is the language of the msgids. */
			if (warn && strcmp(cfg->langs[i], "en") != 0)
				fprintf(stderr, "warning: %s: no catalog; the "
				    "interface shows English\n", path);
			continue;
		}
		if ((c->cats[i] = catalog_load(path, err, errsize)) == NULL) {
			catalogs_free(c);
			return NULL;
		}
	}
	return c;
}

int
i18n_init(const struct config *c)
{
	struct catalogs *cats;
	char err[512];

	cfg = c;
	if ((cats = catalogs_load(true, err, sizeof(err))) == NULL) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	atomic_store(&current, cats);
	return 0;
}

int
i18n_reload(void)
{
	struct catalogs *fresh;
	char err[512];

	if (cfg == NULL)
		return -1;
	if ((fresh = catalogs_load(false, err, sizeof(err))) == NULL) {
		log_error("catalogs not reloaded: %s", err);
		return -1;
	}
	fresh->retired = atomic_load(&current);
	atomic_store(&current, fresh);
	return 0;
}

void
i18n_fini(void)
{
	catalogs_free(atomic_exchange(&current, NULL));
}

static const struct catalog *
catalog_of(const char *lang)
{
	const struct catalogs *c = atomic_load(&current);
	size_t i;

	if (c == NULL || c->n == 0)
		return NULL;
	if (lang == NULL)
		return c->cats[0];
	for (i = 0; i < c->n; i++)
		if (strcmp(c->langs[i], lang) == 0)
			return c->cats[i];
	return NULL;
}

const char *
T(const char *lang, const char *msgid)
{
	const char *s = catalog_get(catalog_of(lang), msgid);

	return s != NULL ? s : msgid;
}

const char *
TN(const char *lang, const char *singular, const char *plural,
    unsigned long n)
{
	const char *s = catalog_nget(catalog_of(lang), singular, plural, n);

	if (s != NULL)
		return s;
	return n == 1 ? singular : plural;
}

bool
i18n_rtl(const char *lang)
{
	/* ISO 639 codes of languages written in Arabic, Hebrew or Thaana
	 * script by default. */
	static const char *const rtl[] = {
		"ar", "arc", "ckb", "dv", "fa", "he", "ps", "sd", "ug", "ur",
		"yi",
	};
	size_t i, len;
	const char *sub;

	if (lang == NULL)
		return false;
	len = strcspn(lang, "-_");
	for (i = 0; i < sizeof(rtl) / sizeof(rtl[0]); i++)
		if (strlen(rtl[i]) == len && strncmp(lang, rtl[i], len) == 0)
			return true;
	/* A script subtag says it for any language: ku-Arab, pa-Arab. */
	for (sub = lang + len; *sub != '\0'; sub += strcspn(sub + 1, "-_") + 1)
		if (strncasecmp(sub + 1, "arab", 4) == 0 ||
		    strncasecmp(sub + 1, "hebr", 4) == 0)
			return sub[5] == '\0' || sub[5] == '-' ||
			    sub[5] == '_';
	return false;
}
