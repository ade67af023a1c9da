"""Reading articles and writing tables safely.

Articles come from plain-text or Markdown files (optionally opened by YAML front
matter), HTML pages (visible text only), or corpus tables (CSV, JSON Lines) with a
text column and metadata columns. Every article keeps its decoded text unchanged
(``Article.raw``), so statement offsets always index into it.

Writing goes through :func:`atomic_write`: a temporary file in the target folder,
renamed over the target only when complete, so a failed run never leaves a
partial or corrupted output behind.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import glob as _glob
import html.parser
import io as _io
import json
import os
import re
import tempfile
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Self

import pandas as pd
import yaml

from .errors import DecodingWarning, InputError

__all__ = [
    "HTML_SUFFIXES",
    "SUPPORTED_SUFFIXES",
    "TABLE_SUFFIXES",
    "TEXT_SUFFIXES",
    "Article",
    "TableWriter",
    "atomic_write",
    "check_output_path",
    "count_articles",
    "decode_bytes",
    "expand_paths",
    "iter_articles",
    "iter_tables",
    "load_articles",
    "parse_front_matter",
    "read_article",
    "read_corpus_table",
    "read_table",
    "read_text_file",
    "write_table",
]

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
TABLE_SUFFIXES = (".csv", ".jsonl", ".ndjson")
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + TABLE_SUFFIXES

#: candidate names of the text column in a corpus table, in order of preference
TEXT_COLUMNS = ("text", "body", "content", "article", "article_text")
#: candidate names of the id column in a corpus table
ID_COLUMNS = ("id", "article_id", "doc_id", "uid")


@dataclass
class Article:
    """One article: its id, its decoded text and its metadata.

    Parameters
    ----------
    article_id : str
        Stable identifier (file stem, or an ``id`` given in the metadata).
    raw : str
        The whole decoded text; statement offsets index into it.
    body_start : int
        Offset where the body begins (after any front matter).
    metadata : dict
        ``title``, ``date`` (a :class:`datetime.date` or None), ``source`` (the outlet),
        ``url`` and any other keys found.
    path : pathlib.Path or None
        The file the article came from, if any.
    """

    article_id: str
    raw: str
    body_start: int = 0
    metadata: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None

    @property
    def body(self) -> str:
        """The text after the front matter."""
        return self.raw[self.body_start :]

    @property
    def date(self) -> dt.date | None:
        """The article's date, or None when undated."""
        return self.metadata.get("date")

    @classmethod
    def from_text(cls, text: str, article_id: str = "article", **metadata: Any) -> Article:
        """Build an article from a string (front matter, if any, is parsed)."""
        meta, body_start = parse_front_matter(text, source_name=article_id)
        meta.update(metadata)
        return _finish_article(article_id, text, body_start, meta, None, article_id)


# --------------------------------------------------------------------------- decoding


def decode_bytes(data: bytes, path: str | Path = "<bytes>") -> str:
    """Decode an article file's bytes.

    UTF-8 (with or without a byte-order mark) is expected. Text that is not valid
    UTF-8 is decoded as cp1252 (Windows Western, a superset of latin-1 for printable
    text) or, failing that, latin-1, with a :class:`DecodingWarning`.

    Raises
    ------
    InputError
        If the data is empty, only whitespace, or binary (contains NUL bytes or
        many control characters).
    """
    if not data:
        raise InputError("empty file", path)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"undecodable UTF-16 text ({exc.reason})", path) from None
    elif b"\x00" in data[:8192] or _looks_binary(data[:8192]):
        raise InputError("binary file, not text (is it a PDF, image or archive?)", path)
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
                enc = "cp1252"
            except UnicodeDecodeError:
                text = data.decode("latin-1")
                enc = "latin-1"
            warnings.warn(f"{path}: not valid UTF-8, decoded as {enc}", DecodingWarning,
                          stacklevel=2)
    if not text.strip():
        raise InputError("empty file (only whitespace)", path)
    return text


