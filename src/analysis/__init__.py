"""Discourse analysis of news articles: statements, speakers, assurance versus skepticism.

The main entry point is :func:`code_articles`, which reads articles and returns the
statements table (one row per sentence, with speaker, type and the evidence for both).
"""

from .io import Article, load_articles, read_article
from .pipeline import code_article, code_articles, summarise

__version__ = "0.1.0"

__all__ = [
           "Article",
           "__version__",
           "code_article",
           "code_articles",
           "load_articles",
           "read_article",
           "summarise",
]
