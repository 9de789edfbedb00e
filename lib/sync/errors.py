"""What can go wrong in a sync, each with a message a person can act on."""


class SyncError(Exception):
    """A run failed; the message says what failed (never a token)."""


class SyncHTTPError(SyncError):
    """The server could not be reached or kept failing after retries."""


class MalformedAnswer(SyncError):
    """The server answered something that is not the API's shape (bad JSON, missing keys)."""


class ConduitError(SyncError):
    def __init__(self, method: str, code: str, info: str):
        self.method, self.code, self.info = method, code, info
        super().__init__(f"Conduit {method} failed: {code}: {info}")


class ConduitAuthError(ConduitError):
    """A wrong, expired or missing token: retrying will not help."""

    def __init__(self, method: str, code: str, info: str):
        super().__init__(method, code, info)
        self.args = (
            f"Conduit {method} refused the token ({code}): check PHABRICATOR_TOKEN. Not retried. {info}",
        )


class WikiAPIError(SyncError):
    """The MediaWiki API answered with an error object."""
