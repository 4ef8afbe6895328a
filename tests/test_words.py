"""The users' words (shared/glossary.md): both catalogs say the same things, and the
Chinese ones in the glossary's words only, on the phone and in the report.
The phone's catalog is the shared one merged with every domain's (tests/catalogs.py)."""
from __future__ import annotations

import re

import pytest

from backend.patrol.report_text import TEXT
from tests.catalogs import SHARED, catalogs, merged

EN = merged("en")
ZH = merged("zh-Hant")
PLACEHOLDER = re.compile(r"\{(\w+)\}")

# Retired zh-Hant words, each with the glossary's word that replaced it.
RETIRED = {
    "紀錄": "記錄",
    "加簽": "審閱簽署 / 已審閱",
    "覆簽": "審閱簽署 / 已審閱",
    "場地": "物業 (site)",
    "小區": "物業 (mainland)",
    "閘口登記": "出入登記",
    "門崗": "閘口 (mainland)",
    "拒絕交更": "拒絕接更 (the incoming person refuses)",
    "接收交更": "確認接更",
    "接收並接更": "確認接更",
    "交更已接收": "已接更",
    "交更保安": "交更人",
    "接更保安": "接更人",
    "值勤日誌": "值班記錄",
    "日誌": "值班記錄",
    "回復": "回覆",
    "答復": "答覆",
    "事故": "事件 (事故 suggests an accident)",
    "結束事故": "結案",
    "公眾秩序": "治安",
    "公共秩序": "治安",
    "危急": "緊急",
    "缺巡": "漏巡",
    "遲到": "逾時 (a round is late, not a person)",
    "行為可疑": "形跡可疑",
    "在內": "在場",
    "員工證": "職員證",
    "待辦事項": "待跟進事項",
    "待審": "覆核 (flags a supervisor settles)",
    "審核": "覆核",
    "密碼鎖": "PIN 碼 (密碼鎖 is a combination lock)",
    "門衛": "保安 (mainland)",
    "下崗": "離崗 (下崗 reads 'laid off')",
    "代碼": "編碼",
    "客訴": "產品投訴",
    "案件": "個案 (案件 sounds like the police)",
    "可選": "選填",
    "使用者": "用戶",
    "此手機": "這部手機",
    "螢幕": "屏幕 (螢幕 is Taiwan usage)",
    "金鑰": "密鑰 (金鑰 is Taiwan usage)",
    "臨時編號": "編號待同步",
    "同步後編號": "編號待同步",
    "巡更": "巡邏 (one word per concept)",
}

# The only ASCII words a zh-Hant string may hold: codes, units, file formats and
# product names, which Hong Kong readers see in Latin letters too.
CODES = {"PIN", "QR", "PDF", "CSV", "JSON", "ID", "MB", "JPEG", "PNG", "WebP", "Gatehouse", "iPhone", "Safari",
         "B-12F-03",
         # number series prefixes (forms 10.3): printed as they are in both languages
         "LOG", "INC", "RND", "VIS", "REF", "VEH", "HO"}


def ascii_words(text: str) -> set[str]:
    """Latin-letter words of a string, placeholders left out."""
    return {w for w in re.findall(r"[A-Za-z0-9][A-Za-z0-9-]*", PLACEHOLDER.sub("", text))
            if re.search("[A-Za-z]", w)}


def english_left(text: str) -> set[str]:
    return ascii_words(text) - CODES


CHINESE = {**{f"catalog {k}": v for k, v in ZH.items()},
           **{f"report {k}": v for k, v in TEXT["zh-Hant"].items()}}


def test_both_catalogs_have_the_same_keys():
    assert set(EN) - set(ZH) == set() and set(ZH) - set(EN) == set()
    en, zh = catalogs("en"), catalogs("zh-Hant")
    assert set(en) == set(zh)
    assert {owner: set(en[owner]) ^ set(zh[owner]) for owner in en if set(en[owner]) != set(zh[owner])} == {}


def test_the_domains_catalogs_are_read_and_each_key_has_one_owner():
    """Each domain's keys start with "<name>." (a kind's label "kind.<kind>" and a
    reason's "reason.<code>" may come with the domain too): no key in two catalogs."""
    owned = catalogs("en")
    assert {"dutylog", "patrol", "inbox"} <= set(owned) - {SHARED}
    stray = {owner: sorted(k for k in cat if not k.startswith((f"{owner}.", "kind.", "reason.")))
             for owner, cat in owned.items() if owner != SHARED}
    assert {owner: keys for owner, keys in stray.items() if keys} == {}
    seen: dict[str, str] = {}
    twice = []
    for owner, cat in owned.items():
        twice += [(key, seen[key], owner) for key in cat if key in seen]
        seen |= dict.fromkeys(cat, owner)
    assert twice == []
    assert "patrol.gate.title" in EN and "dutylog.log.title" in ZH  # the domains' keys are in the merge


@pytest.mark.parametrize("words", [(EN, ZH), (TEXT["en"], TEXT["zh-Hant"])], ids=["phone", "report"])
def test_each_key_has_the_same_placeholders_in_both_languages(words):
    en, zh = words
    assert set(en) == set(zh)
    differ = {k: (en[k], zh[k]) for k in en
              if set(PLACEHOLDER.findall(en[k])) != set(PLACEHOLDER.findall(zh[k]))}
    assert differ == {}


def test_no_retired_word_in_the_chinese_catalog_or_report():
    found = {where: [f"{w} -> {RETIRED[w]}" for w in RETIRED if w in text]
             for where, text in CHINESE.items() if any(w in text for w in RETIRED)}
    assert found == {}


def test_chinese_strings_hold_no_english_but_codes():
    found = {where: sorted(english_left(text)) for where, text in CHINESE.items() if english_left(text)}
    assert found == {}


def test_the_english_check_sees_english_words():
    """The check above must be able to fail: it finds English, and lets codes and placeholders through."""
    assert english_left("報告 PDF（English）") == {"English"}
    assert english_left("相片 {n} 張 · ad hoc") == {"ad", "hoc"}
    assert english_left("PIN 碼（4 至 8 位）· B-12F-03 · 1.5 MB · {reason}") == set()


# English labels that read oddly or name a concept off the glossary.
RETIRED_EN = ("Gone out", "gone out", "Refuse handover", "Accept handover", "Provisional",
              "Concerns", "ad hoc", "Fire / safety")


def test_no_retired_english_label():
    english = {**{f"catalog {k}": v for k, v in EN.items()}, **{f"report {k}": v for k, v in TEXT["en"].items()}}
    found = {where: [w for w in RETIRED_EN if w in text] for where, text in english.items()
             if any(w in text for w in RETIRED_EN)}
    assert found == {}