_CONTROL = set(range(32)) - {9, 10, 12, 13}
# every byte that is not a control character (deleted to count the control ones fast)
_NOT_CONTROL = bytes(b for b in range(256) if b not in _CONTROL)
# the C YAML parser (libyaml) when PyYAML has it: same results, ~10x faster on front matter
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _looks_binary(chunk: bytes) -> bool:
    if not chunk:
        return False
    controls = len(chunk.translate(None, _NOT_CONTROL))
    return controls / len(chunk) > 0.05


def read_text_file(path: str | Path) -> str:
    """Read and decode a text file (see :func:`decode_bytes`)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a file", path) from None
    except PermissionError:
        raise InputError("permission denied", path) from None
    return decode_bytes(data, path)


# --------------------------------------------------------------------------- front matter

_FM_OPEN = re.compile(r"\A---[ \t]*\r?\n")
_FM_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.MULTILINE)


def parse_front_matter(text: str, source_name: str | Path = "<text>") -> tuple[dict, int]:
    """Split YAML front matter from an article text.

    Returns
    -------
    metadata : dict
        The parsed keys (empty when there is no front matter); ``date`` becomes a
        :class:`datetime.date`.
    body_start : int
        Offset of the first character after the closing ``---`` line.

    Raises
    ------
    InputError
        If the front matter is not closed, is not valid YAML, is not a mapping, or
        holds a date that is not a date.
    """
    m = _FM_OPEN.match(text)
    if not m:
        return {}, 0
    close = _FM_CLOSE.search(text, m.end())
    if close is None:
        raise InputError("malformed front matter: opening '---' has no closing '---' line",
                         source_name)
    block = text[m.end() : close.start()]
    try:
        meta = yaml.load(block, Loader=_YAML_LOADER) if block.strip() else {}  # a safe loader
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" at line {where.line + 2}" if where is not None else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise InputError(f"malformed front matter{line}: {problem}", source_name) from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise InputError("malformed front matter: expected 'key: value' lines", source_name)
    meta = {str(k): v for k, v in meta.items()}
    if "date" in meta:
        meta["date"] = _parse_date(meta["date"], source_name)
    return meta, close.end()


def _parse_date(value: Any, source_name: str | Path) -> dt.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, float) and pd.isna(value):
        return None
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    try:
        ts = pd.to_datetime(text, errors="raise")
    except (ValueError, TypeError, OverflowError):
        raise InputError(f"malformed date {text!r} (expected YYYY-MM-DD)", source_name) from None
    return ts.date()


# --------------------------------------------------------------------------- HTML

_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "head", "nav", "footer",
              "aside", "form", "button", "iframe", "figure", "figcaption", "header"}
_BLOCK_TAGS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
               "blockquote", "section", "article", "main", "tr", "table", "pre", "hr",
               "dd", "dt", "dl", "body"}
_VOID_TAGS = {"br", "hr", "img", "meta", "link", "input", "source", "area", "base", "col",
              "embed", "param", "track", "wbr"}


class _HTMLText(html.parser.HTMLParser):
    """Collects visible text, block structure and a few metadata fields."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip_depth = 0
        self.parts: list[str] = []
        self.article_parts: list[str] | None = None
        self.article_depth = 0
        self.title: str | None = None
        self._in_title = False
        self._title_buf: list[str] = []
        self.meta: dict[str, str] = {}

    def _emit(self, s: str) -> None:
        self.parts.append(s)
        if self.article_depth > 0 and self.article_parts is not None:
            self.article_parts.append(s)

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "meta":
            key = a.get("property") or a.get("name") or a.get("itemprop")
            if key and "content" in a:
                self.meta.setdefault(key.lower(), a["content"])
            return
        if tag == "title":
            self._in_title = True
            return
        if tag in _VOID_TAGS:
            if tag in ("br", "hr") and not self.skip_depth:
                self._emit("\n")
            return
        if tag in _SKIP_TAGS:
            self.skip_depth += 1
            return
        if tag == "article" and not self.skip_depth:
            if self.article_parts is None:
                self.article_parts = []
            if self.article_depth or not self.article_parts:
                self.article_depth += 1
        if tag in _BLOCK_TAGS and not self.skip_depth:
            self._emit("\n\n")

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
            if self.title is None:
                self.title = " ".join("".join(self._title_buf).split()) or None
            return
        if tag in _VOID_TAGS:
            return
        if tag in _SKIP_TAGS:
            self.skip_depth = max(0, self.skip_depth - 1)
            return
        if tag in _BLOCK_TAGS and not self.skip_depth:
            self._emit("\n\n")
        if tag == "article" and self.article_depth:
            self.article_depth -= 1

    def handle_data(self, data):
        if self._in_title:
            self._title_buf.append(data)
            return
        if self.skip_depth:
            return
        self._emit(data)


