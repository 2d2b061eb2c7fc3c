"""Copy the front-end packages installed by npm into static/vendor (no bundler needed)."""

import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE = ROOT / "node_modules"
VENDOR = ROOT / "static" / "vendor"

FILES = {
    "@utrecht/component-library-css/dist/index.css": "nlds/components.css",
    "@nl-design-system-unstable/voorbeeld-design-tokens/dist/theme.css": "nlds/theme.css",
    "htmx.org/dist/htmx.min.js": "htmx/htmx.min.js",
    "leaflet/dist/leaflet.js": "leaflet/leaflet.js",
    "leaflet/dist/leaflet.css": "leaflet/leaflet.css",
    "leaflet/dist/leaflet.js.map": "leaflet/leaflet.js.map",
    "vega/build/vega.min.js": "vega/vega.min.js",
    "vega-lite/build/vega-lite.min.js": "vega/vega-lite.min.js",
    "vega-embed/build/vega-embed.min.js": "vega/vega-embed.min.js",
    "vega/LICENSE": "vega/LICENSE-vega.txt",
}
# Vega's expression interpreter ships only as an ES module importing vega-util; the browser build of
# Vega exports the same functions, so it is wrapped into a plain script that adds vega.expressionInterpreter.
INTERPRETER = "vega-interpreter/build/vega-interpreter.js"
# Folders copied whole: files that the CSS refers to must exist for the hashed static storage.
FOLDERS = {"leaflet/dist/images": "leaflet/images"}
OPENMOJI = NODE / "openmoji"


def copy_openmoji() -> int:
    """Copy the curated OpenMoji colour SVGs (CC BY-SA 4.0) and write index.json for the picker."""
    sys.path.insert(0, str(ROOT))
    from ouderpartner.voice.pictograms import PICTOGRAMS

    metadata = {e["hexcode"]: e for e in json.loads((OPENMOJI / "data" / "openmoji.json").read_text("utf-8"))}
    target = VENDOR / "openmoji"
    target.mkdir(parents=True, exist_ok=True)
    index = []
    for pictogram in PICTOGRAMS:
        shutil.copyfile(
            OPENMOJI / "color" / "svg" / f"{pictogram.hexcode}.svg", target / f"{pictogram.hexcode}.svg"
        )
        entry = metadata.get(pictogram.hexcode, {})
        index.append(
            {
                "hexcode": pictogram.hexcode,
                "annotation": entry.get("annotation", pictogram.label_en),
                "tags": entry.get("tags", ""),
                "label_nl": pictogram.label_nl,
                "group": pictogram.group,
            }
        )
    (target / "index.json").write_text(json.dumps(index, ensure_ascii=False, indent=1), "utf-8")
    shutil.copyfile(OPENMOJI / "LICENSE.txt", target / "LICENSE.txt")
    return len(index)


def strip_source_map(path: Path) -> None:
    """Drop the `//# sourceMappingURL=` comment: the maps are not shipped, and the hashed static
    storage refuses a reference to a missing file."""
    text = path.read_text("utf-8")
    lines = [line for line in text.split("\n") if not line.startswith("//# sourceMappingURL=")]
    path.write_text("\n".join(lines), "utf-8")


def copy_interpreter() -> None:
    source = (NODE / INTERPRETER).read_text("utf-8")
    imports, body = source.split("\n", 1)
    names = imports[imports.index("{") + 1 : imports.index("}")].strip()
    if not imports.startswith("import {") or "from 'vega-util'" not in imports:
        raise SystemExit(f"Unexpected first line in {INTERPRETER}: {imports}")
    export = "export { expression as expressionInterpreter };"
    if export not in body:
        raise SystemExit(f"Unexpected export in {INTERPRETER}")
    body = body.replace(export, "vega.expressionInterpreter = expression;")
    script = f"/* vega-interpreter (BSD-3-Clause), wrapped for the browser build of Vega. */\n(function () {{\nconst {{ {names} }} = vega;\n{body}}})();\n"
    target = VENDOR / "vega" / "vega-interpreter.js"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(script, "utf-8")
    strip_source_map(target)


def main() -> int:
    missing = [
        src
        for src in [*FILES, *FOLDERS, INTERPRETER, "openmoji/data/openmoji.json"]
        if not (NODE / src).exists()
    ]
    if missing:
        print("Front-end packages are missing; run `npm ci` first:", *missing, sep="\n  ", file=sys.stderr)
        return 1
    for src, dest in FILES.items():
        target = VENDOR / dest
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(NODE / src, target)
        if dest.startswith("vega/") and dest.endswith(".js"):
            strip_source_map(target)
    for src, dest in FOLDERS.items():
        shutil.copytree(NODE / src, VENDOR / dest, dirs_exist_ok=True)
    copy_interpreter()
    pictograms = copy_openmoji()
    print(
        f"Copied {pictograms} OpenMoji pictograms, {len(FILES)} front-end files and {len(FOLDERS)} folder(s) into {VENDOR.relative_to(ROOT)}/"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
