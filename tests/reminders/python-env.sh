#!/usr/bin/env bash
# The Python the reminder tests run their real SMTP server (aiosmtpd) and
# iCalendar parser (icalendar) with: a virtual environment created and
# filled from PyPI when missing. Prints the interpreter's path.
set -euo pipefail
venv=${FRONTDESK_TEST_VENV:-$HOME/.cache/frontdesk/test-venv}
python=$venv/bin/python
if ! "$python" -c 'import aiosmtpd, icalendar' >/dev/null 2>&1; then
  echo "==> installing aiosmtpd and icalendar into $venv" >&2
  python3 -m venv "$venv" >&2
  "$python" -m pip install --quiet --disable-pip-version-check \
    'aiosmtpd==1.4.6' 'icalendar==7.3.0' >&2
fi
echo "$python"