def html_to_text(markup: str) -> tuple[str, dict[str, Any]]:
    """Extract the visible article text and metadata from an HTML page.

    The text of the first ``<article>`` element is used when the page has one,
    otherwise the whole body; scripts, styles, navigation, headers, footers and
    figure captions are dropped. Paragraphs become lines separated by a blank line.
    """
    parser = _HTMLText()
    parser.feed(markup)
    parser.close()
    parts = parser.article_parts if parser.article_parts else parser.parts
    joined = "".join(parts)
    paragraphs = []
    for block in re.split(r"\n\s*\n", joined):
        line = " ".join(block.split())
        if line:
            paragraphs.append(line)
    text = "\n\n".join(paragraphs) + ("\n" if paragraphs else "")
    meta: dict[str, Any] = {}
    title = parser.meta.get("og:title") or parser.meta.get("headline") or parser.title
    if title:
        meta["title"] = title
    for key in ("article:published_time", "datepublished", "date", "pubdate",
                "dc.date", "publication_date"):
        if parser.meta.get(key):
            meta["date"] = parser.meta[key]
            break
    site = parser.meta.get("og:site_name")
    if site:
        meta["source"] = site
    url = parser.meta.get("og:url")
    if url:
        meta["url"] = url
    return text, meta


# --------------------------------------------------------------------------- articles


def _finish_article(article_id, raw, body_start, meta, path, where) -> Article:
    if "id" in meta and meta["id"] not in (None, ""):
        article_id = str(meta["id"]).strip()
    if "date" in meta:
        meta["date"] = _parse_date(meta["date"], where)
    else:
        meta["date"] = None
    if not raw[body_start:].strip():
        raise InputError("empty article: no text after the front matter", where)
    if not article_id:
        raise InputError("empty article id", where)
    return Article(article_id=article_id, raw=raw, body_start=body_start, metadata=meta,
                   path=Path(path) if path is not None else None)


def read_article(path: str | Path) -> Article:
    """Read one article file (``.txt``, ``.md`` or ``.html``).

    Raises
    ------
    InputError
        For a missing, empty, binary or undecodable file, an unsupported extension
        or malformed front matter.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in TABLE_SUFFIXES:
        raise InputError("is a corpus table; read it with read_corpus_table()", path)
    if suffix not in TEXT_SUFFIXES + HTML_SUFFIXES:
        raise InputError(
            f"unsupported file type {suffix or '(none)'!r} "
            f"(expected one of {', '.join(SUPPORTED_SUFFIXES)})", path)
    text = read_text_file(path)
    if suffix in HTML_SUFFIXES:
        raw, meta = html_to_text(text)
        if not raw.strip():
            raise InputError("empty article: the page has no visible text", path)
        return _finish_article(path.stem, raw, 0, meta, path, path)
    meta, body_start = parse_front_matter(text, path)
    return _finish_article(path.stem, text, body_start, meta, path, path)


def read_corpus_table(path: str | Path, text_column: str | None = None) -> Iterator[Article]:
    """Yield the articles of a corpus table (``.csv`` or ``.jsonl``).

    The text column is ``text_column`` or the first of ``text``, ``body``, ``content``,
    ``article``, ``article_text``; the id column the first of ``id``, ``article_id``,
    ``doc_id``, ``uid`` (else ``<file stem>-<row number>``). Every other column is kept
    as metadata (``date`` parsed to a date). Rows are read one at a time.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        raise InputError(f"unsupported corpus table type {suffix!r}", path)
    text = read_text_file(path)
    if suffix == ".csv":
        reader = csv.DictReader(_io.StringIO(text, newline=""))
        if not reader.fieldnames:
            raise InputError("corpus table has no header row", path)
        columns = [c.strip() for c in reader.fieldnames]
        rows: Iterable[tuple[int, dict]] = (
            (i + 2, {k.strip() if k else k: v for k, v in row.items()})
            for i, row in enumerate(reader))
    else:
        columns = None
        rows = _jsonl_rows(text, path)
    tcol = _pick_column(columns, text_column, TEXT_COLUMNS, path) if columns else None
    seen: set[str] = set()
    n = 0
    for lineno, row in rows:
        if None in row:
            raise InputError(f"row {lineno}: more fields than the header has", path)
        if columns is None:
            tcol = _pick_column(list(row), text_column, TEXT_COLUMNS, path, lineno)
        body = row.get(tcol)
        if body is None or (isinstance(body, float) and pd.isna(body)):
            body = ""
        body = str(body)
        idcol = next((c for c in ID_COLUMNS if row.get(c) not in (None, "")), None)
        article_id = str(row[idcol]).strip() if idcol else f"{path.stem}-{lineno}"
        if article_id in seen:
            raise InputError(f"row {lineno}: duplicate article id {article_id!r}", path)
        seen.add(article_id)
        meta = {k: v for k, v in row.items() if k not in (tcol, idcol) and k is not None}
        meta = {k: (None if v == "" else v) for k, v in meta.items()}
        where = f"{path} (row {lineno})"
        fm, body_start = parse_front_matter(body, where)
        meta.update(fm)
        n += 1
        yield _finish_article(article_id, body, body_start, meta, path, where)
    if n == 0:
        raise InputError("corpus table has no rows", path)


