"""Coding sheets: statements out to human coders, their corrections back in.

A *coding sheet* (XLSX, or CSV for other tools) has one row per statement:

==================  ==============================================================
``article_id``      the article
``statement_id``    1-based position of the statement in its article
``fingerprint``     :func:`analysis.corrections.text_fingerprint` of the text: the
                    first 16 hex digits of the SHA-256 of the NFC-normalised text with
                    whitespace collapsed. It ties a correction to the exact sentence.
``previous``        the statement before (context; empty for the first)
``text``            the statement
``next``            the statement after (context)
``auto_speaker``    the automatic speaker
``auto_type``       the automatic type
``auto_cue``        the words that triggered the automatic type
``coder_speaker``   **filled by the coder** when the speaker is wrong (or to confirm)
``coder_type``      **filled by the coder**: one of the codebook's types (drop-down)
``coder_notes``     free notes
==================  ==============================================================

Columns up to ``auto_cue`` are read-only (grey); the three ``coder_`` columns are the
coder's (yellow). Rows the coder leaves empty are not corrections. The XLSX also
carries the instructions, the codebook's types with their definitions, and a hidden
manifest of the statements it was exported with, so that an import can tell a row
that was added or whose ids were altered.

:func:`import_sheets` validates *every* row of every sheet before anything is stored
and raises one :class:`SheetError` listing all problems with their row numbers (the
row numbers a spreadsheet program shows: the header is row 1).

Also here: :func:`read_codings`/:func:`reliability_table` (a sheet as two codings,
automatic and human, for intercoder reliability), :func:`sheet_training_table` (a coded
sheet as training data for the learned coder), and the exchange formats
:func:`write_coded_corpus` (CSV, XLSX, Parquet, JSON Lines) and :func:`write_qdpx`
(REFI-QDA project).
"""

from __future__ import annotations

import csv
import io as _io
import random
import warnings
import zipfile
from pathlib import Path

import pandas as pd

from .corrections import (
    STORE_COLUMNS,
    add_corrections,
    is_fingerprint,
    normalise_speaker,
    text_fingerprint,
    utc_now,
)
from .errors import AnalysisError
from .io import atomic_write, read_table, read_text_file

__all__ = [
    "AUTO_COLUMNS",
    "CODER_COLUMNS",
    "SHEET_COLUMNS",
    "SheetError",
    "SpeakerLabelWarning",
    "codebook_types",
    "export_sheet",
    "import_sheets",
    "is_sheet",
    "make_sheet",
    "read_codings",
    "read_sheet",
    "reliability_table",
    "sheet_codings",
    "sheet_training_table",
    "validate_sheet",
    "write_coded_corpus",
    "write_qdpx",
    "write_sheet",
]

ID_COLUMNS = ["article_id", "statement_id", "fingerprint"]
CONTEXT_COLUMNS = ["previous", "text", "next"]
AUTO_COLUMNS = ["auto_speaker", "auto_type", "auto_cue"]
CODER_COLUMNS = ["coder_speaker", "coder_type", "coder_notes"]
#: columns of a coding sheet, in order
SHEET_COLUMNS = ID_COLUMNS + CONTEXT_COLUMNS + AUTO_COLUMNS + CODER_COLUMNS
#: the columns an imported sheet must have
REQUIRED_COLUMNS = ID_COLUMNS + ["coder_speaker", "coder_type"]

_WIDTHS = {"article_id": 20, "statement_id": 9, "fingerprint": 18, "previous": 38,
           "text": 60, "next": 38, "auto_speaker": 16, "auto_type": 12, "auto_cue": 16,
           "coder_speaker": 18, "coder_type": 14, "coder_notes": 30}
_STATEMENTS = "statements"
_MANIFEST = "_manifest"
_LISTS = "lists"
SHEET_SUFFIXES = (".xlsx", ".csv")


class SheetError(AnalysisError):
    """Problems found in coding sheets: the first line names the file(s) and the count,
    then one line per problem."""

    def __init__(self, headline: str, lines: list[str]):
        self.problem = headline
        self.path = None
        self.lines = list(lines)
        Exception.__init__(self, "\n".join([headline] + [f"  {x}" for x in lines]))


# --------------------------------------------------------------------------- codebook


def _codebook(codebook=None):
    from .codebook import resolve_codebook

    return resolve_codebook(codebook)


def codebook_types(codebook=None) -> list[str]:
    """The type names of ``codebook`` (None, path or Codebook), in precedence order."""
    cb = _codebook(codebook)
    if cb is None or not hasattr(cb, "types"):
        from .coding import TYPES

        return list(TYPES)
    names = getattr(cb, "type_names", None)
    if names is None:
        names = [getattr(t, "name", t) for t in cb.types]
    return [str(n) for n in names]


def _type_rows(codebook=None) -> list[tuple[str, str, str]]:
    cb = _codebook(codebook)
    rows = []
    for t in getattr(cb, "types", None) or codebook_types(cb):
        if isinstance(t, str):
            rows.append((t, "", ""))
        else:
            rows.append((t.name, getattr(t, "definition", "") or "",
                         " ".join(getattr(t, "rules", ()) or ())))
    return rows


