"""Hand corrections layered over automatic codes: the corrections store.

Human coders correct the automatic speaker and type of statements in coding sheets
(:mod:`analysis.sheets`). Imported corrections are kept in a *corrections store*, a
CSV file (default ``data/processed/corrections.csv``, see :func:`default_store_path`),
one row per coder and statement, never rebuilt by the pipeline. Every run of ``code``,
``report`` or the notebooks applies the store over the automatic codes with
:func:`apply_corrections`, so re-running the analysis never loses a correction.

Identity of a statement
    A correction is keyed by ``article_id``, ``statement_id`` and the statement's
    *text fingerprint* (:func:`text_fingerprint`: the first 16 hexadecimal digits of
    the SHA-256 of the statement text with Unicode NFC normalisation and every run of
    whitespace turned into one space, ends stripped). The fingerprint guarantees that
    a correction is only ever applied to the sentence the coder saw:

    * fingerprint matches the statement at ``statement_id`` → applied;
    * the article changed and the statement moved (the same text now has another
      ``statement_id``, and exactly one statement of the article has it) → applied
      there, with a warning that it was re-anchored;
    * otherwise (text edited, statement gone) → *orphaned*: a warning
      (:class:`OrphanedCorrectionWarning`, text contains "orphaned", the article and the
      statement) and not applied; the entry stays in the store.

    Corrections for articles that are not in the table are simply irrelevant to it.

Several coders
    Entries of different coders for the same statement are kept side by side (this is
    what intercoder reliability needs). When they are applied and disagree, the **most
    recent correction wins** for each variable (speaker and type separately; ties
    broken by coder name), and a warning counts the conflicts. To adjudicate, a
    reviewer imports a sheet under their own name (which is then the latest), or a
    priority order of coders is given (``apply_corrections(..., coders=[...])``: only
    those coders are used, the first listed that coded a variable wins).

Writing
    The store is only ever changed by :func:`add_corrections`, which reads it, merges
    (a later import by the same coder of the same statement replaces that coder's
    earlier codes cell by cell; an empty cell never erases an earlier code), and writes
    it back atomically (:func:`analysis.io.atomic_write`), under a lock file, so a
    crash or a concurrent import never leaves a partial store.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
import unicodedata
import warnings
from pathlib import Path

import pandas as pd

from .errors import AnalysisError
from .io import atomic_write, read_text_file

__all__ = [
    "STORE_COLUMNS",
    "CorrectionConflictWarning",
    "OrphanedCorrectionWarning",
    "ReanchoredCorrectionWarning",
    "add_corrections",
    "apply_corrections",
    "default_store",
    "default_store_path",
    "empty_store",
    "is_fingerprint",
    "match_corrections",
    "merge_corrections",
    "normalise_speaker",
    "read_store",
    "resolve_corrections",
    "text_fingerprint",
    "utc_now",
    "write_store",
]

#: columns of the corrections store, in file order
STORE_COLUMNS = ["article_id", "statement_id", "fingerprint", "coder", "speaker", "type",
                 "notes", "coded_at", "sheet", "text"]
#: the key of one entry
KEY = ["article_id", "statement_id", "fingerprint", "coder"]
_FP = re.compile(r"^[0-9a-f]{16}$")


class OrphanedCorrectionWarning(UserWarning):
    """A stored correction no longer matches any statement of its article."""


class ReanchoredCorrectionWarning(UserWarning):
    """A stored correction was applied to its sentence at a new position."""


class CorrectionConflictWarning(UserWarning):
    """Different coders corrected the same statement differently."""


# each orphaned correction is reported on every run, not once per process
warnings.filterwarnings("always", category=OrphanedCorrectionWarning)
warnings.filterwarnings("always", category=CorrectionConflictWarning)
warnings.filterwarnings("always", category=ReanchoredCorrectionWarning)


def text_fingerprint(text: str) -> str:
    """Fingerprint of a statement text: 16 hex digits of SHA-256 of the normalised text.

    The text is NFC-normalised and its whitespace collapsed (every run of whitespace
    becomes one space, ends stripped) before hashing, so re-wrapping a line does not
    change it, while any change of a word does.

    >>> text_fingerprint("Talks  resumed.\\n") == text_fingerprint("Talks resumed.")
    True
    """
    norm = " ".join(unicodedata.normalize("NFC", str(text)).split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]


def is_fingerprint(value) -> bool:
    """True when ``value`` is a well-formed fingerprint (16 lowercase hex digits)."""
    return isinstance(value, str) and bool(_FP.match(value))


def utc_now() -> str:
    """The current time in UTC, ISO 8601 to the second (``2026-01-31T12:00:00+00:00``)."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def normalise_speaker(label: str) -> str:
    """Tidy a speaker label typed by a coder.

    Whitespace is collapsed; a joint speaker written with semicolons is put in the
    canonical form (labels sorted alphabetically, joined by ``"; "``), e.g.
    ``"Pakistan;China"`` → ``"China; Pakistan"``.
    """
    label = " ".join(str(label).split())
    if ";" in label:
        parts = sorted({p.strip() for p in label.split(";") if p.strip()}, key=str.casefold)
        label = "; ".join(parts)
    return label


