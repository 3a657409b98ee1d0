/*
 * The bundle stage: the members of a directory, an archive or a single
 * file, archives inside archives included, handed one at a time to a
 * visitor as a stream.  Nothing is extracted to disk and nothing outside
 * the bundle is read: links and devices are reported, never followed.
 *
 * Ownership: the member and the stream passed to the visitor belong to
 * the walk and are valid only during the call; copy what must outlive it.
 */
#ifndef VMTRIAGE_BUNDLE_H
#define VMTRIAGE_BUNDLE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct strbuf;

/* Bounds on what a hostile bundle can make us do. */
struct limits {
	uint64_t	max_total_bytes;	/* decompressed, whole bundle */
	uint64_t	max_member_bytes;	/* decompressed, one member */
	unsigned	max_ratio;		/* decompressed : compressed */
	unsigned	max_members;
	unsigned	max_depth;		/* archives inside archives */
	size_t		max_line;		/* longer lines are cut */
	size_t		max_doc_bytes;		/* an XML or JSON file read whole */
	size_t		max_nested_buffer;	/* a nested zip/7z read to memory */
	unsigned	max_json_depth;		/* JSON arrays and objects nested */
	uint64_t	max_evtx_bytes;		/* an .evtx read to memory */
};

void	limits_default(struct limits *);
/*
 * Sets one limit from "name=value" as the command line gives it: sizes
 * take a K, M, G or T suffix (powers of 1024), "ratio" is N or N:1.
 * Returns 0, or -1 with *err set to a message the caller frees.
 */
int	limits_set(struct limits *, const char *assignment, char **err);
/* Each limit's name, value (as limits_set reads it) and meaning, one
 * line each, for --help. */
void	limits_describe(const struct limits *, struct strbuf *);

/* path and name are valid UTF-8: other bytes of a stored name show as
 * \xNN, as in skip reports. */
struct member {
	const char	*path;		/* as in the bundle; nested parts
					   joined with '/' */
	const char	*name;		/* normalised path, for classification */
	int64_t		 size;		/* decompressed size, -1 if unknown */
	unsigned	 depth;		/* number of enclosing archives */
	unsigned	 seq;		/* order of discovery, from 0 */
};

struct mstream;

/* Reads up to n bytes; 0 at the end, -1 on error (see mstream_error). */
ssize_t		 mstream_read(struct mstream *, void *, size_t n);
/* Makes up to want (<= 4096) bytes readable without consuming them. */
size_t		 mstream_peek(struct mstream *, const unsigned char **,
		    size_t want);
const char	*mstream_error(const struct mstream *);
/* Bytes consumed so far. */
uint64_t	 mstream_offset(const struct mstream *);

/*
 * One member read on two threads.  A stream whose source can be read at
 * an offset (a file of a directory bundle, a bundle in memory; not an
 * archive's member) lends itself to it:
 *
 * mstream_pread() reads up to n bytes at off, to choose where to cut,
 * without moving the stream or counting toward any limit; -1 if the
 * source cannot be read so.
 *
 * mstream_part_new() gives a stream over the member's bytes from at on,
 * which another thread may read while s is read, and makes s end at at.
 * The member's limits apply to the two as to one stream.  NULL when the
 * source cannot, or s has already read past at.  The part must be freed
 * before the visitor returns: with counted, its bytes (and a bundle
 * limit it reached) count as the walk's, as if s had read them; without,
 * the part is forgotten, as if never read.  Called on the walk's thread.
 */
ssize_t		 mstream_pread(struct mstream *, void *, size_t n,
		    uint64_t off);
struct mstream	*mstream_part_new(struct mstream *s, uint64_t at);
void		 mstream_part_free(struct mstream *part, int counted);

/*
 * A stream over bytes in memory, for tests and fuzzers: the same limits
 * apply as to a member of a bundle.  buf must outlive the stream.
 */
struct mstream	*mstream_memory_new(const void *buf, size_t len,
		    const struct limits *);
void		 mstream_memory_free(struct mstream *);

struct bundle_stats {
	unsigned	 files;		/* members handed to the visitor */
	unsigned	 archives;	/* archives opened, the bundle included */
	uint64_t	 bytes;		/* decompressed bytes read */
};

struct bundle_visitor {
	/* A regular member.  Returning non-zero stops the walk. */
	int	(*member)(void *arg, const struct member *, struct mstream *);
	/* Something not read, or not read whole, and why. */
	void	(*skipped)(void *arg, const char *path, const char *reason);
	/* Called before each member; may be NULL. */
	void	(*progress)(void *arg, const struct bundle_stats *,
		    const char *path);
	void	*arg;
};

/*
 * Walks the bundle at path.  Returns 0 when it could be opened (members
 * may still have been skipped), -1 when nothing could be read; *err is
 * then set to a message the caller frees.
 */
int	bundle_walk(const char *path, const struct limits *,
	    const struct bundle_visitor *, struct bundle_stats *, char **err);
/*
 * The same for a bundle held in memory (fuzzers, tests): an archive, or
 * else a single file called name.  name also labels the archive in skip
 * reasons; buf must outlive the call.
 */
int	bundle_walk_buffer(const void *buf, size_t len, const char *name,
	    const struct limits *, const struct bundle_visitor *,
	    struct bundle_stats *, char **err);

/*
 * Turns a member name as stored (absolute, with backslashes, "./", a
 * drive letter, the log collector's truncated_ names) into the path it
 * had on the VM, relative, with '/'.  Returns a string the caller frees.
 */
char	*bundle_normalise_path(const char *);

#endif
