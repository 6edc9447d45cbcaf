"""Errors whose messages tell the user what to do."""
from __future__ import annotations


class KgError(Exception):
    """Base class: the message is shown to the user as it is, without a traceback."""


class InputError(KgError):
    """An input file or folder cannot be read as an article."""


class MetadataError(KgError):
    """A metadata sidecar or sources.csv is broken."""


class StoreError(KgError):
    """The store cannot be opened or written."""


class QueryError(KgError):
    """A query file or its parameters are wrong."""


class ValidationError(KgError):
    """A graph does not conform to the SHACL shapes."""


class ExtractionError(KgError):
    """The extractor failed on one article (a bug): the article is skipped."""
