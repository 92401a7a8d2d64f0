#!/usr/bin/env python3
"""The guided page in a real browser: a technician does a whole attended job through it.

Makes a sandbox terminal (its Downloads hold the old and the new .p12), starts
`succession serve`, opens the printed URL in headless Chromium and, as a person would, starts
the job on the start page (first with the same code twice: refused, nothing created), then
answers every question with the trial's mistakes: a typo then its correction, an empty field,
full-width digits, a serial one digit short typed twice, a wrong 拇印, a password typed as the
PIN (its refusal in view on a phone) then the PIN with a trailing space, いいえ tapped at ⑨ and
taken back (at its confirmation, and by 「⑨に戻る」 from 補足①), the old clinic's name at 補足②.
Then checks the journal (accepted answers only, no secret, 補足① not needed), the report
(全手順完了; on a phone each 拇印 group whole, the bullets inside their box), the lock (a CLI
command that would change the job is refused, `job status` still reads it) and that Ctrl-C
stops the server cleanly.

The page listens on a loopback address of its own (127.X.Y.Z, not 127.0.0.1): once Chromium holds
the token's cookie, another local service it visits on 127.0.0.1 or localhost receives none.

Then, on a second sandbox, `succession serve --listen 0.0.0.0`: the page over TLS only. Python
takes the certificate the server presents and checks that its SHA-256 is the fingerprint printed,
that it verifies for its own loopback address (subjectAltName), that the token opens the page with a Secure
cookie and that plain http to the same port gets no page; Chromium, trusting exactly that key,
starts the job with the notice chosen as a Shift-JIS file. Ctrl-C stops it, the lock is released.
Traffic stays on this machine: the wildcard is reached by the loopback address of its own it prints.

Last, kill -9 in the middle of an attended job: the journal is the truth. What the page had
accepted is in `job status`, the kernel has released the lock, and a new `serve` opens at the
same question.

Usage: guided_page.py [path/to/succession]   (default: .build/debug/succession)
Needs: chromium, chromium-driver (Debian), selenium (PyPI).
"""
import base64
import datetime
import glob
import hashlib
import http.client
import http.server
import json
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

BINARY = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".build/debug/succession")
# The page's own loopback address: 127.X.Y.Z with X not 0 (never 127.0.0.1, which every local
# service shares, and with it the browser's cookies).
OWN_LOOPBACK = r"127\.(?!0\.)\d+\.\d+\.\d+"
OLD, NEW, PIN = "0110113719", "1310110049", "1357"
SECRETS = ["Kanri#Henkou2026", "Face#Secret2026"]
passed = 0
failed = 0
browser = None


def check(condition, what):
    global passed, failed
    if condition:
        passed += 1
        print(f"  ok   {what}")
    else:
        failed += 1
        print(f"  FAIL {what}")


def succession(*arguments, check_status=True):
    result = subprocess.run([BINARY, *arguments], capture_output=True, text=True, timeout=60,
                            env={**os.environ, "LANG": "ja_JP.UTF-8"})
    if check_status and result.returncode != 0:
        raise SystemExit(f"succession {' '.join(arguments)}: {result.returncode}\n{result.stdout}{result.stderr}")
    return result


def certificate(path):
    """The code (CN), the 有効期限 as a date in Japan and the SHA-1 拇印 of a sandbox .p12."""
    for legacy in ([], ["-legacy"]):
        pem = subprocess.run(["openssl", "pkcs12", "-in", path, "-nokeys", "-passin", f"pass:{PIN}", *legacy],
                             capture_output=True)
        if pem.returncode == 0 and b"BEGIN CERTIFICATE" in pem.stdout:
            break
    else:
        raise SystemExit(f"openssl cannot open {path}")
    info = subprocess.run(["openssl", "x509", "-noout", "-subject", "-enddate", "-fingerprint", "-sha1"],
                          input=pem.stdout, capture_output=True, check=True).stdout.decode()
    code = re.search(r"(\d{10})", re.search(r"subject=(.*)", info).group(1)).group(1)
    end = re.search(r"notAfter=(.*)", info).group(1).strip()
    utc = datetime.datetime.strptime(end.replace("  ", " "), "%b %d %H:%M:%S %Y GMT")
    day = (utc + datetime.timedelta(hours=9)).strftime("%Y/%m/%d")
    sha1 = re.search(r"Fingerprint=([0-9A-F:]+)", info).group(1).replace(":", "").lower()
    return code, day, sha1


