#!/usr/bin/env python3
"""Drives the page of `searcher --serve` in headless Chromium.

  page_test.py INDEXER SEARCHER OUT_DIR

Indexes a small corpus (some of whose titles, bodies, ids and URLs hold
<script>, quotes and javascript: URLs), starts the server on a free port and
talks to Chromium over the DevTools protocol on a pipe (--remote-debugging-
pipe: no network, nothing but the standard library). It searches, clicks a
facet, a bar of the histogram and a chip, pages, opens an article and goes
back, checking each time what the page shows against the JSON API's answer
for the same state, and that nothing the index holds runs as script.
Screenshots of the main states go to OUT_DIR. Exits 77 (skipped) where
Chromium is not installed.
"""
import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

WAIT_SECONDS = 30
HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'


def fail(message):
    print("FAIL: " + message, file=sys.stderr)
    raise SystemExit(1)


def find_chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def write_corpus(root):
    places = ["Damascus", "Riyadh", "Beirut", "Amman"]
    people = ["Donald Trump", "Ahmed al-Sharaa", "Emmanuel Macron"]
    for i in range(24):
        month = 1 + i % 12
        year = 2024 + i // 12
        person = people[i % len(people)]
        place = places[i % len(places)]
        text = (f"date: {year}-{month:02d}-{1 + i % 27:02d}\n"
                f"title: Talks in {place}, round {i + 1}\n\n"
                f"President {person} held talks in {place} on the border. "
                f"Officials said the talks in {place} would go on.\n")
        path = os.path.join(root, str(year), f"talks-{i:02d}.txt")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    # One story filed twice, with another time in its dateline: a group of
    # near duplicates that a search shows once.
    for name, day in (("copper-a.txt", "03"), ("copper-b.txt", "04")):
        with open(os.path.join(root, name), "w", encoding="utf-8") as f:
            f.write(f"date: 2025-02-{day}\n"
                    "title: Miners strike at the Escondida copper mine\n\n"
                    "Workers at the Escondida copper mine in Chile began a strike "
                    "over pay on Monday, halting output at the world's largest "
                    "copper mine, a union leader said. The company said negotiations "
                    "with the union would resume next week in Santiago.\n")
    # Hostile text everywhere the page shows text: id, title, body, URL.
    hostile_dir = os.path.join(root, "hostile")
    os.makedirs(hostile_dir, exist_ok=True)
    name = '<img src=x onerror="window.__pwned=3">\'quote".txt'
    with open(os.path.join(hostile_dir, name), "w", encoding="utf-8") as f:
        f.write("date: 2025-03-03\n"
                f"title: Hostile {HOSTILE} \"quoted\" 'single'\n"
                "url: javascript:window.__pwned=4\n"
                "source: <b onmouseover=\"window.__pwned=5\">wire</b>\n\n"
                f"Hostile body {HOSTILE} with javascript:window.__pwned=6 and "
                "President Donald Trump in Damascus. Sean O'Brien said \"<b>hi</b>\".\n")
    with open(os.path.join(root, "feed.jsonl"), "w", encoding="utf-8") as f:
        f.write(json.dumps({
            "title": "Hostile feed <svg onload=window.__pwned=7>",
            "body": "Hostile feed item </textarea><script>window.__pwned=8</script> "
                    "in Damascus with Donald Trump.",
            "date": "2025-04-04",
            "url": "javascript:window.__pwned=9",
        }) + "\n")


class Server:
    def __init__(self, searcher, db):
        self.proc = subprocess.Popen(
            [searcher, "--serve", "127.0.0.1:0", "--db", db],
            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL)
        line = self._read_line(WAIT_SECONDS)
        marker = "serving http://"
        if marker not in line:
            fail("the server did not say where it listens: " + line)
        self.base = "http://" + line.split(marker)[1].split("/")[0] + "/"

    def _read_line(self, timeout):
        deadline = time.monotonic() + timeout
        data = b""
        while not data.endswith(b"\n") and time.monotonic() < deadline:
            ready, _, _ = select.select([self.proc.stderr], [], [], 0.5)
            if ready:
                chunk = os.read(self.proc.stderr.fileno(), 1)
                if not chunk:
                    break
                data += chunk
        return data.decode("utf-8", "replace")

    def api(self, path):
        with urllib.request.urlopen(self.base + path, timeout=WAIT_SECONDS) as r:
            return json.load(r)

    def stop(self):
        self.proc.terminate()
        try:
            code = self.proc.wait(timeout=WAIT_SECONDS)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            fail("the server did not stop on SIGTERM")
        if code != 0:
            fail(f"the server exited {code} on SIGTERM")


