"""The register's and the statistics' words: the same keys and placeholders in both
languages, the glossary's Chinese only (the phone's catalogs: tests/test_words.py)."""
from backend.cases.kinds import CHANNELS, PEOPLE, RESPONSIBLE, STATES, TYPES
from backend.cases.words import TEXT
from tests.test_words import PLACEHOLDER, RETIRED, english_left

EN, ZH = TEXT["en"], TEXT["zh-Hant"]


def test_same_keys_and_placeholders():
    assert set(EN) == set(ZH)
    assert {k for k in EN if set(PLACEHOLDER.findall(EN[k])) != set(PLACEHOLDER.findall(ZH[k]))} == set()


def test_every_type_channel_person_state_and_responsible_party_has_words():
    keys = set(TYPES) | set(CHANNELS) | set(PEOPLE) | set(STATES) | {f"resp_{r}" for r in RESPONSIBLE}
    assert keys - set(EN) == set()


def test_glossary_words_only():
    assert {k: v for k, v in ZH.items() if any(w in v for w in RETIRED)} == {}
    assert {k: v for k, v in ZH.items() if english_left(v)} == {}
    assert (ZH["complaint"], ZH["repair_request"], ZH["help_request"], ZH["register"]) == ("投訴", "報修", "求助", "個案登記冊")
    assert (ZH["phone"], ZH["letter"], ZH["visit"], ZH["deadline"], ZH["overdue"]) == ("來電", "來信", "親臨", "處理期限", "逾期")