# --------------------------------------------------------------------------- the store


def default_store_path() -> Path:
    """``data/processed/corrections.csv`` under the project root (it may not exist)."""
    from .settings import processed_dir

    return processed_dir() / "corrections.csv"


def default_store() -> Path | None:
    """The default store's path when that file exists, else None.

    This is what ``code``, ``report`` and the notebooks pass as ``corrections`` by
    default: ``code_articles(paths, corrections=default_store())``.
    """
    path = default_store_path()
    return path if path.is_file() else None


def empty_store() -> pd.DataFrame:
    """A corrections store with no entries."""
    return pd.DataFrame({c: pd.Series(dtype="object") for c in STORE_COLUMNS})


def _check_store(df: pd.DataFrame, where) -> pd.DataFrame:
    missing = [c for c in ("article_id", "statement_id", "fingerprint", "coder")
               if c not in df.columns]
    if missing:
        raise AnalysisError(f"not a corrections store: missing column(s) {', '.join(missing)}",
                            where)
    out = df.copy()
    for col in STORE_COLUMNS:
        if col not in out.columns:
            out[col] = ""
    out = out[STORE_COLUMNS + [c for c in out.columns if c not in STORE_COLUMNS]]
    for col in out.columns:
        out[col] = out[col].map(lambda v: "" if v is None or (isinstance(v, float) and pd.isna(v))
                                else str(v))
    problems = []
    for i, row in enumerate(out.itertuples(index=False), start=2):
        if not row.article_id.strip():
            problems.append(f"row {i}: missing article_id")
        if not row.statement_id.strip().isdigit():
            problems.append(f"row {i}: statement_id {row.statement_id!r} is not a whole number")
        if not is_fingerprint(row.fingerprint):
            problems.append(f"row {i}: malformed fingerprint {row.fingerprint!r}")
        if not row.coder.strip():
            problems.append(f"row {i}: missing coder")
    if problems:
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        raise AnalysisError(f"corrupt corrections store: {'; '.join(problems[:3])}{more}", where)
    out["statement_id"] = out["statement_id"].str.strip().map(lambda s: str(int(s)))
    out.attrs["corrections_store"] = True  # validated: not checked again per chunk
    return out


def read_store(path: str | Path, missing_ok: bool = False) -> pd.DataFrame:
    """Read a corrections store (CSV).

    Parameters
    ----------
    path : str or Path
    missing_ok : bool
        Return an empty store when the file does not exist (instead of raising).

    Raises
    ------
    AnalysisError
        If the file is missing (unless ``missing_ok``), unreadable, or not a store.
    """
    import io as _io

    path = Path(path)
    if not path.exists():
        if missing_ok:
            return empty_store()
        raise AnalysisError("no such corrections store", path)
    text = read_text_file(path) if path.stat().st_size else ""
    if not text.strip():
        return empty_store()
    try:
        df = pd.read_csv(_io.StringIO(text), dtype=str, keep_default_na=False)
    except (ValueError, pd.errors.ParserError) as exc:
        raise AnalysisError(f"cannot read corrections store ({' '.join(str(exc).split())[:200]})",
                            path) from None
    return _check_store(df, path)


