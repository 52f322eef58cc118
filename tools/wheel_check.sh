#!/usr/bin/env bash
# Prove the installed package works on its own: build docgen's wheel from a clean copy of the
# repository, check what it holds, install it into a fresh venv (pip fetches the dependencies),
# then in an empty folder holding only a copy of records/ run the installed docgen: validate,
# build, letters, and audit what it built.
#
#   tools/wheel_check.sh            (make wheel-check)
#   PYTHON=python3.12 KEEP=1 tools/wheel_check.sh   another interpreter; keep the work folder
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
python=${PYTHON:-python3}
work=$(mktemp -d "${TMPDIR:-/tmp}/docgen-wheel-check.XXXXXX")
if [ "${KEEP:-}" = 1 ]; then echo "work folder kept: $work"; else trap 'rm -rf "$work"' EXIT; fi
step() { printf '\n== %s\n' "$*"; }

step "copy the files a clone has (no build/, .venv or egg-info to leak into the wheel)"
mkdir "$work/src"
git=(git -c safe.directory="$repo")  # CI runs as root on a checkout it may not own
if "${git[@]}" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  "${git[@]}" ls-files -z --cached --others --exclude-standard \
    | while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done \
    | tar --null -T - -cf - | tar -xf - -C "$work/src"
else  # not a git checkout (an unpacked archive): everything but what a build leaves behind
  tar --exclude=./.git --exclude=./.venv --exclude=./build --exclude=./output \
    --exclude='*.egg-info' --exclude=__pycache__ -cf - . | tar -xf - -C "$work/src"
fi

step "build the wheel"
"$repo/.venv/bin/pip" wheel --quiet --no-deps -w "$work/dist" "$work/src"
wheel=$(ls "$work"/dist/docgen-*.whl)
echo "$(basename "$wheel")"

step "check the wheel holds the templates, fonts and skeletons, and no tools/ or tests/"
"$python" - "$wheel" "$repo" <<'EOF'
import sys, zipfile
from pathlib import Path

wheel, repo = sys.argv[1], Path(sys.argv[2])
names = set(zipfile.ZipFile(wheel).namelist())
shipped = [p for p in (repo / "templates").rglob("*") if p.is_file() and "__pycache__" not in p.parts]
wanted = {"docgen/templates/" + p.relative_to(repo / "templates").as_posix() for p in shipped}
wanted |= {"docgen/exchange/skeletons/" + p.name for p in (repo / "docgen/exchange/skeletons").glob("*.yaml")}
kinds = {".ttf": 4, ".html": 4, ".typ": 7, ".docx": 6, ".yaml": 3}
problems = [f"missing from the wheel: {name}" for name in sorted(wanted - names)]
for suffix, least in kinds.items():
    if sum(n.endswith(suffix) for n in names) < least:
        problems.append(f"fewer than {least} {suffix} files in the wheel")
tops = {name.split("/")[0] for name in names}
problems += [f"not docgen's: {top}/ is in the wheel" for top in sorted(tops)
             if top != "docgen" and not (top.startswith("docgen-") and top.endswith(".dist-info"))]
problems += [f"a development file is in the wheel: {n}" for n in sorted(names)
             if "/tests/" in f"/{n}" or "/tools/" in f"/{n}"]
if problems:
    sys.exit("\n".join(problems))
print(f"{len(names)} files; all {len(wanted)} templates, fonts and skeletons are there")
EOF

step "install it into a fresh venv"
"$python" -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check "$wheel"
docgen=$work/venv/bin/docgen

step "run the installed docgen in an empty folder holding only records/"
mkdir "$work/run"
cp -r "$repo/records" "$work/run/records"
cd "$work/run"
installed=$(env -u PYTHONPATH "$work/venv/bin/python" -c 'import docgen; print(docgen.__file__)')
case $installed in
  "$work/venv/"*) echo "docgen is imported from $installed" ;;
  *) echo "docgen was imported from $installed, not from the fresh venv" >&2; exit 1 ;;
esac
env -u PYTHONPATH "$docgen" validate records
env -u PYTHONPATH "$docgen" build records --out out
env -u PYTHONPATH "$docgen" letters records --out out --print-file

step "check what it built"
expect=(
  out/ilss-cabinet-2025-07-22/cabinet-paper.docx
  out/ilss-cabinet-2025-07-22/cabinet-paper.pdf
  out/ilss-cabinet-2025-07-22/cabinet-paper.html
  out/ilss-cabinet-2025-07-22/appendix-a-suppliers.pdf
  out/ilss-cabinet-2025-07-22/exempt/appendix-b-scores.docx
  out/ilss-cabinet-2025-07-22-rev1/cabinet-paper.pdf
  out/carers-support-2026-award/decision-report.pdf
  out/carers-support-2026-award/decision-notice.docx
  out/ilss-2025/letters/lot-1/b03-albany-homecare-ltd.docx
  out/ilss-2025/letters/lot-1/b03-albany-homecare-ltd.pdf
  out/ilss-2025/letters/manifest.csv
  out/ilss-2025/letters/all-letters.pdf
  out/carers-support-2026/letters/contract/brightside.pdf
)
for path in "${expect[@]}"; do
  [ -s "$path" ] || { echo "not built: $path" >&2; exit 1; }
done
pdfs=$(find out -name '*.pdf' | wc -l)
docx=$(find out -name '*.docx' | wc -l)
echo "${#expect[@]} expected files present; $pdfs PDFs and $docx Word files in all"
[ "$pdfs" -ge 90 ] && [ "$docx" -ge 90 ] || { echo "too few documents built" >&2; exit 1; }
env -u PYTHONPATH "$docgen" audit out

step "the installed wheel builds the example pack"
