"""Who takes part: prepositional attachment, subjects, pairs, pronouns, reporters, hosts.

A mixin of :class:`kg.extraction.extractor.Extractor`: it reads ``self.lx`` (the lexicon),
``self.cues`` (``ontology/cues_de.json``), ``self.finder``, ``self.verbs`` and ``self.nouns``.
"""
from __future__ import annotations

from datetime import date

from kg.extraction.actors import ActorSpan, actor_ref
from kg.extraction.common import (
    BOUNDARY, GENITIVE_DETERMINERS, PLACE_PREPS, dedupe, lemma_is,
)
from kg.extraction.nlp import lemma_of
from kg.lexicon import fold
from kg.model import ActorRef, Place


def _adjective(word: str) -> bool:
    """An inflected adjective ("russischen", "neuen"), not a verb form ("telefonierte")."""
    low = fold(word)
    if not word[:1].islower() or len(low) <= 3 or not low.endswith(("en", "em", "er", "es", "e")):
        return False
    return not fold(lemma_of(word)).endswith(("en", "ern", "eln"))


class ArgumentRules:
    def _can_head(self, word: str, k: int, sent_actors, places, words=()) -> bool:
        """Can this token be the noun a prepositional phrase attaches to? Not a name, a
        place, a time word or a number ("am Montag mit Putin" attaches to the verb)."""
        if not (word[:1].isupper() and word.replace("-", "").isalpha()):
            return False
        if any(a.start <= k < a.end for a in sent_actors) or any(p.start <= k < p.end for p in places):
            return False
        low = fold(word)
        if any(low.startswith(t) for t in self.cues["temporal_nouns"]):
            return False
        if k >= 2 and len(words) > k and fold(words[k - 2]) == "rande":
            return False  # "am Rande des Gipfels mit Selenskyj gesprochen": the setting takes no partner
        # only event and relation nouns take "mit"/"zwischen" phrases; after others the
        # phrase belongs to the verb ("sprach am Telefon mit Rubio", "nach seinem Wahlsieg mit Putin")
        return bool(self._noun_class(low, fold(lemma_of(word)))) or any(
            low.endswith(n) for n in self.cues["relation_nouns"])

    def _attachments(self, words, s0, s1, sent_actors, places) -> dict[int, tuple[str, int | None]]:
        """For each actor span (by start): (governing preposition or "", head noun index or None).

        A small stand-in for a parser: "Telefonat mit Putin" attaches Putin to the noun
        Telefonat by "mit"; "Treffens zwischen Trump und Selenskyj" attaches both to
        Treffens; "Trumps Amtsantritt" makes Trump a genitive ("gen") of Amtsantritt; an
        actor right after a verb or at the start of a clause is bare ("").
        """
        out: dict[int, tuple[str, int | None]] = {}
        ends = {a.end: a for a in sent_actors}
        preps = self.cues["participant_prepositions"] | self.cues["other_prepositions"]
        for span in sent_actors:
            j = span.start - 1
            prep, head = "", None
            while j >= s0:
                low = fold(words[j])
                if low == "und" and j - 1 >= s0 and self.finder.is_title(words[j - 1]) and self.finder.is_title(words[j + 1]):
                    j -= 1  # "dem Botschafter und Sonderbeauftragten Steve Witkoff"
                    continue
                if low in ("und", "sowie", ",", "oder"):
                    if j in ends:  # coordinated with the actor before: shares its attachment
                        prep, head = out.get(ends[j].start, ("", None))
                    elif j - 2 >= s0 and words[j - 1][:1].isupper() and fold(words[j - 2]) in preps - self.cues["participant_prepositions"]:
                        prep = fold(words[j - 2])  # "Gespräche über Handel und Ukraine": what, not who
                    break
                if low in preps:
                    prep = low
                    k = j - 1
                    while k >= s0 and fold(words[k]) in self.cues["determiners_and_adjectives"]:
                        k -= 1
                    if k >= s0 and self._can_head(words[k], k, sent_actors, places, words):
                        head = k
                        if k - 1 >= s0 and fold(words[k - 1]) == "per":
                            head = None  # "beriet sich per Videokonferenz mit X": X goes with the verb
                    break
                if low in ("des", "der") and j - 1 >= s0 and self._can_head(words[j - 1], j - 1, sent_actors, places, words) and j + 1 <= span.start:
                    prep, head = "gen", j - 1  # "Besuch des ukrainischen Präsidenten X"
                    break
                if low in ("des", "der") and j - 1 > s0 and span.how in ("name", "state", "metonym") and self._attribute_noun(words[j - 1]):
                    prep = "gen"  # "unter Vermittlung der USA": an attribute of a noun that is no event
                    break
                if low in self.cues["counterpart_nouns"] or self.finder.is_delegation(words[j]) or \
                        self.finder.is_title(words[j]) or self.finder.state_of_adjective(words[j]):
                    j -= 1
                    continue
                if words[j][:1].isupper() and low.endswith(("en", "er", "e")) and j + 1 <= span.start and self.finder.role_kind(words[j + 1]):
                    j -= 1  # "dem Nationalen Sicherheitsberater Michael Waltz"
                    continue
                if low in GENITIVE_DETERMINERS:
                    prep = "gen"  # "Ansagen seines Chefs Trump": an attribute of another noun
                    head = j - 1 if j - 1 >= s0 and self._can_head(words[j - 1], j - 1, sent_actors, places, words) else None
                    break
                if words[j][:1].isupper() and j - 1 >= s0 and fold(words[j - 1]) in GENITIVE_DETERMINERS:
                    prep, head = "gen", j  # "klare Ansagen seines Chefs Trump": an apposition
                    break
                if low in self.cues["determiners_and_adjectives"] or _adjective(words[j]) and low not in self.cues["stop_scan"]:
                    j -= 1
                    continue
                if j == span.start - 1 and j - 2 >= s0 and words[j][:1].isupper() and span.actor is not None and \
                        span.actor.kind == "State" and fold(words[j - 1]) in self.cues["definite_determiners"] and \
                        fold(words[j - 2]) in preps:
                    prep = fold(words[j - 2])  # "auf der Karibikinsel St. Vincent": where, named in apposition
                    break
                if j == span.start - 1 and j > s0 and self._genitive_name(words, span, j):
                    # "unter Vermittlung Chinas", "eine Einladung Putins": an attribute of the noun
                    prep, head = "gen", (j if self._can_head(words[j], j, sent_actors, places, words) else None)
                break
            if not prep and span.end < s1 and span.how in ("name", "state") and words[span.start + (span.end - span.start) - 1].endswith("s"):
                nxt = words[span.end]
                if nxt[:1].isupper() and nxt.isalpha() and span.end not in {a.start for a in sent_actors}:
                    prep, head = "gen", span.end
            out[span.start] = (prep, head)
        return out

    def _genitive_name(self, words, span, j: int) -> bool:
        """Is the name at ``span`` a genitive after the common noun at j ("Vermittlung Chinas")?"""
        return words[span.end - 1].endswith("s") and span.how in ("name", "state", "metonym") and self._attribute_noun(words[j])

    def _attribute_noun(self, noun: str) -> bool:
        """A common noun that a genitive actor may qualify (Vermittlung, Einladung, Angaben):
        no title, delegation, counterpart or time word."""
        if not (noun[:1].isupper() and noun.isalpha()):
            return False
        low = fold(noun)
        return not (self.finder.is_title(noun) or self.finder.is_delegation(noun) or low in self.cues["counterpart_nouns"]
                    or any(low.startswith(t) for t in self.cues["temporal_nouns"]))

    def _compound_parties(self, word: str) -> list[ActorRef]:
        """ "EU-China-Gipfel", "Trump-Putin-Treffen": the parties named in the compound."""
        parts = word.split("-")[:-1]
        found = [self.finder.owner_of_prefix(p) or self.lx.actor_by_name.get(fold(p)) for p in parts]
        if len(parts) < 2 or not all(found):
            return []
        return dedupe([actor_ref(self.lx, a) for a in found])

    def _participants(self, trig, words, s0, s1, clause, clauses, sent_actors, triggers, attach, ctx):
        """(participants, initiator, explicit): who takes part, who initiated, and whether
        the trigger's own phrase named them (zwischen X und Y, mit Y, von X an Y)."""
        i = trig.index
        trigger_heads = {t.index for t in triggers}
        own, bare, pp_mit = [], [], []
        passive = bool({fold(words[k]) for k in range(clause[0], clause[1])} & self.cues["passive_auxiliaries"])
        for a in sent_actors:
            if self._reporter(words, a):
                continue
            prep, head = attach.get(a.start, ("", None))
            if prep in PLACE_PREPS and a.actor is not None and a.actor.kind == "State":
                continue  # "in Südkorea", "nach Moskau": where, not who
            if head == i:
                own.append((prep, a))
                continue
            if not (clause[0] <= a.start < clause[1]):
                continue
            if prep in ("von", "vom") and passive and not trig.noun:
                pp_mit.append(a)  # the agent of a passive: "von Trump im Weißen Haus empfangen worden"
                continue
            if head is not None and head != i:
                continue  # belongs to another noun: "vor dem Treffen mit X", "Beziehungen zwischen A und B"
            if prep in self.cues["participant_prepositions"] or (prep == "auf" and not trig.noun and lemma_is(i, words, "treffen")
                                                                     and not (a.actor and a.actor.kind == "State")):
                pp_mit.append(a)  # "traf in Neu-Delhi auf ihren Amtskollegen"
            elif prep == "":
                bare.append(a)
        initiator = None
        explicit = {p.id for p in self._resolve([a for _p, a in own], ctx)}
        if trig.cls != "PhoneCall":  # "Auf Einladung Starmers kamen ... zusammen": the host takes part
            bare += [a for a in sent_actors if self._invited_by(words, attach.get(a.start, ("", None))[1]) and a not in bare]
        if trig.noun:
            between = [a for p, a in own if p == "zwischen"]
            if len(self._resolve(between, ctx)) >= 2:
                people = self._resolve(between, ctx)  # "auf Wunsch der deutschen Seite": who asked for it
                return people, self._on_whose_initiative(words, s0, s1, people, sent_actors), explicit
            von = [a for p, a in own if p == "von"]
            an = [a for p, a in own if p in ("an", "bei")] + [a for a in pp_mit if attach.get(a.start, ("", None))[0] in ("an", "bei")]
            if von and an:
                people = self._resolve([von[0], an[0]], ctx)
                return people, (people[0] if people else None), explicit
            verbs_after = [t.index for t in triggers if not t.noun and t.index > i]
            group = [a for _p, a in own] + [a for a in pp_mit if attach[a.start][1] is None
                                           and not any(v < a.start for v in verbs_after)]  # "Vor seiner Reise telefonierte er mit X"
            people = self._resolve(group, ctx)
            owners = [a for p, a in own if p == "gen"]
            receivers = [a for p, a in own if p == "an"]
            if receivers and not owners and trig.cls == "Invitation":
                # "Macron sprach eine Einladung an Modi aus": the subject invites
                initiator = self._subject([a for a in bare if a not in receivers], i, ctx, words)
            if owners and fold(lemma_of(trig.text)).endswith(tuple(self.cues["directed_nouns"])):
                # "eine Einladung Putins": Putin invites; "Trumps Anruf bei Putin": Trump calls
                initiator = (self._resolve(owners[:1], ctx) or [None])[0]
            travel = self._travel(fold(lemma_of(trig.text))) and self._destination(words, trig.index, s1)
            if len(people) < 2:  # a trip's host comes from its destination, not from the clause's objects
                people = dedupe(people + self._resolve(bare[:1] if travel else bare, ctx))
        else:
            people = self._resolve(bare + pp_mit + [a for _p, a in own], ctx)
            calls_out = trig.cls == "PhoneCall" and (trig.particle is not None or lemma_is(i, words, "anrufen"))
            if trig.cls == "Invitation" or calls_out or lemma_is(i, words, "empfangen"):
                if clause[2] == "zu":  # "er versprach, Selenskyj anzurufen": the main clause's subject
                    initiator = (self._outside_subject(sent_actors, clause, words, ctx, set(), attach) or [None])[0]
                else:
                    initiator = self._subject(bare, i, ctx, words)
        if len(people) == 1 and trig.noun and ctx.speaker is not None and ctx.speaker.id != people[0].id and \
                any(fold(w) in self.cues["possessive_determiners"] for w in words[max(s0, i - 3) : i]):
            people = people + [ctx.speaker]  # "…", sagte Lahtinen nach ihrem Treffen mit Lawrow
        if len(people) == 1 and trig.noun and explicit and ctx.last_subject is not None and ctx.previous_subjects[:1] == [ctx.last_subject] and \
                not any(a.actor is not None and a.actor.id != people[0].id for a in sent_actors) and \
                ctx.last_subject.id != people[0].id and ctx.last_subject.country != people[0].country:
            people = [ctx.last_subject] + people  # "Ein Treffen mit König Abdullah war geplant": the story's protagonist
        compound = self._compound_parties(trig.text) if trig.noun and "-" in trig.text else []
        if len(people) < 2 and len(compound) >= 2:
            return compound, None, {p.id for p in compound}  # "Der nächste EU-China-Gipfel soll ..."
        if len(people) < 2:
            people = self._outside_subject(sent_actors, clause, words, ctx, {p.id for p in people}, attach) + people
        travel = trig.noun and self._travel(fold(lemma_of(trig.text))) and self._destination(words, trig.index, s1)
        if len(people) == 1 and trig.noun and not travel:  # a trip's partner is where it goes
            # "Nach einem Telefonat mit Putin hat Trump ein gemeinsames Treffen angekündigt":
            # the partner named with another event of the same sentence
            others = [a for a in sent_actors if attach.get(a.start, ("", None))[1] in trigger_heads - {i}]
            people = dedupe(people + self._resolve(others, ctx))
        scope_words = {fold(words[k]) for k in range(clause[0], clause[1])}
        if not trig.noun and scope_words & self.cues["passive_auxiliaries"]:
            agents = [a for a in pp_mit if attach.get(a.start, ("", None))[0] in ("von", "vom")]
            if agents:  # "Selenskyj wurde von Macron empfangen/angerufen/eingeladen"
                resolved = self._resolve(agents[:1], ctx)
                if resolved and (trig.cls in ("Invitation", "PhoneCall") or lemma_is(i, words, "empfangen")):
                    initiator = resolved[0]
        if trig.cls == "Negotiation":
            # "Verhandlungen mit Russland ... von Rubio und Witkoff geleitet": the leaders stand for their state
            led = {a.actor.id for a in sent_actors if a.actor and attach.get(a.start, ("", None))[0] == "von"}
            people = dedupe([actor_ref(self.lx, p.country) if p.id in led and p.country in self.lx.actors else p
                              for p in people])
        people = self._without_affiliations(people)
        own_spans = bare + pp_mit + [a for _p, a in own]
        if own_spans and all(a.how == "pronoun" and a.noun == "sie" for a in own_spans) and \
                not {fold(words[k]) for k in range(clause[0], clause[1])} & self.cues["reciprocal_words"]:
            people = []  # "Sie treffen vor allem Russlands Ölindustrie": no partner, no "sich": no contact
        initiator = initiator or self._on_whose_initiative(words, s0, s1, people, sent_actors)
        if initiator is None and not trig.noun and trig.cls in ("PhoneCall", "Consultation") and \
                {fold(words[k]) for k in self._scope(clause, clauses)} & self.cues["intention_forms"]:
            # "Trump will mit Putin sprechen", "er versprach, Selenskyj anzurufen": who plans the call
            subject = self._subject(bare, i, ctx, words) if clause[2] != "zu" else \
                (self._outside_subject(sent_actors, clause, words, ctx, set(), attach) or [None])[0]
            initiator = subject
        if initiator is not None and initiator.id not in {p.id for p in people}:
            initiator = None
        return people, initiator, explicit

    def _invited_by(self, words, head) -> bool:
        """Is the noun at ``head`` "Einladung" of "auf Einladung (von) X"?"""
        return head is not None and head > 0 and fold(words[head - 1]) == "auf" and \
            fold(lemma_of(words[head])) in self.cues["host_initiative_nouns"]

    def _with_host(self, participants: list[ActorRef], location: Place) -> list[ActorRef]:
        """A visit to a place is a visit to its state ("besuchte Kiew": the Ukraine), unless
        a person of that state is named as host."""
        state = location.id if location.id in self.lx.actors else None
        if state is None and location.id in self.lx.places:
            state = self.lx.places[location.id].state
        if state is None or state not in self.lx.actors or any(p.id == state for p in participants):
            return participants
        visitors_states = {p.country for p in participants if p.kind == "Person"}
        if state in visitors_states and len(participants) >= 2:
            return participants  # a host of that state is named already, or a domestic trip
        if state in visitors_states:
            return participants
        return self._without_affiliations(participants + [actor_ref(self.lx, state)])

    def _is_leader(self, person: str, on: date | None) -> bool:
        """Did the person head a state or government on that day (for "die beiden Präsidenten")?"""
        day = on.isoformat() if on else None
        for position, start, end in self.lx.holdings_by_person.get(person, []):
            if self.lx.positions[position].kind not in self.cues["leader_kinds"]:
                continue
            if day is None or ((start is None or start <= day) and (end is None or day < end)):
                return True
        return False

    def _on_whose_initiative(self, words, s0, s1, people, sent_actors) -> ActorRef | None:
        """ "auf Initiative Macrons", "auf Wunsch der deutschen Seite": who initiated."""
        for k in range(s0, s1 - 1):
            if fold(words[k]) != "auf" or fold(words[k + 1]) not in self.cues["initiative_nouns"]:
                continue
            window = range(k + 2, min(s1, k + 6))
            for a in sent_actors:
                if a.start in window and a.actor is not None:
                    match = [p for p in people if p.id == a.actor.id or p.country == a.actor.id]
                    if match:
                        return match[0]
            for j in window:  # "der deutschen Seite": the participant from that state
                state = self.finder.state_of_adjective(words[j]) if words[j][:1].islower() else None
                match = [p for p in people if state and (p.id == state or p.country == state)]
                if match:
                    return match[0]
        return None

    def _without_affiliations(self, people: list[ActorRef]) -> list[ActorRef]:
        """Drop a state when one of its people takes part (Trump and the USA are one party)."""
        countries = {p.country for p in people if p.kind == "Person" and p.country}
        return [p for p in people if not (p.kind == "State" and p.id in countries)]

    def _resolve(self, spans: list[ActorSpan], ctx) -> list[ActorRef]:
        out = []
        for span in spans:
            if span.how == "pronoun" and span.noun in ("obj", "sie"):
                out.extend(self._object_antecedent(span, ctx))
            elif span.how == "pronoun":
                # the nearest person before it in the same sentence, the speaker of a report
                # ("Er habe mit Putin gesprochen, fügte Trump hinzu"), else the last subject
                earlier = [a for a in ctx.sentence_persons if a.end <= span.start]
                if earlier:
                    out.append(earlier[-1].actor)
                elif ctx.speaker is not None and (span.noun == "ich" or ctx.speaker_after):
                    out.append(ctx.speaker)
                elif ctx.last_subject is not None and span.noun != "ich":
                    out.append(ctx.last_subject)
                elif ctx.sentence_sources and span.noun != "ich":
                    out.append(ctx.sentence_sources[0])  # "Nach Darstellung Beridzes traf er sich ..."
            elif span.how == "pair":
                if span.noun in self.cues["party_pair_nouns"]:  # "beide Seiten": whoever the parties were
                    out.extend(ctx.pair(persons=False, convert=False))
                    continue
                persons = span.noun not in self.cues["state_pair_nouns"]
                leaders = span.noun in self.cues["leader_pair_nouns"]
                for party in ctx.pair(persons=persons, accept=(lambda a: self._is_leader(a.id, ctx.ref)) if leaders else None):
                    known = party.kind == "State" and party.id in self.lx.actors
                    out.append(actor_ref(self.lx, party.id) if known else party)
            elif span.actor is not None:
                out.append(span.actor)
                out.extend(span.extra)
        return dedupe(out)

    def _object_antecedent(self, span: ActorSpan, ctx) -> list[ActorRef]:
        """Who "ihn", "ihm" or "sie" is: someone named before who is not already a party of
        the current sentence ("Trump sprach mit ihm": not Trump). A plural "sie" ("Dort
        trafen sie X") stands for the persons who opened the sentence before."""
        here = ctx.sentence_ids
        if span.noun == "sie" and span.plural:
            group = [p for p in ctx.previous_subjects if p.id not in here]
            return group if len(group) >= 2 else []
        if ctx.last_subject is not None and ctx.last_subject.id not in here:
            return [ctx.last_subject]
        for person in reversed(ctx.previous_persons):
            if person.id not in here:
                return [person]
        return []

    def _subject(self, bare, i, ctx, words) -> ActorRef | None:
        """The subject of a verb trigger: the first bare actor of its clause that no
        accusative or dative article marks as an object (or the pronoun's antecedent)."""
        subjects = [a for a in bare if fold(words[a.start - 1]) not in ("den", "dem")
                    and not (a.how == "pronoun" and a.noun == "obj")]
        before = [a for a in subjects if a.end <= i]
        if before:
            r = self._resolve([before[0]], ctx)
            return r[0] if r else None
        after = [a for a in subjects if a.start > i]
        if after:  # verb-second with the subject after the verb: "Außerdem lud Putin Trump ein"
            r = self._resolve([after[0]], ctx)
            return r[0] if r else None
        return None

    def _outside_subject(self, sent_actors, clause, words, ctx, have: set[str], attach) -> list[ActorRef]:
        """For a trigger whose clause names one party: the sentence's subject, or both of a
        pair (Trump kündigte an, dass ein Gipfel mit Putin ...; die beiden Staatschefs
        vereinbarten, ein Treffen zu organisieren). Persons are preferred over states."""
        groups = []
        for span in sent_actors:
            if clause[0] <= span.start < clause[1]:
                continue
            if attach.get(span.start, ("", None))[0] or self._reporter(words, span):
                continue
            if span.end < len(words) and words[span.end] in ("-", "–") or (span.end + 1 < len(words) and words[span.end] == "," and words[span.end + 1] in ("-", "–")):
                continue  # dateline: "Washington, USA - ..."
            found = [p for p in self._resolve([span], ctx) if p.id not in have]
            if found:
                groups.append(found)
        with_person = [g for g in groups if any(p.kind == "Person" for p in g)]
        if fold(words[clause[0]]) in ("und", "aber", "doch") or clause[2] == "zu":
            # "Trump und Putin telefonierten und vereinbarten ein Treffen", "X und Y vereinbarten,
            # sich erneut zu treffen": the shared subject, with all its coordinated parts
            shared = [a for a in sent_actors if a.end <= clause[0] and not attach.get(a.start, ("", None))[0]
                      and not self._reporter(words, a)]
            run = shared[:1]
            for a in shared[1:]:
                if all(fold(w) in ("und", "sowie", ",") for w in words[run[-1].end : a.start]):
                    run.append(a)
            found = dedupe([p for p in self._resolve(run, ctx) if p.id not in have])
            if len(found) >= 2 or (found and fold(words[clause[0]]) == "und"):
                return found
        return (with_person or groups or [[]])[0]

    def _reporter(self, words, span: ActorSpan) -> bool:
        """Is the actor only the source of the report ("laut X", ", sagte X", "X zufolge",
        "so der Pressesprecher", a spokesperson)? "Danach sagte Macron ... zu" is no report."""
        k = span.start
        prev = fold(words[k - 1]) if k >= 1 else ""
        if prev in ("laut", "lt."):
            return True
        if prev in ("der", "die", "des") and k >= 2:
            k -= 1
            prev = fold(words[k - 1]) if k >= 1 else ""
        opens_clause = k < 2 or words[k - 2] in BOUNDARY or words[k - 2] in {".", "!", "?"}
        if prev in self.cues["reporting_forms"] and opens_clause:
            return True
        after = fold(words[span.end]) if span.end < len(words) else ""
        if after == "zufolge":
            return True
        if span.how in ("title", "title+name") and any(fold(w).endswith(tuple(self.cues["reporting_nouns"])) for w in words[span.start : span.end]):
            return True
        return False