def _sort(store: pd.DataFrame) -> pd.DataFrame:
    if store.empty:
        return store.reset_index(drop=True)
    order = store.assign(_sid=store["statement_id"].astype(int))
    order = order.sort_values(["article_id", "_sid", "coder", "fingerprint"], kind="mergesort")
    return order.drop(columns="_sid").reset_index(drop=True)


def merge_corrections(store: pd.DataFrame, new: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """Merge new corrections into a store (pure function; nothing is written).

    An entry is identified by article, statement, fingerprint and coder. A new entry
    with the same identity replaces the old one cell by cell: its non-empty
    ``speaker``, ``type`` and ``notes`` replace the old ones, its empty cells keep them,
    and ``coded_at``/``sheet`` are updated. Entries of other coders, other statements
    and other fingerprints are kept unchanged: nothing is ever dropped.

    Returns
    -------
    merged : pandas.DataFrame
    counts : dict
        ``added``, ``updated`` (an existing entry whose codes changed), ``unchanged``.
    """
    store = _check_store(store, "corrections store")
    new = _check_store(new, "new corrections")
    index = {tuple(r[k] for k in KEY): i for i, r in store.iterrows()}
    rows = [dict(r) for _, r in store.iterrows()]
    counts = {"added": 0, "updated": 0, "unchanged": 0}
    for _, r in new.iterrows():
        key = tuple(r[k] for k in KEY)
        if key not in index:
            index[key] = len(rows)
            rows.append(dict(r))
            counts["added"] += 1
            continue
        old = rows[index[key]]
        merged = dict(old)
        for col in ("speaker", "type", "notes"):
            if r[col].strip():
                merged[col] = r[col]
        for col in ("text",):
            if r[col] and not merged.get(col):
                merged[col] = r[col]
        if all(merged[c] == old[c] for c in ("speaker", "type", "notes")):
            counts["unchanged"] += 1
            continue
        merged["coded_at"] = r["coded_at"] or old["coded_at"]
        merged["sheet"] = r["sheet"] or old["sheet"]
        rows[index[key]] = merged
        counts["updated"] += 1
    out = pd.DataFrame(rows, columns=list(store.columns)) if rows else empty_store()
    return _sort(out.fillna("")), counts


def write_store(store: pd.DataFrame, path: str | Path) -> Path:
    """Write a store atomically (a crash mid-write leaves the previous file intact)."""
    path = Path(path)
    store = _sort(_check_store(store, path))
    with atomic_write(path, "w") as f:
        store.to_csv(f, index=False, lineterminator="\n")
    return path


@contextlib.contextmanager
def _locked(path: Path):
    """An exclusive lock on ``path``'s lock file (POSIX; a no-op elsewhere)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = path.with_name(f".{path.name}.lock")
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    with open(lock, "a") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def add_corrections(new: pd.DataFrame, store: str | Path | None = None) -> dict:
    """Merge ``new`` corrections into the store file and write it back atomically.

    Parameters
    ----------
    new : pandas.DataFrame
        Entries with the :data:`STORE_COLUMNS` (at least the key columns).
    store : path or None
        The store file (default :func:`default_store_path`); created if missing.

    Returns
    -------
    dict
        ``path``, ``added``, ``updated``, ``unchanged``, ``total`` (entries now stored).
    """
    path = Path(store) if store is not None else default_store_path()
    with _locked(path):
        current = read_store(path, missing_ok=True)
        merged, counts = merge_corrections(current, new)
        if len(merged) < len(current):  # defensive: merging never drops an entry
            raise AnalysisError("internal error: merge would drop entries; store unchanged", path)
        write_store(merged, path)
    return {"path": path, **counts, "total": len(merged)}


def resolve_corrections(corrections) -> pd.DataFrame | None:
    """Turn ``None``, a store path or a store DataFrame into a store DataFrame (or None)."""
    if corrections is None or corrections is False:
        return None
    if isinstance(corrections, pd.DataFrame):
        if corrections.attrs.get("corrections_store"):
            return corrections
        return _check_store(corrections, "corrections")
    if isinstance(corrections, (str, os.PathLike)):
        return read_store(corrections)
    raise AnalysisError(f"corrections must be a store file or a table, not "
                        f"{type(corrections).__name__}")


# --------------------------------------------------------------------------- applying


def _sid(value) -> int | None:
    try:
        if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
            return None
        return int(float(str(value).strip()))
    except (TypeError, ValueError):
        return None


def _pick(entries: list[dict], variable: str, coders: list[str] | None):
    """The entry whose ``variable`` is applied, and whether coders disagreed."""
    have = [e for e in entries if e[variable].strip()]
    if coders is not None:
        rank = {c: i for i, c in enumerate(coders)}
        have = [e for e in have if e["coder"] in rank]
        have.sort(key=lambda e: (rank[e["coder"]], e["coded_at"]))
        chosen = have[0] if have else None
    else:
        have.sort(key=lambda e: (e["coded_at"], e["coder"]), reverse=True)
        chosen = have[0] if have else None
    conflict = len({e[variable].strip() for e in have}) > 1
    return chosen, conflict


#: statuses of a store entry against a statements table (see :func:`match_corrections`)
STATUSES = ("applied", "re-anchored", "orphaned", "note only", "other article")


def match_corrections(table: pd.DataFrame, corrections) -> pd.DataFrame:
    """Where each stored correction lands in a statements table.

    Returns
    -------
    pandas.DataFrame
        The store's entries with three more columns: ``status`` — ``applied`` (the
        fingerprint matches the statement), ``re-anchored`` (the sentence moved to
        another ``statement_id`` of its article), ``orphaned`` (statement gone or text
        changed), ``note only`` (no speaker or type to apply) or ``other article`` (its
        article is not in the table) —, ``applied_to`` (the statement id it applies to,
        or empty) and ``reason``; plus ``_row``, the table row (-1 when none).
    """
    store = resolve_corrections(corrections)
    if store is None:
        store = empty_store()
    t = table.reset_index(drop=True)
    articles = t["article_id"].astype(str) if len(t) else pd.Series(dtype=str)
    sids = [_sid(v) for v in t["statement_id"]] if len(t) else []
    fps = [text_fingerprint(x) for x in t["text"].fillna("").astype(str)] if len(t) else []
    at: dict[tuple[str, int], int] = {}
    by_fp: dict[tuple[str, str], list[int]] = {}
    for i, (a, sid, f) in enumerate(zip(articles, sids, fps)):
        at[(a, sid)] = i
        by_fp.setdefault((a, f), []).append(i)
    present = set(articles)
    rows = []
    for entry in store.to_dict("records"):
        a, sid, f = entry["article_id"], int(entry["statement_id"]), entry["fingerprint"]
        status, row, reason = "orphaned", -1, ""
        if a not in present:
            status = "other article"
        elif not (entry["speaker"].strip() or entry["type"].strip()):
            status = "note only"
        else:
            i = at.get((a, sid))
            same = by_fp.get((a, f), [])
            if i is not None and fps[i] == f:
                status, row = "applied", i
            elif len(same) == 1:
                status, row = "re-anchored", same[0]
            else:
                reason = ("the statement no longer exists" if i is None and not same else
                          "its text changed (fingerprint mismatch)" if not same else
                          "the sentence now occurs several times")
        entry.update(status=status, applied_to="" if row < 0 else str(sids[row]),
                     reason=reason, _row=row)
        rows.append(entry)
    cols = list(store.columns) + ["status", "applied_to", "reason", "_row"]
    return pd.DataFrame(rows, columns=cols)


def apply_corrections(table: pd.DataFrame, corrections=None, *,
                      coders: list[str] | None = None) -> pd.DataFrame:
    """Apply stored human codes over the automatic ones.

    Parameters
    ----------
    table : pandas.DataFrame
        A statements table (``article_id``, ``statement_id``, ``text``, ``speaker``,
        ``type`` …).
    corrections : path, DataFrame or None
        The corrections store (None: the table is returned unchanged).
    coders : list of str or None
        Use only these coders' corrections, the first listed winning on disagreement.
        Default: every coder, the most recent correction winning.

    Returns
    -------
    pandas.DataFrame
        A copy in which corrected rows carry the human ``speaker`` and/or ``type``,
        ``coded_by`` is ``"human:<coder>"`` (coders joined by ``+`` when speaker and
        type come from different coders) and the column ``corrected`` names the human
        variables (``"speaker"``, ``"type"`` or ``"speaker;type"``; empty otherwise).
        Where the type was corrected to another type, the automatic cue is cleared;
        where the speaker was changed, the automatic speaker span is cleared.

    Warns
    -----
    OrphanedCorrectionWarning
        For each correction of an article in the table whose statement no longer
        exists or whose text no longer matches its fingerprint (not applied, kept).
    CorrectionConflictWarning
        Once, when coders disagree on some statements.
    """
    store = resolve_corrections(corrections)
    if store is None:
        return table
    out = table.copy()
    out["corrected"] = ""
    if out.empty or store.empty:
        return out
    out = out.reset_index(drop=True)
    matched = match_corrections(out, store)
    targets: dict[int, list[dict]] = {}
    for entry in matched.to_dict("records"):
        a, s = entry["article_id"], entry["statement_id"]
        who = f"by {entry['coder']}" + (f", {entry['sheet']}" if entry["sheet"] else "")
        if entry["status"] == "re-anchored":
            warnings.warn(f"correction of article {a} statement {s} ({who}) re-anchored to "
                          f"statement {entry['applied_to']}: the article changed and the "
                          "sentence moved", ReanchoredCorrectionWarning, stacklevel=2)
        elif entry["status"] == "orphaned":
            warnings.warn(f"orphaned correction: article {a} statement {s} ({who}): "
                          f"{entry['reason']}; kept in the store, not applied",
                          OrphanedCorrectionWarning, stacklevel=2)
        if entry["status"] in ("applied", "re-anchored"):
            targets.setdefault(entry["_row"], []).append(entry)

    conflicts = 0
    for i, entries in sorted(targets.items()):
        chosen = {}
        disagree = False
        for var in ("speaker", "type"):
            entry, conflict = _pick(entries, var, coders)
            disagree |= conflict
            if entry is not None:
                chosen[var] = entry
        conflicts += disagree
        if not chosen:
            continue
        if "speaker" in chosen:
            new = chosen["speaker"]["speaker"].strip()
            if new != str(out.at[i, "speaker"]):
                for col in ("speaker_span", "speaker_start", "speaker_end"):
                    if col in out.columns:
                        out.at[i, col] = "" if col == "speaker_span" else pd.NA
            out.at[i, "speaker"] = new
        if "type" in chosen:
            new = chosen["type"]["type"].strip()
            if new != str(out.at[i, "type"]):
                for col in ("cue", "cue_start", "cue_end"):
                    if col in out.columns:
                        out.at[i, col] = "" if col == "cue" else pd.NA
            out.at[i, "type"] = new
            if "secondary_types" in out.columns:  # the primary type is not also secondary
                sec = [s.strip() for s in str(out.at[i, "secondary_types"] or "").split(";")]
                out.at[i, "secondary_types"] = "; ".join(s for s in sec if s and s != new)
            if "confidence" in out.columns:
                out.at[i, "confidence"] = 1.0
        names = []
        for var in ("speaker", "type"):
            if var in chosen and chosen[var]["coder"] not in names:
                names.append(chosen[var]["coder"])
        out.at[i, "coded_by"] = "human:" + "+".join(names)
        out.at[i, "corrected"] = ";".join(v for v in ("speaker", "type") if v in chosen)
    if conflicts:
        rule = ("the first of the given coders was applied" if coders is not None
                else "the most recent correction was applied")
        warnings.warn(f"{conflicts} statement(s) corrected differently by different coders; "
                      f"{rule}", CorrectionConflictWarning, stacklevel=2)
    return out
