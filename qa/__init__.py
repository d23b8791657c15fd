"""Newsdesk question answering: hybrid retrieval and extractive answers with verbatim citations."""

from qa.assistant import Assistant, check_question
from qa.models import Answer, Citation
from store.filters import Filters

__all__ = ["Answer", "Assistant", "Citation", "Filters", "check_question"]
