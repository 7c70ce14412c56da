import re

from documents.codes import (
    ALPHABET,
    CODE_LENGTH,
    code_display,
    code_generate,
    code_is_well_formed,
    code_normalise,
)


def test_alphabet_leaves_out_characters_people_confuse():
    for ambiguous in "0O1IL":
        assert ambiguous not in ALPHABET
    assert len(set(ALPHABET)) == len(ALPHABET) == 31


def test_generated_codes_are_long_random_and_from_the_alphabet():
    codes = {code_generate() for _ in range(500)}
    assert len(codes) == 500
    for code in codes:
        assert len(code) == CODE_LENGTH >= 20
        assert set(code) <= set(ALPHABET)
        assert code_is_well_formed(code)


def test_display_groups_the_code_in_fours():
    code = "ABCDEFGHJK23MN45PQRS"
    assert code_display(code) == "ABCD-EFGH-JK23-MN45-PQRS"
    assert re.fullmatch(r"([A-Z2-9]{4}-){4}[A-Z2-9]{4}", code_display(code_generate()))


def test_normalise_accepts_what_people_type_or_paste():
    expected = "ABCDEFGHJK23MN45PQRS"
    for typed in (
        "ABCD-EFGH-JK23-MN45-PQRS",
        "abcd-efgh-jk23-mn45-pqrs",
        " abcd efgh jk23 mn45 pqrs ",
        "ABCD\u2013EFGH\u2013JK23\u2013MN45\u2013PQRS",  # en dashes from a word processor
        "ABCD\u00a0EFGH\tJK23\nMN45 PQRS",
    ):
        assert code_normalise(typed) == expected


def test_malformed_codes_are_recognised():
    for typed in (
        "",
        "ABCD",
        "ABCD-EFGH-JK23-MN45-PQR0",
        "ABCDEFGHJK23MN45PQRSX",
        "ABCD-EFGH-JK23-MN45-PQ*S",
    ):
        assert not code_is_well_formed(code_normalise(typed))
