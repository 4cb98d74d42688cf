"""What a follow-up is completed from: the earlier turns, each with the names, provision and answered
entity it holds (used by :mod:`kb.query.followup` and the modules its rules call)."""

from __future__ import annotations

from dataclasses import dataclass, field

from kb.query.answer_entity import AnswerEntity, answer_entity
from kb.query.entities import Entity, locate, scan_entities
from kb.query.instruments import instruments_written
from kb.query.person_names import titled_names
from kb.query.provisions import ProvisionReference, parse_provision_reference
from kb.query.question_frame import asked_thing, subject_phrase
from kb.text.normalize import fold_accents, normalize_query


@dataclass
class Turn:
    """One earlier exchange of the conversation.

    ``entities`` may add names the question itself does not show (e.g. the park of the
    cited sources); names written in the question are found automatically. ``answer`` is the
    answer's text ("" when it was refused): a later "công ty đó" / "he" may mean whom it named.
    """

    question: str
    answer: str = ""
    entities: list[str] = field(default_factory=list)


@dataclass
class FollowupContext:
    """A previous question, already made standalone, with what it names."""

    question: str
    entities: list[Entity]
    provision: ProvisionReference | None
    answered: AnswerEntity | None = None  # who or what the answer named ("công ty đó", "he")

    @classmethod
    def of(cls, question: str, extra: list[str], answer: str = "") -> FollowupContext:
        entities = scan_entities(question)
        keys = {e.key for e in entities}
        for name in extra:
            name = normalize_query(name)
            key = fold_accents(name).lower()
            if name and key not in keys:
                entities.append(locate(question, name) or Entity(name=name))
                keys.add(key)
        return cls(question, entities, parse_provision_reference(question), answer_entity(question, answer))

    def referent(self) -> str:
        """What "nó" / "it" stands for: the thing a "What was the … project …?" question asked
        about, else the first name, else the provision."""
        asked = asked_thing(self.question) or subject_phrase(self.question)
        if asked:
            return asked
        # "Nghị định 82/2018 … ban hành ngày nào?" then "giờ nó còn hiệu lực không?": the decree, not
        # a name the answer's sources carried ("Việt Nam").
        written = instruments_written(self.question)
        if written:
            return written[0]
        if self.entities:
            return self.entities[0].full
        return self.provision.describe() if self.provision else ""


def last_entity(contexts: list[FollowupContext]) -> Entity | None:
    for context in reversed(contexts):
        if context.entities:
            return context.entities[0]
    return None


def is_person(entity: Entity, contexts: list[FollowupContext]) -> bool:
    """Whether a question named ``entity`` after a form of address ("Bà Lê Thanh Thảo")."""
    return any(entity.name in titled_names(c.question) for c in contexts)


def last_provision(contexts: list[FollowupContext]) -> FollowupContext | None:
    for context in reversed(contexts):
        if context.provision is not None:
            return context
    return None


def last_referent(contexts: list[FollowupContext]) -> str:
    for context in reversed(contexts):
        if context.referent():
            return context.referent()
    return ""


def in_language(language: str, vi: str, en: str) -> str:
    return en if language == "en" else vi
