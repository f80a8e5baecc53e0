#!/usr/bin/env python3
"""tests/collect/fake_platform.py - a fake platform API for the collector
tests: it answers like the platforms' APIs do (X API v2 today), from
recorded responses in the documented shapes, on 127.0.0.1 only, and logs
every request it receives, so a test asserts on what the collector sent
and when (server-side times, never the test's own wall clock).

    python3 fake_platform.py SCENARIO.json --port-file F --log F [--fixtures DIR]

It prints nothing; it writes its port to --port-file once it listens and
runs until killed (SIGTERM) or until --max-seconds (default 120) pass, so
a test that dies never leaves it running for long.

SCENARIO (JSON): {"routes": [ROUTE, ...]}; the first ROUTE that matches a
request answers it. A ROUTE:

    {"path": "/2/users/by/username/budi_s",   exact path, no query
     "query": {"pagination_token": "p2"},       optional: these parameters
                                                must be present with these
                                                values ("" = must be absent)
     "phase": 2,                                optional: only in phase 2
     "responses": [RESPONSE, ...]}              answered in turn; the last
                                                one repeats

A RESPONSE:

    {"status": 200,                             default 200
     "headers": {"x-rate-limit-remaining": "5"},
     "reset_in": 2,                             adds x-rate-limit-reset =
                                                now + 2 (Unix seconds)
     "body": {...} | "body_text": "raw text" | "body_file": "x/user.json",
     "delay": 3.0}                              seconds to wait before
                                                answering (a timeout)

body_file is read from --fixtures (default: fixtures/ beside this file).
A request no route matches gets 404 with an X-style problem body.
GET /__phase/N switches the phase (scenarios with a rename, a deletion:
"before" and "after"); /__phase requests are not logged.

The log (--log) gets one JSON object per request: {"t": Unix time as a
float, "path", "query": {name: value}, "status", "reset": the
x-rate-limit-reset sent or null, "auth": whether an Authorization header
came (never its value), "phase"}.

POST requests (TikTok's Research API reads with a JSON body) are matched
like GETs, plus "body": {"cursor": 2, "search_id": ""} on the top-level
keys of the request's JSON (or form) body ("" = must be absent); the log
entry of a POST has "method": "POST" and the parsed "body". A response
whose "headers" name a Content-Type is sent with that one (an HTML page
for a downloader) instead of JSON's.

ADDING A PLATFORM (Meta, TikTok, YouTube, ...): put its recorded
responses under fixtures/<platform>/ in the shapes of its published API
reference (the server sends a file byte for byte, so cite the reference
page in the scenario's "_about" key or in docs/collect.md, not inside the
body), and write a scenario (scenarios/<platform>_*.json) with its routes
(paths as the module requests them, with "query" where pages differ by
cursor). Nothing in this file needs to change; a platform that signals
rate limits with other headers puts them in "headers".
"""
import argparse
import json
import os
import socket
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HERE = os.path.dirname(os.path.abspath(__file__))


class State:
    def __init__(self, scenario, fixtures, log_path):
        self.routes = scenario["routes"]
        self.fixtures = fixtures
        self.counters = {}
        self.phase = 1
        self.lock = threading.Lock()
        self.log = open(log_path, "a", buffering=1, encoding="utf-8")

    def match(self, path, query, body=None):
        for i, r in enumerate(self.routes):
            if r.get("path") != path:
                continue
            if "phase" in r and r["phase"] != self.phase:
                continue
            ok = True
            for want, got_in in ((r.get("query", {}), query),
                                 (r.get("body", {}), body)):
                for k, v in want.items():
                    got = got_in.get(k) if isinstance(got_in, dict) else None
                    if (v == "" and got is not None) or (v != "" and got != v):
                        ok = False
                        break
            if ok:
                return i, r
        return None, None

    def next_response(self, i, route):
        with self.lock:
            n = self.counters.get(i, 0)
            self.counters[i] = n + 1
        rs = route["responses"]
        return rs[min(n, len(rs) - 1)]

    def body(self, resp):
        if "body_file" in resp:
            with open(os.path.join(self.fixtures, resp["body_file"]), "rb") as f:
                return f.read()
        if "body_text" in resp:
            return resp["body_text"].encode("utf-8")
        if "body" in resp:
            return json.dumps(resp["body"]).encode("utf-8")
        return b""


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        super().setup()
        # headers and body go out in two writes: without TCP_NODELAY,
        # Nagle and the client's delayed ACK add 40 ms to every answer
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, fmt, *args):  # quiet
        pass

    def do_GET(self):
        self.answer(None)

    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(n) if n > 0 else b""
        ctype = self.headers.get("Content-Type", "")
        try:
            if ctype.startswith("application/json"):
                body = json.loads(raw.decode("utf-8"))
            else:
                body = dict(urllib.parse.parse_qsl(raw.decode("utf-8"),
                                                   keep_blank_values=True))
        except ValueError:
            body = {"_unreadable": raw.decode("utf-8", "replace")}
        self.answer(body)

    def answer(self, reqbody):
        st = self.server.state
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query, keep_blank_values=True))
        if url.path.startswith("/__phase/"):
            st.phase = int(url.path.rsplit("/", 1)[1])
            return self.send(200, {}, b"{}")
        t = time.time()
        i, route = st.match(url.path, query, reqbody)
        if route is None:
            body = json.dumps({"title": "Not Found", "type": "about:blank",
                               "status": 404,
                               "detail": "no route " + url.path}).encode()
            status, headers, delay = 404, {}, 0
        else:
            resp = st.next_response(i, route)
            status = resp.get("status", 200)
            headers = dict(resp.get("headers", {}))
            if "reset_in" in resp:
                headers["x-rate-limit-reset"] = str(int(t) + int(resp["reset_in"]))
            body = st.body(resp)
            delay = resp.get("delay", 0)
        entry = {
            "t": t, "path": url.path, "query": query, "status": status,
            "reset": headers.get("x-rate-limit-reset"),
            "auth": "Authorization" in self.headers, "phase": st.phase}
        if reqbody is not None:
            entry["method"] = "POST"
            entry["body"] = reqbody
        st.log.write(json.dumps(entry) + "\n")
        if delay:
            time.sleep(delay)
        try:
            self.send(status, headers, body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def send(self, status, headers, body):
        self.send_response(status)
        if not any(k.lower() == "content-type" for k in headers):
            self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("scenario")
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--fixtures", default=os.path.join(HERE, "fixtures"))
    ap.add_argument("--max-seconds", type=float, default=120)
    a = ap.parse_args()
    with open(a.scenario, encoding="utf-8") as f:
        scenario = json.load(f)
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    srv.state = State(scenario, a.fixtures, a.log)
    tmp = a.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(srv.server_address[1]))
    os.replace(tmp, a.port_file)
    threading.Timer(a.max_seconds, srv.shutdown).start()
    srv.serve_forever()


if __name__ == "__main__":
    main()
