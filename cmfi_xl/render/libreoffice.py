"""Headless LibreOffice harness: recalculate / convert workbooks written by openpyxl.

openpyxl writes formulas without cached values, and LibreOffice's shipped
default (``OOXMLRecalcMode`` = 1) is to *never* recalculate OOXML files on load:
it trusts whatever cached ``<v>`` values a file carries, i.e. shows stale
results (LO 7.4 does compute formulas whose cached value is missing/empty, as
openpyxl writes them, but any file that passed through Excel/LO/XlsxWriter has
cached values).  Every conversion here runs soffice with a private, throw-away
user profile whose ``registrymodifications.xcu``

* sets ``/org.openoffice.Office.Calc/Formula/Load`` ``OOXMLRecalcMode`` and
  ``ODFRecalcMode`` to 0 (= always recalculate on load),
* sets macro security to "very high" and disables macro execution entirely,
* never updates external links, blocks untrusted referer links, no autosave,

so the numbers that come back are computed by Calc, not cached by the writer.

Concurrency: soffice cannot run two instances on one user profile (the second
one hands the job to the first via a pipe, or fails).  Each process keeps a
small pool of profile directories under one temp dir; a profile is checked out
by exactly one conversion at a time, so concurrent calls (threads) each get
their own profile and run in parallel.  Different processes use different temp
dirs.  Profiles are reused ("warm") because the first start on an empty profile
costs extra time (~0.1-0.5 s measured) for LibreOffice to initialise it.

Public API::

    find_soffice() -> str | None
    convert(src, out_dir, fmt) -> Path                 # fmt: "pdf" | "xlsx" | "ods"
    convert_many(srcs, out_dir, fmt) -> list[Path]     # one soffice start for N files
    recalculated_values(xlsx) -> {sheet: {cell: value}}
    pdf_text(pdf) -> str                               # pdftotext -layout
    pdf_page_sizes(pdf) -> [(width_pt, height_pt), ...]  # pdfinfo
    pdf_fonts(pdf) -> [{"name", "type", "embedded", ...}]  # pdffonts
    render_png(pdf, out_prefix, first_page=1, dpi=80) -> Path  # pdftoppm
"""

from __future__ import annotations

import atexit
import contextlib
import html
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

__all__ = [
    "LibreOfficeError",
    "LibreOfficeNotFound",
    "ToolNotFound",
    "FORMATS",
    "find_soffice",
    "registry_xml",
    "soffice_env",
    "convert",
    "convert_many",
    "recalculated_values",
    "pdf_text",
    "pdf_page_sizes",
    "pdf_fonts",
    "render_png",
    "A4_PT",
]

#: A4 in PostScript points (pdfinfo reports 595.304 x 841.89 for LibreOffice output).
A4_PT = (595.276, 841.89)

#: target format -> LibreOffice ``--convert-to`` argument (extension:filter).
FORMATS: dict[str, str] = {
    "pdf": "pdf:calc_pdf_Export",
    "xlsx": "xlsx:Calc MS Excel 2007 XML",
    "ods": "ods:calc8",
}

DEFAULT_TIMEOUT = float(os.environ.get("CMFI_LO_TIMEOUT", "180"))


class LibreOfficeError(RuntimeError):
    """A soffice / poppler invocation failed.  ``str(exc)`` contains stderr."""

    def __init__(self, message: str, *, cmd: Sequence[str] = (), stdout: str = "",
                 stderr: str = "", returncode: int | None = None) -> None:
        self.cmd = list(cmd)
        self.stdout = stdout
        self.stderr = stderr
        self.returncode = returncode
        parts = [message]
        if cmd:
            parts.append(f"command: {' '.join(map(str, cmd))}")
        if returncode is not None:
            parts.append(f"exit code: {returncode}")
        if stderr.strip():
            parts.append(f"stderr:\n{stderr.strip()}")
        if stdout.strip():
            parts.append(f"stdout:\n{stdout.strip()}")
        super().__init__("\n".join(parts))


class ToolNotFound(LibreOfficeError):
    """A required executable is not installed."""


class LibreOfficeNotFound(ToolNotFound):
    """soffice is not installed (run scripts/install-system-deps.sh)."""


# --------------------------------------------------------------------------- soffice


