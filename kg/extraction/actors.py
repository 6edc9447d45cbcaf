"""Finding actors and places in a tokenised text with the gazetteer.

Recognised, longest match first:

* names and their variants (``Wladimir Putin``, ``Putins``, ``Selenskij``), states and
  organisations (``Russland``, ``die USA``, ``Nato``);
* titles that resolve through dated role holdings on the article's date
  (``der Kremlchef``, ``US-Präsident``, ``der russische Außenminister``,
  ``Russlands Präsident``), or name the person that follows (``Kremlsprecher Dmitri Peskow``);
* unknown people introduced by a title (``CIA-Direktor John Ratcliffe``): kept without
  a Wikidata id;
* delegations by their states (``ukrainische und russische Unterhändler``, ``US-Delegation``);
* pronouns (``er``) and pairs (``die beiden Präsidenten``), resolved later from context.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher

from kg.lexicon import Lexicon, fold
from kg.model import ActorRef, Place, slug

MAX_NAME_TOKENS = 5
_INFLECTION_SUFFIXES = ("innen", "in", "en", "es", "n", "s", "e")
_ADJ_SUFFIXES = ("en", "er", "es", "em", "e")
_INDEFINITE = {"ein", "eine", "einem", "einen", "einer", "eines"}
_COUNTERPART_REACH = 12  # tokens from the title to "seinen Kollegen aus X" that share its office
_PLACE_PREPOSITIONS = {"in", "im", "nach", "aus", "ins", "bei", "vom", "von", "zu"}


@dataclass
class ActorSpan:
    start: int  # token index
    end: int  # exclusive
    actor: ActorRef | None  # None for a pronoun or a pair, until resolved
    how: str  # name, title, title+name, unknown, state, metonym, delegation, pronoun, pair
    after_preposition: str = ""  # the preposition right before, lowercased ("mit", "in", ...)
    extra: list[ActorRef] = field(default_factory=list)  # further states of a delegation phrase
    noun: str = ""  # for a pair: the noun ("präsidenten", "länder"); for a pronoun: obj, sie, ich
    plural: bool = False  # a plural "sie" ("trafen sie")
    qualified: bool = True  # an unknown person's title names (or hints at) a state: not "Innenministerin X"


@dataclass
class PlaceSpan:
    start: int
    end: int
    place: Place
    metonym: bool = False  # a capital standing for its state ("besuchte Kiew"): a place for visits only


def actor_ref(lexicon: Lexicon, actor_id: str) -> ActorRef:
    e = lexicon.actors[actor_id]
    return ActorRef(id=e.id, label=e.label, kind=e.kind, wikidata=e.wikidata, country=e.country)


#: words the finder remembers before it starts afresh (bounds memory over a long run)
MEMO_LIMIT = 400_000


def _memoized(method):
    """Cache a per-word lookup of the finder (the same words recur in every article)."""
    name = method.__name__

    def cached(self, word: str):
        key = (name, word)
        if key not in self._memo:
            if len(self._memo) >= MEMO_LIMIT:
                self._memo.clear()  # news vocabulary never stops growing: forget, don't swell
            self._memo[key] = method(self, word)
        return self._memo[key]

    cached.__name__, cached.__doc__ = name, method.__doc__
    return cached


def _strip(word: str, suffixes) -> list[str]:
    """The word and its forms with one inflection suffix removed."""
    forms = [word]
    for suffix in suffixes:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            forms.append(word[: -len(suffix)])
    return forms


class ActorFinder:
    """Finds actor and place spans in a list of token texts."""

    def __init__(self, lexicon: Lexicon):
        self.lx = lexicon
        self.cues = lexicon.cues
        self.delegation_nouns = set(self.cues.get("delegation_nouns", []))
        self.not_names = set(self.cues.get("not_names", []))  # capitalised words after titles that are no names
        self.state_group_nouns = set(self.cues.get("state_group_nouns", []))
        self.pair_nouns = set(self.cues.get("pair_nouns", []))
        self.counterpart_nouns = set(self.cues.get("counterpart_nouns", []))
        self.title_suffixes = tuple(sorted(self.cues.get("title_suffixes", []), key=len, reverse=True))
        self.object_pronouns = set(self.cues.get("object_pronouns", []))
        self.generic_titles = set(self.cues.get("generic_titles", []))
        #: event nouns ("Gespräche", "Konsultationen") end a name: "lud Aino Lahtinen zu Konsultationen ein"
        self.event_nouns = {fold(n) for entry in lexicon.triggers.values() for n in entry.get("nouns", []) if " " not in n}
        self.max_name = MAX_NAME_TOKENS
        #: first words of every name, to skip the n-gram lookups for most tokens
        self._name_firsts = {key.split(" ")[0] for key in lexicon.actor_by_name}
        self._place_firsts = {key.split(" ")[0] for key in lexicon.place_by_name}
        self._memo: dict[tuple[str, str], object] = {}
        self._particles = set(self.cues.get("name_particles", ()))
        self.last_kind: str | None = None

    # ---------- small lookups ----------
    @_memoized
    def state_of_adjective(self, word: str) -> str | None:
        low = fold(word)
        for form in _strip(low, _ADJ_SUFFIXES):
            if form in self.lx.state_by_adjective:
                return self.lx.state_by_adjective[form]
        return None

    @_memoized
    def role_kind(self, word: str) -> str | None:
        """The role kinds a title word names, joined by "|" (Präsident: head of state or of an organisation)."""
        low = fold(word)
        forms = _strip(low, _INFLECTION_SUFFIXES)
        if low.endswith(("ten", "ter", "te")):  # adjectival nouns: der Gesandte, des Sonderbeauftragten
            forms.append(low[: -2 if low.endswith(("en", "er")) else -1] + "er")
        for form in forms:
            if form in self.lx.kinds_by_title:
                return "|".join(self.lx.kinds_by_title[form])
        return None

    @_memoized
    def is_delegation(self, word: str) -> bool:
        """Unterhändler, Delegation(en), Vertreter(n), Regierung: a group standing for its state."""
        return any(form in self.delegation_nouns for form in _strip(fold(word), _INFLECTION_SUFFIXES))

    @_memoized
    def is_title(self, word: str) -> bool:
        """A title word: a role kind's (Außenminister), an office's (Kremlchef) or one ending like one (CIA-Direktor, Botschafter)."""
        low = fold(word)
        return bool(self.role_kind(word) or self.position_alias(word) or low.endswith(self.title_suffixes))

    @_memoized
    def position_alias(self, word: str) -> str | None:
        low = fold(word)
        for form in _strip(low, _INFLECTION_SUFFIXES):
            if form in self.lx.position_by_title:
                return self.lx.position_by_title[form]
        return None

    def owner_of_prefix(self, prefix: str) -> str | None:
        low = fold(prefix)
        return (
            self.lx.owner_by_prefix.get(low)
            or self.lx.state_by_metonym.get(low)
            or self.lx.actor_by_name.get(low)
            if low
            else None
        )

    def owner_of_name(self, word: str) -> str | None:
        """A state or organisation named by a (possibly genitive) word: Russlands, Irans, der Ukraine."""
        for form in (fold(word), fold(word)[:-1] if word.endswith("s") else None):
            ident = self.lx.actor_by_name.get(form) if form else None
            if ident and self.lx.actors[ident].kind in ("State", "Organisation"):
                return ident
        return None

    def holder(self, owner: str | None, kind: str | None, on: date | None, word: str = "") -> str | None:
        """Who held the owner's office named by ``word``, else of that kind (any of "A|B"), on the day."""
        if not owner or not kind:
            return None
        for form in _strip(fold(word), _INFLECTION_SUFFIXES) if word else ():
            position = self.lx.position_by_owner_word.get((owner, form))
            if position:
                return self.lx.holder(position, on)
        for one in kind.split("|"):
            for pos in self.lx.positions_by_owner_kind.get((owner, one), []):
                who = self.lx.holder(pos, on)
                if who:
                    return who
        return None

    @_memoized
    def title_of(self, word: str) -> tuple[str | None, str | None, str | None]:
        """(owner, kind, position) a single title token names, e.g. US-Präsident, Kremlchef."""
        position = self.position_alias(word)
        if position:
            pos = self.lx.positions[position]
            return pos.owner, pos.kind, position
        if "-" in word:
            prefix, rest = word.split("-", 1)
            if fold(prefix) in self.cues.get("non_office_prefixes", ()):
                return None, "generic", None  # "Vize-Außenminister", "Ex-Präsident": not the office itself
            owner = self.owner_of_prefix(prefix)
            kind = self.role_kind(rest) or (self.role_kind(rest.split("-")[-1]) if "-" in rest else None)
            if owner and kind:
                return owner, kind, None
            if kind:
                return None, kind, None
        kind = self.role_kind(word)
        if kind:
            return None, kind, None
        low = fold(word)
        if low in self.counterpart_nouns:
            return None, "counterpart", None
        if any(form in self.generic_titles for form in _strip(low, _INFLECTION_SUFFIXES)):
            return None, "generic", None  # "Machthaber", "einem Gesandten": a title before a name (or "aus Minsk")
        for form in _strip(low, ("s", "n", "en")):  # "des Staatsministers", "dem Sonderbeauftragten"
            for suffix in self.title_suffixes:
                if form.endswith(suffix) and (len(form) > len(suffix) or len(suffix) >= 10):  # or "Staatssekretär" alone
                    head = word[: len(form) - len(suffix)].rstrip("-")
                    owner = (self.owner_of_prefix(head) or self.cues.get("party_prefixes", {}).get(fold(head))) if head else None
                    return owner, "generic", None  # "CSU-Chef": a party's people belong to its state
        return None, None, None

    # ---------- the scan ----------
    def name_at(self, words: list[str], i: int) -> tuple[str, int] | None:
        """Longest gazetteer name starting at token i: (actor id, end)."""
        if not words[i][:1].isupper() and not words[i][:1].isdigit() and not self._particle_name(words[i]):
            return None
        if fold(words[i]) not in self._name_firsts:
            return None
        for n in range(min(self.max_name, len(words) - i), 0, -1):
            key = fold(" ".join(words[i : i + n]))
            ident = self.lx.actor_by_name.get(key)
            if ident:
                return ident, i + n
        return None

    def _particle_name(self, word: str) -> bool:
        """A surname led by a lowercase particle: al-Scharaa, el-Sisi, as-Sisi."""
        head, _, rest = word.partition("-")
        return bool(rest[:1].isupper()) and (head in self._particles or len(head) == 2 and head[0] == "a")

    def place_at(self, words: list[str], i: int) -> tuple[str, int] | None:
        if not words[i][:1].isupper() or fold(words[i]) not in self._place_firsts:
            return None
        for n in range(min(self.max_name, len(words) - i), 0, -1):
            ident = self.lx.place_by_name.get(fold(" ".join(words[i : i + n])))
            if ident:
                return ident, i + n
        return None

    def find(self, words: list[str], on: date | None,
             persons: list[tuple[int, int]] = ()) -> tuple[list[ActorSpan], list[PlaceSpan]]:
        """Actor and place spans in token order, non-overlapping.

        ``persons`` are token spans a trained model tagged as persons: extra evidence for
        people the gazetteer does not know (kept without a Wikidata id)."""
        actors: list[ActorSpan] = []
        places: list[PlaceSpan] = []
        self.last_kind = None
        self.last_kind_at = -99  # token where last_kind was named
        self._at = 0  # the token the scan is at
        i, n = 0, len(words)
        last_end, last_prep = -1, ""
        while i < n:
            prep = fold(words[i - 1]) if i > 0 else ""
            if prep in ("der", "die", "den", "dem", "das") and i > 1:
                prep = fold(words[i - 2])  # "in die Türkei", "nach der Ukraine"
            if prep in ("und", "sowie", ",") and last_end == i - 1:
                prep = last_prep  # "aus Moskau und Kiew": both where the first is
            appositive = i > 2 and words[i - 1][:1].isupper() and fold(words[i - 2]) in ("der", "dem", "den") and \
                fold(words[i - 3]) in ("auf", "in")  # "auf der Karibikinsel St. Vincent"
            self._at = i
            listed = self._title_list_at(words, i, on)
            if listed:  # "die Außenminister Russlands und der Ukraine, Sergei Lawrow und Dmytro Kuleba"
                actors.extend(listed)
                i = last_end = listed[-1].end
                last_prep = prep
                continue
            found = self._actor_at(words, i, on)
            place = self.place_at(words, i)
            state = self.lx.capital_of.get(place[0]) if place else None
            if place and state and not found and prep not in _PLACE_PREPOSITIONS and not _dateline(words, place[1]):
                # "Moskau und Kiew verhandeln", "Teheran wies zurück": the capital stands for its state
                actors.append(ActorSpan(i, place[1], actor_ref(self.lx, state), "metonym", after_preposition=prep))
                entry = self.lx.places[place[0]]
                places.append(PlaceSpan(i, place[1], Place(entry.id, entry.label, entry.wikidata), metonym=True))
                i, last_end, last_prep = place[1], place[1], prep
                continue
            if place and (not found or (prep in _PLACE_PREPOSITIONS and place[1] >= found.end)):
                entry = self.lx.places[place[0]]
                places.append(PlaceSpan(i, place[1], Place(entry.id, entry.label, entry.wikidata)))
                i, last_end, last_prep = place[1], place[1], prep
                continue
            if found:
                found.after_preposition = prep
                if found.actor and found.actor.kind == "State" and (prep in _PLACE_PREPOSITIONS - {"von", "bei", "zu"} or appositive):
                    e = self.lx.actors[found.actor.id]
                    places.append(PlaceSpan(found.start, found.end, Place(e.id, e.label, e.wikidata)))
                actors.append(found)
                i, last_end, last_prep = found.end, found.end, prep
                continue
            i += 1
        taken = {k for a in actors for k in range(a.start, a.end)} | {k for pl in places for k in range(pl.start, pl.end)}
        for start, end in persons:
            if end - start >= 2 and not taken & set(range(start, end)):
                name = " ".join(words[start:end])
                actors.append(ActorSpan(start, end, ActorRef(id=slug(name), label=name, kind="Person"), "unknown"))
        actors.extend(self._short_names(words, actors, places))
        actors.sort(key=lambda a: a.start)
        return actors, places

    def _short_names(self, words: list[str], actors: list[ActorSpan], places: list[PlaceSpan]) -> list[ActorSpan]:
        """Later bare mentions of a person the article named in full: "Kim Jong Un ... Kim",
        "Victor Ciobanu ... Ciobanu", "Ma Ying-jeou ... Mas Sprecher". A short form two
        people of the article share is left alone. One pass over the tokens."""
        forms: dict[str, ActorRef | None] = {}
        first_at: dict[str, int] = {}
        for a in actors:
            if a.actor is None or a.actor.kind != "Person" or a.how not in ("name", "title+name", "unknown"):
                continue
            parts = a.actor.label.split(" ")
            if len(parts) < 2:
                continue
            for part in {parts[0], parts[-1]}:
                key = fold(part)
                if len(key) < 2 or not part.replace("-", "").isalpha() or key in self.not_names or self.role_kind(part) or self.lx.actor_by_name.get(key) \
                        or self.lx.place_by_name.get(key):
                    continue
                if key in forms and forms[key] is not None and forms[key].id != a.actor.id:
                    forms[key] = None  # shared by two people: ambiguous
                    continue
                forms.setdefault(key, a.actor)
                first_at[key] = min(first_at.get(key, a.start), a.start)
        if not forms:
            return []
        taken = {k for a in actors for k in range(a.start, a.end)} | {k for pl in places for k in range(pl.start, pl.end)}
        out = []
        for i, w in enumerate(words):
            if i in taken or not w[:1].isupper():
                continue
            key = fold(w)
            ref = forms.get(key) or (forms.get(key[:-1]) if key.endswith("s") else None)
            nxt = words[i + 1] if i + 1 < len(words) else ""
            if nxt[:1].isupper() and nxt.isalpha():
                continue  # "Kim Yo Jong", "Mohammed Abbas": another person's full name
            if i - 1 in taken or (i >= 2 and i - 2 in taken and fold(words[i - 1]) in self._particles):
                continue  # the rest of a name already found ("Kronprinz Mohammed bin Salman")
            if ref is not None and first_at.get(key if key in forms else key[:-1], i) < i:
                out.append(ActorSpan(i, i + 1, ref, "name"))
        return out

    def _actor_at(self, words: list[str], i: int, on: date | None) -> ActorSpan | None:
        w = words[i]
        low = fold(w)
        # pronouns and pairs are resolved from context later
        if low == "er":
            return ActorSpan(i, i + 1, None, "pronoun")
        if low in self.object_pronouns:  # "empfing ihn", "sprach mit ihm": someone named before
            return ActorSpan(i, i + 1, None, "pronoun", noun="obj")
        if low == "sie" and i > 0 and words[i - 1] not in {",", "und"}:
            return ActorSpan(i, i + 1, None, "pronoun", noun="sie", plural=_plural_verb_next_to(words, i))
        if low == "ich":  # resolved to the speaker of a quotation
            return ActorSpan(i, i + 1, None, "pronoun", noun="ich")
        if low in {"beiden", "beide"} and i + 1 < len(words) and fold(words[i + 1]) in self.pair_nouns:
            return ActorSpan(i, i + 2, None, "pair", noun=fold(words[i + 1]))
        if low == "beiden" and i > 0 and fold(words[i - 1]) == "die" and i + 1 < len(words) and words[i + 1][:1].islower() \
                and fold(words[i + 1]) not in self.cues.get("determiners_and_adjectives", ()):
            return ActorSpan(i, i + 1, None, "pair", noun="")  # "Die beiden wollen sich im Juni treffen"
        # delegations: ukrainische und russische Unterhändler
        span = self._delegation_at(words, i)
        if span:
            return span
        # adjective + title (+ name): der russische Präsident (Wladimir Putin)
        state = self.state_of_adjective(w) if w[:1].islower() or "-" in w else None
        if state and i + 1 < len(words):
            owner2, kind, position = self.title_of(words[i + 1])
            if kind and not owner2:
                return self._titled(words, i, i + 2, state, kind, None, on)
            if kind == "generic" or (kind and owner2):
                return self._titled(words, i, i + 2, owner2 or state, kind, position, on)
        # genitive owner + title: Russlands Präsident, Russlands Außenminister
        if i + 1 < len(words) and w[:1].isupper():
            owner = self.owner_of_name(w)
            if owner and fold(w) != fold(self.lx.actors[owner].label):
                owner2, kind, position = self.title_of(words[i + 1])
                if kind and kind != "generic":
                    return self._titled(words, i, i + 2, owner, kind, position, on)
                if kind == "generic":  # "Nordkoreas Machthaber Kim Jong Un": only with a name
                    span = self._titled(words, i, i + 2, owner, kind, position, on)
                    if span:
                        return span
        named = self.name_at(words, i)
        # a title token: US-Präsident, Kremlchef, Außenminister, CIA-Direktor
        if w[:1].isupper() and not named:
            owner, kind, position = self.title_of(w)
            if kind:
                # title + owner: "Präsident Russlands", "Emir von Katar", "Präsident der Vereinigten Staaten"
                if not owner and i + 1 < len(words):
                    owner = self.owner_of_name(words[i + 1]) if words[i + 1].endswith("s") and words[i + 1][:1].isupper() else None
                    if owner:
                        return self._titled(words, i, i + 2, owner, kind, position, on)
                    if fold(words[i + 1]) in ("von", "der", "des") and i + 2 < len(words):
                        named_owner = self.name_at(words, i + 2)
                        if named_owner and self.lx.actors[named_owner[0]].kind in ("State", "Organisation"):
                            return self._titled(words, i, named_owner[1], named_owner[0], kind, position, on)
                return self._titled(words, i, i + 1, owner, kind, position, on)
        if named:
            ident, end = named
            entry = self.lx.actors[ident]
            how = "state" if entry.kind in ("State", "Organisation") else "name"
            # a compound like "Selenskyj-Berater" is not the person
            return ActorSpan(i, end, actor_ref(self.lx, ident), how)
        if "-" in w and w[:1].isupper():
            prefix, rest = w.split("-", 1)
            owner = self.owner_of_prefix(prefix)
            if owner and fold(rest) in self.delegation_nouns | self.state_group_nouns:
                return ActorSpan(i, i + 1, actor_ref(self.lx, owner), "delegation")
        metonym = self.lx.state_by_metonym.get(low)
        if metonym:
            return ActorSpan(i, i + 1, actor_ref(self.lx, metonym), "metonym")
        return None

    def _title_list_at(self, words: list[str], i: int, on: date | None) -> list[ActorSpan]:
        """A plural title with two or more states in the genitive: "die Außenminister
        Estlands, Lettlands und Litauens", "die Staats- und Regierungschefs Deutschlands und
        Frankreichs". One person per state: the names of an apposition that follows
        (", Tarmo Kallaste, Ilze Bērziņa und Jonas Petraitis,"), else each state's office holder."""
        if not words[i][:1].isupper() or (i >= 2 and words[i - 2].endswith("-") and fold(words[i - 1]) == "und"):
            return []
        j = i + 2 if words[i].endswith("-") and i + 2 < len(words) and fold(words[i + 1]) == "und" else i
        kind = (self.role_kind(words[j]) or ("generic" if self.is_title(words[j]) else None)) if j < len(words) else None
        if not kind:
            return []
        owners, k = [], j + 1  # (token index, state id or None)
        while k < len(words):
            w = words[k]
            if fold(w) in ("der", "des") and k + 1 < len(words) and words[k + 1][:1].isupper():
                k += 1
                continue
            if w[:1].isupper() and w.isalpha() and not self.role_kind(w):
                owners.append((k, self.owner_of_name(w)))
                k += 1
                if k < len(words) and fold(words[k]) in ("und", "sowie") or (k < len(words) and words[k] == ","
                                                                       and self.owner_of_name(words[k + 1] if k + 1 < len(words) else "")):
                    k += 1
                    continue
            break
        if len(owners) < 2 or not all(fold(words[t - 1]) in ("und", "sowie", ",", "der", "des") or t == j + 1 for t, _ in owners):
            return []
        names = self._apposed_names(words, k) if k < len(words) and words[k] == "," else []
        if len(names) == len(owners):
            spans = []
            for n, ((start, end, ident, name), (_t, owner)) in enumerate(zip(names, owners)):
                ref = actor_ref(self.lx, ident) if ident else ActorRef(id=slug(name), label=name, kind="Person", country=owner)
                spans.append(ActorSpan(i if n == 0 else start, end, ref, "title+name" if ident else "unknown"))
            return spans
        if any(owner is None for _t, owner in owners) or j != i or kind == "generic":
            return []  # "Staats- und Regierungschefs": which office leads differs by state
        spans = []
        for t, owner in owners:
            who = self.holder(owner, kind, on, words[j])
            ref = actor_ref(self.lx, who) if who else actor_ref(self.lx, owner)
            spans.append(ActorSpan(t, t + 1, ref, "title" if who else "state"))
        return spans

    def _apposed_names(self, words: list[str], k: int) -> list[tuple[int, int, str | None, str]]:
        """Names listed after the comma at k and closed by a comma: (start, end, id or None, name)."""
        out, j = [], k + 1
        while j < len(words):
            named = self.name_at(words, j)
            if named and self.lx.actors[named[0]].kind == "Person":
                out.append((j, named[1], named[0], " ".join(words[j : named[1]])))
                j = named[1]
            else:
                unknown = self._unknown_name(words, j)
                if not unknown:
                    return []
                out.append((j, unknown[1], None, unknown[0]))
                j = unknown[1]
            if j < len(words) and (words[j] == "," and j + 1 < len(words) and fold(words[j + 1]) != "und") and \
                    (self.name_at(words, j + 1) or self._unknown_name(words, j + 1)):
                j += 1
                continue
            if j < len(words) and fold(words[j]) in ("und", "sowie"):
                j += 1
                continue
            return out if j < len(words) and words[j] == "," else []
        return []

    def _delegation_at(self, words: list[str], i: int) -> ActorSpan | None:
        genitive = self._delegation_of_states(words, i)
        if genitive:
            return genitive
        states, j = [], i
        while j < len(words):
            state = self.state_of_adjective(words[j]) if words[j][:1].islower() else None
            if not state:
                break
            states.append(state)
            j += 1
            if j < len(words) and fold(words[j]) in {"und", "sowie", ","}:
                j += 1
        if states and j < len(words) and self.is_delegation(words[j]):
            extra = [actor_ref(self.lx, s) for s in states[1:]]
            return ActorSpan(i, j + 1, actor_ref(self.lx, states[0]), "delegation", extra=extra)
        return None

    def _origin(self, words: list[str], k: int) -> tuple[str, int] | None:
        """The state of "aus Minsk", "aus Russland" at k: (state id, end)."""
        if k + 1 >= len(words) or fold(words[k]) != "aus":
            return None
        place = self.place_at(words, k + 1)
        if place and self.lx.capital_of.get(place[0]):
            return self.lx.capital_of[place[0]], place[1]
        named = self.name_at(words, k + 1)
        if named and self.lx.actors[named[0]].kind == "State":
            return named
        return None

    def _counterparts_from(self, words, start: int, end: int, kind: str | None, on: date | None) -> ActorSpan | None:
        """ "seinen Kollegen aus Rumänien und Griechenland": each state's holder of the same
        office where the gazetteer knows one, else the state itself."""
        people, j = [], end
        while True:
            origin = self._origin(words, j) if fold(words[j]) == "aus" else self._origin(["aus"] + words[j:j + 6], 0)
            if not origin:
                break
            stop = origin[1] if fold(words[j]) == "aus" else j + origin[1] - 1
            who = self.holder(origin[0], kind, on) if kind else None
            people.append(actor_ref(self.lx, who or origin[0]))
            j = stop
            if j + 1 < len(words) and fold(words[j]) in ("und", "sowie", ","):
                j += 1
            else:
                break
        if not people:
            return None
        return ActorSpan(start, j, people[0], "delegation", extra=people[1:])

    def _delegation_of_states(self, words: list[str], i: int) -> ActorSpan | None:
        """ "Unterhändler der USA und der Ukraine", "Delegationen der USA und Russlands",
        "Vertreter Irans": a delegation noun with its states in the genitive."""
        if not words[i][:1].isupper() or not self.is_delegation(words[i]):
            return None
        origin = self._origin(words, i + 1)
        if origin:  # "Vertreter aus Moskau"
            return ActorSpan(i, origin[1], actor_ref(self.lx, origin[0]), "delegation")
        k = i + 1 + (fold(words[i + 1]) == "der" if i + 1 < len(words) else 0)
        if k + 1 < len(words) and fold(words[k]) in ("beider", "beiden") and fold(words[k + 1]) in self.pair_nouns:
            # "Vertreter beider Seiten": the two sides' states
            return ActorSpan(i, k + 2, None, "pair", noun="länder")
        states, j = [], i + 1
        while j < len(words):
            if fold(words[j]) in ("der", "des", "und", "sowie", ","):
                j += 1
                continue
            owner = self.owner_of_name(words[j]) if words[j][:1].isupper() else None
            if not owner:
                break
            states.append(owner)
            j += 1
        if not states:
            return None
        extra = [actor_ref(self.lx, s) for s in states[1:]]
        return ActorSpan(i, j, actor_ref(self.lx, states[0]), "delegation", extra=extra)

    def _titled(self, words, start, end, owner, kind, position, on) -> ActorSpan | None:
        """A title at words[start:end]; a following name wins over the role's holder."""
        named = self.name_at(words, end + 1) if end + 1 < len(words) and words[end] == "," else None
        if named and named[0] in self.lx.actors and self.lx.actors[named[0]].kind == "Person":
            # an apposition: "dem Emir von Katar, Tamim bin Hamad Al Thani,"
            self._remember_kind(named[0], on)
            return ActorSpan(start, named[1], actor_ref(self.lx, named[0]), "title+name")
        comma = end
        if comma + 2 < len(words) and fold(words[comma]) in ("im", "in", "des", "der", "beim") and words[comma + 1][:1].isupper():
            comma += 2  # "den Staatssekretär im Wirtschaftsministerium, Markus Felder,"
        apposed = self._unknown_name(words, comma + 1) if (owner or kind) and comma + 1 < len(words) and words[comma] == "," \
            else None
        if apposed and apposed[1] < len(words) and words[apposed[1]] in (",", "."):
            # "der Außenminister des Tschad, Abakar Moussa,": a person the gazetteer does not know
            if kind not in ("generic", None):
                self.last_kind, self.last_kind_at = kind, start
            country = owner if self.lx.actors.get(owner) and self.lx.actors[owner].kind == "State" else None
            return ActorSpan(start, apposed[1], ActorRef(id=slug(apposed[0]), label=apposed[0], kind="Person", country=country),
                             "unknown")
        if end < len(words):
            named = self.name_at(words, end)
            if named and self.lx.actors[named[0]].kind == "Person":
                self._remember_kind(named[0], on)
                return ActorSpan(start, named[1], actor_ref(self.lx, named[0]), "title+name")
            unknown = self._unknown_name(words, end)
            known = self._known_variant(words, end, unknown[1]) if unknown else None
            if known:  # "Staatschef Abd al-Fattah al-Sisi": a spelling of a known name
                self._remember_kind(known, on)
                return ActorSpan(start, unknown[1], actor_ref(self.lx, known), "title+name")
            if unknown:
                name, stop = unknown
                country = owner if owner and self.lx.actors.get(owner, None) and self.lx.actors[owner].kind == "State" else None
                return ActorSpan(start, stop, ActorRef(id=slug(name), label=name, kind="Person", country=country), "unknown",
                                 qualified=bool(owner) or _qualifier_before(words, start))
        origin = self._origin(words, end) if not owner and kind != "counterpart" else None
        if kind == "counterpart":  # "sein chinesischer Amtskollege": the same office, another state
            kind = self.last_kind
            possessed = start > 0 and fold(words[start - 1]) in self.cues.get("possessive_determiners", ())
            if not owner and possessed:  # "seinen Kollegen aus X"; the office only when named just before
                near = kind if start - self.last_kind_at <= _COUNTERPART_REACH else None
                listed = self._counterparts_from(words, start, end, near, on)
                if listed:
                    return listed
        elif kind not in ("generic", None):
            self.last_kind, self.last_kind_at = kind, start  # "Die Außenministerin traf ihren Amtskollegen aus Litauen"
        if origin:  # "ein Gesandter aus Minsk": someone speaking for that state
            return ActorSpan(start, origin[1], actor_ref(self.lx, origin[0]), "delegation")
        if kind in ("generic", None):
            return None
        if start > 0 and fold(words[start - 1]) in _INDEFINITE:
            return None  # "ein Regierungssprecher in Chișinău": some holder, not the office's
        title_word = words[end - 1] if end - 1 >= start else ""
        who = self.lx.holder(position, on) if position else self.holder(owner, kind, on, title_word.split("-")[-1])
        if who:
            if kind:
                self.last_kind, self.last_kind_at = kind, start
            return ActorSpan(start, end, actor_ref(self.lx, who), "title")
        return None

    def _known_variant(self, words: list[str], start: int, end: int) -> str | None:
        """A person the gazetteer knows by the last word of this name and whose label starts
        with its first word ("Abd al-Fattah al-Sisi" for "Abd al-Fattah as-Sisi")."""
        ident = self.lx.actor_by_name.get(fold(words[end - 1]))
        if ident is None or self.lx.actors[ident].kind != "Person":
            return None
        label = fold(self.lx.actors[ident].label).split(" ")
        return ident if label and _same_first_name(label[0], fold(words[start])) else None

    def _surname_of(self, ident: str, word: str) -> bool:
        """Is the word the (last) surname of a known person, so that it can end another's name?"""
        entry = self.lx.actors[ident]
        return entry.kind == "Person" and fold(entry.label).split(" ")[-1] == fold(word)

    @_memoized
    def _event_noun(self, word: str) -> bool:
        """Is the word an event noun (Gespräch, Konsultationen, Gipfeltreffen), not a name?"""
        return any(form in self.event_nouns for form in _strip(fold(word), _INFLECTION_SUFFIXES))

    def _remember_kind(self, person: str, on: date | None) -> None:
        """The office kind of a person named with a title, for a later "Amtskollege"."""
        day = on.isoformat() if on else None
        for position, start, end in self.lx.holdings_by_person.get(person, []):
            if day is None or ((start is None or start <= day) and (end is None or day <= end)):
                self.last_kind, self.last_kind_at = self.lx.positions[position].kind, self._at
                return

    def _unknown_name(self, words: list[str], i: int) -> tuple[str, int] | None:
        """Two to four capitalised words after a title, name particles allowed: a person's
        name (John Ratcliffe, Khalid al-Suwaidi, Mohammed bin Salman)."""
        parts: list[str] = []
        j = i
        particles = set(self.cues.get("name_particles", ()))
        while j < len(words) and len(parts) < 4:
            w = words[j]
            head = w.split("-", 1)[0]
            if parts and (fold(w) in particles or fold(head) in particles) and w[:1].islower():
                if fold(w) in particles and not (j + 1 < len(words) and words[j + 1][:1].isupper()):
                    break
                if fold(w) in particles and self._event_noun(words[j + 1]):
                    break  # "Lahtinen zu Konsultationen", "Kovács zu Gesprächen": no name particle
                parts.append(w)
                j += 1
                continue
            if not (w[:1].isupper() and w.replace("-", "").isalpha() and (w[1:].islower() or "-" in w)):
                break
            known = self.lx.actor_by_name.get(fold(w))
            if fold(w) in self.not_names or self.role_kind(w) or (known and not (parts and self._surname_of(known, w))):
                break  # a known surname after a first name stays in the name: "Stojan Petkow"
            parts.append(w)
            j += 1
        while parts and fold(parts[-1]) in particles:
            parts.pop()
            j -= 1
        if len(parts) >= 2:
            return " ".join(parts), j
        return None