class SpeakerLabelWarning(UserWarning):
    """A coder's speaker label is not a canonical label of the actor dictionary."""


def _speaker_canon(actors=None) -> tuple[dict[str, str], object]:
    """casefolded label → canonical spelling, and the actor dictionary (or None)."""
    try:
        from .actors import resolve_actors

        dictionary = resolve_actors(actors)
        labels = list(getattr(dictionary, "labels", []) or [])
    except (AnalysisError, ImportError, AttributeError):
        dictionary, labels = None, []
    canon = {lab.casefold(): lab for lab in labels}
    canon.update({"narrator": "narrator", "analysts": "analysts"})
    return canon, dictionary


def _canonical_speaker(label: str, canon: dict[str, str]) -> tuple[str, list[str]]:
    """A coder's speaker label in canonical spelling, and the parts not recognised."""
    label = normalise_speaker(label)
    if not label:
        return "", []
    parts = [p.strip() for p in label.split(";")] if ";" in label else [label]
    fixed = [canon.get(p.casefold(), p) for p in parts]
    unknown = [p for p in fixed if p.casefold() not in canon]
    return normalise_speaker("; ".join(fixed)) if len(fixed) > 1 else fixed[0], unknown


# --------------------------------------------------------------------------- export


def make_sheet(table: pd.DataFrame, sample: int | None = None, seed: int = 0) -> pd.DataFrame:
    """Build the coding sheet of a statements table.

    Parameters
    ----------
    table : pandas.DataFrame
        A statements table (automatic codes; ``article_id``, ``statement_id``,
        ``text``, ``speaker``, ``type``, ``cue``).
    sample : int or None
        Keep a random sample of this many statements (e.g. for double coding);
        previous/next context still comes from the whole article.
    seed : int
        Seed of the sample (the same seed gives the same sample).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`SHEET_COLUMNS`, rows in table order; coder columns empty.
    """
    missing = [c for c in ("article_id", "statement_id", "text") if c not in table.columns]
    if missing:
        raise AnalysisError(f"not a statements table: missing column(s) {', '.join(missing)}")
    t = table.reset_index(drop=True)
    text = t["text"].fillna("").astype(str)
    art = t["article_id"].astype(str)
    same_prev = art.eq(art.shift(1))
    same_next = art.eq(art.shift(-1))
    sheet = pd.DataFrame({
        "article_id": art,
        "statement_id": [str(int(v)) for v in t["statement_id"]],
        "fingerprint": [text_fingerprint(x) for x in text],
        "previous": text.shift(1).where(same_prev, "").fillna(""),
        "text": text,
        "next": text.shift(-1).where(same_next, "").fillna(""),
        "auto_speaker": t.get("speaker", pd.Series("", index=t.index)).fillna("").astype(str),
        "auto_type": t.get("type", pd.Series("", index=t.index)).fillna("").astype(str),
        "auto_cue": t.get("cue", pd.Series("", index=t.index)).fillna("").astype(str),
    })
    for col in CODER_COLUMNS:
        sheet[col] = ""
    if sample is not None:
        if sample < 1:
            raise AnalysisError(f"sample size must be at least 1 (got {sample})")
        if sample < len(sheet):
            keep = sorted(random.Random(seed).sample(range(len(sheet)), sample))
            sheet = sheet.iloc[keep].reset_index(drop=True)
    return sheet[SHEET_COLUMNS]


_INSTRUCTIONS = [
    "How to code this sheet",
    "",
    ("One row is one statement (one sentence). Read it with the previous and next "
    "statements for context."),
    ("The grey columns are the automatic coding: do not edit them (the import checks "
    "that the ids, fingerprint and text are unchanged)."),
    ("Where the automatic speaker is wrong, write the right one in coder_speaker "
    "(canonical labels: a country's common English name, narrator, analysts, a party or "
    "organisation's short name; a joint statement as 'China; Pakistan')."),
    ("Where the automatic type is wrong, choose the right one in coder_type (drop-down). "
    "For double coding (reliability), fill coder_speaker and coder_type on EVERY row, "
    "also where you agree with the automatic code."),
    "Leave a row's coder columns empty to leave its automatic codes as they are.",
    "Do not sort only some columns; sorting or filtering whole rows is fine.",
    "Import with: python -m analysis sheet import THIS_FILE --coder YOUR_NAME",
]


