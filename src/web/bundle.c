/*
 * web/bundle.c - the evidence bundle of a finding as one download: the
 * workflow writes the bundle folder (wf_evidence_export: scope check,
 * audit row, then netra_evidence_export), and libarchive packs it as a
 * zip or a tar whose single top folder "bukti-ID/" is exactly the folder
 * `netra evidence verify` accepts. The archive goes to an unlinked
 * temporary file that the server streams and closes.
 */
#include "web/bundle.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "util/error.h"
#include "workflow/finding.h"

/* Removes dir and everything in it (the bundle folder: files and
 * folders only, no links followed). */
static void remove_tree(const char *dir)
{
	char path[4096];
	struct dirent *e;
	struct stat sb;
	DIR *d = opendir(dir);

	while (d && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (lstat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
			remove_tree(path);
		else
			unlink(path);
	}
	if (d)
		closedir(d);
	rmdir(dir);
}

static int copy_file(struct archive *a, const char *path)
{
	char buf[65536];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_NOFOLLOW), rc = 0;

	if (fd < 0)
		return err_set(NETRA_EIO, "%s: %s", path, strerror(errno));
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		if (archive_write_data(a, buf, (size_t)n) != n) {
			rc = err_set(NETRA_EIO, "archive: %s",
			             archive_error_string(a));
			break;
		}
	if (n < 0)
		rc = err_set(NETRA_EIO, "%s: %s", path, strerror(errno));
	close(fd);
	return rc;
}

/* Adds dir (on disk) as name (in the archive) with what it holds, in
 * name order so the archive is the same for the same bundle. */
static int add_tree(struct archive *a, const char *dir, const char *name)
{
	struct dirent **list = NULL;
	struct archive_entry *en;
	char path[4096], inner[4096];
	struct stat sb;
	int n, i, rc = 0;

	if ((en = archive_entry_new()) == NULL)
		return err_oom();
	archive_entry_set_pathname(en, name);
	archive_entry_set_filetype(en, AE_IFDIR);
	archive_entry_set_perm(en, 0755);
	if (archive_write_header(a, en) != ARCHIVE_OK)
		rc = err_set(NETRA_EIO, "archive: %s", archive_error_string(a));
	archive_entry_free(en);
	if (rc || (n = scandir(dir, &list, NULL, alphasort)) < 0)
		return rc ? rc : err_set(NETRA_EIO, "%s: cannot list", dir);
	for (i = 0; i < n; i++) {
		const char *f = list[i]->d_name;

		if (rc || !strcmp(f, ".") || !strcmp(f, ".."))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, f);
		snprintf(inner, sizeof(inner), "%s%s", name, f);
		if (lstat(path, &sb) != 0) {
			rc = err_set(NETRA_EIO, "%s: %s", path, strerror(errno));
		} else if (S_ISDIR(sb.st_mode)) {
			snprintf(inner, sizeof(inner), "%s%s/", name, f);
			rc = add_tree(a, path, inner);
		} else if (S_ISREG(sb.st_mode)) {
			if (!(en = archive_entry_new())) {
				rc = err_oom();
				continue;
			}
			archive_entry_set_pathname(en, inner);
			archive_entry_set_filetype(en, AE_IFREG);
			archive_entry_set_perm(en, 0644);
			archive_entry_set_size(en, sb.st_size);
			archive_entry_set_mtime(en, sb.st_mtime, 0);
			if (archive_write_header(a, en) != ARCHIVE_OK)
				rc = err_set(NETRA_EIO, "archive: %s",
				             archive_error_string(a));
			else
				rc = copy_file(a, path);
			archive_entry_free(en);
		}
	}
	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
	return rc;
}

/* Packs dir into the open file fd as zip or tar, top folder top/. */
static int pack(int fd, const char *dir, const char *top, int zip)
{
	struct archive *a = archive_write_new();
	int rc;

	if (!a)
		return err_oom();
	if ((zip ? archive_write_set_format_zip(a)
	         : archive_write_set_format_pax_restricted(a)) != ARCHIVE_OK ||
	    archive_write_open_fd(a, fd) != ARCHIVE_OK) {
		rc = err_set(NETRA_EIO, "archive: %s", archive_error_string(a));
		archive_write_free(a);
		return rc;
	}
	rc = add_tree(a, dir, top);
	if (archive_write_close(a) != ARCHIVE_OK && !rc)
		rc = err_set(NETRA_EIO, "archive: %s", archive_error_string(a));
	archive_write_free(a);
	return rc;
}

int web_bundle_archive(int *out_fd, uint64_t *size, netra_store *st,
                       const char *actor, int64_t id, const char *key_path,
                       int zip)
{
	const char *tmp = getenv("TMPDIR");
	char work[4096], dir[4200], file[4200], top[64];
	struct stat sb;
	int fd = -1, rc;

	*out_fd = -1;
	*size = 0;
	snprintf(work, sizeof(work), "%s/netra-bukti-XXXXXX",
	         tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(work))
		return err_set(NETRA_EIO, "cannot create a temporary folder");
	snprintf(dir, sizeof(dir), "%s/bukti", work);
	snprintf(file, sizeof(file), "%s/archive", work);
	snprintf(top, sizeof(top), "bukti-%lld/", (long long)id);
	rc = wf_evidence_export(st, actor, id, key_path, dir);
	if (rc)
		goto done;
	fd = open(file, O_RDWR | O_CREAT | O_EXCL, 0600);
	if (fd < 0) {
		rc = err_set(NETRA_EIO, "%s: %s", file, strerror(errno));
		goto done;
	}
	unlink(file); /* the open fd keeps it until the download ends */
	if ((rc = pack(fd, dir, top, zip)))
		goto done;
	if (fstat(fd, &sb) != 0 || lseek(fd, 0, SEEK_SET) != 0) {
		rc = err_set(NETRA_EIO, "archive: %s", strerror(errno));
		goto done;
	}
	*size = (uint64_t)sb.st_size;
	*out_fd = fd;
	fd = -1;
done:
	if (fd >= 0)
		close(fd);
	remove_tree(work);
	return rc;
}
