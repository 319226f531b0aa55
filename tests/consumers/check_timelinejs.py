"""Check, outside the default test run, that TimelineJS itself renders our `timelinejs` export:
the four-article story (tests/timeline_story.py) is exported, loaded by the npm package
`@knight-lab/timelinejs` in headless Chromium, and the page must show one marker per event
and no error message.

    npm install --prefix /tmp/tljs @knight-lab/timelinejs    # once
    apt-get install chromium                                  # once
    .venv/bin/python tests/consumers/check_timelinejs.py /tmp/tljs/node_modules

Exits 0 when TimelineJS drew every event, 1 (with the reason) otherwise.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from annotations.store import Project
from annotations.timeline import StoryEvent, project_timeline, write_timeline
from tests.timeline_story import load_story

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="{dist}/css/timeline.css">
<script src="{dist}/js/timeline.js"></script></head>
<body><div id="timeline-embed" style="width: 1200px; height: 700px"></div>
<script>
var data = {data};
var errors = [];
window.onerror = function (message) {{ errors.push(String(message)); }};
try {{
  var timeline = new TL.Timeline('timeline-embed', data, {{script_path: '{dist}/js/'}});
}} catch (e) {{ errors.push(String(e)); }}
setTimeout(function () {{
  var out = document.createElement('pre');
  out.id = 'check';
  out.textContent = JSON.stringify({{
    markers: document.querySelectorAll('.tl-timemarker').length,
    slides: document.querySelectorAll('.tl-slide').length,
    groups: Array.from(document.querySelectorAll('.tl-timegroup-message')).map(
      function (g) {{ return g.textContent; }}),
    message: (document.querySelector('.tl-message-content') || {{}}).textContent || '',
    errors: errors
  }});
  document.body.appendChild(out);
}}, 2500);
</script></body></html>
"""


def main(modules: Path) -> int:
    dist = modules / "@knight-lab" / "timelinejs" / "dist"
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if not (dist / "js" / "timeline.js").is_file() or browser is None:
        print(f"needs {dist}/js/timeline.js and chromium on PATH")
        return 1
    folder = Path(tempfile.mkdtemp(prefix="timelinejs-"))
    with Project.create(folder / "story.dateline") as project:
        loaded = load_story(project)
        stories = [StoryEvent(i, name, tuple(ids))
                   for i, (name, ids) in enumerate(loaded.groups().items(), start=1)]
        write_timeline(project_timeline(project, "alice", stories=stories),
                       folder / "story.json", "timelinejs", "Ferry fire")
    data = json.loads((folder / "story.json").read_text(encoding="utf-8"))
    page = folder / "page.html"
    page.write_text(PAGE.format(dist=dist.resolve().as_uri(), data=json.dumps(data)),
                    encoding="utf-8")
    done = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--allow-file-access-from-files",
         "--virtual-time-budget=6000", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120, check=False)
    found = re.search(r'<pre id="check">(.*?)</pre>', done.stdout, re.S)
    if found is None:
        print(f"Chromium gave no result: {done.stderr[-500:]}")
        return 1
    result = json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))
    print(f"TimelineJS drew {result['markers']} markers and {result['slides']} slides for "
          f"{len(data['events'])} events; groups {result['groups']}; "
          f"message {result['message']!r}; errors {result['errors']}")
    ok = result["markers"] == len(data["events"]) and not result["errors"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "node_modules")))