def write_sheet(sheet: pd.DataFrame, path: str | Path, codebook=None) -> Path:
    """Write a coding sheet as XLSX (formatted) or CSV (UTF-8 with BOM), by extension.

    The XLSX has a frozen header, wrapped text, set widths, grey read-only-styled
    automatic columns, yellow coder columns, a drop-down of the codebook's types on
    ``coder_type``, suggestions (not enforced) on ``coder_speaker``, an
    ``instructions`` and a ``codebook`` sheet and a hidden manifest. Written atomically.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    sheet = sheet[SHEET_COLUMNS]
    if suffix == ".csv":
        with atomic_write(path, "w", encoding="utf-8-sig") as f:
            sheet.to_csv(f, index=False, lineterminator="\n")
        return path
    if suffix != ".xlsx":
        raise AnalysisError(f"unsupported sheet type {suffix or '(none)'!r} "
                            "(expected .xlsx or .csv)", path)
    wb = _workbook(sheet, codebook)
    with atomic_write(path, "wb") as f:
        wb.save(f)
    return path


def _workbook(sheet: pd.DataFrame, codebook=None):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    types = codebook_types(codebook)
    wb = Workbook()
    ws = wb.active
    ws.title = _STATEMENTS
    ws.append(SHEET_COLUMNS)
    for r, row in enumerate(sheet.itertuples(index=False), start=2):
        values = [int(v) if c == "statement_id" else (v or None)
                  for c, v in zip(SHEET_COLUMNS, row)]
        ws.append(values)
        for j, v in enumerate(values, start=1):
            if isinstance(v, str) and v.startswith("="):
                ws.cell(row=r, column=j).data_type = "s"  # text, never a formula
    n = len(sheet) + 1
    grey = PatternFill("solid", fgColor="EDEDED")
    yellow = PatternFill("solid", fgColor="FFF6CC")
    head_auto = PatternFill("solid", fgColor="BFBFBF")
    head_coder = PatternFill("solid", fgColor="FFD966")
    ro_font = Font(color="595959")
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    for j, col in enumerate(SHEET_COLUMNS, start=1):
        letter = get_column_letter(j)
        ws.column_dimensions[letter].width = _WIDTHS[col]
        coder = col in CODER_COLUMNS
        head = ws.cell(row=1, column=j)
        head.font = Font(bold=True)
        head.fill = head_coder if coder else head_auto
        head.alignment = Alignment(vertical="center")
        wrapped = col in ("previous", "text", "next", "coder_notes")
        name = ("coder" if coder else "auto") + ("_wrap" if wrapped else "") + \
            ("_text" if col in ("fingerprint", "article_id") else "")
        if name not in wb.named_styles:
            style = NamedStyle(name=name, alignment=wrap if wrapped else top,
                               fill=yellow if coder else grey,
                               font=Font(color="000000") if coder else ro_font,
                               number_format="@" if name.endswith("_text") else "General")
            wb.add_named_style(style)
        for i in range(2, n + 1):
            ws.cell(row=i, column=j).style = name  # one shared style per column kind
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(SHEET_COLUMNS))}{n}"

    # lists for the drop-downs on a hidden sheet (no 255-character limit)
    lists = wb.create_sheet(_LISTS)
    lists.append(["types", "speakers"])
    speakers = sorted(set(sheet["auto_speaker"]) | {"narrator", "analysts"} - {""},
                      key=str.casefold)
    for i in range(max(len(types), len(speakers))):
        lists.append([types[i] if i < len(types) else None,
                      speakers[i] if i < len(speakers) else None])
    lists.sheet_state = "hidden"
    ref = f"'{_LISTS}'"
    last = max(n, 2)
    type_col = get_column_letter(SHEET_COLUMNS.index("coder_type") + 1)
    dv = DataValidation(type="list", formula1=f"{ref}!$A$2:$A${len(types) + 1}",
                        allow_blank=True, showDropDown=False, showErrorMessage=True,
                        errorTitle="Unknown type",
                        error="Choose one of the codebook's types from the list.",
                        promptTitle="coder_type", prompt="The codebook's type for this "
                        "statement (leave empty to keep the automatic type).",
                        showInputMessage=True)
    dv.add(f"{type_col}2:{type_col}{last}")
    ws.add_data_validation(dv)
    sp_col = get_column_letter(SHEET_COLUMNS.index("coder_speaker") + 1)
    dv2 = DataValidation(type="list", formula1=f"{ref}!$B$2:$B${max(len(speakers), 1) + 1}",
                         allow_blank=True, showErrorMessage=False)
    dv2.add(f"{sp_col}2:{sp_col}{last}")
    ws.add_data_validation(dv2)

    ins = wb.create_sheet("instructions")
    for line in _INSTRUCTIONS:
        ins.append([line])
    ins["A1"].font = Font(bold=True, size=13)
    ins.column_dimensions["A"].width = 110
    for row in ins.iter_rows():
        row[0].alignment = Alignment(wrap_text=True, vertical="top")

    cbs = wb.create_sheet("codebook")
    cbs.append(["type", "definition", "decision rules"])
    for row in _type_rows(codebook):
        cbs.append(list(row))
    for j, w in enumerate((14, 70, 70), start=1):
        cbs.column_dimensions[get_column_letter(j)].width = w
        cbs.cell(row=1, column=j).font = Font(bold=True)
    for row in cbs.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    cbs.freeze_panes = "A2"

    man = wb.create_sheet(_MANIFEST)
    man.append(ID_COLUMNS)
    for a, s, f in zip(sheet["article_id"], sheet["statement_id"], sheet["fingerprint"]):
        man.append([a, int(s), f])
    man.sheet_state = "hidden"
    wb.active = 0
    return wb


def export_sheet(inputs, out: str | Path, codebook=None, model=None, actors=None, *,
                 sample: int | None = None, seed: int = 0, **coding) -> tuple[Path, int]:
    """Code ``inputs`` automatically (no corrections) and write their coding sheet.

    Parameters
    ----------
    inputs : paths, folders, globs, corpus tables or Articles (as for ``code``)
    out : path (``.xlsx`` or ``.csv``)
    codebook, model, actors : as for :func:`analysis.pipeline.code_articles`
    sample, seed : see :func:`make_sheet`
    **coding : further keyword arguments of ``code_articles`` (``skip_bad`` …)

    Returns
    -------
    (path, number of rows)
    """
    from .pipeline import code_articles

    if Path(out).suffix.lower() not in SHEET_SUFFIXES:
        raise AnalysisError("a coding sheet must be .xlsx or .csv", out)
    coding.pop("corrections", None)
    table = code_articles(inputs, codebook=codebook, model=model, actors=actors,
                          corrections=None, **coding)
    sheet = make_sheet(table, sample=sample, seed=seed)
    return write_sheet(sheet, out, codebook=codebook), len(sheet)


# --------------------------------------------------------------------------- reading


def is_sheet(path: str | Path) -> bool:
    """True when ``path`` is a coding sheet (XLSX, or a CSV with the sheet's columns)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return True
    if suffix != ".csv" or not path.is_file():
        return False
    try:
        head = read_text_file(path).splitlines()[0]
    except (AnalysisError, IndexError):
        return False
    cols = {c.strip() for c in next(csv.reader([head], delimiter=_delimiter(head)), [])}
    return {"fingerprint", "coder_type"} <= cols


def _delimiter(header: str) -> str:
    """The CSV delimiter of a sheet's header line: ``,``, or ``;``/tab as spreadsheet
    programs in many locales write them."""
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if pd.isna(value):
            return ""
        if value.is_integer():
            return str(int(value))
    return str(value)


def read_sheet(path: str | Path) -> tuple[pd.DataFrame, set | None]:
    """Read a coding sheet as strings, keeping spreadsheet row numbers.

    Returns
    -------
    sheet : pandas.DataFrame
        Every column as ``str`` (missing → ``""``), plus ``_row`` (the row number a
        spreadsheet shows; header = 1). Entirely empty rows are dropped.
    manifest : set of (article_id, statement_id, fingerprint) or None
        The statements the XLSX was exported with (None for CSV or when absent).

    Raises
    ------
    AnalysisError
        If the file is missing, not a spreadsheet, or has no header.
    """
    path = Path(path)
    if not path.is_file():
        raise AnalysisError("no such coding sheet", path)
    suffix = path.suffix.lower()
    manifest = None
    if suffix == ".xlsx":
        from openpyxl import load_workbook
        from openpyxl.utils.exceptions import InvalidFileException

        try:
            wb = load_workbook(path, read_only=True, data_only=True)
        except (OSError, ValueError, KeyError, TypeError, zipfile.BadZipFile,
                InvalidFileException) as exc:
            raise AnalysisError(f"cannot read the workbook ({type(exc).__name__}: "
                                f"{' '.join(str(exc).split())[:150]})", path) from None
        try:
            ws = wb[_STATEMENTS] if _STATEMENTS in wb.sheetnames else wb.worksheets[0]
            rows = [[_cell(v) for v in r] for r in ws.iter_rows(values_only=True)]
            if _MANIFEST in wb.sheetnames:
                mrows = [[_cell(v) for v in r] for r in
                         wb[_MANIFEST].iter_rows(values_only=True)]
                if mrows and mrows[0][:3] == ID_COLUMNS:
                    manifest = {tuple(r[:3]) for r in mrows[1:] if any(r)}
        finally:
            wb.close()
    elif suffix == ".csv":
        text = read_text_file(path)
        first = text.splitlines()[0] if text.strip() else ""
        rows = list(csv.reader(_io.StringIO(text, newline=""), delimiter=_delimiter(first)))
    else:
        raise AnalysisError(f"unsupported sheet type {suffix or '(none)'!r} "
                            "(expected .xlsx or .csv)", path)
    if not rows or not any(c.strip() for c in rows[0]):
        raise AnalysisError("the coding sheet has no header row", path)
    header = [c.strip() for c in rows[0]]
    records = []
    for i, r in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in r):
            continue
        r = list(r) + [""] * (len(header) - len(r))
        rec = {h: v for h, v in zip(header, r) if h}
        extra = [v for v in r[len(header):] if v.strip()]
        if extra:
            rec["_extra"] = "yes"
        rec["_row"] = i
        records.append(rec)
    cols = [h for h in header if h] + ["_row"]
    df = pd.DataFrame(records, columns=cols + (["_extra"] if any("_extra" in r for r in records)
                                               else []))
    return df.fillna(""), manifest


