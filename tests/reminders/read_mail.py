#!/usr/bin/env python3
"""Reads every message the SMTP sink saved (FOLDER/*.eml) with Python's
email parser and the third-party `icalendar` parser, and prints them as one
JSON list: recipient, subject, text, and the invite's METHOD, UID,
SEQUENCE, STATUS, LOCATION, DTSTART/DTEND (wall clock, TZID, and the UTC
instant that the message's own VTIMEZONE gives)."""
import datetime
import email
import json
import os
import sys
from email import policy

from icalendar import Calendar


def main():
    folder = sys.argv[1]
    out = []
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".eml"):
            continue
        with open(os.path.join(folder, name), "rb") as f:
            msg = email.message_from_bytes(f.read(), policy=policy.default)
        text = msg.get_body(preferencelist=("plain",)).get_content()
        part = next(p for p in msg.walk() if p.get_content_type() == "text/calendar")
        cal = Calendar.from_ical(part.get_payload(decode=True))
        event = cal.walk("VEVENT")[0]
        zones = cal.walk("VTIMEZONE")
        # The zone as the message defines it, not looked up by name.
        tz = zones[0].to_tz(lookup_tzid=False)

        def moment(prop):
            value = event[prop]
            naive = value.dt.replace(tzinfo=None)
            return {
                "local": naive.isoformat(),
                "tzid": value.params.get("TZID"),
                "utc": naive.replace(tzinfo=tz).astimezone(datetime.timezone.utc).isoformat(),
            }

        out.append({
            "file": name,
            "message_id": str(msg["Message-ID"]),
            "to": str(msg["To"]),
            "from": str(msg["From"]),
            "subject": str(msg["Subject"]),
            "text": text,
            "content_method": part.get_param("method"),
            "method": str(cal.get("METHOD")),
            "uid": str(event.get("UID")),
            "sequence": int(event.get("SEQUENCE")),
            "status": str(event.get("STATUS")),
            "location": str(event.get("LOCATION", "")),
            "summary": str(event.get("SUMMARY")),
            "vtimezone": str(zones[0].get("TZID")),
            "start": moment("DTSTART"),
            "end": moment("DTEND"),
        })
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
