"""normalize_text: radicals, punctuation, full-width forms, invisible characters."""

from __future__ import annotations

import unicodedata

import pytest

from nlp_reports.ingest.normalize import RADICAL_MAP, normalize_text


@pytest.mark.parametrize(
    "radical, ideograph",
    [
        ("⻚", "页"),
        ("⻔", "门"),
        ("⺠", "民"),
        ("⻓", "长"),
        ("⻅", "见"),
        ("⻆", "角"),
        ("⻋", "车"),
        ("⻛", "风"),
        ("⻝", "食"),
        ("⻬", "齐"),
        ("⻜", "飞"),
        ("⻢", "马"),
        ("⻩", "黄"),
        ("⻄", "西"),
        ("⻁", "虎"),
        ("⻉", "贝"),
        ("⻘", "青"),
        ("⻨", "麦"),
        ("⻥", "鱼"),
        ("⻦", "鸟"),
        ("⻰", "龙"),
        ("⻳", "龟"),
        ("⺁", "厂"),
        ("⺇", "几"),
    ],
)
def test_supplement_radicals(radical, ideograph):
    assert normalize_text(radical) == ideograph


@pytest.mark.parametrize(
    "radical, ideograph",
    [("⼯", "工"), ("⾏", "行"), ("⼀", "一"), ("⽹", "网"), ("⾦", "金"), ("⼾", "户"), ("⾭", "青")],
)
def test_kangxi_radicals(radical, ideograph):
    assert normalize_text(radical) == ideograph


def test_radicals_in_running_text():
    assert normalize_text("政府⻔⼾⽹站⾸⻚，⼈⺠群众") == "政府门户网站首页，人民群众"


def test_radical_map_targets_are_ideographs():
    for cp, target in RADICAL_MAP.items():
        assert not (0x2E80 <= ord(target[0]) <= 0x2FDF), hex(cp)
        assert unicodedata.name(target[0]).startswith("CJK"), hex(cp)


def test_chinese_punctuation_stays_full_width():
    s = "一是，二是；注意：（一）好！对吗？“引号”、书名《条例》。……"
    assert normalize_text(s) == s


def test_full_width_digits_and_latin_become_ascii():
    assert normalize_text("２０２４年ＡＢＣ＠ｅｘａｍｐｌｅ．ｃｏｍ") == "2024年ABC@example.com"


def test_circled_numbers_kept():
    assert normalize_text("①加强②完善") == "①加强②完善"


def test_invisible_and_space_characters():
    assert normalize_text("a\u200bb\ufeffc\u00add") == "abcd"
    assert normalize_text("x\u00a0y\u3000z") == "x y z"
    assert normalize_text("行一\n行二") == "行一\n行二"  # never joins lines
    assert normalize_text("页一\x0c页二") == "页一\n页二"


def test_idempotent_and_ascii_unchanged():
    s = "平潭⻔⼾，２０２４（一）ｘ\u3000…"
    once = normalize_text(s)
    assert normalize_text(once) == once
    plain = "Plain ASCII text, 123."
    assert normalize_text(plain) is plain
    assert normalize_text("") == ""
