# Counts over the JSON lines of `vmtriage batch`: one file, or the shards
# of a run given together.  Reads one line at a time, so memory grows
# with the number of causes, codes and checks, not of bundles:
#
#   jq -n -f contrib/batch-aggregate.jq out/*.jsonl
#
# bundles, ok, failed, with_findings, seconds (their sum); then, sorted by
# count and then by name, the bundles analysed by the top cause (the
# report's first finding; "none" when there is none), by the error codes
# that cause explains, by platform and by symptom (the job's or
# --symptom's error code; "none"); and the failed bundles with the
# error.
#
# Lines of `batch --audit` (schema vmtriage/audit/1) count instead by
# verdict (ready, not_ready, undecided) and, per check, how many VMs it
# failed, warned, could not decide or passed: by_check, the most failed
# first.  with_findings then counts the VMs not ready.

def tally($key):
	to_entries
	| map({($key): .key, bundles: .value})
	| sort_by(-.bundles, .[$key]);

def bump($k): .[$k] = ((.[$k] // 0) + 1);

def audit_line: .schema == "vmtriage/audit/1";

reduce inputs as $l (
	{bundles: 0, ok: 0, failed: 0, with_findings: 0, seconds: 0,
	 cause: {}, code: {}, platform: {}, symptom: {}, failures: [],
	 verdict: {}, check: {}};
	.bundles += 1
	| .seconds += ($l.batch.seconds // 0)
	| if $l.batch.status == "ok" and ($l | audit_line) then
		.ok += 1
		| (if $l.verdict == "not_ready" then .with_findings += 1
		   else . end)
		| .verdict |= bump($l.verdict // "undecided")
		| .platform |= bump($l.bundle.platform // "unknown")
		| reduce ($l.checks // [])[] as $c (.;
			.check[$c.id] |= ((. // {}) | bump($c.status)))
	  elif $l.batch.status == "ok" then
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
  + (if .verdict == {} then {} else
	{by_verdict: (.verdict | tally("verdict")),
	 by_check: (.check | to_entries
	    | map({check: .key, fail: (.value.fail // 0),
		   warn: (.value.warn // 0), unknown: (.value.unknown // 0),
		   pass: (.value.pass // 0),
		   not_applicable: (.value.not_applicable // 0)})
	    | sort_by(-.fail, -.warn, -.unknown, .check))}
    end)
