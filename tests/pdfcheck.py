"""Look at a PDF the way a person's viewer does, with tools nobody here wrote.

`printed(pdf, name)` renders every page with poppler (`pdftoppm`: Evince, Okular)
and with MuPDF (`mutool`), extracts the text with each, lists the fonts with
`pdffonts` and reads the QR codes off the rendered pages with `zbarimg`. It fails
on anything a viewer would complain about: an error or warning printed by a
renderer, or a font that is not embedded and subset (a viewer then draws
whatever font it has, and the Chinese may come out as other characters). The
pages land in test-artifacts/pdf/<name>/ for people to look at.

The tools come from Debian: poppler-utils, mupdf-tools, zbar-tools (README,
"Before make test"). A missing tool fails the test, it never skips it.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "pdf"
PACKAGES = {"pdftoppm": "poppler-utils", "pdftotext": "poppler-utils", "pdffonts": "poppler-utils",
            "mutool": "mupdf-tools", "zbarimg": "zbar-tools"}
DPI = "100"


@dataclass
class Printed:
    text: dict[str, str]      # renderer -> the text it extracted, all pages
    fonts: list[dict]         # one row of `pdffonts` per font
    qr: dict[str, list[str]]  # renderer -> the QR codes read off its pages, in page order
    pages: dict[str, list[Path]]

    def missing(self, *words: str) -> list[str]:
        """The words that some renderer does not show, exactly as written."""
        return [w for w in words if any(w not in t for t in self.text.values())]


def printed(pdf: bytes, name: str) -> Printed:
    """Render, read and check `pdf`; its pages are saved under test-artifacts/pdf/<name>/."""
    missing = sorted({package for tool, package in PACKAGES.items() if not shutil.which(tool)})
    assert not missing, (f"the PDF tests need {', '.join(missing)}: `apt-get install {' '.join(missing)}` "
                         "as root (README, 'Before make test'; .ci/run installs them)")
    out = ARTIFACTS / name
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(pdf)
        _run("pdftoppm", "-r", DPI, "-png", src, out / "poppler")
        # -N: Debian's MuPDF has no colour management and warns about it on every page otherwise.
        _run("mutool", "draw", "-q", "-N", "-r", DPI, "-o", out / "mupdf-%d.png", src)
        text = {"poppler": _run("pdftotext", "-layout", "-enc", "UTF-8", src, "-"),
                "mupdf": _run("mutool", "draw", "-q", "-N", "-F", "txt", "-o", "-", src)}
        fonts = _fonts(_run("pdffonts", src))
    pages = {r: sorted(out.glob(f"{r}-*.png"), key=_page_number) for r in ("poppler", "mupdf")}
    assert pages["poppler"] and len(pages["poppler"]) == len(pages["mupdf"]), pages
    # Not embedded: each viewer substitutes a font of its own. No ToUnicode map (uni): copied text is wrong.
    unfit = [f["name"] for f in fonts if (f["emb"], f["sub"], f["uni"]) != ("yes", "yes", "yes")]
    assert fonts and not unfit, f"fonts not embedded, subset and mapped to Unicode: {unfit}\n{fonts}"
    return Printed(text=text, fonts=fonts, pages=pages,
                   qr={r: [code for p in ps for code in _qr_codes(p)] for r, ps in pages.items()})


def _run(tool: str, *args) -> str:
    """Run a tool; any error or warning it prints fails the test with what it said."""
    r = subprocess.run([shutil.which(tool), *map(str, args)], capture_output=True, timeout=120)
    stderr = r.stderr.decode("utf-8", "replace").strip().splitlines()
    assert r.returncode == 0 and not stderr, \
        f"{tool} {' '.join(map(str, args))}: exit {r.returncode}, {len(stderr)} lines:\n" + "\n".join(stderr[:12])
    return r.stdout.decode("utf-8")


def _fonts(table: str) -> list[dict]:
    """The rows of `pdffonts`' table. A type may hold spaces ("CID TrueType"), so the
    name is the first column and emb, sub, uni are read from the right (then the object id)."""
    rows = []
    for line in table.splitlines()[2:]:
        fields = line.split()
        rows.append({"name": fields[0], "type": " ".join(fields[1:-6]), "emb": fields[-5], "sub": fields[-4],
                     "uni": fields[-3]})
    return rows


def _qr_codes(png: Path) -> list[str]:
    """Every QR code zbar reads on a page (none is fine: zbarimg exits 4), each once.

    zbar now and then misses one of several codes on a page that it reads at
    another scale (about one sheet of 8 labels in 45), so the page is also read
    enlarged by half and what either reading finds counts."""
    bigger = png.with_name(png.stem + "-x1.5.png")
    with Image.open(png) as image:
        image.resize((image.width * 3 // 2, image.height * 3 // 2), Image.LANCZOS).save(bigger)
    found: list[str] = []
    for page in (png, bigger):
        r = subprocess.run([shutil.which("zbarimg"), "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(page)],
                           capture_output=True, timeout=60)
        assert r.returncode in (0, 4), f"zbarimg {page}: exit {r.returncode}\n{r.stderr.decode()}"
        found += r.stdout.decode("utf-8").splitlines()
    bigger.unlink()
    return list(dict.fromkeys(found))


def _page_number(p: Path) -> int:
    return int(p.stem.rsplit("-", 1)[1])