def main():
    folder = tempfile.mkdtemp(prefix="guided-page-")
    root = os.path.join(folder, "site")
    succession("terminal", "sandbox", root)
    downloads = os.path.join(root, "Users/OqsComApp/Downloads")
    certificates = {code: (day, sha1) for code, day, sha1 in map(certificate, glob.glob(downloads + "/*.p12"))}
    old_day, old_sha1 = certificates[OLD]
    new_day, new_sha1 = certificates[NEW]
    wrong_sha1 = ("1" if new_sha1[0] == "0" else "0") + new_sha1[1:8]
    notice = open(os.path.join(root, "Users/OqsComApp/Desktop/通知書.txt"), encoding="utf-8").read()
    tomorrow = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=9 + 24)).strftime(
        "%Y/%m/%d %H:%M")

    # Each question id's answers, typed in turn (the last one again when it repeats per reader).
    # The slips of a hurried person: a serial one digit short typed twice, a password at the PIN
    # prompt then the PIN with a trailing space, いいえ at ⑨ (taken back at its confirmation, then
    # again from 補足①), and the old clinic's name at 補足②.
    short = "caora-０００１０１ 未接続\nCAORA-00102 未接続"
    plan = {
        "2.done": ["yes"],
        "3.readers": [short, short, "caora-000101 未接続\nＣＡＯＲＡ-000102 未接続"],
        "3.removed": ["no", "yes"],
        "4.certificates": ["", f"{OLD} {old_day} {old_sha1[:8]}"],
        "4.removed": ["yes"], "5.method": ["1"], "6.downloaded": ["yes"], "6.desktopFolder": ["yes"],
        "6.pin": ["Kanri#Henkou2026", PIN + " "], "7.installed": ["yes"],
        "8.thumbprint": [wrong_sha1, new_sha1[:8].upper()],
        "8.expiry": [new_day], "8.others": ["なし"],
        "9.login": ["no", "no", "yes"], "9.loginConfirmed": ["back", "supplement"],
        "9.code": ["131011OO49", "１３１０１１００４９"],
        "10.loginKeyUser": ["R0RENK01"], "10.before": [OLD], "10.after": ["", NEW],
        "11.done": ["yes"], "12.password": [PIN, "Face#Secret2026"], "12.state": ["接続中"],
        "13.status": [f"Status=サーバー接続の定期実行待ち [再開予定時刻：{tomorrow}]"],
        "13.faceAuth": ["yes"], "14.myNumberCard": ["passed"], "14.insuranceCard": ["passed"], "14.backup": ["yes"],
        "S2.expectedName": ["さくら内科"],
        "S2.facilityName": ["さくら医院", "さくら内科"],
    }

    server = subprocess.Popen([BINARY, "serve", "--terminal", root], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, env={**os.environ, "LANG": "ja_JP.UTF-8"})
    url = server.stdout.readline().strip()
    check(re.fullmatch(rf"http://{OWN_LOOPBACK}:\d+/\?t=[0-9a-f]{{32}}", url) is not None,
          f"serve prints its URL on a loopback address of its own ({url[:36]}…)")

    options = webdriver.ChromeOptions()
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,900"]:
        options.add_argument(argument)
    global browser
    browser = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    pages = []
    try:
        base = url.split("/?")[0]
        browser.get(base + "/job")
        check("403" in browser.page_source, "without the token the page is refused")
        browser.get(url)
        check("?t=" not in browser.current_url, "the token leaves the address bar")
        check("承継工事を始める" in browser.page_source, "the start page in Japanese")
        received = cookies_another_service_receives(browser)
        check(received and not any("succession-token" in cookie for cookie in received),
              f"another local service visited on 127.0.0.1 and localhost gets no token cookie ({received})")

        def fill_start(new_code):
            for name in ["oldCode", "downloads", "backupFolder"]:
                browser.find_element(By.ID, name).clear()
            browser.find_element(By.ID, "oldCode").send_keys(OLD)
            field = browser.find_element(By.ID, "newCode")
            field.clear()
            field.send_keys(new_code)
            # Pasted, as a person pastes it: typed keys would turn its tabs into focus moves.
            area = browser.find_element(By.ID, "notice")
            browser.execute_script("arguments[0].value = arguments[1]", area, notice)
            browser.find_element(By.ID, "downloads").send_keys(downloads)
            browser.find_element(By.ID, "backupFolder").send_keys(os.path.join(folder, "usb"))
            box = browser.find_element(By.NAME, "attended")
            if not box.is_selected():
                box.click()
            submit(browser.find_element(By.CSS_SELECTOR, "form.start button[type=submit]"))

        fill_start(OLD)
        check("何も作成していません" in browser.page_source, "old = new is refused at the start page")
        check(not os.path.exists(os.path.join(root, ".succession/job.json")), "… and nothing is created")
        browser.get(base + "/")
        fill_start(NEW)
        check(browser.current_url.startswith(base + "/job"), "the job is created and its page shown")

        seen = {}
        short_refusals = 0
        went_back = False
        for _ in range(150):
            source = browser.page_source
            pages.append(source)
            ids = browser.find_elements(By.CSS_SELECTOR, "form.question input[name=q]")
            if not ids:
                break
            qid = ids[0].get_attribute("value")
            if qid.startswith("S1.") and not went_back:
                # 補足① opened by いいえ at ⑨: the page's way back, one tap.
                went_back = True
                back = browser.find_elements(By.XPATH, "//form[@action='/redo']//button[contains(., '⑨に戻る')]")
                check(len(back) == 1, "while 補足① is in progress the page offers 「⑨に戻る」")
                if not back:
                    break
                submit(back[0])
                asked = browser.find_elements(By.CSS_SELECTOR, "form.question input[name=q]")
                check(asked and asked[0].get_attribute("value") == "9.login", "「⑨に戻る」 asks ⑨'s login again")
                continue
            key = qid if qid in plan else ".".join(qid.split(".")[:2])
            answers = plan[key]
            text = answers.pop(0) if len(answers) > 1 else answers[0]
            seen[key] = seen.get(key, 0) + 1
            if seen[key] > 6:
                raise SystemExit(f"{qid} asked again and again:\n{source}")
            phone = qid == "6.pin" and text in SECRETS
            if phone:
                # The refusal after 送信 on a 360-px phone: the page opens at it, not above it.
                browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
                    "width": 360, "height": 800, "deviceScaleFactor": 1, "mobile": False})
            answer(text)
            if qid == "3.readers" and text == short:
                short_refusals += 1
                check("桁数が違います" in browser.page_source,
                      f"a serial one digit short is refused beside its field (typed {short_refusals}×)")
                check("CAORA-00102 未接続" in browser.find_element(By.ID, "answer").get_attribute("value"),
                      "what was typed is kept in the field")
            if qid == "4.certificates" and text == "":
                check("problem" in browser.page_source and "4.certificates" in browser.page_source,
                      "an empty field is asked again")
            if phone:
                check(browser.find_element(By.ID, "answer").get_attribute("value") == "",
                      "a refused secret is not put back in its field")
                check("cert recover-pin" in browser.page_source, "a wrong PIN names the tool's own recovery")
                # The page has scrolled to its fragment once it is loaded.
                WebDriverWait(browser, 30).until(lambda d: d.execute_script("return document.readyState") == "complete")
                top, bottom = browser.execute_script(
                    "const r = document.getElementById('problem').getBoundingClientRect(); return [r.top, r.bottom]")
                check(bottom > 0 and top < 800, f"on a phone the refusal is in view after 送信 (y {top:.0f} of 800)")
                browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
            if qid == "6.pin" and text == PIN + " ":
                asked = browser.find_elements(By.CSS_SELECTOR, "form.question input[name=q]")
                check(asked and asked[0].get_attribute("value").startswith("7."),
                      "the PIN with a trailing space is the PIN: ⑦ asks next")
            if qid == "8.thumbprint" and text == wrong_sha1:
                check("一致しません" in browser.page_source, "a wrong 拇印 is refused")
            if qid == "9.loginConfirmed" and text == "back":
                check("戻る（もう一度ログインを試す）" in source, "いいえ at ⑨ is confirmed first, with a way back")
                asked = browser.find_elements(By.CSS_SELECTOR, "form.question input[name=q]")
                check(asked and asked[0].get_attribute("value") == "9.login", "「戻る」 asks ⑨'s login again")
            if qid == "9.code" and "OO" in text:
                check("数字の「0」ではありませんか" in browser.page_source, "O for 0 is named")
            if qid == "S2.facilityName" and text == "さくら医院":
                check("一致しません" in browser.page_source and "さくら医院" in browser.page_source,
                      "the old clinic's name is asked again against the right name")
        check(short_refusals == 2, f"the short serial typed twice is refused twice ({short_refusals})")
        check(went_back, "the page went back from 補足① to ⑨")
        pages.append(browser.page_source)
        check("全手順完了" in browser.page_source, "the job page says 全手順完了")

        status = succession("job", "status", "--terminal", root, "--json")
        check(json.loads(status.stdout.splitlines()[0]).get("complete") is True,
              "job status reads the job while the page serves")
        locked = succession("job", "redo", "2", "--terminal", root, check_status=False)
        check(locked.returncode == 1 and "serve" in locked.stderr, "a CLI change is refused while the page holds the lock")

        browser.find_element(By.LINK_TEXT, "お客様向け報告書を開く").click()
        report = browser.page_source
        check("全手順完了" in report, "the report page says 全手順完了")
        check("さくら内科" in report and "さくら医院" not in report, "the report names the right facility only")
        report_on_a_phone(browser)
        browser.get(base + "/job?lang=en")
        check("All steps done" in browser.page_source, "English with ?lang=en")
    finally:
        browser.quit()
        server.send_signal(signal.SIGINT)
        try:
            code = server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            code = -9
        check(code == 0, f"Ctrl-C stops the server cleanly (exit {code})")

    journal = open(os.path.join(root, ".succession/job.json"), encoding="utf-8").read()
    everything = "".join(pages) + report + server.stdout.read() + server.stderr.read()
    for secret in SECRETS:
        check(secret not in journal, f"the journal never holds {secret}")
        check(secret not in everything, f"no page, report or log holds {secret}")
    check(f'"{PIN}"' not in journal and f'value="{PIN}"' not in everything, "the PIN is in no page or journal")
    for rejected in ["131011OO49", "CAORA-00102\"", wrong_sha1, "さくら医院"]:
        check(rejected not in journal, f"the journal never holds the rejected {rejected}")
    status = json.loads(succession("job", "status", "--terminal", root, "--json").stdout.splitlines()[0])
    steps = {str(step.get("number")): step for step in status.get("steps", [])}
    check(steps.get("S1", {}).get("state") == "notNeeded", "補足① is not needed after the way back, never 完了")
    check(steps.get("3", {}).get("evidence", {}).get("readerSerials") == ["CAORA-000101", "CAORA-000102"],
          "③ records the right serials only")
    check(steps.get("S2", {}).get("evidence", {}).get("facilityName") == "さくら内科",
          "補足② records the right facility name only")
    served_over_tls(folder)
    killed_mid_job(folder)
    if not failed:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"guided page e2e: {passed} passed, {failed} failed")
    return 1 if failed else 0