def _jsonl_rows(text: str, path: Path) -> Iterator[tuple[int, dict]]:
    for i, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"line {i}: invalid JSON ({exc.msg})", path) from None
        if not isinstance(obj, dict):
            raise InputError(f"line {i}: expected a JSON object", path)
        yield i, obj


def _pick_column(columns, wanted, candidates, path, lineno=None) -> str:
    where = f"line {lineno}: " if lineno else ""
    if wanted:
        if wanted not in columns:
            raise InputError(f"{where}no text column {wanted!r} (columns: {', '.join(columns)})",
                             path)
        return wanted
    for c in candidates:
        if c in columns:
            return c
    raise InputError(f"{where}no text column (expected one of {', '.join(candidates)})", path)


def expand_paths(inputs: str | Path | Iterable[str | Path]) -> list[Path]:
    """Turn files, folders and glob patterns into a sorted, de-duplicated file list.

    A folder contributes its supported files (not hidden ones, not recursively);
    a glob pattern its matches. A named file must exist.
    """
    if isinstance(inputs, (str, Path)):
        inputs = [inputs]
    out: list[Path] = []
    for item in inputs:
        p = Path(item)
        s = str(item)
        if any(ch in s for ch in "*?[") and not p.exists():
            matches = sorted(Path(m) for m in _glob.glob(s, recursive=True))
            files = [m for m in matches if m.is_file() and m.suffix.lower() in SUPPORTED_SUFFIXES]
            if not files:
                raise InputError("pattern matches no article files", s)
            out.extend(files)
        elif p.is_dir():
            files = sorted(f for f in p.iterdir() if f.is_file() and not f.name.startswith(".")
                           and f.suffix.lower() in SUPPORTED_SUFFIXES)
            if not files:
                raise InputError("folder holds no article files "
                                 f"({', '.join(SUPPORTED_SUFFIXES)})", p)
            out.extend(files)
        elif p.exists():
            out.append(p)
        else:
            raise InputError("no such file or folder", p)
    seen: set[Path] = set()
    unique = []
    for f in out:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique


