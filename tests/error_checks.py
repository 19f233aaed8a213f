"""A check for bad-input tests: the error's type, and that its message names the argument.

Tests pin what a user relies on, not the wording: the exception class, the
argument named as a word, and where it matters the bad value shown back.
"""

from __future__ import annotations

import contextlib
import re

import pytest


@contextlib.contextmanager
def raises_naming(error: type[BaseException], argument: str, *shown: str):
    """Expect `error` with a message that names `argument` and contains each of `shown`.

    `argument` must appear as a whole name (``stride`` is not found in
    ``strides`` nor in ``layer.stride``); `shown` are plain substrings, such as
    the bad value's ``repr``.
    """
    with pytest.raises(error) as caught:
        yield caught
    message = str(caught.value)
    named = re.search(rf"(?<![\w.]){re.escape(argument)}(?![\w])", message)
    assert named, f"the message does not name {argument!r}: {message!r}"
    for text in shown:
        assert text in message, f"the message does not show {text!r}: {message!r}"