def validate_sheet(path: str | Path, codebook=None, coder: str = "coder",
                   coded_at: str | None = None,
                   actors=None) -> tuple[pd.DataFrame, list[str]]:
    """Check every row of a coding sheet and turn its filled rows into corrections.

    Problems found (each reported with its row number): missing columns, missing or
    non-numeric ids, a missing or malformed fingerprint, a text that does not match
    its fingerprint (edited text, or rows shuffled by sorting one column), a statement
    the sheet was not exported with (XLSX manifest), a type the codebook does not
    have, duplicate rows, cells beyond the header. Speaker labels are put in the actor
    dictionary's spelling (``pakistan`` → ``Pakistan``; joint speakers sorted); a label
    the dictionary does not know is kept as written, with a :class:`SpeakerLabelWarning`
    suggesting the label it would normalise to (``Islamabad`` → ``Pakistan``).

    Returns
    -------
    corrections : pandas.DataFrame
        Store entries (:data:`analysis.corrections.STORE_COLUMNS`) for the rows with a
        coder speaker, type or note.
    problems : list of str
        ``"row N: ..."`` lines; empty when the sheet is good.
    """
    path = Path(path)
    sheet, manifest = read_sheet(path)
    types = codebook_types(codebook)
    lower = {t.casefold(): t for t in types}
    problems: list[str] = []
    missing = [c for c in REQUIRED_COLUMNS if c not in sheet.columns]
    if missing:
        return pd.DataFrame(columns=STORE_COLUMNS), [
            (f"header: missing column(s) {', '.join(missing)} (is this a coding sheet "
            "exported by 'analysis sheet export'?)")]
    coded_at = coded_at or utc_now()
    canon, dictionary = _speaker_canon(actors)
    notices: list[str] = []
    seen: dict[tuple[str, str], int] = {}
    entries = []
    for rec in sheet.to_dict("records"):
        row = rec["_row"]
        bad = []
        if rec.get("_extra"):
            bad.append("cells to the right of the last column")
        article = rec["article_id"].strip()
        sid_raw = rec["statement_id"].strip()
        fp = rec["fingerprint"].strip()
        if not article:
            bad.append("missing article_id")
        sid = None
        if not sid_raw:
            bad.append("missing statement_id")
        else:
            try:
                sid = int(float(sid_raw))
                if sid < 1 or float(sid_raw) != sid:
                    raise ValueError
            except ValueError:
                bad.append(f"statement_id {sid_raw!r} is not a positive whole number")
                sid = None
        if not fp:
            bad.append("missing fingerprint")
        elif not is_fingerprint(fp):
            hint = (" (the spreadsheet program turned it into a number)"
                    if fp.replace(".", "").replace("E+", "").isdigit() else "")
            bad.append(f"malformed fingerprint {fp!r}{hint} (expected 16 hexadecimal "
                       "digits, as exported)")
        elif "text" in rec and rec["text"].strip() and text_fingerprint(rec["text"]) != fp:
            bad.append("the text does not match its fingerprint (was the text edited, or "
                       "one column sorted without the others?)")
        if article and sid is not None:
            key = (article, str(sid))
            if key in seen:
                bad.append(f"duplicate row: article {article} statement {sid} is also in "
                           f"row {seen[key]}")
            else:
                seen[key] = row
            if (manifest is not None and is_fingerprint(fp)
                    and (article, str(sid), fp) not in manifest):
                bad.append(f"article {article} statement {sid} is not a statement this sheet "
                           "was exported with (row added, or ids changed?)")
        ctype = " ".join(rec["coder_type"].split())
        if ctype:
            if ctype.casefold() in lower:
                ctype = lower[ctype.casefold()]
            else:
                bad.append(f"unknown type {ctype!r} in coder_type (the codebook's types: "
                           f"{', '.join(types)})")
        speaker, unknown = _canonical_speaker(rec["coder_speaker"], canon)
        for part in unknown:
            guess = None
            if dictionary is not None:
                guess = dictionary.normalise(part) or dictionary.normalise(part.title())
            hint = f" (did you mean {guess!r}?)" if guess and guess != part else ""
            notices.append(f"row {row}: speaker {part!r} is not a label of the actor "
                           f"dictionary{hint}")
        if any(ch in rec["coder_speaker"] for ch in "\r\n\t"):
            bad.append("coder_speaker holds a line break or tab")
        notes = " ".join(rec.get("coder_notes", "").split())
        problems.extend(f"row {row}: {b}" for b in bad)
        if not bad and (speaker or ctype or notes):
            entries.append({"article_id": article, "statement_id": str(sid), "fingerprint": fp,
                            "coder": coder, "speaker": speaker, "type": ctype, "notes": notes,
                            "coded_at": coded_at, "sheet": path.name,
                            "text": " ".join(rec.get("text", "").split())})
    if notices and not problems:
        shown = notices[:20] + ([f"... and {len(notices) - 20} more"] if len(notices) > 20
                                else [])
        warnings.warn(f"{path}: {len(notices)} speaker label(s) kept as written:\n  "
                      + "\n  ".join(shown), SpeakerLabelWarning, stacklevel=2)
    return pd.DataFrame(entries, columns=STORE_COLUMNS), problems


