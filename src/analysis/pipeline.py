"""From articles to the statements table.

``code_article`` runs the steps for one article: segment → speakers → types.
``code_articles`` does it for any mix of paths, folders, globs, corpus tables and
:class:`~analysis.io.Article` objects, in input order.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pandas as pd

from .actors import resolve_actors
from .codebook import resolve_codebook
from .coding import code_types
from .corrections import apply_corrections
from .engine import iter_tables
from .io import Article, count_articles, iter_articles
from .model import DEFAULT_MODEL, apply_model, resolve_model
from .schema import STATEMENT_COLUMNS
from .segment import segment_article, segment_chunk
from .speakers import attribute_speakers, attribute_speakers_chunk
from .targets import infer_targets

__all__ = ["ArticleCoder", "code_article", "code_articles", "code_chunk", "empty_table",
           "explain_sentences", "summarise"]


def empty_table() -> pd.DataFrame:
    """A statements table with no rows and every column."""
    return pd.DataFrame({c: pd.Series(dtype="object") for c in STATEMENT_COLUMNS})


def code_article(article: Article, codebook=None, model=DEFAULT_MODEL,
                 actors=None) -> pd.DataFrame:
    """Code one article: its statements with speaker, source, target, type and cue.

    Parameters
    ----------
    article : Article
    codebook : Codebook, path or None
        The coding scheme (default: the packaged reference codebook).
    model : fitted learned coder, model file, packaged model name, "default" or None
        Types come from the hybrid rule + model coder unless it is None (or ``"none"``):
        the rule coder alone. The default is the packaged ``project`` model with the
        packaged codebook, rules alone with another codebook
        (:func:`analysis.model.resolve_model`).
    actors : actor dictionary, path or None
        Speaker normalisation (default: the packaged actor dictionary).

    Returns
    -------
    pandas.DataFrame
        One row per statement, columns as in :data:`analysis.schema.STATEMENT_COLUMNS`.
    """
    if isinstance(model, (str, Path)):
        model = resolve_model(model, codebook)
    table = segment_article(article)
    table = attribute_speakers(table, article.raw, article.metadata, actors=actors)
    table = _types_and_targets(table, codebook, model)
    return _finish(table, article)


def explain_sentences(sentences, codebook=None, model=DEFAULT_MODEL, actors=None,
                      date=None) -> pd.DataFrame:
    """Code sentences as the consecutive statements of one short article, with their evidence.

    Unlike :meth:`analysis.coding.RuleCoder.explain`, which reads each text alone, this
    runs the whole pipeline — speaker step, then types — so that the codes that depend on
    the speaker (narrator restrictions, the reporting verb's speech act, the reported
    clause read relative to the speaker, "he added" carrying a speaker over) show as they
    would in an article. Each sentence is one statement: nothing is re-segmented.

    Parameters
    ----------
    sentences : sequence of str
    codebook, model, actors
        As for :func:`code_article`.
    date : datetime.date or None
        The article date, for date-bounded actor names.

    Returns
    -------
    pandas.DataFrame
        The statements table of the sentences (``article_id`` "explain"); with a model,
        also ``rule_type``, ``rule_cue``, ``rule_confidence``, ``rule_secondary_types`` and
        ``rule_route``:
        the rule coder's code, which the model replaced where ``coded_by`` is ``model``.
    """
    from .errors import AnalysisError
    from .schema import as_texts

    texts = [" ".join(t.split()) for t in as_texts(sentences)]
    if not texts or not all(texts):
        raise AnalysisError("give one or more non-empty sentences to explain")
    starts, pos = [], 0
    for t in texts:
        starts.append(pos)
        pos += len(t) + 1
    raw = " ".join(texts)
    article = Article("explain", raw, 0, {"date": date})
    table = pd.DataFrame({"article_id": "explain", "statement_id": range(len(texts)),
                          "start": starts, "end": [s + len(t) for s, t in zip(starts, texts)],
                          "text": texts})
    table = attribute_speakers(table, raw, article.metadata,
                               actors=resolve_actors(actors))
    codebook = resolve_codebook(codebook)
    model = resolve_model(model, codebook)
    table, rules = _types_and_targets(table, codebook, model, rules_too=True)
    table = _finish(table, article)
    if model is not None:  # what the rules said where the model decided
        for col in ("type", "cue", "confidence", "secondary_types", "route"):
            table[f"rule_{col}"] = rules[col].to_numpy()
    for col in ("cue_start", "cue_end", "speaker_start", "speaker_end"):
        if col in table.columns:  # offsets relative to each sentence, as RuleCoder.explain
            table[col] = table[col].astype("Int64") - pd.array(starts, dtype="Int64")
    return table


def _types_and_targets(table: pd.DataFrame, codebook, model, rules_too: bool = False):
    """Statement types, then the targets inferred from them (the last coding steps).

    With ``rules_too``, returns ``(table, rule_coding)``: the rule coder's table before the
    model combined with it (for :func:`explain_sentences`)."""
    codebook = resolve_codebook(codebook)
    rules = code_types(table, codebook=codebook)
    coded = rules if model is None else apply_model(rules, model)
    out = infer_targets(coded, default_type=codebook.default_type)
    return (out, rules) if rules_too else out


def _finish(table: pd.DataFrame, article: Article) -> pd.DataFrame:
    return _finish_many(table, [article], [len(table)])


def _finish_many(table: pd.DataFrame, articles: list[Article], sizes: list[int]) -> pd.DataFrame:
    """Add date, title and outlet, order the columns, number the rows from 0.

    ``sizes[i]`` rows of ``table`` (in order) belong to ``articles[i]``. Builds the frame
    once from the column arrays: inserting columns one by one into a pandas frame costs
    more than the coding itself for a 20-row article.
    """
    n = len(table)
    dates, titles, outlets = [], [], []
    for article, k in zip(articles, sizes):
        date = article.date
        dates += [date.isoformat() if date else ""] * k
        titles += [str(article.metadata.get("title") or "")] * k
        outlets += [str(article.metadata.get("source") or "")] * k
    data = {c: table[c].array for c in table.columns}
    data["date"], data["title"], data["outlet"] = dates, titles, outlets
    known = [c for c in STATEMENT_COLUMNS if c in data]
    extra = [c for c in data if c not in STATEMENT_COLUMNS]
    return pd.DataFrame({c: data[c] for c in known + extra}, index=pd.RangeIndex(n))


def code_chunk(articles: list[Article], codebook=None, model=DEFAULT_MODEL,
               actors=None) -> pd.DataFrame:
    """Code several articles at once: the same table as concatenating :func:`code_article`.

    Segmentation and the speaker columns are built for the whole chunk at once (speakers
    still read each article's own text and metadata); statement types are coded in one call for the whole chunk, which saves the
    fixed pandas cost of a call per article and lets a learned model predict in one
    batch. Type coding depends on each statement, its speaker and the statement before it
    in the same article (carry-over) only, so the result is identical to coding article by
    article (``tests/test_engine.py`` checks this).
    """
    if isinstance(model, (str, Path)):
        model = resolve_model(model, codebook)
    articles = list(articles)
    if not articles:
        return empty_table()
    whole, bounds = segment_chunk(articles)
    sizes = [b - a for a, b in pairwise(bounds)]
    table = attribute_speakers_chunk(whole, articles, bounds, actors=actors)
    del whole
    table = _types_and_targets(table, codebook, model)
    return _finish_many(table, articles, sizes)


class ArticleCoder:
    """:func:`code_article` with its codebook, model and actors bound (picklable).

    Calling it codes one article; :meth:`batch` codes a chunk of articles with
    :func:`code_chunk`, which the engines use (:func:`analysis.engine.iter_tables`).

    Parameters
    ----------
    codebook, model, actors
        Already loaded objects (see :func:`code_articles`).
    """

    def __init__(self, codebook=None, model=DEFAULT_MODEL, actors=None):
        self.codebook, self.model, self.actors = codebook, model, actors

    def __call__(self, article: Article) -> pd.DataFrame:
        return code_article(article, codebook=self.codebook, model=self.model,
                            actors=self.actors)

    def batch(self, articles: list[Article]) -> pd.DataFrame:
        return code_chunk(articles, codebook=self.codebook, model=self.model,
                          actors=self.actors)


def code_articles(inputs, codebook=None, model=DEFAULT_MODEL, actors=None, *,
                  corrections=None,
                  skip_bad: bool = False, on_skip=None, text_column: str | None = None,
                  engine: str = "serial", n_jobs: int | None = None, progress: bool = False,
                  client=None, chunk_size: int | None = None) -> pd.DataFrame:
    """Code every article in ``inputs`` and return one statements table.

    Parameters
    ----------
    inputs : path, folder, glob, corpus table, Article, or a list of these
    codebook, model, actors
        See :func:`code_article`; paths are loaded (and validated) once, before any
        article is read.
    corrections : path or None
        A corrections store whose hand codes are applied over the automatic ones.
    skip_bad : bool
        Skip (and report through ``on_skip``) files that cannot be read, instead of
        failing on the first one.
    on_skip : callable(InputError) or None
    text_column : str or None
        The text column of corpus tables.
    engine : {"serial", "processes", "dask"}
    n_jobs : int or None
        Worker processes for ``engine="processes"``.
    progress : bool
        Show a progress bar.
    client : dask.distributed.Client, scheduler address or None
        For ``engine="dask"``.
    chunk_size : int or None
        Articles per work unit (see :func:`analysis.engine.map_articles`).

    Returns
    -------
    pandas.DataFrame
        The statements table, articles in input order, statements in reading order.
    """
    codebook = resolve_codebook(codebook)
    model = resolve_model(model, codebook)
    actors = resolve_actors(actors)
    articles = iter_articles(inputs, skip_bad=skip_bad, on_skip=on_skip, text_column=text_column)
    worker = ArticleCoder(codebook=codebook, model=model, actors=actors)
    frames = list(iter_tables(worker, articles, engine=engine, n_jobs=n_jobs, progress=progress,
                              client=client, chunk_size=chunk_size,
                              total=count_articles(inputs) if progress or chunk_size is None
                              else None))
    if not frames:
        table = empty_table()
    elif len(frames) == 1:
        table = frames[0]
    else:
        table = pd.concat(frames, ignore_index=True)
    del frames
    return apply_corrections(table, corrections)


def summarise(table: pd.DataFrame, types: list[str] | None = None) -> pd.DataFrame:
    """Count statements per speaker and type (every type a column, zeros kept).

    Returns a frame with ``speaker``, one column per type in ``types`` order (default:
    the types present, in codebook precedence), and ``total``; rows by total, descending,
    then speaker name.
    """
    from .coding import TYPES

    types = list(types) if types is not None else list(TYPES)
    extra = sorted(set(table["type"]) - set(types)) if len(table) else []
    types = types + extra
    counts = pd.crosstab(pd.Categorical(table["speaker"]),
                         pd.Categorical(table["type"], categories=types), dropna=False)
    counts = counts.reindex(columns=types, fill_value=0)
    counts.index.name = "speaker"
    counts.columns.name = None
    counts["total"] = counts.sum(axis=1)
    counts = counts.reset_index()
    counts = counts.sort_values(["total", "speaker"], ascending=[False, True], kind="mergesort")
    return counts.reset_index(drop=True)
