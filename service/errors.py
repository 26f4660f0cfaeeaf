"""briefing's exceptions, all in one tree.

    BriefingError
    ├── ConfigError            a setting is missing or wrong; says which to set
    │   └── ModelLoadError     the model named by BRIEFING_MODEL cannot be loaded
    ├── InputError             the caller sent something we cannot summarize (4xx)
    │   ├── EmptyTextError
    │   ├── TextTooLongError
    │   └── FetchError         a URL could not be fetched or held no article text
    ├── NotFoundError          an id that does not exist (404)
    ├── ConflictError          not possible in the resource's present state (409)
    ├── AccessError            the request may not go further
    │   ├── NotAuthenticatedError  no key, or an unknown or revoked one (401)
    │   ├── ForbiddenError         the key lacks the scope (403)
    │   ├── RateLimitedError       the key is over its rate or long-poll cap (429)
    │   └── BodyTooLargeError      the request body is over BRIEFING_MAX_BODY_BYTES (413)
    ├── PromptError            a prompt file is malformed or a variable is missing
    └── EngineError            the engine failed on an input
        └── TransientEngineError   worth retrying (out of memory, broker hiccup)

Translate only at the edges: HTTP statuses in the API, exit codes in the CLI,
retry-or-fail in Celery tasks.
"""


class BriefingError(Exception):
    """Base of every error briefing raises on purpose."""


class ConfigError(BriefingError):
    """A setting is missing or wrong; the message names the setting."""


class ModelLoadError(ConfigError):
    """The configured model cannot be loaded."""


class InputError(BriefingError):
    """The input cannot be summarized as given."""


class EmptyTextError(InputError):
    """The article has no text once cleaned."""


class TextTooLongError(InputError):
    """The article text is over ``BRIEFING_MAX_TEXT_CHARS``."""


class FetchError(InputError):
    """A URL could not be fetched, or it held no article text."""


class NotFoundError(BriefingError):
    """No row with that id."""


class ConflictError(BriefingError):
    """Not possible now: e.g. approving a summary that has no finished version."""


class AccessError(BriefingError):
    """The request may not go further (auth, scopes, limits)."""


class NotAuthenticatedError(AccessError):
    """No API key, or one that is unknown or revoked."""


class ForbiddenError(AccessError):
    """The API key lacks the scope the endpoint needs."""


class RateLimitedError(AccessError):
    """The key is over its rate limit or its long-poll cap."""

    def __init__(self, message: str, retry_after_s: int) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


class BodyTooLargeError(AccessError):
    """The request body is over ``BRIEFING_MAX_BODY_BYTES``."""


class PromptError(BriefingError):
    """A prompt file is malformed, or rendering it lacks a variable."""


class EngineError(BriefingError):
    """The engine failed on an input; retrying will not help."""


class TransientEngineError(EngineError):
    """The engine failed for a reason that may pass; retry with backoff."""
