"""Every question set over ``corpus/`` and its one role (RESULTS.md "Datasets and roles").

``fit``: its failures may be read and tuned on; ``report``: run, never read, never tuned on. A
report set whose failures were read becomes a fit set and says so in its description. The answer
sets hold questions with their gold (``eval/answer_eval.py``); the follow-up sets hold pairs (the
first question, the follow-up as typed) asked in one chat session.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kb.config import REPO_ROOT

DOMAIN_GOLD = REPO_ROOT / "eval" / "domain_gold.jsonl"
DOMAIN_HELDOUT = REPO_ROOT / "eval" / "domain_heldout.jsonl"
DOMAIN_HELDOUT2 = REPO_ROOT / "eval" / "domain_heldout2.jsonl"
DOMAIN_HELDOUT3 = REPO_ROOT / "eval" / "domain_heldout3.jsonl"
DOMAIN_HELDOUT4 = REPO_ROOT / "eval" / "domain_heldout4.jsonl"
DOMAIN_HELDOUT5 = REPO_ROOT / "eval" / "domain_heldout5.jsonl"
DOMAIN_HELDOUT6 = REPO_ROOT / "eval" / "domain_heldout6.jsonl"
DOMAIN_HELDOUT7 = REPO_ROOT / "eval" / "domain_heldout7.jsonl"
DOMAIN_SHAPES = REPO_ROOT / "eval" / "domain_shapes.jsonl"
DOMAIN_GOLD_EN = REPO_ROOT / "eval" / "domain_gold_en.jsonl"
DOMAIN_PROBE = REPO_ROOT / "eval" / "domain_probe.jsonl"
DOMAIN_PROBE2 = REPO_ROOT / "eval" / "domain_probe2.jsonl"
DOMAIN_PROBE3 = REPO_ROOT / "eval" / "domain_probe3.jsonl"
DOMAIN_HELDOUT8 = REPO_ROOT / "eval" / "domain_heldout8.jsonl"
DOMAIN_PROBE4 = REPO_ROOT / "eval" / "domain_probe4.jsonl"
DOMAIN_HELDOUT9 = REPO_ROOT / "eval" / "domain_heldout9.jsonl"
DOMAIN_HELDOUT10 = REPO_ROOT / "eval" / "domain_heldout10.jsonl"
DOMAIN_PROBE5 = REPO_ROOT / "eval" / "domain_probe5.jsonl"
DOMAIN_PROBE6 = REPO_ROOT / "eval" / "domain_probe6.jsonl"
DOMAIN_PROBE7 = REPO_ROOT / "eval" / "domain_probe7.jsonl"
DOMAIN_PROBE8 = REPO_ROOT / "eval" / "domain_probe8.jsonl"
DOMAIN_PROBE9 = REPO_ROOT / "eval" / "domain_probe9.jsonl"
DOMAIN_PROBE10 = REPO_ROOT / "eval" / "domain_probe10.jsonl"
DOMAIN_PROBE11 = REPO_ROOT / "eval" / "domain_probe11.jsonl"
DOMAIN_PROBE12 = REPO_ROOT / "eval" / "domain_probe12.jsonl"
DOMAIN_PROBE13 = REPO_ROOT / "eval" / "domain_probe13.jsonl"
DOMAIN_HELDOUT11 = REPO_ROOT / "eval" / "domain_heldout11.jsonl"
DOMAIN_PROBE15 = REPO_ROOT / "eval" / "domain_probe15.jsonl"
DOMAIN_PROBE16 = REPO_ROOT / "eval" / "domain_probe16.jsonl"
DOMAIN_HELDOUT12 = REPO_ROOT / "eval" / "domain_heldout12.jsonl"
DOMAIN_HELDOUT13 = REPO_ROOT / "eval" / "domain_heldout13.jsonl"
DOMAIN_PROBE17 = REPO_ROOT / "eval" / "domain_probe17.jsonl"
DOMAIN_HELDOUT14 = REPO_ROOT / "eval" / "domain_heldout14.jsonl"
DOMAIN_PROBE18 = REPO_ROOT / "eval" / "domain_probe18.jsonl"
DOMAIN_HELDOUT15 = REPO_ROOT / "eval" / "domain_heldout15.jsonl"
DOMAIN_PROBE19 = REPO_ROOT / "eval" / "domain_probe19.jsonl"
DOMAIN_HELDOUT16 = REPO_ROOT / "eval" / "domain_heldout16.jsonl"
DOMAIN_PROBE20 = REPO_ROOT / "eval" / "domain_probe20.jsonl"
DOMAIN_HELDOUT17 = REPO_ROOT / "eval" / "domain_heldout17.jsonl"
DOMAIN_PROBE21 = REPO_ROOT / "eval" / "domain_probe21.jsonl"
DOMAIN_HELDOUT18 = REPO_ROOT / "eval" / "domain_heldout18.jsonl"
DOMAIN_PROBE22 = REPO_ROOT / "eval" / "domain_probe22.jsonl"
DOMAIN_HELDOUT19 = REPO_ROOT / "eval" / "domain_heldout19.jsonl"
DOMAIN_PROBE23 = REPO_ROOT / "eval" / "domain_probe23.jsonl"
DOMAIN_HELDOUT20 = REPO_ROOT / "eval" / "domain_heldout20.jsonl"
DOMAIN_PROBE24 = REPO_ROOT / "eval" / "domain_probe24.jsonl"
DOMAIN_HELDOUT21 = REPO_ROOT / "eval" / "domain_heldout21.jsonl"

FIT, REPORT = "fit", "report"


@dataclass(frozen=True)
class QuestionSet:
    """A question set and its one role: ``fit`` (failures may be read and tuned on) or ``report``
    (run, never read, never tuned on)."""

    name: str
    path: Path
    role: str
    about: str


# Answer question sets over corpus/, in the order RESULTS.md shows them. The follow-up files hold
# pairs (first question, follow-up as typed) asked in one chat session.
ANSWER_SETS = {
    s.name: s
    for s in (
        QuestionSet("domain", DOMAIN_GOLD, FIT, "the first gold set (107 answerable in Vietnamese, unaccented and English, 14 unanswerable)"),
        QuestionSet("domain-heldout", DOMAIN_HELDOUT, FIT, "set 1: held out once, read and tuned on since 2026-11-23"),
        QuestionSet("domain-shapes", DOMAIN_SHAPES, FIT, "lists, why/how, typed facts, unanswerable-on-topic"),
        QuestionSet("domain-en", DOMAIN_GOLD_EN, FIT, "English wordings of the domain set's Vietnamese questions"),
        QuestionSet(
            "domain-probe",
            DOMAIN_PROBE,
            FIT,
            "35 unanswerable-on-topic questions, each with an answerable twin worded alike, and 20 lists / why questions;"
            " written 2026-12-03 from corpus/ alone, then read and tuned on",
        ),
        QuestionSet(
            "domain-probe2",
            DOMAIN_PROBE2,
            FIT,
            "30 unanswerable-on-topic questions with answerable twins (12 pairs English), 20 lists, 10 why;"
            " written 2026-12-03 from corpus/ alone, then read and tuned on",
        ),
        QuestionSet(
            "domain-probe3",
            DOMAIN_PROBE3,
            FIT,
            "25 unanswerable-on-topic questions with answerable twins (15 pairs English), 10 Vietnamese questions"
            " answered only by the English case studies, 15 lists; written 2026-12-03 (fifth session) from corpus/"
            " alone, run once before it was read, then tuned on",
        ),
        QuestionSet(
            "domain-probe4",
            DOMAIN_PROBE4,
            FIT,
            "30 questions in everyday wording (\"rộng bao nhiêu\", \"how big\"), 20 cross-lingual (Vietnamese"
            " questions answered only in English sources and the reverse), 10 unanswerable twin pairs, 10 lists;"
            " written 2026-12-03 (sixth session) from corpus/ alone, run once before it was read, then tuned on",
        ),
        QuestionSet(
            "domain-probe5",
            DOMAIN_PROBE5,
            FIT,
            "the types whose fit figures carried over least: 20 provisions, 10 definitions, 12 dates, 12 why, 8"
            " yes-no / status, 20 unanswerable twins; written 2026-12-03 (eighth session) from corpus/ alone, run"
            " once before it was read, then tuned on",
        ),
        QuestionSet(
            "domain-probe6",
            DOMAIN_PROBE6,
            FIT,
            "refusal twins: 40 pairs of an answerable question and an unanswerable one that differs minimally"
            " (who, date, amount, another park, another year, provision, an attribute, where / yes-no), 16"
            " unaccented, 8 English; written 2026-12-04 (ninth session) from corpus/ alone, run once before it"
            " was read, then tuned on",
        ),
        QuestionSet(
            "domain-probe7",
            DOMAIN_PROBE7,
            FIT,
            "20 lists (every item recorded), 10 why / benefits / difficulties over several sentences, 15 English"
            " questions on Vietnamese documents, 10 unaccented, 20 unanswerable twins; written 2026-12-04"
            " (thirteenth session) from corpus/ alone, run once before it was read, then tuned on",
        ),
        QuestionSet(
            "domain-probe8",
            DOMAIN_PROBE8,
            FIT,
            "80 questions over all 11 documents, favouring passages earlier sets used less: 15 lists, 8 why, 15"
            " English, 15 unaccented, 20 unanswerable twins, the rest who / amount / count / date / comparison;"
            " written 2026-12-04 (fourteenth session) from corpus/ alone, run once at ad272b1 before it was read,"
            " then tuned on",
        ),
        QuestionSet(
            "domain-probe9",
            DOMAIN_PROBE9,
            FIT,
            "80 questions over all 11 documents, favouring middle and late paragraphs, tables and numbered"
            " criteria: 15 lists, 8 why, 15 English, 15 unaccented, 20 unanswerable twins; written 2026-12-04"
            " (fifteenth session) from corpus/ alone, run once at f5a6c41 before it was read, then tuned on",
        ),
        QuestionSet(
            "domain-probe10",
            DOMAIN_PROBE10,
            FIT,
            "80 questions over all 11 documents, favouring answers over two or three sentences, what a speaker"
            " said, comparisons and short questions that name no document: 15 lists, 8 why, 15 English, 15"
            " unaccented, 20 unanswerable twins; written 2026-12-04 (sixteenth session) from corpus/ alone, run"
            " once at c4d998b before it was read, then tuned on",
        ),
        QuestionSet(
            "domain-probe11",
            DOMAIN_PROBE11,
            FIT,
            "80 questions over all 11 documents, mostly lists (30: numbered, bulleted, inline, spread over"
            " sentences, asked with other words than the source's) and 10 why; 15 English, 15 unaccented, 20"
            " unanswerable twins (lists only counted, another park or year, a breakdown); written 2026-12-04"
            " (seventeenth session) from corpus/ alone, run once at 3c82877 before it was read, then tuned on",
        ),
        QuestionSet(
            "domain-probe12",
            DOMAIN_PROBE12,
            FIT,
            "60 questions over all 11 documents: 12 unaccented, 12 English (dates in English words, periods),"
            " 8 who (chaired, attended, spoke, funded), 8 lists, 5 why, 15 unanswerable twins; written"
            " 2026-12-04 (eighteenth session) from corpus/ alone, run once at 8589dea before it was read",
        ),
        QuestionSet(
            "domain-probe13",
            DOMAIN_PROBE13,
            FIT,
            "60 questions over all 11 documents in the report sets' proportions: 11 lists, 9 amounts, 8 counts,"
            " 6 why, 5 dates, 5 who, 2 provisions, 2 comparisons; 12 English, 9 unaccented, 12 unanswerable"
            " twins; written 2026-12-05 (nineteenth session) from corpus/ alone, run once at fec16ce before it"
            " was read",
        ),
        QuestionSet(
            "domain-probe15",
            DOMAIN_PROBE15,
            FIT,
            "60 questions: 12 unanswerable twins, 10 lists, 6 why, 10 Vietnamese questions answered by the English"
            " fact sheets, 12 English over the Vietnamese reports, 8 unaccented; written 2026-12-05 (twenty-first"
            " session) from corpus/ alone, run once at f1856e0 before it was read",
        ),
        QuestionSet(
            "domain-probe16",
            DOMAIN_PROBE16,
            FIT,
            "60 questions: 16 English over the Vietnamese reports, 8 Vietnamese questions answered by the English"
            " documents, 12 unanswerable twins, 8 lists, 5 why, 8 unaccented, paraphrased who/when/how much;"
            " written 2026-12-05 (twenty-second session) from corpus/ alone, run once at 333aa40 before it was read",
        ),
        QuestionSet(
            "domain-probe17",
            DOMAIN_PROBE17,
            FIT,
            "60 questions: 28 English over the Vietnamese reports (4 unanswerable), 8 Vietnamese questions answered"
            " by the English documents, 12 unanswerable (8 twins), 9 lists, 6 why, 11 who, 8 unaccented; written"
            " 2026-12-05 (twenty-third session) from corpus/ alone, run once at 8df21c2 before it was read",
        ),
        QuestionSet(
            "domain-probe18",
            DOMAIN_PROBE18,
            FIT,
            "60 questions: 36 Vietnamese typed as participants and ministry staff type them (colloquial, indirect,"
            " paraphrased, two facts at once), 10 unaccented, 14 English; 13 lists, 8 why, 12 unanswerable"
            " (8 twins); written 2026-12-05 (twenty-fourth session) from corpus/ alone, run once at 8093ccd"
            " before it was read",
        ),
        QuestionSet(
            "domain-probe19",
            DOMAIN_PROBE19,
            FIT,
            "60 questions: 34 Vietnamese, 10 unaccented, 16 English (13 over the Vietnamese reports), 14 Vietnamese"
            " over the English documents; 12 lists, 8 why, 12 dates, 7 provisions asked as ministry staff ask ('quy"
            " định ở điều nào?'), 12 unanswerable (8 twins); written 2026-12-05 (twenty-fifth session) from corpus/"
            " alone, run once at 8b1396a before it was read",
        ),
        QuestionSet(
            "domain-probe20",
            DOMAIN_PROBE20,
            FIT,
            "60 questions: 34 Vietnamese, 10 unaccented, 16 English (13 over the Vietnamese reports), 12 Vietnamese"
            " over the English documents; 12 lists, 8 why with reasons over several paragraphs, counts asked with"
            " each item, 12 unanswerable (8 twins); written 2026-12-05 (twenty-sixth session) from corpus/ alone,"
            " run once at 1a11285 before it was read",
        ),
        QuestionSet(
            "domain-probe21",
            DOMAIN_PROBE21,
            FIT,
            "60 questions: 34 Vietnamese, 10 unaccented, 16 English (13 over the Vietnamese reports), 12 Vietnamese"
            " over the English documents; 12 lists, 8 why, about 20 asking two facts at once, facts first under a"
            " heading, provisions asked in shorthand ('nđ35 điều mấy'), 12 unanswerable (8 twins); written"
            " 2026-12-05 (twenty-seventh session) from corpus/ alone, run once at 383f591 before it was read",
        ),
        QuestionSet(
            "domain-probe22",
            DOMAIN_PROBE22,
            FIT,
            "60 questions: 34 Vietnamese, 10 unaccented, 16 English (all over the Vietnamese reports), 12"
            " Vietnamese over the English documents; 12 lists, 8 why, questions naming one source where another"
            " gives a different value, two asks of one kind, composition ('gồm những gì'), chat shorthand ('kcn',"
            " 'ko', 'bn'), 12 unanswerable (8 twins); written 2026-12-06 (twenty-eighth session) from corpus/"
            " alone, run once at 2682e18 before it was read",
        ),
        QuestionSet(
            "domain-probe23",
            DOMAIN_PROBE23,
            FIT,
            "60 questions: 34 Vietnamese, 10 unaccented, 16 English; 12 lists, 8 why, English questions over"
            " the Vietnamese reports where a second document gives a different list or figure, durations and"
            " periods, definitions ('là gì', 'what is'), unanswerable English questions next to a figure the"
            " Kalundborg and Ulsan case studies give, 12 unanswerable (11 twins); written 2026-12-06"
            " (twenty-ninth session) from corpus/ alone, run once at 211b4c0 before it was read",
        ),
        QuestionSet(
            "domain-probe24",
            DOMAIN_PROBE24,
            FIT,
            "60 questions: 36 Vietnamese (long formal ones with several conditions, very short ones), 10"
            " unaccented, 14 English; 12 lists (a list under a heading the question names, next to another list"
            " on the same subject), 8 why, questions about a named document (who wrote it, when, what for), 14"
            " unanswerable (13 twins, 10 Vietnamese); written 2026-12-06 (thirtieth session) from corpus/ alone,"
            " run once at 7184c71 before it was read",
        ),
        QuestionSet("domain-heldout2", DOMAIN_HELDOUT2, REPORT, "set 2: never read, never tuned on"),
        QuestionSet("domain-heldout3", DOMAIN_HELDOUT3, REPORT, "set 3: written before this wave's changes, never read"),
        QuestionSet("domain-heldout4", DOMAIN_HELDOUT4, REPORT, "set 4: written 2026-12-03 from corpus/ alone, never read"),
        QuestionSet(
            "domain-heldout5", DOMAIN_HELDOUT5, REPORT, "set 5: written 2026-12-03 (third session) from corpus/ alone, never read"
        ),
        QuestionSet(
            "domain-heldout6", DOMAIN_HELDOUT6, REPORT, "set 6: written 2026-12-03 (fourth session) from corpus/ alone, never read"
        ),
        QuestionSet(
            "domain-heldout7",
            DOMAIN_HELDOUT7,
            REPORT,
            "set 7: written 2026-12-03 (fourth session) from corpus/ alone, 30 unanswerable and 30 answerable"
            " questions worded alike; never read",
        ),
        QuestionSet(
            "domain-heldout8",
            DOMAIN_HELDOUT8,
            REPORT,
            "set 8: written 2026-12-03 (fifth session) from corpus/ alone, 20 unanswerable, 20 lists, 25 English;"
            " never read",
        ),
        QuestionSet(
            "domain-heldout9",
            DOMAIN_HELDOUT9,
            REPORT,
            "set 9: written 2026-12-03 (sixth session) from corpus/ alone, 20 unanswerable, 20 lists, 20 English,"
            " everyday wordings; never read",
        ),
        QuestionSet(
            "domain-heldout10",
            DOMAIN_HELDOUT10,
            REPORT,
            "set 10: written 2026-12-03 (seventh session) from corpus/ alone, 20 unanswerable (13 twins), 20 lists,"
            " 20 English, 15 unaccented, 10 why; never read",
        ),
        QuestionSet(
            "domain-heldout11",
            DOMAIN_HELDOUT11,
            REPORT,
            "set 11: written 2026-12-03 (eighth session) from corpus/ alone, 20 unanswerable (12 or more twins), 20"
            " lists, 20 English, 15 unaccented, 10 why; answered by the session's start (bf5f899) before any change"
            " was measured on it; never read",
        ),
        QuestionSet(
            "domain-heldout12",
            DOMAIN_HELDOUT12,
            REPORT,
            "set 12: written 2026-12-05 (twenty-first session) from corpus/ alone, 16 unanswerable, 16 lists,"
            " 8 why, 16 English, 12 unaccented, 11 Vietnamese questions over the English fact sheets; answered by"
            " the session's start (f1856e0) before any change was measured on it; never read",
        ),
        QuestionSet(
            "domain-heldout13",
            DOMAIN_HELDOUT13,
            REPORT,
            "set 13: written 2026-12-05 (twenty-second session) from corpus/ alone, 16 unanswerable (13 twins),"
            " 16 lists, 8 why, 22 English, 12 unaccented, 10 Vietnamese questions over the English documents;"
            " answered by the session's start (333aa40) before any change was measured on it; never read",
        ),
        QuestionSet(
            "domain-heldout14",
            DOMAIN_HELDOUT14,
            REPORT,
            "set 14: written 2026-12-05 (twenty-third session) from corpus/ alone, 16 unanswerable (12 twins),"
            " 16 lists, 8 why, 22 English, 12 unaccented, 10 Vietnamese questions over the English documents;"
            " answered by the session's start (8df21c2) before any change was measured on it; never read",
        ),
        QuestionSet(
            "domain-heldout15",
            DOMAIN_HELDOUT15,
            REPORT,
            "set 15: written 2026-12-05 (twenty-fourth session) from corpus/ alone, 16 unanswerable (12 twins),"
            " 16 lists, 8 why, 22 English (12 over the Vietnamese reports), 12 unaccented, 15 Vietnamese"
            " questions over the English documents; answered by the session's start (8093ccd) before any"
            " change was measured on it; never read",
        ),
        QuestionSet(
            "domain-heldout16",
            DOMAIN_HELDOUT16,
            REPORT,
            "set 16: written 2026-12-05 (twenty-fifth session) from corpus/ alone, 16 unanswerable (12 twins),"
            " 16 lists, 8 why, 22 English (13 over the Vietnamese reports), 12 unaccented, 12 Vietnamese"
            " questions over the English documents; answered by the session's start (8b1396a) before any"
            " change was measured on it; never read",
        ),
        QuestionSet(
            "domain-heldout17",
            DOMAIN_HELDOUT17,
            REPORT,
            "set 17: written 2026-12-05 (twenty-sixth session) from corpus/ alone, 16 unanswerable (12 twins),"
            " 16 lists, 8 why, 22 English (13 over the Vietnamese reports), 12 unaccented, 16 Vietnamese"
            " questions over the English documents; answered by the session's start (1a11285) before any"
            " change was measured on it; never read",
        ),
        QuestionSet(
            "domain-heldout18",
            DOMAIN_HELDOUT18,
            REPORT,
            "set 18: written 2026-12-05 (twenty-seventh session) from corpus/ alone, 16 unanswerable (12 twins),"
            " 16 lists, 8 why, 22 English (16 over the Vietnamese reports), 12 unaccented, 19 Vietnamese"
            " questions over the English documents; answered by the session's start (383f591) before any"
            " change was measured on it; never read",
        ),
        QuestionSet(
            "domain-heldout19",
            DOMAIN_HELDOUT19,
            REPORT,
            "set 19: written 2026-12-06 (twenty-eighth session) from corpus/ alone, 16 unanswerable (12 twins),"
            " 16 lists, 8 why, 22 English (16 over the Vietnamese reports), 12 unaccented, 18 Vietnamese"
            " questions over the English documents; answered by the session's start (2682e18) before any"
            " change was measured on it; never read",
        ),
        QuestionSet(
            "domain-heldout20",
            DOMAIN_HELDOUT20,
            REPORT,
            "set 20: written 2026-12-06 (twenty-ninth session) from corpus/ alone, 16 unanswerable (14 twins),"
            " 16 lists, 8 why, 22 English (17 over the Vietnamese reports), 12 unaccented, 24 Vietnamese"
            " questions over the English or bilingual documents; answered by the session's start (211b4c0)"
            " before any change was measured on it; never read",
        ),
        QuestionSet(
            "domain-heldout21",
            DOMAIN_HELDOUT21,
            REPORT,
            "set 21: written 2026-12-06 (thirtieth session) from corpus/ alone, 16 unanswerable (14 twins),"
            " 16 lists, 8 why, 22 English (15 over the Vietnamese reports), 12 unaccented, 19 Vietnamese"
            " questions over the English or bilingual documents; answered by the session's start (7184c71)"
            " before any change was measured on it; never read",
        ),
    )
}
FOLLOWUP_SETS = {
    s.name: s
    for s in (
        QuestionSet("shapes-followups", REPO_ROOT / "eval" / "domain_shapes_followups.jsonl", FIT, "15 pairs"),
        QuestionSet("probe-followups", REPO_ROOT / "eval" / "domain_probe_followups.jsonl", FIT, "15 pairs, written 2026-12-03"),
        QuestionSet("probe2-followups", REPO_ROOT / "eval" / "domain_probe2_followups.jsonl", FIT, "15 pairs, written 2026-12-03"),
        QuestionSet(
            "probe3-followups", REPO_ROOT / "eval" / "domain_probe3_followups.jsonl", FIT, "20 pairs, written 2026-12-03"
        ),
        QuestionSet(
            "probe4-followups", REPO_ROOT / "eval" / "domain_probe4_followups.jsonl", FIT, "30 pairs, written 2026-12-03"
        ),
        QuestionSet(
            "probe7-followups",
            REPO_ROOT / "eval" / "domain_probe7_followups.jsonl",
            FIT,
            "40 pairs (subject, place, pronoun, answer entity, English 'and the …?', 'more', 6 unanswerable), written"
            " 2026-12-04",
        ),
        QuestionSet(
            "probe8-followups",
            REPO_ROOT / "eval" / "domain_probe8_followups.jsonl",
            FIT,
            "40 pairs (subject, place, year, attribute, pronoun, answer entity, 'more', 6 unanswerable; 13"
            " English, 11 unaccented), written 2026-12-04",
        ),
        QuestionSet(
            "probe9-followups",
            REPO_ROOT / "eval" / "domain_probe9_followups.jsonl",
            FIT,
            "40 pairs (subject, place, year, attribute, pronoun, answer entity, 'more', English 'and …?', 6"
            " unanswerable; 16 English, 12 unaccented), written 2026-12-04 (fifteenth session)",
        ),
        QuestionSet(
            "probe10-followups",
            REPO_ROOT / "eval" / "domain_probe10_followups.jsonl",
            FIT,
            "40 pairs (11 answer entity, attribute, subject, year, place, pronoun, 'more', English 'and …?', 6"
            " unanswerable; 15 English, 13 unaccented), written 2026-12-04 (sixteenth session)",
        ),
        QuestionSet(
            "probe11-followups",
            REPO_ROOT / "eval" / "domain_probe11_followups.jsonl",
            FIT,
            "40 pairs (11 'more' after a list, subject, place, year, attribute, pronoun, answer entity, English"
            " 'and …?', 6 unanswerable; 12 English, 10 unaccented), written 2026-12-04 (seventeenth session)",
        ),
        QuestionSet(
            "probe12-followups",
            REPO_ROOT / "eval" / "domain_probe12_followups.jsonl",
            FIT,
            "60 pairs (14 'more', 8 English 'and …?', 6 'còn về …', 4 'đó là …', 12 switches, 6 pronoun or"
            " answer entity, 10 unanswerable; 16 English), written 2026-12-04 (eighteenth session) to ablate"
            " the seventeenth session's follow-up changes, run once at 8589dea before it was read",
        ),
        QuestionSet(
            "probe13-followups",
            REPO_ROOT / "eval" / "domain_probe13_followups.jsonl",
            FIT,
            "40 pairs in the report sets' kinds (8 place, 6 year, 6 pronoun, 6 answer entity, 5 subjectless,"
            " 4 subject, 3 attribute, 2 'more'; 8 unanswerable; 12 English, 5 unaccented), written 2026-12-05"
            " (nineteenth session) from corpus/ alone, run once at fec16ce before it was read",
        ),
        QuestionSet(
            "probe14-followups",
            REPO_ROOT / "eval" / "domain_probe14_followups.jsonl",
            FIT,
            "60 pairs in the report sets' kinds (12 place, 9 pronoun, 8 subject, 8 year, 8 subjectless,"
            " 6 'more', 5 answer entity, 4 attribute; 13 unanswerable; 18 English, 10 unaccented), written"
            " 2026-12-05 (twentieth session) from corpus/ alone to ablate the nineteenth session's follow-up"
            " changes, run once at 76714cf (and at fec16ce) before it was read",
        ),
        QuestionSet(
            "probe16-followups",
            REPO_ROOT / "eval" / "domain_probe16_followups.jsonl",
            FIT,
            "16 pairs, two of each kind (place, year, pronoun, subjectless, 'more', answer entity, subject,"
            " attribute); 4 unanswerable; 5 English), written 2026-12-05 (twenty-second session) from corpus/"
            " alone, run once at 333aa40 before it was read",
        ),
        QuestionSet(
            "probe17-followups",
            REPO_ROOT / "eval" / "domain_probe17_followups.jsonl",
            FIT,
            "16 pairs, two of each kind (place, subject, year, pronoun, subjectless, 'more', answer entity,"
            " attribute); 3 unanswerable; 5 English), written 2026-12-05 (twenty-third session) from corpus/"
            " alone, run once at 8df21c2 before it was read",
        ),
        QuestionSet(
            "probe18-followups",
            REPO_ROOT / "eval" / "domain_probe18_followups.jsonl",
            FIT,
            "16 pairs, two of each kind (place, subject, year, pronoun, subjectless, 'more', answer entity,"
            " attribute); 3 unanswerable), written 2026-12-05 (twenty-fourth session) from corpus/ alone, run"
            " once at 8093ccd before it was read",
        ),
        QuestionSet(
            "probe19-followups",
            REPO_ROOT / "eval" / "domain_probe19_followups.jsonl",
            FIT,
            "16 pairs, two of each kind (place, subject, year, pronoun, subjectless, 'more', answer entity,"
            " attribute); 3 unanswerable; 8 English, short ones among them ('total budget?')), written 2026-12-05"
            " (twenty-fifth session) from corpus/ alone, run once at 8b1396a before it was read",
        ),
        QuestionSet(
            "probe20-followups",
            REPO_ROOT / "eval" / "domain_probe20_followups.jsonl",
            FIT,
            "16 pairs, two of each kind; 3 unanswerable; 9 English, short ones without function words ('start"
            " date?'), written 2026-12-05 (twenty-sixth session) from corpus/ alone, run once at 1a11285 before"
            " it was read",
        ),
        QuestionSet(
            "probe21-followups",
            REPO_ROOT / "eval" / "domain_probe21_followups.jsonl",
            FIT,
            "16 pairs, two of each kind; 3 unanswerable; 8 English, short ones ('since when?'), written 2026-12-05"
            " (twenty-seventh session) from corpus/ alone, run once at 383f591 before it was read",
        ),
        QuestionSet(
            "probe22-followups",
            REPO_ROOT / "eval" / "domain_probe22_followups.jsonl",
            FIT,
            "16 pairs, two of each kind; 3 unanswerable; 8 English, short ones ('total budget?', 'any others?'),"
            " written 2026-12-06 (twenty-eighth session) from corpus/ alone, run once at 2682e18 before it was read",
        ),
        QuestionSet(
            "probe23-followups",
            REPO_ROOT / "eval" / "domain_probe23_followups.jsonl",
            FIT,
            "16 pairs, two of each kind; 4 unanswerable; 5 English; follow-ups that change the place or the year"
            " after a first question naming a source, written 2026-12-06 (twenty-ninth session) from corpus/"
            " alone, run once at 211b4c0 before it was read",
        ),
        QuestionSet(
            "probe24-followups",
            REPO_ROOT / "eval" / "domain_probe24_followups.jsonl",
            FIT,
            "16 pairs, two of each kind; 4 unanswerable; 6 English; 'more', answer-entity and attribute"
            " follow-ups over lists and people of the workshop reports, written 2026-12-06 (thirtieth session)"
            " from corpus/ alone, run once at 7184c71 before it was read",
        ),
        QuestionSet("heldout3-followups", REPO_ROOT / "eval" / "domain_heldout3_followups.jsonl", REPORT, "13 pairs"),
        QuestionSet("heldout4-followups", REPO_ROOT / "eval" / "domain_heldout4_followups.jsonl", REPORT, "15 pairs, written 2026-12-03"),
        QuestionSet(
            "heldout5-followups", REPO_ROOT / "eval" / "domain_heldout5_followups.jsonl", REPORT, "17 pairs, written 2026-12-03"
        ),
        QuestionSet(
            "heldout6-followups", REPO_ROOT / "eval" / "domain_heldout6_followups.jsonl", REPORT, "16 pairs, written 2026-12-03"
        ),
        QuestionSet(
            "heldout7-followups", REPO_ROOT / "eval" / "domain_heldout7_followups.jsonl", REPORT, "16 pairs, written 2026-12-03"
        ),
        QuestionSet(
            "heldout8-followups", REPO_ROOT / "eval" / "domain_heldout8_followups.jsonl", REPORT, "16 pairs, written 2026-12-03"
        ),
        QuestionSet(
            "heldout9-followups", REPO_ROOT / "eval" / "domain_heldout9_followups.jsonl", REPORT, "20 pairs, written 2026-12-03"
        ),
        QuestionSet(
            "heldout10-followups", REPO_ROOT / "eval" / "domain_heldout10_followups.jsonl", REPORT, "20 pairs, written 2026-12-03"
        ),
        QuestionSet(
            "heldout11-followups", REPO_ROOT / "eval" / "domain_heldout11_followups.jsonl", REPORT, "20 pairs, written 2026-12-03"
        ),
        QuestionSet(
            "heldout12-followups",
            REPO_ROOT / "eval" / "domain_heldout12_followups.jsonl",
            REPORT,
            "48 pairs in the report sets' kinds (10 place, 7 pronoun, 7 subject, 7 year, 5 subjectless,"
            " 4 answer entity, 4 'more', 4 attribute; 10 unanswerable; 15 English, 8 unaccented), written"
            " 2026-12-05 (twentieth session) from corpus/ alone; never read",
        ),
        QuestionSet(
            "heldout13-followups",
            REPO_ROOT / "eval" / "domain_heldout13_followups.jsonl",
            REPORT,
            "24 pairs, three of each kind (place, subject, year, pronoun, subjectless, 'more', answer entity,"
            " attribute); 6 unanswerable; 8 English), written 2026-12-05 (twenty-second session) from corpus/"
            " alone; never read",
        ),
        QuestionSet(
            "heldout14-followups",
            REPO_ROOT / "eval" / "domain_heldout14_followups.jsonl",
            REPORT,
            "24 pairs, three of each kind (place, subject, year, pronoun, subjectless, 'more', answer entity,"
            " attribute); 4 unanswerable; 7 English), written 2026-12-05 (twenty-third session) from corpus/"
            " alone; never read",
        ),
        QuestionSet(
            "heldout15-followups",
            REPO_ROOT / "eval" / "domain_heldout15_followups.jsonl",
            REPORT,
            "24 pairs, three of each kind (place, subject, year, pronoun, subjectless, 'more', answer entity,"
            " attribute); 4 unanswerable; 8 English), written 2026-12-05 (twenty-fourth session) from corpus/"
            " alone; never read",
        ),
        QuestionSet(
            "heldout16-followups",
            REPO_ROOT / "eval" / "domain_heldout16_followups.jsonl",
            REPORT,
            "24 pairs, three of each kind (place, subject, year, pronoun, subjectless, 'more', answer entity,"
            " attribute); 4 unanswerable; 9 English), written 2026-12-05 (twenty-fifth session) from corpus/"
            " alone; never read",
        ),
        QuestionSet(
            "heldout17-followups",
            REPO_ROOT / "eval" / "domain_heldout17_followups.jsonl",
            REPORT,
            "24 pairs, three of each kind (place, subject, year, pronoun, subjectless, 'more', answer entity,"
            " attribute); 4 unanswerable; 10 English), written 2026-12-05 (twenty-sixth session) from corpus/"
            " alone; never read",
        ),
        QuestionSet(
            "heldout18-followups",
            REPO_ROOT / "eval" / "domain_heldout18_followups.jsonl",
            REPORT,
            "24 pairs, three of each kind (place, subject, year, pronoun, subjectless, 'more', answer entity,"
            " attribute); 4 unanswerable; 10 English), written 2026-12-05 (twenty-seventh session) from corpus/"
            " alone; never read",
        ),
        QuestionSet(
            "heldout19-followups",
            REPO_ROOT / "eval" / "domain_heldout19_followups.jsonl",
            REPORT,
            "24 pairs, three of each kind (place, subject, year, pronoun, subjectless, 'more', answer entity,"
            " attribute); 4 unanswerable; 8 English), written 2026-12-06 (twenty-eighth session) from corpus/"
            " alone; never read",
        ),
        QuestionSet(
            "heldout20-followups",
            REPO_ROOT / "eval" / "domain_heldout20_followups.jsonl",
            REPORT,
            "24 pairs, three of each kind (place, subject, year, pronoun, subjectless, 'more', answer entity,"
            " attribute); 6 unanswerable; 8 English), written 2026-12-06 (twenty-ninth session) from corpus/"
            " alone; never read",
        ),
        QuestionSet(
            "heldout21-followups",
            REPO_ROOT / "eval" / "domain_heldout21_followups.jsonl",
            REPORT,
            "24 pairs, three of each kind (place, subject, year, pronoun, subjectless, 'more', answer entity,"
            " attribute); 6 unanswerable; 10 English, written 2026-12-06 (thirtieth session) from corpus/"
            " alone; never read",
        ),
    )
}