def report_on_a_phone(driver):
    """The customer's report at 360×800: each 拇印 group on one line, the bullets inside their box,
    nothing wider than the screen."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": 360, "height": 800, "deviceScaleFactor": 1, "mobile": False})
    try:
        driver.refresh()
        lines = driver.execute_script(
            "return [...document.querySelectorAll('.hex')].map(e => e.getClientRects().length)")
        check(lines and all(count == 1 for count in lines), f"on a phone no 拇印 group breaks inside ({lines})")
        gaps = driver.execute_script("""
            const box = document.querySelector('.keep').getBoundingClientRect();
            const size = parseFloat(getComputedStyle(document.querySelector('.keep li')).fontSize);
            return [...document.querySelectorAll('.keep li')].map(li => (li.getBoundingClientRect().left - box.left) / size);
        """)
        check(gaps and all(gap >= 1.5 for gap in gaps), f"the bullets sit inside their box, off its border ({gaps})")
        width = driver.execute_script("return document.documentElement.scrollWidth")
        check(width <= 360, f"nothing on the report is wider than the phone ({width} px)")
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def stop(server):
    """Ctrl-C, as a person types it; the exit status."""
    server.send_signal(signal.SIGINT)
    try:
        return server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        return -9


def killed_mid_job(folder):
    """kill -9 while the page serves an attended job: nothing accepted is lost, nothing is stuck."""
    root = os.path.join(folder, "killed")
    succession("terminal", "sandbox", root)
    notice = os.path.join(root, "Users/OqsComApp/Desktop/通知書.txt")
    succession("job", "init", "--terminal", root, "--old-code", OLD, "--new-code", NEW, "--notice", notice,
               "--attended", "--downloads", os.path.join(root, "Users/OqsComApp/Downloads"),
               "--backup-folder", os.path.join(folder, "usb-killed"))

    def serve():
        server = subprocess.Popen([BINARY, "serve", "--terminal", root], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True, env={**os.environ, "LANG": "ja_JP.UTF-8"})
        return server, server.stdout.readline().strip()

    def question():
        ids = browser.find_elements(By.CSS_SELECTOR, "form.question input[name=q]")
        return ids[0].get_attribute("value") if ids else None

    global browser
    options = webdriver.ChromeOptions()
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,900"]:
        options.add_argument(argument)
    browser = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        server, url = serve()
        browser.get(url)
        check(question() == "2.done", "an attended job opens at ②'s question")
        answer("yes")
        asked = question()
        check(asked is not None and asked.startswith("3."), f"② is accepted; ③ asks next ({asked})")
        server.send_signal(signal.SIGKILL)
        server.wait(timeout=20)
        status = json.loads(succession("job", "status", "--terminal", root, "--json").stdout.splitlines()[0])
        states = {str(step.get("number")): step.get("state") for step in status.get("steps", [])}
        check(states.get("2") == "done", f"after kill -9, job status has ② done ({states.get('2')})")
        again, url = serve()
        check(re.fullmatch(rf"http://{OWN_LOOPBACK}:\d+/\?t=[0-9a-f]{{32}}", url) is not None,
              "the lock went with the killed process: serve starts again")
        browser.get(url)
        check(question() == asked, f"the new page asks the same question ({question()})")
        check(stop(again) == 0, "… and Ctrl-C stops it cleanly")
    finally:
        browser.quit()


def served_over_tls(folder):
    """`serve --listen 0.0.0.0`: TLS only, the fingerprint printed, a file chosen for the notice."""
    root = os.path.join(folder, "tls-site")
    succession("terminal", "sandbox", root)
    downloads = os.path.join(root, "Users/OqsComApp/Downloads")
    notice = open(os.path.join(root, "Users/OqsComApp/Desktop/通知書.txt"), encoding="utf-8").read()
    notice_file = os.path.join(folder, "通知書-sjis.txt")
    with open(notice_file, "wb") as out:
        out.write(notice.encode("cp932"))
    server = subprocess.Popen([BINARY, "serve", "--terminal", root, "--listen", "0.0.0.0"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env={**os.environ, "LANG": "ja_JP.UTF-8"})
    url = server.stdout.readline().strip()
    printed = server.stdout.readline().strip()
    also = []
    while True:
        line = server.stdout.readline()
        if not line or "Ctrl-C" in line:
            break
        also.append(line.strip())
    match = re.fullmatch(r"https://([^/]+):(\d+)/\?t=([0-9a-f]{32})", url)
    check(match is not None and not match.group(1).startswith("127."),
          f"--listen 0.0.0.0 prints an https:// URL with this machine's address ({url[:34]}…)")
    fingerprint = re.search(r"((?:[0-9A-F]{2}:){31}[0-9A-F]{2})", printed)
    check(fingerprint is not None, f"and the certificate's SHA-256 fingerprint ({printed[:40]}…)")
    if match is None or fingerprint is None:
        stop(server)
        return
    port, token = int(match.group(2)), match.group(3)
    own = next((m.group(1) for m in (re.search(rf"https://({OWN_LOOPBACK}):{port}/", line) for line in also) if m), None)
    check(own is not None, f"… and, for this machine, a loopback address of its own ({also})")
    own = own or "127.0.0.1"
    browser_tls = None
    try:
        # The certificate as the server presents it: its DER's SHA-256 is what was printed.
        bare = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        bare.check_hostname = False
        bare.verify_mode = ssl.CERT_NONE
        with bare.wrap_socket(socket.create_connection((own, port), timeout=10)) as tls:
            der = tls.getpeercert(binary_form=True)
            version = tls.version()
        digest = ":".join(f"{byte:02X}" for byte in hashlib.sha256(der).digest())
        check(digest == fingerprint.group(1), "the peer certificate's SHA-256 is the fingerprint printed")
        check(version in ("TLSv1.2", "TLSv1.3"), f"TLS 1.2 or later ({version})")

        # Trusting exactly that certificate, with the hostname checked against its subjectAltName.
        trusting = ssl.create_default_context(cadata=ssl.DER_cert_to_PEM_cert(der))
        connection = http.client.HTTPSConnection(own, port, context=trusting, timeout=10)
        connection.request("GET", f"/?t={token}")
        first = connection.getresponse()
        first.read()
        cookie = first.getheader("Set-Cookie") or ""
        check(first.status == 303 and "Secure" in cookie and "HttpOnly" in cookie,
              f"the certificate verifies for {own}; the token gives a Secure, HttpOnly cookie")
        connection.request("GET", "/", headers={"Cookie": cookie.split(";")[0]})
        page = connection.getresponse()
        check(page.status == 200 and "承継工事を始める" in page.read().decode(), "the page is served over TLS")
        connection.close()

        plain = http.client.HTTPConnection(own, port, timeout=10)
        try:
            plain.request("GET", f"/?t={token}")
            reply = plain.getresponse()
            body = reply.read().decode("utf-8", "replace")
            refused = reply.status == 400 and "https://" in body and "承継工事" not in body
        except (OSError, http.client.HTTPException):
            refused = True
        check(refused, "plain http to the same port gets no page (told to use https://)")

        # Chromium trusts exactly this key (its SPKI's SHA-256), as a person trusts it after
        # comparing the fingerprint; the hostname is still checked.
        spki = subprocess.run(["openssl", "x509", "-inform", "der", "-pubkey", "-noout"], input=der,
                              capture_output=True, check=True).stdout
        spki_der = subprocess.run(["openssl", "pkey", "-pubin", "-outform", "der"], input=spki,
                                  capture_output=True, check=True).stdout
        pin = base64.b64encode(hashlib.sha256(spki_der).digest()).decode()
        options = webdriver.ChromeOptions()
        for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=360,800",
                         f"--ignore-certificate-errors-spki-list={pin}",
                         f"--user-data-dir={os.path.join(folder, 'chromium-tls')}"]:
            options.add_argument(argument)
        browser_tls = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        base = f"https://{own}:{port}"
        browser_tls.get(f"{base}/?t={token}")
        check("承継工事を始める" in browser_tls.page_source, "Chromium opens the page over TLS")
        secure = [c.get("secure") for c in browser_tls.get_cookies() if c.get("name") == "succession-token"]
        check(secure == [True], "the browser holds the token as a Secure cookie")
        browser_tls.find_element(By.ID, "oldCode").send_keys(OLD)
        browser_tls.find_element(By.ID, "newCode").send_keys(NEW)
        browser_tls.find_element(By.ID, "noticeFile").send_keys(notice_file)
        browser_tls.find_element(By.ID, "downloads").send_keys(downloads)
        box = browser_tls.find_element(By.NAME, "attended")
        if not box.is_selected():
            box.click()
        submit(browser_tls.find_element(By.CSS_SELECTOR, "form.start button[type=submit]"))
        check(browser_tls.current_url.startswith(base + "/job"), "the notice chosen as a Shift-JIS file starts the job")
        journal = os.path.join(root, ".succession/job.json")
        check(os.path.exists(journal) and "総合受付" in open(journal, encoding="utf-8").read(),
              "… and the journal holds what the file said")
        locked = succession("job", "redo", "1", "--terminal", root, check_status=False)
        check(locked.returncode == 1 and "serve" in locked.stderr, "the page holds the lock meanwhile")
    finally:
        if browser_tls is not None:
            browser_tls.quit()
        code = stop(server)
    check(code in (0, 130), f"Ctrl-C stops the TLS server cleanly (exit {code})")
    status = succession("job", "status", "--terminal", root, "--json", check_status=False)
    check(status.returncode in (0, 1) and status.stdout.startswith("{"), "job status reads the job afterwards")
    changed = succession("job", "redo", "1", "--terminal", root, check_status=False)
    check(changed.returncode == 0, f"the lock is released: a CLI change works (exit {changed.returncode})")
    logs = server.stdout.read() + server.stderr.read()
    other = [line for line in logs.splitlines() if token in line and f"https://" not in line]
    check(not other and not server_errors(logs), f"the token is printed in the URLs only; no error logged {other}")
    check("PRIVATE KEY" not in logs, "no key is printed")


def cookies_another_service_receives(driver):
    """The Cookie headers a plain local service on 127.0.0.1 receives when Chromium visits it by
    127.0.0.1 and by localhost; Chromium is sent back to where it was afterwards."""
    received = []

    class Service(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            received.append(self.headers.get("Cookie") or "")
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.write(b"another local service")

        def log_message(self, *arguments):
            pass

    other = http.server.HTTPServer(("127.0.0.1", 0), Service)
    threading.Thread(target=other.serve_forever, daemon=True).start()
    back = driver.current_url
    try:
        for host in ("127.0.0.1", "localhost"):
            driver.get(f"http://{host}:{other.server_address[1]}/")
    finally:
        other.shutdown()
        driver.get(back)
    return received


def server_errors(logs):
    return "\n".join(line for line in logs.splitlines() if " error " in line)


def submit(button):
    """Clicks and waits for the next page."""
    old = button.parent.find_element(By.TAG_NAME, "html")
    button.click()
    WebDriverWait(button.parent, 30).until(lambda driver: stale(old))


def stale(element):
    try:
        element.tag_name
        return False
    except Exception:
        return True


def answer(text):
    form = browser.find_element(By.CSS_SELECTOR, "form.question")
    choices = form.find_elements(By.CSS_SELECTOR, "button.choice")
    if choices:
        chosen = [button for button in choices if button.get_attribute("value") == text or button.text == text]
        if not chosen:
            raise SystemExit(f"no choice {text!r} in {[button.get_attribute('value') for button in choices]}")
        submit(chosen[0])
        return
    field = form.find_element(By.ID, "answer")
    field.clear()
    if text:
        field.send_keys(text)
    submit(form.find_element(By.CSS_SELECTOR, "button.send"))


if __name__ == "__main__":
    sys.exit(main())
