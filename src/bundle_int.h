/*
 * Internal to the bundle stage (bundle.c, bundle_archive.c,
 * bundle_dir.c): the state of one walk and the stream plumbing.
 */
#ifndef VMTRIAGE_BUNDLE_INT_H
#define VMTRIAGE_BUNDLE_INT_H

#include "bundle.h"

struct archive;

#define MSTREAM_PEEK_MAX 4096

struct walk {
	const struct limits		*limits;
	const struct bundle_visitor	*visitor;
	struct bundle_stats		*stats;
	unsigned			 seq;
	int				 stop;	/* total limit or visitor */
};

/* Where a stream's bytes come from. */
typedef ssize_t mstream_fill_fn(void *src, void *buf, size_t n);
/* The same source read at an offset, the stream's place left alone;
 * -1 with errno on error. */
typedef ssize_t mstream_pread_fn(void *src, void *buf, size_t n,
    uint64_t off);

struct mstream {
	mstream_fill_fn	*fill;
	mstream_pread_fn *pread;	/* NULL: read in order only */
	void		*src;
	struct walk	*walk;
	const char	*path;

	unsigned char	 peek[MSTREAM_PEEK_MAX];
	size_t		 peek_len;
	size_t		 peek_pos;

	uint64_t	 offset;	/* bytes handed out */
	uint64_t	 limit;		/* most bytes this member may yield */
	uint64_t	 end;		/* > 0: a part reads on from here */

	/* For the compression-ratio check: the archive the member comes
	 * from, and its compressed byte count when the member began. */
	struct archive	*archive;
	int64_t		 comp_start;

	int		 eof;
	int		 failed;
	char		 error[256];
};

void	mstream_init(struct mstream *, struct walk *, const char *path,
	    mstream_fill_fn *, void *src);
void	mstream_fail(struct mstream *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));

void	walk_skipped(struct walk *, const char *path, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* A member's stream: a nested archive is opened, anything else visited. */
int	walk_stream(struct walk *, const char *path, struct mstream *,
	    int64_t size, unsigned depth);
/* Hands a plain member to the visitor and drains what it left unread. */
int	walk_visit(struct walk *, const char *path, const char *name,
	    struct mstream *, int64_t size, unsigned depth);

/* bundle_archive.c */
enum sniff_kind {
	SNIFF_PLAIN = 0,
	SNIFF_COMPRESSED,	/* gzip, xz, bzip2, zstd, lz4: one stream */
	SNIFF_ARCHIVE,		/* tar, cpio, ar: streamable */
	SNIFF_SEEKABLE,		/* zip, 7z, rar: best read with seeking */
};
enum sniff_kind	 sniff_bytes(const unsigned char *, size_t);
int	walk_archive_file(struct walk *, const char *path, const char *label);
/* The bundle itself, an archive in memory. */
int	walk_archive_memory(struct walk *, const void *, size_t,
	    const char *label);
int	walk_archive_stream(struct walk *, const char *path, struct mstream *,
	    int64_t size, unsigned depth, enum sniff_kind);

/* A regular file in a directory bundle (opened without following links). */
int	walk_file(struct walk *, int dirfd, const char *name, const char *path);

/* bundle_dir.c */
int	walk_dir(struct walk *, const char *path);

#endif
