"""Errors a person can act on: each says what went wrong, with which item, and what to do."""


class WirewatchError(Exception):
    """Base class: the CLI prints the message on one line, without a traceback."""


class InputError(WirewatchError):
    """An input item (file, URL, record) could not be read."""

    def __init__(self, item: str, reason: str):
        super().__init__(f"{item}: {reason}")
        self.item = item
        self.reason = reason


class ModelError(WirewatchError):
    """The spaCy model is missing or its files do not match the recorded checksums."""


class StoreError(WirewatchError):
    """The store could not be opened, migrated or written."""


class ConfigError(WirewatchError):
    """A setting has a value that cannot be used."""