def _check_coder(coder: str) -> str:
    name = " ".join(str(coder or "").split())
    if not name:
        raise AnalysisError("a coder name is needed (--coder NAME)")
    if len(name) > 60 or any(ch in name for ch in ",;\"'+"):
        raise AnalysisError(f"coder name {name!r} must be at most 60 characters without "
                            "commas, semicolons, quotes or '+'")
    return name


def import_sheets(paths, coder: str, store: str | Path | None = None,
                  codebook=None) -> dict:
    """Validate coding sheets and merge their corrections into the store.

    All sheets are validated first; if any row of any sheet has a problem, a
    :class:`SheetError` lists every problem (file and row) and nothing is imported.

    Parameters
    ----------
    paths : path or list of paths (``.xlsx`` / ``.csv`` coding sheets)
    coder : str
        The coder's name, recorded with each correction.
    store : path or None
        The corrections store (default ``data/processed/corrections.csv``).
    codebook : Codebook, path or None
        The codebook whose types are allowed (default: the packaged one).

    Returns
    -------
    dict
        ``path`` (the store), ``rows`` (corrections read), ``added``, ``updated``,
        ``unchanged``, ``total``.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    coder = _check_coder(coder)
    coded_at = utc_now()
    frames, bad_files, lines = [], [], []
    for p in paths:
        entries, problems = validate_sheet(p, codebook=codebook, coder=coder, coded_at=coded_at)
        if problems:
            bad_files.append((str(p), len(problems)))
            lines.extend(f"{p} {x}" if len(paths) > 1 else x for x in problems)
        frames.append(entries)
    all_entries = (pd.concat(frames, ignore_index=True) if frames
                   else pd.DataFrame(columns=STORE_COLUMNS))
    if not bad_files and len(all_entries):
        key = ["article_id", "statement_id", "fingerprint"]
        dup = all_entries[all_entries.duplicated(key, keep=False)]
        for k, grp in dup.groupby(key, sort=True):
            if len(grp.drop_duplicates(["speaker", "type", "notes"])) > 1:
                sheets = ", ".join(sorted(set(grp["sheet"])))
                bad_files.append((sheets, 1))
                lines.append(f"article {k[0]} statement {k[1]} is coded differently in {sheets}")
        all_entries = all_entries.drop_duplicates(key, keep="last")
    if bad_files:
        where = "; ".join(f"{f}: {c} problem{'s' if c > 1 else ''}" for f, c in bad_files)
        raise SheetError(f"{where} — nothing was imported", lines)
    result = add_corrections(all_entries, store)
    result["rows"] = len(all_entries)
    return result


# --------------------------------------------------------------------------- reliability


def sheet_codings(path: str | Path, automatic: str = "automatic",
                  coder: str | None = None, codebook=None) -> dict[str, pd.DataFrame]:
    """The two codings in a coding sheet, for reliability.

    Returns ``{automatic: table, coder: table}``, each with ``article_id``,
    ``statement_id``, ``speaker`` and ``type``. The automatic coding comes from the
    ``auto_`` columns; the human one from ``coder_speaker``/``coder_type``, an empty
    cell counting as *not coded* (so a coder who double-codes must fill every row).
    The human coder is named ``coder`` (default: the file's stem). Types are matched
    to the codebook's spelling regardless of case.
    """
    path = Path(path)
    sheet, _ = read_sheet(path)
    need = ["article_id", "statement_id", "auto_speaker", "auto_type", "coder_speaker",
            "coder_type"]
    missing = [c for c in need if c not in sheet.columns]
    if missing:
        raise AnalysisError(f"not a coding sheet: missing column(s) {', '.join(missing)}", path)
    ids = sheet[["article_id", "statement_id"]].apply(lambda s: s.str.strip())
    auto = ids.assign(speaker=sheet["auto_speaker"].str.strip(),
                      type=sheet["auto_type"].str.strip())
    canon = {t.casefold(): t for t in codebook_types(codebook)}

    def _type(value: str) -> str:
        value = " ".join(value.split())
        return canon.get(value.casefold(), value)

    speakers, _ = _speaker_canon()
    human = ids.assign(speaker=sheet["coder_speaker"].map(
                           lambda v: _canonical_speaker(v, speakers)[0]),
                       type=sheet["coder_type"].map(_type))
    name = coder or path.stem
    if name == automatic:
        name = f"{name} (human)"
    return {automatic: auto, name: human}


def read_codings(paths, codebook=None) -> dict[str, pd.DataFrame]:
    """Codings for reliability from any mix of coding sheets and statements tables.

    A statements table (``.csv``/``.parquet``/``.jsonl`` with ``speaker``/``type``)
    gives one coder named after its file stem; a coding sheet gives the automatic
    coder and its human coder (see :func:`sheet_codings`). Automatic codings from
    several sheets of the same statements are merged into one ``automatic`` coder.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    out: dict[str, pd.DataFrame] = {}
    for p in paths:
        p = Path(p)
        if is_sheet(p):
            parts = sheet_codings(p, codebook=codebook)
        else:
            parts = {p.stem: read_table(p)}
        for name, table in parts.items():
            if name == "automatic" and name in out:
                merged = pd.concat([out[name], table], ignore_index=True)
                out[name] = merged.drop_duplicates(["article_id", "statement_id"])
                continue
            base, k = name, 2
            while name in out:
                name = f"{base}-{k}"
                k += 1
            out[name] = table
    return out


def reliability_table(paths, variables=("speaker", "type"), codebook=None) -> pd.DataFrame:
    """Reliability of the codings in coding sheets and/or statements tables, one row per
    variable: ``alpha`` (Krippendorff, nominal), ``agreement``, ``kappa`` (Cohen, mean over
    coder pairs), ``n_units`` (statements coded by two or more), ``n_coders``, ``coders``.

    For a notebook: ``reliability_table(["alice.xlsx", "bob.xlsx"])``; the full figures
    (per category, confusion matrices) come from :mod:`analysis.reliability` or
    ``python -m analysis reliability``.
    """
    from .reliability import reliability_report, wide_from_tables

    codings = read_codings(paths, codebook=codebook)
    rows = []
    for var in variables:
        rep = reliability_report(wide_from_tables(codings, var))
        kappas = rep["pairwise"]["kappa"].dropna()
        rows.append({"variable": var, "alpha": rep["alpha"], "agreement": rep["agreement"],
                     "kappa": float(kappas.mean()) if len(kappas) else float("nan"),
                     "n_units": rep["n_units"], "n_coders": rep["n_coders"],
                     "coders": ", ".join(codings)})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- training


def sheet_training_table(path: str | Path, codebook=None) -> pd.DataFrame:
    """A coded sheet as a training table for the learned coder.

    Rows where the coder gave a type become ``article_id``, ``statement_id``, ``text``,
    ``type`` (the human type), ``speaker`` (human if given, else automatic) and
    ``coded_by`` = ``"human"``. Unknown types raise a :class:`SheetError`.
    """
    with warnings.catch_warnings():  # speaker labels do not matter for training types
        warnings.simplefilter("ignore", SpeakerLabelWarning)
        entries, problems = validate_sheet(path, codebook=codebook, coder="sheet")
    if problems:
        raise SheetError(f"{path}: {len(problems)} problem(s) in the coding sheet", problems)
    sheet, _ = read_sheet(path)
    auto = dict(zip(zip(sheet["article_id"].str.strip(),
                        sheet["statement_id"].map(lambda s: str(int(float(s))))),
                    sheet["auto_speaker"]))
    typed = entries[entries["type"] != ""].copy()
    text = dict(zip(zip(sheet["article_id"].str.strip(),
                        sheet["statement_id"].map(lambda s: str(int(float(s))))), sheet["text"]))
    typed["text"] = [text[(a, s)] for a, s in zip(typed["article_id"], typed["statement_id"])]
    typed["speaker"] = [sp or auto.get((a, s), "") for a, s, sp in
                        zip(typed["article_id"], typed["statement_id"], typed["speaker"])]
    typed["coded_by"] = "human"
    typed["statement_id"] = typed["statement_id"].astype(int)
    return typed[["article_id", "statement_id", "text", "speaker", "type",
                  "coded_by"]].reset_index(drop=True)


# --------------------------------------------------------------------------- exchange


def write_coded_corpus(table: pd.DataFrame, path: str | Path) -> Path:
    """Write a coded statements table for other tools: CSV, XLSX, Parquet or JSON Lines.

    The XLSX has a ``statements`` sheet (frozen header, wrapped text, filters) and a
    ``summary`` sheet (statements per speaker and type).
    """
    from .io import write_table

    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        return write_table(table, path)
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from .pipeline import summarise

    buf = _io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        data = table.copy()
        for col in data.columns:
            if data[col].dtype == object:
                data[col] = data[col].map(lambda v: v.isoformat() if hasattr(v, "isoformat")
                                          else v)
        data.to_excel(xw, sheet_name="statements", index=False)
        summarise(table).to_excel(xw, sheet_name="summary", index=False)
        ws = xw.sheets["statements"]
        for j, col in enumerate(data.columns, start=1):
            ws.column_dimensions[get_column_letter(j)].width = 60 if col == "text" else 14
            ws.cell(row=1, column=j).font = Font(bold=True)
        if "text" in data.columns:
            j = list(data.columns).index("text") + 1
            for i in range(2, len(data) + 2):
                ws.cell(row=i, column=j).alignment = Alignment(wrap_text=True, vertical="top")
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = ws.dimensions
    with atomic_write(path, "wb") as f:
        f.write(buf.getvalue())
    return path


# --------------------------------------------------------------------------- REFI-QDA

QDA_NS = "urn:QDA-XML:project:1.0"
_PALETTE = ["#D62728", "#1F77B4", "#FF7F0E", "#9467BD", "#2CA02C", "#7F7F7F", "#8C564B",
            "#E377C2", "#17BECF", "#BCBD22"]


def _guid(*parts) -> str:
    import uuid

    return str(uuid.uuid5(uuid.NAMESPACE_URL, "analysis:" + "\x1f".join(map(str, parts))))


def write_qdpx(table: pd.DataFrame, articles, path: str | Path, codebook=None,
               project: str = "analysis") -> Path:
    """Write the coded statements as a REFI-QDA project (``.qdpx``) for QDA software.

    Every article becomes a text source (its decoded text, ``sources/<guid>.txt``); every
    statement a plain-text selection (``startPosition``/``endPosition`` = the table's
    ``start``/``end`` character offsets) coded with two codes: its type (under a code
    ``type``) and its speaker (under ``speaker``). Codings carry their coder as the
    creating user: ``analysis (automatic)`` or the human coder of a correction. GUIDs
    are derived from the content, so the same corpus gives the same file.

    Parameters
    ----------
    table : pandas.DataFrame
        A statements table (``article_id``, ``statement_id``, ``start``, ``end``,
        ``speaker``, ``type``; ``coded_by``/``corrected`` when corrections were applied).
    articles : iterable of Article
        The articles of the table (their ``raw`` text is what the offsets index).
    path : path ending in ``.qdpx``
    codebook : Codebook, path or None
        Gives the order of the type codes.
    """
    import xml.etree.ElementTree as ET

    path = Path(path)
    if path.suffix.lower() != ".qdpx":
        raise AnalysisError("a REFI-QDA project must end in .qdpx", path)
    raws = {a.article_id: a.raw for a in articles}
    missing = sorted(set(table["article_id"].astype(str)) - set(raws))
    if missing:
        raise AnalysisError(f"no article text for {', '.join(missing[:5])}", path)

    def q(tag):
        return f"{{{QDA_NS}}}{tag}"

    ET.register_namespace("", QDA_NS)
    root = ET.Element(q("Project"), {"name": project, "origin": "analysis (python package)"})
    auto_user = _guid("user", "automatic")
    users = {"analysis (automatic)": auto_user}
    coded_by = table.get("coded_by", pd.Series("", index=table.index)).fillna("").astype(str)
    for value in coded_by:
        if value.startswith("human:"):
            for name in value[len("human:"):].split("+"):
                users.setdefault(name, _guid("user", name))
    users_el = ET.SubElement(root, q("Users"))
    for name, guid in users.items():
        ET.SubElement(users_el, q("User"), {"guid": guid, "name": name})

    order = codebook_types(codebook)
    types = order + sorted(set(table["type"].astype(str)) - set(order) - {""})
    speakers = sorted(set(table["speaker"].astype(str)) - {""}, key=str.casefold)
    book = ET.SubElement(ET.SubElement(root, q("CodeBook")), q("Codes"))
    code_guid = {}
    for group, labels in (("type", types), ("speaker", speakers)):
        parent = ET.SubElement(book, q("Code"), {"guid": _guid("code", group), "name": group,
                                                 "isCodable": "false"})
        for i, label in enumerate(labels):
            code_guid[(group, label)] = _guid("code", group, label)
            attrs = {"guid": code_guid[(group, label)], "name": label, "isCodable": "true"}
            if group == "type":
                attrs["color"] = _PALETTE[i % len(_PALETTE)]
            ET.SubElement(parent, q("Code"), attrs)

    sources = ET.SubElement(root, q("Sources"))
    files = {}
    corrected = table.get("corrected", pd.Series("", index=table.index)).fillna("").astype(str)
    for article_id, part in table.groupby(table["article_id"].astype(str), sort=False):
        sguid = _guid("source", article_id)
        files[f"sources/{sguid}.txt"] = raws[article_id]
        src = ET.SubElement(sources, q("TextSource"), {
            "guid": sguid, "name": article_id, "plainTextPath": f"internal://{sguid}.txt"})
        for idx, row in part.iterrows():
            start, end = int(row["start"]), int(row["end"])
            sid = int(row["statement_id"])
            sel = ET.SubElement(src, q("PlainTextSelection"), {
                "guid": _guid("selection", article_id, sid), "name": f"statement {sid}",
                "startPosition": str(start), "endPosition": str(end),
                "creatingUser": auto_user})
            humans = (coded_by[idx][len("human:"):].split("+")
                      if coded_by[idx].startswith("human:") else [])
            fixed = corrected[idx].split(";") if corrected[idx] else []
            for var in ("type", "speaker"):
                label = str(row[var])
                if not label:
                    continue
                user = auto_user
                if var in fixed and humans:
                    who = humans[0] if var == "speaker" or len(humans) == 1 else humans[-1]
                    user = users[who]
                coding = ET.SubElement(sel, q("Coding"), {
                    "guid": _guid("coding", article_id, sid, var), "creatingUser": user})
                ET.SubElement(coding, q("CodeRef"), {"targetGUID": code_guid[(var, label)]})
    ET.indent(root)
    xml = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    with atomic_write(path, "wb") as f, zipfile.ZipFile(f, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("project.qde", (1980, 1, 1, 0, 0, 0)), xml,
                   zipfile.ZIP_DEFLATED)
        for name, text in sorted(files.items()):
            z.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), text.encode("utf-8"),
                       zipfile.ZIP_DEFLATED)
    return path
