"""kg: a temporal knowledge graph of diplomatic events from German news.

The public Python API::

    from kg import api
    result = api.build(["seeds/"], store="oxigraph:kg-store", out="kg-out")
"""

__version__ = "0.1.0"
