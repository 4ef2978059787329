/* files.c: the parts of a static export that are files already: the
 * sitemap's (listed by its index), /static/ and /media/. */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "export_site/internal.h"
#include "export_site/render.h"
#include "lib/arena.h"
#include "media/files.h"
#include "media/inventory.h"
#include "view/urls.h"

/* 8: how deep www/static's folders go, and more. */
#define STATIC_DEPTH_MAX	8

/* Each <loc> of index (a copy: rendering reuses the page's arena), a
 * sitemap file of this site, exported as the file of its name. */
static int
export_parts(struct exporter *ex, char *index)
{
	const char *path;
	char *at = index, *end;

	while ((at = strstr(at, "<loc>")) != NULL) {
		at += 5;
		if ((end = strstr(at, "</loc>")) == NULL)
			break;
		*end = '\0';
		path = url_site_path(ex->cfg->base_url, at);
		if (path == NULL || strncmp(path, "/sitemap-", 9) != 0 ||
		    strchr(path + 1, '/') != NULL) {
			fprintf(stderr, "sitemap.xml: %s is not a file of this "
			    "site's sitemap\n", at);
			return -1;
		}
		arena_reset(ex->urls);
		if (export_page(ex, path, arena_strdup(ex->urls, path + 1),
		    false) == -1)
			return -1;
		at = end + 1;
	}
	return 0;
}

int
export_sitemap(struct exporter *ex)
{
	struct export_page p;
	char *index;
	int ret;

	/* The index lists its files as the sitemap's own code finds them
	 * (ranges of group ids with an item, each a seek in the store). */
	arena_reset(ex->page);
	if (export_render(ex->page, "/sitemap.xml", ex->now, &p) == -1)
		return -1;
	if (p.status != 200) {
		fprintf(stderr, "/sitemap.xml: answered %d, not 200: nothing "
		    "exported\n", p.status);
		return -1;
	}
	if (tree_put(&ex->tree, "sitemap.xml", p.body, p.len) == -1)
		return -1;
	if ((index = strndup(p.body, p.len)) == NULL) {
		fprintf(stderr, "export-site: out of memory\n");
		return -1;
	}
	ret = export_parts(ex, index);
	free(index);
	return ret;
}

/* Each regular file below folder fd (rel: its path below [paths]
 * static, "" at the top; closed here), hidden ones and links left out
 * as the app leaves them out, as /static/<rel> answers it. 0, or -1
 * (said). */
static int
static_folder(struct exporter *ex, int fd, const char *rel, int depth)
{
	char path[PATH_MAX];
	struct dirent *e;
	struct stat st;
	const char *target;
	int sub, err, ret = 0;
	DIR *d;

	if ((d = fdopendir(fd)) == NULL) {
		close(fd);
		goto fail;
	}
	while (ret == 0 && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (snprintf(path, sizeof(path), "%s%s%s", rel,
		    *rel ? "/" : "", e->d_name) >= (int)sizeof(path) ||
		    fstatat(dirfd(d), e->d_name, &st,
		    AT_SYMLINK_NOFOLLOW) == -1)
			break;
		if (S_ISDIR(st.st_mode) && depth < STATIC_DEPTH_MAX) {
			if ((sub = openat(dirfd(d), e->d_name, O_RDONLY |
			    O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) == -1)
				break;
			ret = static_folder(ex, sub, path, depth + 1);
		} else if (S_ISREG(st.st_mode)) {
			arena_reset(ex->urls);
			target = arena_printf(ex->urls, "/static/%s",
			    url_encode_n(ex->urls, path, strlen(path), true));
			ret = export_page(ex, target, arena_printf(ex->urls,
			    "static/%s", path), false);
		}
	}
	err = errno;
	closedir(d);
	if (e == NULL || ret == -1)
		return ret;
	errno = err;
fail:
	fprintf(stderr, "%s/%s: %s\n", ex->cfg->static_dir, rel,
	    strerror(errno));
	return -1;
}

int
export_static(struct exporter *ex)
{
	int fd;

	if ((fd = open(ex->cfg->static_dir, O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC)) == -1) {
		fprintf(stderr, "%s: %s\n", ex->cfg->static_dir,
		    strerror(errno));
		return -1;
	}
	return static_folder(ex, fd, "", 0);
}

/* Says each file a media row names that the folder lacks: pages that
 * show it keep its tag, as the site's do, and the host answers it 404.
 * Not a failure of the export: the pages are the site's. */
static void
say_missing_media(struct exporter *ex)
{
	struct media_file_ref *refs;
	struct media_inventory inv;
	size_t n, i;

	arena_reset(ex->urls);
	if (store_media_file_refs(ex->db, ex->urls, &refs, &n) != STORE_OK ||
	    media_inventory_read(ex->cfg->media_dir, ex->urls, refs, n,
	    &inv) == -1)
		return;
	for (i = 0; i < inv.nmissing; i++)
		fprintf(stderr, "export-site: warning: media item %lld: "
		    "%s/%s is missing from the media folder, and so from "
		    "the export (the site answers it 404 too)\n",
		    (long long)inv.missing[i].media_id, ex->cfg->media_dir,
		    inv.missing[i].name);
}

int
export_media(struct exporter *ex)
{
	struct dirent *e;
	char file[PATH_MAX];
	int ret = 0;
	DIR *d;

	say_missing_media(ex);

	/* No folder yet: nothing was ever uploaded. */
	if ((d = opendir(ex->cfg->media_dir)) == NULL) {
		if (errno == ENOENT)
			return 0;
		fprintf(stderr, "%s: %s\n", ex->cfg->media_dir,
		    strerror(errno));
		return -1;
	}
	/* Only the files /media/ serves: no temporaries, no lock, no HEIC
	 * original. A PDF is its document's file (conf/nginx-static.conf
	 * answers its bare name with a 404, as Waypoint does). */
	while (ret == 0 && (e = readdir(d)) != NULL)
		if (media_name_public(e->d_name)) {
			snprintf(file, sizeof(file), "media/%s", e->d_name);
			ret = tree_put_link(&ex->tree, file, dirfd(d),
			    e->d_name);
		}
	closedir(d);
	return ret;
}
