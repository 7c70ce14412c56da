import pytest
from django.core.exceptions import ValidationError

from accounts.identity import is_valid_dni, is_valid_nie, normalize_document, validate_document
from accounts.models import DocumentType


@pytest.mark.parametrize("value", ["12345678Z", "87654321X", "00000000T", " 12.345.678-z "])
def test_valid_dni_is_accepted_and_normalised(value):
    assert is_valid_dni(value)
    assert validate_document(DocumentType.DNI, value) == normalize_document(value)


def test_dni_is_normalised_to_upper_case_without_separators():
    assert validate_document(DocumentType.DNI, " 12.345.678-z ") == "12345678Z"


@pytest.mark.parametrize("value", ["12345678A", "87654321Z", "00000000R"])
def test_dni_with_wrong_letter_is_refused_with_letter_message(value):
    with pytest.raises(ValidationError) as excinfo:
        validate_document(DocumentType.DNI, value)
    assert excinfo.value.code == "dni_letter"
    assert "letter" in excinfo.value.messages[0]


@pytest.mark.parametrize("value", ["1234567Z", "123456789Z", "ABCDEFGHZ", "", "X1234567L"])
def test_dni_with_wrong_shape_is_refused_with_format_message(value):
    with pytest.raises(ValidationError) as excinfo:
        validate_document(DocumentType.DNI, value)
    assert excinfo.value.code == "dni_format"


@pytest.mark.parametrize("value", ["X1234567L", "Y1234567X", "Z1234567R", "x-1234567-l"])
def test_valid_nie_with_each_prefix_is_accepted(value):
    assert is_valid_nie(value)
    assert validate_document(DocumentType.NIE, value) == normalize_document(value)


@pytest.mark.parametrize("value", ["X1234567A", "Y1234567L", "Z1234567X"])
def test_nie_with_wrong_letter_is_refused(value):
    with pytest.raises(ValidationError) as excinfo:
        validate_document(DocumentType.NIE, value)
    assert excinfo.value.code == "nie_letter"


@pytest.mark.parametrize("value", ["A1234567L", "X123456L", "12345678Z"])
def test_nie_with_wrong_shape_is_refused(value):
    with pytest.raises(ValidationError) as excinfo:
        validate_document(DocumentType.NIE, value)
    assert excinfo.value.code == "nie_format"


@pytest.mark.parametrize("value", ["AB123456", "pa12345", "X1234567890123456789"])
def test_passport_numbers_of_letters_and_digits_are_accepted(value):
    assert validate_document(DocumentType.PASSPORT, value) == value.upper()


@pytest.mark.parametrize("value", ["AB12", "AB 123456", "AB-123456", "X" * 21, ""])
def test_passport_numbers_too_short_long_or_with_symbols_are_refused(value):
    with pytest.raises(ValidationError) as excinfo:
        validate_document(DocumentType.PASSPORT, value)
    assert excinfo.value.code == "passport_format"
