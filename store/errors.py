"""Errors with messages a person can act on; caught once at each edge (CLI, app)."""


class NewsdeskError(Exception):
    """Base class: its message is meant for the person using Newsdesk."""


class UnreadableArticle(NewsdeskError):
    """A file, URL or pasted text that cannot become an article."""


class FetchFailed(UnreadableArticle):
    """A URL that could not be fetched (refused, unreachable, too large, not HTML)."""


class StoreUnavailable(NewsdeskError):
    """The Chroma store cannot be opened or reached."""


class ArticleNotFound(NewsdeskError):
    """An article id that is not in the store."""


class BadQuestion(NewsdeskError):
    """A question that cannot be answered as asked (empty, far too long)."""
