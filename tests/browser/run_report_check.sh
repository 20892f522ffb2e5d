#!/usr/bin/env bash
# Generates an HTML file with any command, then checks it in headless Chromium.
#
#   run_report_check.sh <work-dir> <html> <generate-command...> --check <check_html.py options...>
#
# <work-dir> is emptied and created, and the command runs inside it; <html> is the file it must
# write, relative to <work-dir>. The checker then writes next to it <html-stem>.png (full page),
# <html-stem>.pdf (A4) and <html-stem>.dom.html (rendered DOM), and with --narrow-width among the
# options <html-stem>.narrow.png (full page at that width), kept for a look after a failure.
# Exit status: the generator's failure (1), else check_html.py's (0 pass, 1 fail, 77 skip: no
# chromium/chromedriver; the generator still runs, so its own failures are never skipped).
# PCNSIM_PYTHON3 chooses the interpreter (default python3).
set -euo pipefail
if [ $# -lt 4 ]; then
  echo "usage: $0 <work-dir> <html> <generate-command...> --check <check_html.py options...>" >&2
  exit 2
fi
here="$(cd "$(dirname "$0")" && pwd)"
work="$1" html="$2"
shift 2
generate=()
while [ $# -gt 0 ] && [ "$1" != "--check" ]; do generate+=("$1"); shift; done
if [ $# -eq 0 ]; then
  echo "run_report_check: no --check separator" >&2
  exit 2
fi
shift  # --check
[ ${#generate[@]} -gt 0 ] || { echo "run_report_check: no generate command" >&2; exit 2; }

rm -rf "$work"
mkdir -p "$work"
echo "run_report_check: generating in $work: ${generate[*]}"
if ! (cd "$work" && "${generate[@]}"); then
  echo "run_report_check: FAIL: the generate command failed" >&2
  exit 1
fi
case "$html" in /*) page="$html" ;; *) page="$work/$html" ;; esac
if [ ! -s "$page" ]; then
  echo "run_report_check: FAIL: the generate command did not write $page" >&2
  exit 1
fi
stem="${page%.*}"
narrow=()
for option in "$@"; do
  case "$option" in --narrow-width|--narrow-width=*) narrow=(--narrow-screenshot "$stem.narrow.png") ;; esac
done
exec "${PCNSIM_PYTHON3:-python3}" "$here/check_html.py" "$page" \
  --screenshot "$stem.png" --full-page --pdf "$stem.pdf" --dom-out "$stem.dom.html" "${narrow[@]}" "$@"