def iter_articles(inputs, skip_bad: bool = False, on_skip=None,
                  text_column: str | None = None) -> Iterator[Article]:
    """Yield articles from paths, folders, globs, corpus tables or :class:`Article` objects.

    Parameters
    ----------
    inputs : path, Article, or iterable of them
    skip_bad : bool
        When True, a file that cannot be read is reported through ``on_skip`` (or a
        warning) and skipped; when False (default) the first bad file raises.
    on_skip : callable(InputError) or None
    text_column : str or None
        Name of the text column in corpus tables.

    Raises
    ------
    InputError
        For a bad file (unless ``skip_bad``) or a duplicate article id.
    """
    if isinstance(inputs, (str, Path, Article)):
        inputs = [inputs]
    seen: dict[str, str] = {}
    for item in inputs:
        if isinstance(item, Article):
            candidates: Iterable = [item]
            paths: list[Path] = []
        else:
            candidates = []
            paths = expand_paths(item)
        for art in candidates:
            yield _check_unique(art, seen)
        for path in paths:
            try:
                if path.suffix.lower() in TABLE_SUFFIXES:
                    arts = list(read_corpus_table(path, text_column=text_column))
                else:
                    arts = [read_article(path)]
            except InputError as exc:
                if not skip_bad:
                    raise
                if on_skip is not None:
                    on_skip(exc)
                else:
                    warnings.warn(f"skipped {exc}", UserWarning, stacklevel=2)
                continue
            for art in arts:
                yield _check_unique(art, seen)


def _check_unique(art: Article, seen: dict[str, str]) -> Article:
    where = str(art.path) if art.path else art.article_id
    if art.article_id in seen:
        raise InputError(f"duplicate article id {art.article_id!r} (also in {seen[art.article_id]})",
                         where)
    seen[art.article_id] = where
    return art


def load_articles(inputs, skip_bad: bool = False, on_skip=None,
                  text_column: str | None = None) -> list[Article]:
    """Read every article of ``inputs`` into a list (see :func:`iter_articles`)."""
    return list(iter_articles(inputs, skip_bad=skip_bad, on_skip=on_skip,
                              text_column=text_column))


def count_articles(inputs) -> int | None:
    """How many articles ``inputs`` holds, when that is cheap to know, else None.

    Files and Article objects count one each; a corpus table (whose rows would have to
    be read) or an input that cannot be listed gives None. Used to size progress bars
    and work chunks; nothing is read.
    """
    if isinstance(inputs, (str, Path, Article)):
        inputs = [inputs]
    try:
        items = list(inputs)
    except TypeError:
        return None
    n = 0
    files: set[Path] = set()
    for item in items:
        if isinstance(item, Article):
            n += 1
            continue
        if not isinstance(item, (str, Path)):
            return None
        try:
            paths = expand_paths(item)
        except InputError:
            return None
        if any(p.suffix.lower() in TABLE_SUFFIXES for p in paths):
            return None
        files.update(p.resolve() for p in paths)
    return n + len(files)


# --------------------------------------------------------------------------- writing


