"""``analysis notebook NN [--article PATH] [--out DIR]``: run a notebook on an article."""

from __future__ import annotations

import sys
from pathlib import Path

from ..errors import AnalysisError
from .common import add_codebook_argument


def register(sub) -> None:
    p = sub.add_parser(
        "notebook", help="execute a numbered notebook on an article (papermill)",
        description="Execute notebooks/NN-*.ipynb with new parameters and write the executed "
                    "notebook and everything it produces (figures, tables) into DIR. Example: "
                    "analysis notebook 03 --article data/raw/new.txt --out reports/new")
    p.add_argument("notebook", nargs="?", metavar="NN",
                   help="notebook number (01-04), name or .ipynb path")
    p.add_argument("--article", metavar="PATH",
                   help="article file (notebooks 01-03) or folder of articles (04)")
    add_codebook_argument(p)
    p.add_argument("--out", metavar="DIR", default=None,
                   help="output folder (default: reports/notebooks/NN-ARTICLE)")
    p.add_argument("-p", "--parameter", nargs=2, action="append", default=[],
                   metavar=("NAME", "VALUE"), help="any other notebook parameter (repeatable)")
    p.add_argument("--kernel", default=None, help="Jupyter kernel name (default: python3)")
    p.add_argument("--list", action="store_true", help="list the notebooks and their "
                                                        "parameters, then exit")
    p.set_defaults(run=run)


def run(args) -> int:
    from .. import notebooks, settings

    if args.list:
        for nb in notebooks.list_notebooks():
            params = ", ".join(notebooks.notebook_parameters(nb))
            print(f"{nb.stem}  ({params})")
        return 0
    if not args.notebook:
        raise AnalysisError("name a notebook (e.g. 03) or use --list")
    nb = notebooks.find_notebook(args.notebook)
    declared = notebooks.notebook_parameters(nb)
    params: dict = {}
    if args.article is not None:
        if not Path(args.article).exists():
            raise AnalysisError("no such file or folder", args.article)
        key = "article" if "article" in declared else "articles" if "articles" in declared \
            else None
        if key is None:
            raise AnalysisError(f"notebook {nb.stem} takes no article", nb)
        params[key] = str(Path(args.article).resolve())
    if args.codebook is not None:
        if "codebook" not in declared:
            raise AnalysisError(f"notebook {nb.stem} takes no codebook", nb)
        params["codebook"] = str(Path(args.codebook).resolve())
    for name, value in args.parameter:
        params[name] = _value(value)
    if args.out:
        out = Path(args.out)
    else:
        tag = Path(args.article).stem if args.article else "default"
        out = settings.project_root() / "reports" / "notebooks" / f"{nb.stem[:2]}-{tag}"
    kwargs = {"kernel_name": args.kernel} if args.kernel else {}
    path = notebooks.run_notebook(nb, out, params, **kwargs)
    print(f"executed {nb.name} → {path}; outputs under {out}", file=sys.stderr)
    return 0


def _value(text: str):
    """A -p value read as YAML (numbers, booleans, null, ``[a, b]`` lists); else the string."""
    import yaml

    try:
        value = yaml.safe_load(text)
    except yaml.YAMLError:
        return text
    return value if isinstance(value, (int, float, bool, list)) or value is None else text