_SOFFICE_CANDIDATES = (
    "/usr/bin/soffice",
    "/usr/lib/libreoffice/program/soffice",
    "/usr/local/bin/soffice",
    "/snap/bin/libreoffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
)


def find_soffice() -> str | None:
    """Path of the ``soffice`` executable, or ``None``.

    ``$CMFI_SOFFICE`` overrides the search; then ``PATH`` (soffice, libreoffice),
    then a few well-known install locations.
    """
    override = os.environ.get("CMFI_SOFFICE")
    if override:
        return override if os.access(override, os.X_OK) else shutil.which(override)
    for name in ("soffice", "libreoffice"):
        hit = shutil.which(name)
        if hit:
            return hit
    candidates = list(_SOFFICE_CANDIDATES)
    candidates += sorted(str(p) for p in Path("/opt").glob("libreoffice*/program/soffice"))
    for cand in candidates:
        if os.path.isfile(cand) and os.access(cand, os.X_OK):
            return cand
    return None


def _require(tool: str, package: str) -> str:
    exe = shutil.which(tool)
    if exe is None:
        raise ToolNotFound(f"{tool!r} not found on PATH (install {package}; "
                           "see scripts/install-system-deps.sh)")
    return exe


# --------------------------------------------------------------------------- profile


def registry_xml(*, recalc_mode: int = 0, locale: str | None = None) -> str:
    """Content of ``registrymodifications.xcu`` for a throw-away profile.

    ``recalc_mode``: 0 = always recalculate on load, 1 = never, 2 = prompt.
    Anything other than 0 is only useful for tests that prove the default
    behaviour is wrong.  ``locale`` (e.g. "th-TH") sets Tools > Options >
    Language Settings > Locale setting (default: LibreOffice derives it from $LANG).
    """
    items: list[tuple[str, str, str, str]] = [
        # (path, prop, xs type, value)
        ("/org.openoffice.Office.Calc/Formula/Load", "OOXMLRecalcMode", "int", str(recalc_mode)),
        ("/org.openoffice.Office.Calc/Formula/Load", "ODFRecalcMode", "int", str(recalc_mode)),
        # 3 = very high: only signed macros from trusted locations; plus hard disable.
        ("/org.openoffice.Office.Common/Security/Scripting", "MacroSecurityLevel", "int", "3"),
        ("/org.openoffice.Office.Common/Security/Scripting", "DisableMacrosExecution",
         "boolean", "true"),
        ("/org.openoffice.Office.Common/Security/Scripting", "BlockUntrustedRefererLinks",
         "boolean", "true"),
        # Calc: never update links to external files / DDE on load (1 = never).
        ("/org.openoffice.Office.Calc/Content/Update", "Link", "int", "1"),
        ("/org.openoffice.Office.Common/Misc", "FirstRun", "boolean", "false"),
        ("/org.openoffice.Office.Common/Misc", "ShowTipOfTheDay", "boolean", "false"),
        ("/org.openoffice.Office.Recovery/AutoSave", "Enabled", "boolean", "false"),
        ("/org.openoffice.Office.Recovery/RecoveryInfo", "Enabled", "boolean", "false"),
    ]
    if locale:
        items.append(("/org.openoffice.Setup/L10N", "ooSetupSystemLocale", "string", locale))
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
    ]
    for path, prop, _typ, value in items:
        out.append(
            f'<item oor:path="{path}"><prop oor:name="{prop}" oor:op="fuse">'
            f"<value>{value}</value></prop></item>"
        )
    out.append("</oor:items>")
    return "\n".join(out) + "\n"


def _init_profile(profile: Path, recalc_mode: int, locale: str | None) -> None:
    user = profile / "user"
    user.mkdir(parents=True, exist_ok=True)
    xcu = registry_xml(recalc_mode=recalc_mode, locale=locale)
    (user / "registrymodifications.xcu").write_text(xcu, encoding="utf-8")


