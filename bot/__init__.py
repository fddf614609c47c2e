"""Telegram front end of Pandu Migran: the only package that imports ``telegram``.

It reaches the assistant over HTTP only (Rasa's REST channel).
"""

from bot.conversation import Conversation
from bot.identity import sender_id
from bot.rasa_client import AssistantUnavailable, Button, RasaClient, Reply
from bot.settings import BotSettings

__all__ = ["AssistantUnavailable", "BotSettings", "Button", "Conversation", "RasaClient", "Reply",
           "sender_id"]
