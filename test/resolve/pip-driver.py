# Runs pip's own `install --dry-run --report` for many requirement sets in one interpreter (pip starts in seconds on
# a busy machine; resolving takes a fraction of that). Reads a JSON list of jobs on stdin:
#   {"dir": folder with requirements.txt [and constraints.txt], "index": simple index URL, "pre": bool}
# and prints one JSON result per job: the closure pip would install, or that it found none, and what its resolver
# did (candidates rejected, pins). pip's PipDebuggingReporter (PIP_RESOLVER_DEBUG) logs every resolver event.
import json
import os
import sys

os.environ["PIP_RESOLVER_DEBUG"] = "1"
from pip._internal.cli.main import main as pip_main  # noqa: E402

results = []
for job in json.load(sys.stdin):
    folder = job["dir"]
    report = os.path.join(folder, "report.json")
    log = os.path.join(folder, "pip.log")
    args = [
        "install", "--dry-run", "--ignore-installed", "--report", report, "--log", log, "--quiet",
        "--no-cache-dir", "--disable-pip-version-check", "--isolated", "--no-input",
        "--index-url", job["index"], "-r", os.path.join(folder, "requirements.txt"),
    ]
    if os.path.exists(os.path.join(folder, "constraints.txt")):
        args += ["-c", os.path.join(folder, "constraints.txt")]
    if job.get("pre"):
        args.append("--pre")
    if os.path.exists(log):
        os.remove(log)
    status = pip_main(args)
    rejected = 0
    pins = []
    with open(log, encoding="utf-8") as handle:
        for line in handle:
            if "Reporter.rejecting_candidate(" in line:
                rejected += 1
            elif "Reporter.pinning(" in line and "/files/" in line:
                # A wheel's file name starts name-version (PEP 427 escapes dashes in both).
                pins.append("-".join(line.rsplit("/files/", 1)[-1].split("-")[:2]))
    result = {"dir": folder, "status": status, "rejected": rejected, "pins": pins}
    if status == 0 and os.path.exists(report):
        with open(report, encoding="utf-8") as handle:
            data = json.load(handle)
        result["install"] = sorted(f'{item["metadata"]["name"]}=={item["metadata"]["version"]}' for item in data["install"])
    results.append(result)
print(json.dumps(results))
