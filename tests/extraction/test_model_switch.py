"""A trained spaCy pipeline, when configured, adds its person entities as evidence."""
from __future__ import annotations

from datetime import date

import pytest
import spacy

from kg.errors import KgError
from kg.extraction import Extractor
from kg.lexicon import load_lexicon
from kg.model import Article

TEXT = "Lena Varga telefonierte am Montag mit Wladimir Putin."


@pytest.fixture(scope="module")
def fake_model(tmp_path_factory):
    """Stands in for a trained German pipeline: it tags one unknown name as a person."""
    nlp = spacy.blank("de")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "PER", "pattern": "Lena Varga"}])
    path = tmp_path_factory.mktemp("model") / "de_fake"
    nlp.to_disk(path)
    return str(path)


def test_rules_alone_do_not_know_the_name():
    mentions = Extractor(load_lexicon()).extract(Article("x", TEXT, "x", date(2025, 5, 14)))
    assert mentions == []


def test_model_entities_add_unknown_people(fake_model):
    [m] = Extractor(load_lexicon(), use_model=fake_model).extract(Article("x", TEXT, "x", date(2025, 5, 14)))
    assert {a.label for a in m.participants} == {"Lena Varga", "Wladimir Putin"}
    assert m.time.earliest == date(2025, 5, 12)


def test_missing_model_says_how_to_go_without():
    with pytest.raises(KgError, match="not installed"):
        Extractor(load_lexicon(), use_model="de_core_news_missing")
