"""The chat server side of the Chainlit app (``app/app.py``): conversations, source panels, users,
uploads, history. Knowledge-base logic lives in ``kb``; this package only adapts it to a chat."""
