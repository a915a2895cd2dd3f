"""Fails on checkov findings that .ci/checkov-skips.txt does not list with a reason, and on stale skip lines.

usage: python .ci/checkov-gate.py CHECKOV_JSON SKIPS_FILE
"""
import fnmatch
import json
import sys


def skips(path):
    entries, problems = [], []
    with open(path) as lines:
        for number, line in enumerate(lines, 1):
            text = line.strip()
            if not text or text.startswith("#"):
                continue
            rule, _, reason = text.partition("#")
            fields = rule.split()
            if len(fields) != 2 or not reason.strip():
                problems.append(f"{path}:{number}: expected 'CHECK_ID RESOURCE_PATTERN  # reason': {text}")
                continue
            entries.append({"check": fields[0], "resource": fields[1], "line": number, "used": 0})
    return entries, problems


def main(report_path, skips_path):
    with open(report_path) as f:
        report = json.load(f)
    reports = report if isinstance(report, list) else [report]
    failed = [c for r in reports for c in r.get("results", {}).get("failed_checks", [])]
    passed = sum(len(r.get("results", {}).get("passed_checks", [])) for r in reports)
    entries, problems = skips(skips_path)
    unlisted = []
    for finding in failed:
        match = next((e for e in entries if e["check"] == finding["check_id"]
                      and fnmatch.fnmatchcase(finding["resource"], e["resource"])), None)
        if match:
            match["used"] += 1
        else:
            unlisted.append(f"{finding['check_id']} {finding['resource']}: {finding['check_name']}")
    for entry in entries:
        if entry["used"] == 0:
            problems.append(f"{skips_path}:{entry['line']}: {entry['check']} {entry['resource']} matches no finding any more; remove it")
    print(f"checkov: {passed} passed, {len(failed)} failed, {len(failed) - len(unlisted)} of them accepted "
          f"({len(entries)} skip lines)")
    for line in unlisted:
        print(f"NEW FINDING {line}")
    for line in problems:
        print(line)
    return 1 if unlisted or problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
