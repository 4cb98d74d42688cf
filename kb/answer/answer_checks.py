"""The checks that decide whether the passages found answer the question, in the order they run.

Each check reads the sentence candidates of the passages found and either narrows them (to the
passages about the park, numbered part or instrument asked) or gives the reason to refuse ("the
passages give the total for the three parks, not Amata's share"). The first reason found is the
answer's; "" means the passages answer. :class:`kb.answer.extractive_answerer.ExtractiveAnswerer`
runs them after ranking the sentences and before composing the answer.

Usage::

    candidates, reason = check_candidates(question, "vi", top, candidates, snapshot)
    if reason:
        ...  # refuse, saying why
"""

from __future__ import annotations

from haystack import Document

from kb.answer.acronyms import acronym_reason
from kb.answer.act_object import act_object_reason
from kb.answer.asked_details import asked_detail_reason
from kb.answer.asked_kind import clock_time_reason, place_level_reason
from kb.answer.compared_values import compared_value_reason
from kb.answer.constraint_checks import (
    dated_year_reason,
    exclusive_qualifier_reason,
    numbered_part_candidates,
    part_number_reason,
    who_relation_reason,
)
from kb.answer.count_qualifier import qualified_count_reason
from kb.answer.country_scope import country_candidates
from kb.answer.developer_scope import developer_reason
from kb.answer.disclaimers import disclaimed_reason, hedged_reason
from kb.answer.event_dates import undated_event_reason
from kb.answer.figure_scope import period_value_reason, place_value_reason, planned_value_reason
from kb.answer.measured_substance import unmeasured_substance_reason
from kb.answer.member_alone import member_alone_reason
from kb.answer.name_scope import name_scope_reason
from kb.answer.named_source import named_source_candidates
from kb.answer.office_holders import office_holder_reason, office_role_reason, office_year_reason
from kb.answer.part_relation import part_relation_reason
from kb.answer.part_value import part_value_reason
from kb.answer.per_unit import per_unit_reason
from kb.answer.person_scope import no_person_for_organisation
from kb.answer.place_asked import no_place_reason
from kb.answer.provision_location import provision_location_reason
from kb.answer.refusal_checks import (
    instrument_candidates,
    named_passage_candidates,
    uncounted_reason,
    unmentioned_names_reason,
    value_reason,
)
from kb.answer.sentence_candidates import SentenceCandidate
from kb.answer.share_base import share_base_reason
from kb.answer.speech import unsaid_reason
from kb.answer.stated_figure_year import stated_figure_year_reason
from kb.index.snapshot import IndexSnapshot
from kb.query.question_shape import question_shape


def check_candidates(
    question: str,
    language: str,
    top: list[Document],
    candidates: list[SentenceCandidate],
    snapshot: IndexSnapshot,
    *,
    names: bool = True,
    instruments: bool = True,
    quantities: bool = True,
    values: bool = True,
) -> tuple[list[SentenceCandidate], str]:
    """The candidates left after the checks, and the reason to refuse ("" when none). ``names``,
    ``instruments``, ``quantities``, ``values``: which groups of checks run (all by default; each
    can be switched off to measure it)."""
    if names:
        reason = unmentioned_names_reason(question, language, snapshot, [str(d.meta["doc_id"]) for d in top])
        if reason:
            return candidates, reason
        # A source the question names ("theo hội thảo tổng kết …") answers for itself.
        candidates = named_source_candidates(question, snapshot, candidates)
        candidates, reason = named_passage_candidates(question, language, snapshot, candidates)
        if reason:
            return candidates, reason
        candidates, reason = numbered_part_candidates(question, language, snapshot, candidates)
        if reason:
            return candidates, reason
    if instruments:
        candidates, reason = instrument_candidates(question, language, snapshot, candidates)
        if reason:
            return candidates, reason
    if quantities:
        reason = uncounted_reason(question, language, candidates, snapshot)
        if reason:
            return candidates, reason
    if values:
        shape = question_shape(question)
        # A figure asked of another country, from the documents about it.
        candidates, reason = country_candidates(question, language, shape, candidates, snapshot)
        if reason:
            return candidates, reason
        reason = (
            # A detail asked (a website, a year of birth) says what is missing better than "no figure".
            asked_detail_reason(question, language, candidates)
            or value_reason(question, language, shape, candidates, snapshot)
            or place_value_reason(question, language, shape, candidates, snapshot)
            or planned_value_reason(question, language, shape, candidates)
            or period_value_reason(question, language, shape, candidates)
            or part_value_reason(question, language, shape, candidates)
            or dated_year_reason(language, shape, candidates, snapshot)
            or stated_figure_year_reason(question, language, shape, candidates)
            or undated_event_reason(question, language, shape, candidates, snapshot)
            or exclusive_qualifier_reason(question, language, shape, candidates)
            or member_alone_reason(question, language, shape, candidates)
            or compared_value_reason(question, language, candidates, snapshot)
            or clock_time_reason(question, language, candidates)
            or place_level_reason(question, language, candidates, snapshot)
            or no_place_reason(question, language, shape, candidates, snapshot)
            or developer_reason(question, language, candidates, snapshot)
            or who_relation_reason(question, language, shape, candidates)
            or act_object_reason(question, language, shape, candidates)
            or part_relation_reason(question, language, shape, candidates)
            or no_person_for_organisation(question, candidates, language)
            or provision_location_reason(question, language, candidates)
            or qualified_count_reason(question, language, candidates)
            or unmeasured_substance_reason(question, language, candidates)
            or office_holder_reason(question, language, shape, candidates, snapshot)
            or office_role_reason(question, language, shape, candidates, snapshot)
            or office_year_reason(question, language, shape, candidates, snapshot)
            or share_base_reason(question, language, shape, candidates, snapshot)
            or per_unit_reason(question, language, shape, candidates)
            or name_scope_reason(question, language, shape, candidates)
            or part_number_reason(question, language, candidates)
            or unsaid_reason(question, language, candidates)
            or acronym_reason(question, language, candidates, snapshot)
            or disclaimed_reason(language, candidates)
            or hedged_reason(question, language, candidates)
        )
        if reason:
            return candidates, reason
    return candidates, ""
