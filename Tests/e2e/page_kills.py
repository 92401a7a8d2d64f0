#!/usr/bin/env python3
"""kill -9 of `succession serve` at random moments during page-driven jobs: the journal stays
true and the terminal restorable.

Each round makes a sandbox terminal and its job, serves it, and answers every question through
the page over HTTP as a browser would (the printed address, its cookie, each form as the page
gives it), while a timer kills the server (SIGKILL) at a random moment of the job. The driver
starts the server again — the folder's lock went with the killed process — and goes on from the
question the page asks, typing the secrets again when asked. At the end the job must be
全手順完了 with ⑩'s value before the old code; then every step that changed the terminal is undone
through the CLI and the terminal is compared byte for byte with a job that was never killed.

Usage: page_kills.py [path/to/succession] [rounds]     (default: .build/debug/succession, 30)
"""
import hashlib
import http.cookiejar
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

BINARY = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".build/debug/succession")
ROUNDS = int(sys.argv[2]) if len(sys.argv) > 2 else 30
RESUME = time.strftime("%Y/%m/%d", time.gmtime(time.time() + 2 * 86400))
ANSWERS = {
    "2.done": "yes", "6.pin": "1357", "7.pin": "1357", "9.login": "yes", "9.code": "1310110049", "11.done": "yes",
    "12.password": "Face#Kill2026x",
    "13.status": f"Status=サーバー接続の定期実行待ち [再開予定時刻：{RESUME} 09:00]", "13.faceAuth": "yes",
    "14.myNumberCard": "passed", "14.insuranceCard": "passed", "14.backup": "yes",
    "S2.expectedName": "さくら内科", "S2.facilityName": "さくら内科",
}
failures = []


def succession(*arguments):
    return subprocess.run([BINARY, *arguments], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "LANG": "C"})


def plug(root, plugged_in):
    """The technician's hands on the readers' cables (a sandbox keeps them in readers.json)."""
    path = os.path.join(root, ".succession", "readers.json")
    with open(path, encoding="utf-8") as file:
        devices = json.load(file)
    for device in devices:
        device["pluggedIn"] = plugged_in
    # A reader ③ removed from the tool is plugged in again as a new one, as `terminal readers plug` does.
    listed = {device["serial"] for device in devices}
    for serial in ["CAORA-000101", "CAORA-000102"]:
        if plugged_in and serial not in listed:
            devices.append({"serial": serial, "pluggedIn": True})
    temporary = path + ".hands"
    with open(temporary, "w", encoding="utf-8") as file:
        json.dump(devices, file)
    os.replace(temporary, path)


class Server:
    """A running `succession serve` on the job's folder, and a browser-like client of it."""

    def __init__(self, root):
        self.process = subprocess.Popen([BINARY, "serve", "--terminal", root], stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL, text=True, env={**os.environ, "LANG": "C"})
        self.url = None
        for _ in range(50):
            line = self.process.stdout.readline()
            if not line:
                break
            match = re.search(r"https?://\S+", line)
            if match:
                self.url = match.group(0)
                break
        if not self.url:
            raise RuntimeError("serve printed no address")
        self.base = "{0.scheme}://{0.netloc}".format(urllib.parse.urlsplit(self.url))
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        # The printed address sets the credential and leads to the page.
        with self.opener.open(self.url, timeout=30) as response:
            self.page_url = response.geturl()
            response.read()

    def kill(self):
        try:
            self.process.send_signal(signal.SIGKILL)
        except ProcessLookupError:
            pass

    def stop(self):
        self.kill()
        self.process.wait(timeout=30)

    def job_page(self):
        with self.opener.open(urllib.parse.urljoin(self.base, "/job"), timeout=30) as response:
            return response.read().decode("utf-8")

    def post(self, action, fields):
        data = urllib.parse.urlencode(fields).encode()
        request = urllib.request.Request(urllib.parse.urljoin(self.base, action), data=data)
        with self.opener.open(request, timeout=60) as response:
            response.read()


def hidden(form, name):
    match = re.search(r'name="%s" value="([^"]*)"' % re.escape(name), form)
    return match.group(1) if match else None


def question_form(page):
    match = re.search(r'<form class="question" method="post" action="([^"]+)">(.*?)</form>', page, re.S)
    return (match.group(1), match.group(2)) if match else (None, None)


def again_form(page):
    match = re.search(r'<form method="post" action="([^"]+)">(.*?)</form>', page, re.S)
    return (match.group(1), match.group(2)) if match and "/again" in match.group(1) else (None, None)