@contextlib.contextmanager
def atomic_write(path: str | Path, mode: str = "w", encoding: str | None = "utf-8",
                 newline: str | None = ""):
    """Open a temporary file beside ``path``; rename it over ``path`` only on success.

    If the block raises, the temporary file is removed and ``path`` is untouched.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        if "b" in mode:
            f = os.fdopen(fd, mode)
        else:
            f = os.fdopen(fd, mode, encoding=encoding, newline=newline)
        with f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _normalise_for_output(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object:
            out[col] = out[col].map(lambda v: v.isoformat() if isinstance(v, dt.date) else v)
    return out


OUTPUT_SUFFIXES = (".csv", ".parquet", ".jsonl")


def check_output_path(path: str | Path) -> Path:
    """Refuse an output table path with an unsupported extension (before any work is done)."""
    path = Path(path)
    if path.suffix.lower() not in OUTPUT_SUFFIXES:
        raise InputError(f"unsupported output type {path.suffix or '(none)'!r} "
                         f"(expected {', '.join(OUTPUT_SUFFIXES)})", path)
    if path.exists() and path.is_dir():
        raise InputError("is a folder; give a file name for the table", path)
    return path


#: rows per Parquet row group; fixed so that a table written in pieces
#: (:class:`TableWriter`) and the same table written at once give identical files
PARQUET_ROW_GROUP = 65_536


class TableWriter:
    """Write a table piece by piece to CSV, Parquet or JSON Lines, atomically.

    The pieces go to a temporary file beside ``path``, renamed over ``path`` only when
    the ``with`` block ends without an error; on an error the temporary file is removed
    and ``path`` is untouched. The file is the same, byte for byte, however the table is
    cut into pieces, and the same as :func:`write_table` gives for the whole table: the
    columns of the first piece (later pieces must have the same columns), integer
    offsets as nullable integers, dates as ``YYYY-MM-DD``, and Parquet row groups of
    :data:`PARQUET_ROW_GROUP` rows.

    Examples
    --------
    >>> with TableWriter("statements.parquet") as out:      # doctest: +SKIP
    ...     for piece in pieces:
    ...         out.write(piece)
    """

    def __init__(self, path: str | Path):
        self.path = check_output_path(path)
        self.suffix = self.path.suffix.lower()
        self.rows = 0
        self.columns: list[str] | None = None
        self._stack: contextlib.ExitStack | None = None
        self._file = None
        self._parquet = None
        self._schema = None
        self._buffer: list = []
        self._buffered = 0
        self._header_done = False

    def __enter__(self) -> Self:
        self._stack = contextlib.ExitStack()
        mode = "wb" if self.suffix == ".parquet" else "w"
        self._file = self._stack.enter_context(atomic_write(self.path, mode))
        return self

    def write(self, df: pd.DataFrame) -> None:
        """Append the rows of ``df`` (the first piece also fixes the columns)."""
        if self._file is None:
            raise RuntimeError("TableWriter.write outside its 'with' block")
        if self.columns is None:
            self.columns = [str(c) for c in df.columns]
        elif [str(c) for c in df.columns] != self.columns:
            raise InputError(f"table piece has columns {list(df.columns)}, expected "
                             f"{self.columns}", self.path)
        data = _normalise_for_output(_coerce_known(df))
        if self.suffix == ".csv":
            data.to_csv(self._file, index=False, header=not self._header_done,
                        lineterminator="\n")
            self._header_done = True
        elif self.suffix == ".jsonl":
            if len(data):  # every record ends with a newline
                data.to_json(self._file, orient="records", lines=True, force_ascii=False)
        else:
            self._write_parquet(data)
        self.rows += len(df)

    def _write_parquet(self, data: pd.DataFrame) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if self._schema is None:
            self._schema = _arrow_schema(data)
            self._parquet = pq.ParquetWriter(self._file, self._schema)
        table = pa.Table.from_pandas(data, schema=self._schema, preserve_index=False)
        self._buffer.append(table)
        self._buffered += len(table)
        if self._buffered >= PARQUET_ROW_GROUP:
            self._flush_parquet(final=False)

    def _flush_parquet(self, final: bool) -> None:
        import pyarrow as pa

        if not self._buffer:
            return
        table = pa.concat_tables(self._buffer)
        self._buffer = []
        start = 0
        while len(table) - start >= PARQUET_ROW_GROUP or (final and start < len(table)):
            group = table.slice(start, PARQUET_ROW_GROUP).combine_chunks()
            self._parquet.write_table(group, row_group_size=PARQUET_ROW_GROUP)
            start += len(group)
        rest = table.slice(start)
        self._buffer = [rest] if len(rest) else []
        self._buffered = len(rest)

    def __exit__(self, exc_type, exc, tb) -> bool:
        try:
            if exc_type is None:
                if self.suffix == ".parquet":
                    if self._parquet is None:  # nothing written: an empty table
                        self._write_parquet(pd.DataFrame(columns=self.columns or []))
                    self._flush_parquet(final=True)
                    if self.rows == 0 and self._buffered == 0:
                        self._parquet.write_table(
                            self._schema.empty_table(), row_group_size=PARQUET_ROW_GROUP)
                    self._parquet.close()
                elif self.suffix == ".jsonl" and self.rows == 0:
                    self._file.write("\n")  # as pandas writes an empty table
            elif self._parquet is not None:
                with contextlib.suppress(Exception):
                    self._parquet.close()
        finally:
            self._file = None
            stack, self._stack = self._stack, None
            stack.__exit__(exc_type, exc, tb)
        return False


def _coerce_known(df: pd.DataFrame) -> pd.DataFrame:
    """Statement offsets as nullable integers and confidence as float, whatever the piece."""
    from .schema import INT_COLUMNS

    fix = {}
    for col in INT_COLUMNS:
        if col in df.columns and str(df[col].dtype) != "Int64":
            fix[col] = pd.to_numeric(df[col].replace("", pd.NA), errors="coerce").astype("Int64")
    if "confidence" in df.columns and str(df["confidence"].dtype) != "float64":
        fix["confidence"] = pd.to_numeric(df["confidence"].replace("", pd.NA),
                                          errors="coerce").astype("float64")
    return df.assign(**fix) if fix else df


def _arrow_schema(data: pd.DataFrame):
    """The Parquet schema of a table: fixed types for the statement columns, inferred
    ones (strings for all-empty columns) for others; pandas metadata from those types."""
    import pyarrow as pa

    from .schema import INT_COLUMNS, STATEMENT_COLUMNS

    canonical = {}
    for col in data.columns:
        if col in INT_COLUMNS:
            canonical[col] = pd.Series(dtype="Int64")
        elif col == "confidence":
            canonical[col] = pd.Series(dtype="float64")
        elif col in STATEMENT_COLUMNS or str(data[col].dtype) in ("object", "str", "string"):
            canonical[col] = pd.Series(dtype="str")
        else:
            canonical[col] = pd.Series(dtype=data[col].dtype)
    empty = pd.DataFrame(canonical, columns=list(data.columns))
    schema = pa.Schema.from_pandas(empty, preserve_index=False)
    for i, col in enumerate(schema):
        if pa.types.is_null(col.type) or pa.types.is_large_string(col.type):
            schema = schema.set(i, col.with_type(pa.string()))
    return schema


def write_table(df: pd.DataFrame, path: str | Path) -> Path:
    """Write a table atomically as CSV (UTF-8, ``\\n`` line ends), Parquet or JSON Lines.

    Output is deterministic: the same table gives byte-identical files, also when it
    is written in pieces with :class:`TableWriter`.
    """
    with TableWriter(path) as out:
        out.write(df)
    return out.path


def read_table(path: str | Path) -> pd.DataFrame:
    """Read a statements table written by :func:`write_table` (CSV, Parquet or JSON Lines)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.exists():
        raise InputError("no such file", path)
    try:
        if suffix == ".parquet":
            return pd.read_parquet(path)
        if suffix == ".jsonl":
            return pd.read_json(path, lines=True, dtype=False)
        if suffix == ".csv":
            text = read_text_file(path)
            return pd.read_csv(_io.StringIO(text), dtype=str, keep_default_na=False)
    except InputError:
        raise
    except (ValueError, pd.errors.ParserError, OSError) as exc:
        raise InputError(f"cannot read table ({' '.join(str(exc).split())[:200]})", path) from None
    raise InputError(f"unsupported table type {suffix or '(none)'!r}", path)