class _ProfilePool:
    """Per-process pool of LibreOffice user profiles (one soffice per profile at a time)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._root: Path | None = None
        self._free: dict[tuple[int, str | None], list[Path]] = {}
        self._counter = 0
        self._pid = os.getpid()

    def _root_dir(self) -> Path:
        if self._root is None or self._pid != os.getpid():  # re-init after fork
            self._pid = os.getpid()
            self._free = {}
            self._root = Path(tempfile.mkdtemp(prefix="cmfi-lo-profiles-"))
            atexit.register(shutil.rmtree, self._root, True)
        return self._root

    @contextlib.contextmanager
    def checkout(self, recalc_mode: int = 0, locale: str | None = None,
                 fresh: bool = False) -> Iterator[Path]:
        key = (recalc_mode, locale)
        with self._lock:
            root = self._root_dir()
            free = self._free.setdefault(key, [])
            if free and not fresh:
                profile = free.pop()
            else:
                self._counter += 1
                profile = root / f"p{self._counter}"
                _init_profile(profile, recalc_mode, locale)
        ok = False
        try:
            yield profile
            ok = True
        finally:
            if ok and not fresh:
                with self._lock:
                    if self._pid == os.getpid():
                        self._free.setdefault(key, []).append(profile)
            else:  # possibly corrupted (killed soffice) or explicitly throw-away
                shutil.rmtree(profile, ignore_errors=True)

    def clear(self) -> None:
        with self._lock:
            if self._root is not None:
                shutil.rmtree(self._root, ignore_errors=True)
            self._root = None
            self._free = {}


_POOL = _ProfilePool()


def clear_profiles() -> None:
    """Delete all cached profiles (the next conversion is a cold start)."""
    _POOL.clear()


def soffice_env(base: dict[str, str] | None = None) -> dict[str, str]:
    """Environment for soffice: Thai font aliases (if fontpkg-sarabun is installed)."""
    env = dict(os.environ if base is None else base)
    try:
        from .fonts import fontconfig_env

        env = fontconfig_env(env)
    except RuntimeError:
        pass  # no fontpkg-sarabun: render with whatever fontconfig picks
    env.setdefault("SAL_USE_VCLPLUGIN", "svp")
    return env


# --------------------------------------------------------------------------- conversion


def _run(cmd: Sequence[str], *, timeout: float, env: dict[str, str] | None = None,
         what: str) -> subprocess.CompletedProcess[str]:
    """Run ``cmd`` in its own process group; kill the whole group on timeout."""
    proc = subprocess.Popen(
        list(cmd), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env=env, start_new_session=True, stdin=subprocess.DEVNULL,
    )
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)  # our own session: soffice + soffice.bin
        stdout, stderr = proc.communicate()
        raise LibreOfficeError(f"{what} timed out after {timeout:g}s", cmd=cmd,
                               stdout=stdout, stderr=stderr) from None
    return subprocess.CompletedProcess(list(cmd), proc.returncode, stdout, stderr)


def convert_many(
    srcs: Iterable[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    fmt: str,
    *,
    timeout: float | None = None,
    recalc: bool = True,
    locale: str | None = None,
    fresh_profile: bool = False,
) -> list[Path]:
    """Convert several workbooks with ONE soffice start; returns outputs in input order.

    Output names are ``<out_dir>/<stem>.<fmt>``; stems must be unique.  Timeout
    (default ``$CMFI_LO_TIMEOUT`` or 180 s) applies to the whole batch.
    ``recalc=False`` uses a profile that never recalculates (for tests only).
    ``locale`` (e.g. "th-TH") sets the LibreOffice locale of the profile.
    ``fresh_profile=True`` uses (and deletes) a brand-new profile: a cold start.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unsupported format {fmt!r}; expected one of {sorted(FORMATS)}")
    sources = [Path(s).resolve() for s in srcs]
    if not sources:
        return []
    out = Path(out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    stems = [s.stem for s in sources]
    if len(set(stems)) != len(stems):
        raise ValueError(f"duplicate file stems would overwrite each other: {stems}")
    targets = [out / f"{s.stem}.{fmt}" for s in sources]
    for src, dst in zip(sources, targets):
        if not src.is_file():
            raise FileNotFoundError(src)
        if dst == src:
            raise ValueError(f"refusing to overwrite the source {src}; use another out_dir")
    soffice = find_soffice()
    if soffice is None:
        raise LibreOfficeNotFound("soffice not found (install libreoffice-calc-nogui; "
                                  "see scripts/install-system-deps.sh)")
    timeout = DEFAULT_TIMEOUT if timeout is None else timeout
    env = soffice_env()
    with _POOL.checkout(recalc_mode=0 if recalc else 1, locale=locale,
                                            fresh=fresh_profile) as profile, \
            tempfile.TemporaryDirectory(prefix=".lo-out-", dir=out) as tmp_out:
        cmd = [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless", "--invisible", "--norestore", "--nologo",
            "--nodefault", "--nolockcheck", "--nofirststartwizard",
            "--convert-to", FORMATS[fmt],
            "--outdir", tmp_out,
            *map(str, sources),
        ]
        res = _run(cmd, timeout=timeout, env=env, what="soffice conversion")
        produced = [Path(tmp_out) / f"{s.stem}.{fmt}" for s in sources]
        missing = [str(s) for s, p in zip(sources, produced)
                   if not p.is_file() or p.stat().st_size == 0]
        if res.returncode != 0 or missing:
            raise LibreOfficeError(
                f"soffice failed to convert {missing or [str(s) for s in sources]} to {fmt}",
                cmd=cmd, stdout=res.stdout, stderr=res.stderr, returncode=res.returncode,
            )
        for p, dst in zip(produced, targets):
            os.replace(p, dst)
    return targets


def convert(src: str | os.PathLike[str], out_dir: str | os.PathLike[str], fmt: str, *,
            timeout: float | None = None, recalc: bool = True,
            locale: str | None = None, fresh_profile: bool = False) -> Path:
    """Convert one workbook to ``fmt`` ("pdf", "xlsx" = recalculated copy, "ods").

    Returns ``<out_dir>/<src stem>.<fmt>``.  Raises :class:`LibreOfficeError`
    (with soffice's stderr) on failure or timeout.
    """
    return convert_many([src], out_dir, fmt, timeout=timeout, recalc=recalc,
                        locale=locale, fresh_profile=fresh_profile)[0]


def recalculated_values(xlsx_path: str | os.PathLike[str], *, timeout: float | None = None,
                        recalc: bool = True,
                        locale: str | None = None) -> dict[str, dict[str, Any]]:
    """Recalculate ``xlsx_path`` in LibreOffice and return ``{sheet: {"A1": value}}``.

    Empty cells are omitted.  Error results come back as strings ("#N/A", "#NAME?").
    """
    import openpyxl

    with tempfile.TemporaryDirectory(prefix="cmfi-lo-recalc-") as tmp:
        out = convert(xlsx_path, tmp, "xlsx", timeout=timeout, recalc=recalc, locale=locale)
        wb = openpyxl.load_workbook(out, data_only=True)
        try:
            return {
                ws.title: {
                    c.coordinate: c.value
                    for row in ws.iter_rows() for c in row if c.value is not None
                }
                for ws in wb.worksheets
            }
        finally:
            wb.close()


# --------------------------------------------------------------------------- poppler


def pdf_text(pdf: str | os.PathLike[str], *, layout: bool = True,
             first_page: int | None = None, last_page: int | None = None) -> str:
    """Text of ``pdf`` via ``pdftotext -layout`` (pages separated by form feeds)."""
    return _pdftotext(pdf, ["-layout"] if layout else [], first_page, last_page)


PdfWord = tuple[float, float, float, float, str]  # x_min, y_min, x_max, y_max (points from top-left), text
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


def pdf_words(pdf: str | os.PathLike[str], first_page: int | None = None,
              last_page: int | None = None) -> list[tuple[float, float, list[PdfWord]]]:
    """Per page: its width, its height and every word on it with its box (``pdftotext -bbox``),
    to check where text really prints."""
    out = _pdftotext(pdf, ["-bbox"], first_page, last_page)
    return [(float(w), float(h), [(float(a), float(b), float(c), float(d), html.unescape(t))
                                  for a, b, c, d, t in _WORD.findall(body)])
            for w, h, body in _PAGE.findall(out)]


def words_past_margin(pdf: str | os.PathLike[str], margin_pt: float = 36.0) -> list[tuple[int, PdfWord]]:
    """(page number, word) for every word that prints past the right margin (default 0.5 inch)
    — text that runs off the paper or into the margin because its cell did not wrap it."""
    return [(n, word) for n, (width, _, words) in enumerate(pdf_words(pdf), 1)
            for word in words if word[2] > width - margin_pt + 1]


def _pdftotext(pdf: str | os.PathLike[str], options: list[str], first_page: int | None,
               last_page: int | None) -> str:
    exe = _require("pdftotext", "poppler-utils")
    cmd = [exe, "-enc", "UTF-8", *options]
    if first_page is not None:
        cmd += ["-f", str(first_page)]
    if last_page is not None:
        cmd += ["-l", str(last_page)]
    cmd += [str(pdf), "-"]
    res = _run(cmd, timeout=60, what="pdftotext")
    if res.returncode != 0:
        raise LibreOfficeError("pdftotext failed", cmd=cmd, stderr=res.stderr,
                               returncode=res.returncode)
    return res.stdout


def _pdfinfo(pdf: str | os.PathLike[str], *extra: str) -> str:
    exe = _require("pdfinfo", "poppler-utils")
    cmd = [exe, *extra, str(pdf)]
    res = _run(cmd, timeout=60, what="pdfinfo")
    if res.returncode != 0:
        raise LibreOfficeError("pdfinfo failed", cmd=cmd, stderr=res.stderr,
                               returncode=res.returncode)
    return res.stdout


def pdf_page_sizes(pdf: str | os.PathLike[str]) -> list[tuple[float, float]]:
    """``[(width_pt, height_pt), ...]`` for every page (A4 portrait ~ 595 x 842)."""
    m = re.search(r"^Pages:\s+(\d+)", _pdfinfo(pdf), re.M)
    if not m:
        raise LibreOfficeError(f"pdfinfo did not report a page count for {pdf}")
    n = int(m.group(1))
    if n == 0:
        return []
    info = _pdfinfo(pdf, "-f", "1", "-l", str(n))
    sizes = [(float(w), float(h)) for w, h in
             re.findall(r"^Page\s+\d+\s+size:\s+([\d.]+)\s+x\s+([\d.]+)", info, re.M)]
    if len(sizes) != n:
        raise LibreOfficeError(f"pdfinfo reported {len(sizes)} page sizes for {n} pages")
    return sizes


def pdf_fonts(pdf: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """Fonts used in ``pdf`` (``pdffonts``): name (subset prefix stripped), type, embedded."""
    exe = _require("pdffonts", "poppler-utils")
    cmd = [exe, str(pdf)]
    res = _run(cmd, timeout=60, what="pdffonts")
    if res.returncode != 0:
        raise LibreOfficeError("pdffonts failed", cmd=cmd, stderr=res.stderr,
                               returncode=res.returncode)
    fonts = []
    for line in res.stdout.splitlines()[2:]:
        # name type encoding emb sub uni object ID  (type may contain spaces)
        m = re.match(r"^(\S+)\s+(.+?)\s+(\S+)\s+(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$",
                     line)
        if not m:
            continue
        raw = m.group(1)
        fonts.append({
            "raw_name": raw,
            "name": re.sub(r"^[A-Z]{6}\+", "", raw),
            "type": m.group(2),
            "encoding": m.group(3),
            "embedded": m.group(4) == "yes",
            "subset": m.group(5) == "yes",
            "unicode": m.group(6) == "yes",
        })
    return fonts


def render_png(pdf: str | os.PathLike[str], out_prefix: str | os.PathLike[str],
               first_page: int = 1, dpi: int = 80) -> Path:
    """Render one page of ``pdf`` to ``<out_prefix>.png`` with pdftoppm; returns the path."""
    exe = _require("pdftoppm", "poppler-utils")
    prefix = Path(out_prefix)
    prefix.parent.mkdir(parents=True, exist_ok=True)
    cmd = [exe, "-png", "-r", str(dpi), "-f", str(first_page), "-l", str(first_page),
           "-singlefile", str(pdf), str(prefix)]
    res = _run(cmd, timeout=120, what="pdftoppm")
    out = prefix.with_name(prefix.name + ".png")
    if res.returncode != 0 or not out.is_file():
        raise LibreOfficeError("pdftoppm failed", cmd=cmd, stderr=res.stderr,
                               returncode=res.returncode)
    return out