def drive(root, kill_after=None):
    """Answers the page until the job is complete; SIGKILL once after `kill_after` seconds."""
    server = Server(root)
    kills = 0
    timer = None
    if kill_after is not None:
        timer = threading.Timer(kill_after, server.kill)
        timer.start()
    for _ in range(400):
        try:
            page = server.job_page()
            if "全手順完了" in page and 'name="q"' not in page:
                break
            action, form = question_form(page)
            if action is None:
                again, fields = again_form(page)
                if again is None:
                    raise RuntimeError("the page asks nothing and is not finished")
                # ③ stops while the readers are plugged in: the person unplugs them, runs it again.
                plug(root, False)
                server.post(again, [("csrf", hidden(fields, "csrf"))])
                continue
            question = hidden(form, "q")
            if question == "11.done":
                plug(root, True)
            key = question if question in ANSWERS else ".".join(question.split(".")[:2])
            answer = ANSWERS.get(key)
            if answer is None:
                raise RuntimeError(f"no answer for {question}")
            server.post(action, [("csrf", hidden(form, "csrf")), ("q", question),
                                 ("attempt", hidden(form, "attempt") or ""), ("answer", answer)])
        except (urllib.error.URLError, ConnectionError, OSError, RuntimeError) as error:
            # A connection cut by the kill arrives a moment before the process is reaped.
            try:
                server.process.wait(timeout=3)
            except subprocess.TimeoutExpired:
                server.stop()
                detail = error.read().decode("utf-8", "replace")[:2000] if hasattr(error, "read") else ""
                raise RuntimeError(f"the page failed without a kill: {error!r} {detail}") from error
            # Killed: the lock went with it; a new server opens at the same question.
            kills += 1
            server = Server(root)
    if timer:
        timer.cancel()
    server.stop()
    return kills


def snapshot(root):
    sums = {}
    for folder, _, files in os.walk(root):
        for name in files:
            path = os.path.join(folder, name)
            relative = os.path.relpath(path, root)
            if relative in (".succession/job.json", ".succession/job.lock") or relative.startswith(".succession/archive/"):
                continue
            if ".tmp-" in name or name.endswith(".hands"):
                continue
            with open(path, "rb") as file:
                sums[relative] = hashlib.sha256(file.read()).hexdigest()
    return sums


def prepare(folder):
    root = os.path.join(folder, "site")
    shutil.copytree(TEMPLATE, root, symlinks=True)
    return root


def finish(root, label):
    status = json.loads(succession("job", "status", "--terminal", root, "--json").stdout)
    if status.get("completion") != "All steps done":
        failures.append(f"{label}: the job ends {status.get('completion')!r}")
        return None
    report = json.loads(succession("job", "report", "--terminal", root, "--format", "json").stdout)
    before = next((fact["value"] for fact in report["facts"] if fact["label"] == "OQS_MEDICAL_INSTITUTION_CODE"), "")
    if before != "0110113719 → 1310110049":
        failures.append(f"{label}: ⑩ recorded {before!r}")
    for step in ["12", "10", "7", "6", "5", "4", "3"]:
        undone = succession("job", "undo", step, "--yes", "--terminal", root)
        if undone.returncode != 0:
            failures.append(f"{label}: undo {step} refused: {undone.stdout}{undone.stderr}")
            return None
    return snapshot(root)


work = tempfile.mkdtemp(prefix="page-kills-")
try:
    TEMPLATE = os.path.join(work, "template")
    succession("terminal", "sandbox", TEMPLATE)
    plug(TEMPLATE, False)
    init = succession("job", "init", "--terminal", TEMPLATE, "--old-code", "0110113719", "--new-code", "1310110049",
                      "--notice", os.path.join(TEMPLATE, "Users/OqsComApp/Desktop/通知書.txt"))
    if init.returncode != 0:
        raise SystemExit(init.stdout + init.stderr)

    reference_folder = os.path.join(work, "reference")
    os.makedirs(reference_folder)
    started = time.monotonic()
    drive(prepare(reference_folder))
    duration = time.monotonic() - started
    reference = finish(os.path.join(reference_folder, "site"), "reference")
    if reference is None:
        raise SystemExit("the reference job did not finish: " + "; ".join(failures))
    print(f"page kills: a job through the page takes {duration:.1f} s; {ROUNDS} rounds, one SIGKILL each")
    killed = 0
    rng = random.Random(int(os.environ.get("SEED", "20261207")))
    for round_number in range(1, ROUNDS + 1):
        folder = os.path.join(work, f"round-{round_number}")
        os.makedirs(folder)
        moment = rng.uniform(0.05, duration * 0.8)
        for _ in range(4):
            root = prepare(folder)
            kills = drive(root, kill_after=moment)
            if kills:
                break
            # The job ran faster than this time: the kill landed after it; earlier, on a fresh copy.
            shutil.rmtree(root)
            moment /= 2
        killed += kills
        label = f"round {round_number} (SIGKILL at {moment:.2f} s)"
        after = finish(root, label)
        if after is not None and after != reference:
            differing = sorted(k for k in set(after) | set(reference) if after.get(k) != reference.get(k))
            failures.append(f"{label}: after undo the terminal differs: {differing[:4]}")
        shutil.rmtree(folder)
    print(f"page kills: {killed} kills in {ROUNDS} rounds; {len(failures)} failures")
    for failure in failures:
        print("  FAIL " + failure)
    if killed < ROUNDS:
        failures.append(f"only {killed} kills landed in {ROUNDS} rounds")
        print("  FAIL " + failures[-1])
    sys.exit(1 if failures else 0)
finally:
    shutil.rmtree(work, ignore_errors=True)
