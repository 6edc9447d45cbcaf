"""Where the ontology and query files are, in a checkout and in an installed wheel."""
from __future__ import annotations

import os
from functools import cache
from importlib import resources
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent


@cache
def ontology_dir() -> Path:
    """The folder holding kg.ttl, actors.ttl, ... (``KG_ONTOLOGY`` overrides it)."""
    return _find("KG_ONTOLOGY", "ontology", "kg._ontology")


@cache
def queries_dir() -> Path:
    """The folder holding the ``*.rq`` query files (``KG_QUERIES`` overrides it)."""
    return _find("KG_QUERIES", "queries", "kg._queries")


def _find(env: str, folder: str, package: str) -> Path:
    if os.environ.get(env):
        return Path(os.environ[env])
    checkout = _ROOT / folder
    if checkout.is_dir():
        return checkout
    return Path(str(resources.files(package)))
