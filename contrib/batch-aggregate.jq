# Counts over the JSON lines of `vmtriage batch`: one file, or the shards
# of a run given together.  Reads one line at a time, so memory grows
# with the number of causes and codes, not of bundles:
#
#   jq -n -f contrib/batch-aggregate.jq out/*.jsonl
#
# bundles, ok, failed, with_findings, seconds (their sum); then, sorted by
# count and then by name, the bundles analysed by the top cause (the
# report's first finding; "none" when there is none), by the error codes
# that cause explains, by platform and by symptom (the job's or
# --symptom's error code; "none"); and the failed bundles with the
# error.

def tally($key):
	to_entries
	| map({($key): .key, bundles: .value})
	| sort_by(-.bundles, .[$key]);

def bump($k): .[$k] = ((.[$k] // 0) + 1);

reduce inputs as $l (
	{bundles: 0, ok: 0, failed: 0, with_findings: 0, seconds: 0,
	 cause: {}, code: {}, platform: {}, symptom: {}, failures: []};
	.bundles += 1
	| .seconds += ($l.batch.seconds // 0)
	| if $l.batch.status == "ok" then
		.ok += 1
		| (if ($l.findings | length) > 0 then .with_findings += 1
		   else . end)
		| .cause |= bump($l.findings[0].cause // "none")
		| reduce ($l.findings[0].error_codes // [])[] as $c (.;
			.code |= bump($c))
		| .platform |= bump($l.bundle.platform // "unknown")
		| .symptom |= bump($l.symptom.code // "none")
	  else
		.failed += 1
		| .failures += [{bundle: $l.batch.bundle, error: $l.batch.error}]
	  end)
| {bundles, ok, failed, with_findings,
   seconds: ((.seconds * 1000 | round) / 1000),
   by_top_cause: (.cause | tally("cause")),
   by_error_code: (.code | tally("code")),
   by_platform: (.platform | tally("platform")),
   by_symptom: (.symptom | tally("symptom")),
   failed_bundles: .failures}