def _same_first_name(a: str, b: str) -> bool:
    """Spellings of one first name ("wladimir"/"vladimir", "volodymyr"/"wolodymyr"), not two
    people who share a surname ("kiril"/"stojan")."""
    return a == b or SequenceMatcher(None, a, b).ratio() >= 0.7


def _qualifier_before(words: list[str], start: int) -> bool:
    """Does a word before the title hint at a state the gazetteer does not know ("der
    tansanische Außenminister", "Kolumbiens Außenministerin")?"""
    if start == 0:
        return False
    prev = words[start - 1]
    return (prev[:1].islower() and fold(prev).rstrip("nrsm").endswith("ische")) or (
        prev[:1].isupper() and prev.endswith("s") and prev.isalpha() and fold(prev) not in ("das", "des", "eines", "dies"))


def _plural_verb_next_to(words: list[str], i: int) -> bool:
    """Does a plural finite verb stand next to "sie" ("trafen sie", "sie haben")?"""
    for k in (i - 1, i + 1):
        if 0 <= k < len(words) and words[k][:1].islower() and fold(words[k]).endswith("en") and len(words[k]) > 3:
            return fold(words[k]) not in ("ihnen", "einen", "keinen", "seinen", "ihren", "denen", "allen")
    return False


def _dateline(words: list[str], end: int) -> bool:
    """ "Washington (dpa) -", "Moskau -": a place opening a dateline."""
    return any(w in ("-", "–", "(") for w in words[end : end + 2])
