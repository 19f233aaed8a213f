"""raises_naming, the check of the bad-input tests, fails where it should."""

import pytest
from error_checks import raises_naming


def test_passes_when_the_message_names_the_argument_and_shows_the_value():
    with raises_naming(ValueError, "stride", "got 0") as caught:
        raise ValueError("stride must be a positive integer; got 0")
    assert caught.type is ValueError


def test_fails_when_the_argument_is_only_part_of_a_longer_name():
    with pytest.raises(AssertionError, match="does not name 'stride'"):
        with raises_naming(ValueError, "stride"):
            raise ValueError("strides must be positive; got 0")


def test_fails_when_the_value_is_not_shown():
    with pytest.raises(AssertionError, match="does not show 'got 0'"):
        with raises_naming(ValueError, "stride", "got 0"):
            raise ValueError("stride must be a positive integer")


def test_fails_on_another_exception_type():
    with pytest.raises(TypeError):
        with raises_naming(ValueError, "stride"):
            raise TypeError("stride must be an integer; got '2'")


def test_fails_when_nothing_is_raised():
    with pytest.raises(pytest.fail.Exception):
        with raises_naming(ValueError, "stride"):
            pass
