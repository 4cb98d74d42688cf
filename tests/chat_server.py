"""Test helpers: the real chat server and a socket.io chat client (shared with the benchmarks)."""

from eval.chat_client import ChatClient, Server, free_port, running_server

__all__ = ["ChatClient", "Server", "free_port", "running_server"]
