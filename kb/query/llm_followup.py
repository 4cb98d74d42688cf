"""The chat's LLM mode: a follow-up made standalone by a chat model when the rules of
:mod:`kb.query.followup` leave it unchanged."""

from __future__ import annotations

from kb.query.followup_context import Turn
from kb.text.normalize import normalize_query

REWRITE_SYSTEM_PROMPT = (
    "Rewrite the user's last question so that it can be understood without the conversation: "
    "replace pronouns and elliptical phrases with what they refer to. Keep its language and meaning; "
    "do not answer it. If it is already self-contained, return it unchanged. "
    "Reply with the question only, on one line."
)


def rewrite_followup_with_llm(
    question: str, history: list[Turn], generator: object, *, max_turns: int = 3
) -> tuple[str, bool]:
    """The standalone question from a chat model (any Haystack chat generator).

    Used in the chat's LLM mode when the rules above leave the question unchanged. A reply
    that is empty, multi-line or much longer than a question is ignored (the question is kept).
    """
    from haystack.dataclasses import ChatMessage

    question = normalize_query(question)
    window = [t for t in history[-max_turns:] if t.question.strip()] if max_turns > 0 else []
    if not question or not window:
        return question, False
    conversation = "\n".join(f"Q: {normalize_query(t.question)}" for t in window)
    messages = [
        ChatMessage.from_system(REWRITE_SYSTEM_PROMPT),
        ChatMessage.from_user(f"Conversation:\n{conversation}\n\nLast question: {question}"),
    ]
    try:
        replies = generator.run(messages=messages)["replies"]  # type: ignore[attr-defined]
        text = normalize_query(replies[0].text or "") if replies else ""
    except Exception:  # an unreachable or failing model must not block the question
        return question, False
    text = text.strip().strip('"“”').strip()
    if not text or "\n" in text or len(text) > max(200, 3 * len(question)) or text == question:
        return question, False
    return text, True
