#!/usr/bin/env python3
"""A real SMTP server for the reminder tests (aiosmtpd on 127.0.0.1).

Usage: smtp_sink.py FOLDER. Prints "PORT <n>" once it listens, then saves
every message it accepts as FOLDER/NNNN.eml until its standard input
closes. Failures on demand, read at every message:
  FOLDER/refuse     addresses (one a line) refused at RCPT with 550 5.1.1
  FOLDER/transient  a number: that many next messages get 451 4.3.0
"""
import asyncio
import os
import socket
import sys
import threading

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, folder):
        self.folder = folder
        self.count = 0
        self.lock = threading.Lock()

    def _read(self, name):
        try:
            with open(os.path.join(self.folder, name)) as f:
                return f.read()
        except FileNotFoundError:
            return ""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        refused = {line.strip().lower() for line in self._read("refuse").splitlines()}
        if address.lower() in refused:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            transient = int(self._read("transient").strip() or "0")
            if transient > 0:
                with open(os.path.join(self.folder, "transient"), "w") as f:
                    f.write(str(transient - 1))
                return "451 4.3.0 try again later"
            self.count += 1
            number = self.count
        path = os.path.join(self.folder, f"{number:04d}.eml")
        with open(path + ".tmp", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        os.rename(path + ".tmp", path)
        return "250 Message accepted"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    folder = sys.argv[1]
    controller = Controller(Sink(folder), hostname="127.0.0.1", port=free_port())
    controller.start()
    print(f"PORT {controller.port}", flush=True)
    sys.stdin.read()
    controller.stop()


if __name__ == "__main__":
    main()