TABLE_FILE_SUFFIXES = (".csv", ".parquet", ".jsonl")


def iter_tables(paths_or_frames) -> Iterator[tuple[str, pd.DataFrame]]:
    """Yield ``(name, table)`` for statements tables given as files, folders, globs or DataFrames.

    A folder contributes its ``.csv``, ``.parquet`` and ``.jsonl`` files (sorted); a glob its
    matches; a DataFrame is named ``<table N>``.

    Raises
    ------
    InputError
        For a folder without tables, a pattern without matches, or an unreadable file.
    """
    items = paths_or_frames
    if isinstance(items, (str, Path, pd.DataFrame)):
        items = [items]
    n = 0
    for item in items:
        if isinstance(item, pd.DataFrame):
            n += 1
            yield f"<table {n}>", item
            continue
        p = Path(item)
        if p.is_dir():
            files = sorted(q for q in p.iterdir() if q.suffix.lower() in TABLE_FILE_SUFFIXES)
            if not files:
                raise InputError("folder holds no statements tables (.csv, .parquet, .jsonl)", p)
        elif any(ch in str(item) for ch in "*?[") and not p.exists():
            files = sorted(Path(m) for m in _glob.glob(str(item), recursive=True))
            if not files:
                raise InputError("pattern matches no file", item)
        else:
            files = [p]
        for f in files:
            n += 1
            yield str(f), read_table(f)