class Browser:
    """Chromium over the DevTools protocol on a pipe: one JSON message per
    NUL-terminated chunk, written to its fd 3, read from its fd 4."""

    def __init__(self, chromium, profile):
        to_chrome_r, self.to_chrome = os.pipe()
        self.from_chrome, from_chrome_w = os.pipe()

        def fds():
            # Out of the way first: either pipe end may itself be 3 or 4.
            high = [fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (to_chrome_r, from_chrome_w)]
            for target, fd in zip((3, 4), high):
                os.dup2(fd, target)
                os.set_inheritable(target, True)

        self.proc = subprocess.Popen(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu",
             "--disable-quic", "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync",
             "--disable-dev-shm-usage", "--remote-debugging-pipe",
             "--user-data-dir=" + profile, "about:blank"],
            # os.pipe() fds close on exec; the dup2 copies (3, 4) do not.
            preexec_fn=fds, close_fds=False,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self.buffer = b""
        self.next_id = 0
        self.events = []
        self.session = None
        target = self.call("Target.createTarget", {"url": "about:blank"})
        self.session = self.call("Target.attachToTarget", {
            "targetId": target["targetId"], "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            self.call(domain + ".enable")

    def _message(self, timeout):
        deadline = time.monotonic() + timeout
        while b"\0" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                fail("Chromium did not answer in time")
            ready, _, _ = select.select([self.from_chrome], [], [], left)
            if ready:
                chunk = os.read(self.from_chrome, 1 << 16)
                if not chunk:
                    fail("Chromium closed the DevTools pipe")
                self.buffer += chunk
        raw, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(raw)

    def call(self, method, params=None):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if self.session:
            message["sessionId"] = self.session
        os.write(self.to_chrome, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._message(WAIT_SECONDS)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    fail(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def eval(self, expression):
        result = self.call("Runtime.evaluate", {
            "expression": expression, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in result:
            fail(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression, what):
        # While a navigation loads the new document, elements are missing.
        guarded = f"(() => {{ try {{ return !!({expression}); }} catch (e) {{ return false; }} }})()"
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            if self.eval(guarded):
                return
            time.sleep(0.1)
        fail("timed out waiting for " + what)

    def screenshot(self, path):
        data = self.call("Page.captureScreenshot", {"format": "png"})["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))

    def close(self):
        try:
            self.session = None
            self.call("Browser.close")
            self.proc.wait(timeout=WAIT_SECONDS)
        except (SystemExit, subprocess.TimeoutExpired, OSError):
            self.proc.kill()
            self.proc.wait()


def shown_ids(browser):
    return browser.eval(
        "[...document.querySelectorAll('#hits li .meta')].map(m => m.lastChild.textContent)")


def shown_titles(browser):
    return browser.eval("[...document.querySelectorAll('#hits li h3')].map(h => h.textContent)")


def api_state(server, browser):
    """The API's answer for the state the page's URL holds."""
    params = urllib.parse.parse_qs(browser.eval("location.search").lstrip("?"))
    query = [("query", params.get("q", [""])[0]), ("facets", "true"), ("limit", "10"),
             ("offset", str((int(params.get("page", ["1"])[0]) - 1) * 10)),
             ("sort", params.get("sort", ["relevance"])[0])]
    for name in ("person", "place", "org", "since", "until"):
        query += [(name, v) for v in params.get(name, [])]
    for name, field in (("like", "like"), ("related", "related_by_entities"),
                        ("similar", "similar_to")):
        query += [(field, v) for v in params.get(name, [])]
    return server.api("api/search?" + urllib.parse.urlencode(query))


def check_matches_api(server, browser, what):
    """Waits until the page shows the API's answer for the state its URL
    holds (the page renders after the URL changes, so it may lag a moment);
    fails with the last difference after WAIT_SECONDS."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        answer = api_state(server, browser)
        want = [hit["id"] for hit in answer["hits"]]
        titles = [hit["title"] for hit in answer["hits"]]
        # Between a navigation's start and its new document the page has no
        # status yet: look again rather than fail.
        status = browser.eval("document.getElementById('status')?.textContent ?? ''")
        got, got_titles = shown_ids(browser), shown_titles(browser)
        total = f"{answer['total']['estimated']} article"
        if got == want and got_titles == titles and total in status:
            return answer
        if time.monotonic() > deadline:
            fail(f"{what}: the page shows {got} {got_titles} ({status!r}), "
                 f"the API answers {want} {titles} ({total})")
        time.sleep(0.1)


def check_nothing_ran(browser, what):
    if browser.eval("typeof window.__pwned") != "undefined":
        fail(f"{what}: hostile text ran as script (window.__pwned = "
             f"{browser.eval('window.__pwned')})")
    if browser.eval("document.querySelectorAll('script').length") != 1:
        fail(f"{what}: the page holds a script element it did not start with")
    if browser.eval("document.querySelectorAll('main img, main svg foreignObject, "
                    "main iframe').length") != 0:
        fail(f"{what}: hostile text became elements")
    bad_links = browser.eval(
        "[...document.querySelectorAll('a')].map(a => a.getAttribute('href'))"
        ".filter(h => h && h.trim().toLowerCase().startsWith('javascript:'))")
    if bad_links:
        fail(f"{what}: javascript: links {bad_links}")
    for event in browser.events:
        method = event.get("method", "")
        if method == "Page.javascriptDialogOpening":
            fail(f"{what}: a dialog opened: {event['params']}")
        if method == "Log.entryAdded" and "Content Security Policy" in \
                event["params"]["entry"].get("text", ""):
            fail(f"{what}: the page tried something the CSP forbids: "
                 f"{event['params']['entry']['text']}")


def click(browser, selector, what):
    browser.wait_for(f"document.querySelector({json.dumps(selector)}) !== null", what)
    # As a real click: SVG elements have no click().
    browser.eval(f"document.querySelector({json.dumps(selector)})"
                 ".dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true}))")


def run(browser, server, out_dir):
    b = browser
    b.call("Emulation.setDeviceMetricsOverride", {
        "width": 1100, "height": 900, "deviceScaleFactor": 1, "mobile": False})
    b.call("Page.navigate", {"url": server.base})
    b.wait_for("document.readyState === 'complete' && "
               "document.getElementById('status').textContent !== ''", "the page")
    # '/' focuses the search box.
    b.eval("document.body.focus()")
    b.call("Input.dispatchKeyEvent", {"type": "keyDown", "key": "/", "text": "/"})
    b.wait_for("document.activeElement.id === 'q'", "'/' to focus the box")

    # Search by typing and submitting.
    b.eval("document.getElementById('q').value = 'talks';"
           "document.getElementById('search-form').requestSubmit()")
    b.wait_for("location.search === '?q=talks'", "the query in the URL")
    first = check_matches_api(server, b, "search")
    if len(first["hits"]) != 10:
        fail(f"search: expected a full page, got {len(first['hits'])}")
    b.screenshot(os.path.join(out_dir, "page-search.png"))

    # Page 2.
    click(b, "#pager button[rel=next]", "the next-page button")
    b.wait_for("location.search.includes('page=2')", "page 2 in the URL")
    check_matches_api(server, b, "page 2")
    b.call("Page.navigate", {"url": server.base + "?q=talks"})
    b.wait_for("document.querySelectorAll('#hits li').length > 0", "the results again")

    # A facet adds a filter: the URL, the chips and the hits change.
    before = shown_ids(b)
    click(b, ".facet-place button", "a place facet")
    b.wait_for("location.search.includes('place=')", "the facet in the URL")
    filtered = check_matches_api(server, b, "facet")
    if shown_ids(b) == before:
        fail("clicking a facet did not change the hits")
    if b.eval("document.querySelectorAll('#chips .chip').length") != 1:
        fail("no chip for the facet's filter")
    if filtered["total"]["estimated"] >= first["total"]["estimated"]:
        fail("the facet did not narrow the search")
    b.screenshot(os.path.join(out_dir, "page-facet.png"))

    # A bar of the histogram narrows the date range to its month.
    click(b, "#histogram .bar[role=button]", "a bar of the histogram")
    b.wait_for("location.search.includes('since=') && location.search.includes('until=')",
               "the bar's dates in the URL")
    check_matches_api(server, b, "histogram bar")
    # The back button restores the state before.
    b.eval("history.back()")
    b.wait_for("!location.search.includes('since=')", "back to before the bar")
    check_matches_api(server, b, "back")

    # Removing the chip removes the filter.
    click(b, "#chips .chip", "the chip")
    b.wait_for("!location.search.includes('place=')", "the filter gone from the URL")
    check_matches_api(server, b, "chip removed")

    # An article, with its entities marked; back returns to the results.
    click(b, "#hits li h3 a", "a hit's title")
    b.wait_for("!document.getElementById('article').hidden", "the article view")
    article_id = urllib.parse.parse_qs(b.eval("location.search").lstrip("?"))["article"][0]
    article = server.api("api/article/" + urllib.parse.quote(article_id, safe=""))
    if b.eval("document.getElementById('article-title').textContent") != article["title"]:
        fail("the article view's title is not the API's")
    if b.eval("document.getElementById('article-body').textContent") != article["body"]:
        fail("the article view's text is not the API's")
    if b.eval("document.querySelectorAll('#article-body mark.entity').length") == 0:
        fail("no entity is marked in the article")
    b.screenshot(os.path.join(out_dir, "page-article.png"))
    b.eval("history.back()")
    b.wait_for("document.getElementById('article').hidden && "
               "document.querySelectorAll('#hits li').length > 0", "back to the results")

    # From an article, its related articles: by words, then by entities;
    # never the article itself, and each says what it shares.
    b.call("Page.navigate", {"url": server.base + "?" + urllib.parse.urlencode(
        {"q": "talks", "article": article_id})})
    for button, name in (("like", "like"), ("related", "related")):
        click(b, "#article-related button." + button, f"the {button} button")
        b.wait_for(f"location.search === '?{name}=' + encodeURIComponent("
                   f"{json.dumps(article_id)})", f"{name} in the URL")
        related = check_matches_api(server, b, button)
        if not related["hits"] or article_id in shown_ids(b):
            fail(f"{button}: {len(related['hits'])} hits, the seed among them: "
                 f"{article_id in shown_ids(b)}")
        if b.eval("document.querySelectorAll('#hits .shares').length") != len(related["hits"]):
            fail(f"{button}: not every hit says what it shares")
        b.screenshot(os.path.join(out_dir, f"page-{button}.png"))
        b.eval("history.back()")
        b.wait_for("!document.getElementById('article').hidden", "back to the article")

    # A story filed twice shows once, "and 1 similar"; that lists both.
    b.call("Page.navigate", {"url": server.base + "?q=escondida"})
    once = check_matches_api(server, b, "near duplicates")
    if len(once["hits"]) != 1 or once["hits"][0].get("similar") != 1:
        fail(f"near duplicates: expected one hit and 1 similar, got {once['hits']}")
    click(b, "#hits button.similar", "the 'and 1 similar' button")
    b.wait_for("location.search.includes('similar=')", "similar in the URL")
    both = check_matches_api(server, b, "the group")
    if sorted(shown_ids(b)) != ["copper-a.txt", "copper-b.txt"] or len(both["hits"]) != 2:
        fail(f"the group: the page shows {shown_ids(b)}")

    # Hostile text: shown as text, never run.
    b.call("Page.navigate", {"url": server.base + "?q=hostile"})
    hostile = check_matches_api(server, b, "hostile search")
    if len(hostile["hits"]) != 2:
        fail(f"hostile search: expected 2 hits, got {len(hostile['hits'])}")
    check_nothing_ran(b, "hostile hits")
    for hit in hostile["hits"]:
        b.call("Page.navigate", {"url": server.base + "?" + urllib.parse.urlencode(
            {"q": "hostile", "article": hit["id"]})})
        b.wait_for("!document.getElementById('article').hidden", "a hostile article")
        shown = b.eval("document.getElementById('article-title').textContent")
        if shown != hit["title"]:
            fail(f"hostile title shown as {shown!r}, not as the text {hit['title']!r}")
        b.eval("document.querySelectorAll('main *').forEach(e => {"
               "e.dispatchEvent(new MouseEvent('mouseover', {bubbles: true}));})")
        check_nothing_ran(b, "hostile article " + hit["id"])

    # A phone's width: nothing wider than the screen.
    b.call("Emulation.setDeviceMetricsOverride", {
        "width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
    b.call("Page.navigate", {"url": server.base + "?q=talks"})
    b.wait_for("document.querySelectorAll('#hits li').length > 0", "results on a phone")
    width = b.eval("document.documentElement.scrollWidth")
    if width > 390:
        fail(f"on a phone the page is {width}px wide, more than the screen's 390")
    b.screenshot(os.path.join(out_dir, "page-phone.png"))
    check_nothing_ran(b, "the end")


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    indexer, searcher, out_dir = sys.argv[1:]
    chromium = find_chromium()
    if chromium is None:
        print("page_test.py: Chromium not found (apt-get install chromium): skipped")
        sys.exit(77)
    os.makedirs(out_dir, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = os.path.join(tmp, "corpus")
        write_corpus(corpus)
        db = os.path.join(tmp, "db")
        built = subprocess.run([indexer, "build", corpus, "--db", db],
                               capture_output=True, text=True, timeout=120)
        if built.returncode not in (0, 1):
            fail("indexer: " + built.stderr)
        server = Server(searcher, db)
        browser = None
        try:
            browser = Browser(chromium, os.path.join(tmp, "profile"))
            run(browser, server, out_dir)
        finally:
            if browser:
                browser.close()
            server.stop()
    print("page_test.py: the page works and runs nothing it shows")


if __name__ == "__main__":
    main()
