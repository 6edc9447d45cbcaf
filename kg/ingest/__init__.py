"""Reading article files and folders into :class:`kg.model.Article` objects."""
from kg.ingest.reader import iter_articles, read_article

__all__ = ["iter_articles", "read_article"]
