# The summary CSV of `vmtriage batch --summary`, from its JSON lines: the
# same bytes, for lines that were written apart (the shards of a run, a
# resumed run) and put together afterwards:
#
#   jq -n -r -f contrib/batch-summary.jq out/*.jsonl > summary.csv
#
# Columns: bundle, status, platform, top_cause (the report's first
# finding), error_codes (those it explains, space-separated), confidence,
# seconds, error.  RFC 4180: a field is quoted when it holds a comma, a
# quote or a line end; control characters are blanks; rows end in CRLF.

def field:
	tostring
	| gsub("[\u0000-\u001f\u007f]"; " ")
	| if test("[,\"]") then "\"" + gsub("\""; "\"\"") + "\"" else . end;

def row:
	[.batch.bundle, .batch.status,
	 (if .batch.status == "ok" then .bundle.platform else "" end),
	 (.findings[0].cause // ""),
	 ((.findings[0].error_codes // []) | join(" ")),
	 (.findings[0].confidence // ""),
	 .batch.seconds,
	 (.batch.error // "")]
	| map(field) | join(",") + "\r";

"bundle,status,platform,top_cause,error_codes,confidence,seconds,error\r",
(inputs | row)
