"""Instructions per page request, counted by valgrind (callgrind): the portal's pages next to the
peer page, repeatable on a noisy machine.

What bench/pages_cpu.py measures in CPU time, counted instead: both apps run in one process on
the same seeded database and session cookie (bench/seed.py), each page is requested through the
Flask test client, and callgrind counts the instructions of N requests per page, collecting only
while they run (the process starts and warms up uninstrumented). The count is the same from run
to run whatever else the machine does (garbage collection is frozen and off while counting, so a
collection cannot fall into one page's share), which wall-clock and CPU-time figures on a shared
2-core machine are not; it is not time (a cache miss counts as one instruction), so the ratio
peer/page is a guide to the throughput ratio, and bench/load.py remains the measure of record.
Needs valgrind (`apt-get install valgrind`); about a minute at the defaults.

    .venv/bin/python bench/pages_instructions.py --scale 1 --requests 20
"""

import argparse
import gc
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import GOALS, page_kind  # noqa: E402

DUMP_PREFIX = "page:"


def count_in_child(info: dict, requests: int) -> None:
    """Under callgrind: warm both apps up, then count N requests of each page, one dump each."""
    from bench import pages_cpu  # sets the bench environment before the portal is imported

    os.environ["DATABASE_URL"] = info["database"]
    client, _counter = pages_cpu.portal_client(info["database"], info["emails"][0])
    from bench import peer_app

    peer = peer_app.app.test_client()
    peer.set_cookie("fagnettverk", client.get_cookie("fagnettverk").value)
    pages = [("peer", peer, "/")] + [(path, client, path) for path in info["paths"]]
    for _name, app_client, path in pages:
        pages_cpu.warm_up(app_client, path)
    gc.collect()
    gc.freeze()
    gc.disable()
    pid = str(os.getpid())
    for name, app_client, path in pages:
        subprocess.run(["callgrind_control", "-i", "on", pid], check=True, capture_output=True)
        for _ in range(requests):
            app_client.get(path)
        subprocess.run(["callgrind_control", "-i", "off", pid], check=True, capture_output=True)
        subprocess.run(
            ["callgrind_control", "-d", DUMP_PREFIX + name, pid], check=True, capture_output=True
        )


def read_dumps(folder: Path, requests: int) -> dict[str, float]:
    """Millions of instructions per request, by page, from the callgrind dumps."""
    counts = {}
    for dump in folder.glob("callgrind.out.*.*"):
        text = dump.read_text(errors="replace")
        name = re.search(rf"Trigger: dump {re.escape(DUMP_PREFIX)}(.*)", text)
        total = re.search(r"^totals: (\d+)", text, re.MULTILINE)
        if name and total:
            counts[name.group(1)] = int(total.group(1)) / requests / 1e6
    return counts


def main() -> None:
    """Seed, count every page under callgrind, print instructions per request and the ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--child", help=argparse.SUPPRESS)  # the run under callgrind
    args = parser.parse_args()
    if args.child:
        count_in_child(json.loads(Path(args.child).read_text()), args.requests)
        return
    if shutil.which("valgrind") is None or shutil.which("callgrind_control") is None:
        sys.exit("valgrind is not installed: apt-get install valgrind")
    from bench import pages_cpu  # noqa: F401  (the bench environment, before the portal)
    from bench.seed import seed_scaled

    with tempfile.TemporaryDirectory(prefix="portal-instructions-") as tmp:
        folder = Path(tmp)
        info = seed_scaled(f"sqlite:///{tmp}/pages.db", args.scale)
        plan = folder / "info.json"
        plan.write_text(json.dumps({k: info[k] for k in ("database", "emails", "paths")}))
        subprocess.run(
            [
                "valgrind", "--tool=callgrind", "--instr-atstart=no",
                f"--callgrind-out-file={folder}/callgrind.out.%p",
                sys.executable, __file__, "--child", str(plan), "--requests", str(args.requests),
            ],
            check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        counts = read_dumps(folder, args.requests)
        print(f"\n{info['summary']}; {args.requests} requests per page, instructions (callgrind)")
        peer = counts["peer"]
        print(f"{'page':<34}{'M instr.':>10}{'ratio':>7}  goal")
        print(f"{'peer (Flask+SQLAlchemy+Login)':<34}{peer:10.2f}")
        for path in info["paths"]:
            ratio = peer / counts[path]
            goal = GOALS[page_kind(path)]
            verdict = "OK" if ratio >= goal else "short"
            print(f"{path:<34}{counts[path]:10.2f}{ratio:7.2f}  >= {goal} {verdict}")


if __name__ == "__main__":
    main()
