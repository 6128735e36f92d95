#!/usr/bin/env python3
"""Hold a few hundred slow HTTP clients against a local flush-manager and time its probes meanwhile.

    scripts/slow-clients.py [--port 8080] [--kind body|read|headers] [--clients 300] [--seconds 20]

body:    POSTs that trickle a chunked body, one byte a second
read:    20 pipelined GET /actuator/prometheus per connection, with a tiny receive buffer, never read
headers: a request line, then one header byte a second (slowloris)

Loopback only; every connection is closed when the run ends. Prints the time of each GET /livez and
/readyz (or "timeout" after 10 s).
"""
import argparse
import socket
import threading
import time
import urllib.request

HEADS = {
    "body": b"POST /api/child/restart HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n",
    "read": b"GET /actuator/prometheus HTTP/1.1\r\nHost: x\r\n\r\n" * 20,
    "headers": b"GET /api/watch HTTP/1.1\r\nHost: x\r\n",
}
TRICKLE = {"body": b"1\r\nx\r\n", "read": None, "headers": b"X"}


def open_clients(port, kind, count):
    sockets = []
    for _ in range(count):
        s = socket.socket()
        if kind == "read":
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1024)
        s.settimeout(5)
        try:
            s.connect(("127.0.0.1", port))
            s.sendall(HEADS[kind])
            sockets.append(s)
        except OSError:
            s.close()
    return sockets


def trickle(sockets, data, stop):
    while data and not stop.wait(1):
        for s in list(sockets):
            try:
                s.setblocking(False)
                s.send(data)
            except OSError:
                pass


def probe(port, path):
    start = time.monotonic()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as answer:
            status = answer.status
    except urllib.error.HTTPError as ex:
        status = ex.code
    except OSError:
        return f"{path} timeout/error after {time.monotonic() - start:.2f}s"
    return f"{path} {status} in {time.monotonic() - start:.3f}s"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--kind", choices=sorted(HEADS), default="body")
    parser.add_argument("--clients", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    sockets = open_clients(args.port, args.kind, args.clients)
    print(f"{len(sockets)} slow '{args.kind}' clients connected")
    stop = threading.Event()
    threading.Thread(target=trickle, args=(sockets, TRICKLE[args.kind], stop), daemon=True).start()
    end = time.monotonic() + args.seconds
    time.sleep(1)
    while time.monotonic() < end:
        print(probe(args.port, "/livez"), "|", probe(args.port, "/readyz"), flush=True)
        time.sleep(1)
    stop.set()
    for s in sockets:
        s.close()


if __name__ == "__main__":
    main()
