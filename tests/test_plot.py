"""Tests of nlp_reports.plot: figures build, Chinese renders with a CJK font, rcParams stay untouched."""

from __future__ import annotations

import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib import font_manager  # noqa: E402

from nlp_reports import compare, plot  # noqa: E402
from nlp_reports.errors import FontNotFoundError, NlpReportsError  # noqa: E402
from nlp_reports.plot.fonts import covers, find_cjk_font, resolve_font, use_cjk_font  # noqa: E402

CJK = find_cjk_font()
needs_font = pytest.mark.skipif(CJK is None, reason="no CJK font installed: apt-get install fonts-noto-cjk")


def statements() -> pd.DataFrame:
    """Problems with the given themes and one improvement (staff_capacity) per agency and year."""
    spec = {
        ("甲县", 2021): [["platform"], ["platform", "timeliness"], ["staff_capacity"]],
        ("甲县", 2022): [["platform"], ["policy_interpretation"], []],
        ("乙市", 2021): [["coverage"], ["policy_interpretation"]],
        ("乙市", 2022): [["coverage"], ["coverage", "platform"], ["oversight"]],
    }
    rows = []
    for (agency, year), themes in spec.items():
        said = [(i, "网站更新不及时", "problem", th) for i, th in enumerate(themes)]
        said.append((9, "加强培训", "improvement", ["staff_capacity"]))
        for sid, text, label, th in said:
            rows.append(
                {
                    "doc_id": f"{agency}{year}",
                    "agency": agency,
                    "year": year,
                    "level": "county",
                    "region": "某省",
                    "statement_id": sid,
                    "text": text,
                    "label": label,
                    "themes": th,
                }
            )
    return pd.DataFrame(rows)


def glyph_warnings(record) -> list[str]:
    return [str(w.message) for w in record if "missing from font" in str(w.message) or "Glyph" in str(w.message)]


@needs_font
def test_theme_heatmap_renders_chinese_without_missing_glyphs(tmp_path):
    rc_before = dict(plt.rcParams)
    prof = compare.theme_profile(statements(), by="agency")
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        fig = plot.theme_heatmap(prof, label="problem", title="各机关问题主题")
        out = tmp_path / "themes.png"
        fig.savefig(out, dpi=80)
    assert glyph_warnings(rec) == []
    assert out.stat().st_size > 5000
    ax = fig.axes[0]
    ylabels = [t.get_text() for t in ax.get_yticklabels()]
    assert ylabels == ["乙市", "甲县"]
    xlabels = [t.get_text() for t in ax.get_xticklabels()]
    assert len(xlabels) == prof[prof.label == "problem"].theme.nunique()
    assert any("\u4e00" <= ch <= "\u9fff" for lab in xlabels for ch in lab)  # Chinese theme names
    # cells hold the shares
    texts = {t.get_text() for t in ax.texts}
    assert {"0.50", "0.60"} <= texts  # 甲县 platform: 3 of 6 problems; 乙市 coverage: 3 of 5
    assert dict(plt.rcParams) == rc_before  # no global change
    plt.close(fig)


def test_missing_glyph_check_is_real(monkeypatch):
    """Without a CJK font the same figure warns about missing glyphs (the check above can fail)."""
    monkeypatch.setattr(
        font_manager.fontManager,
        "ttflist",
        [e for e in font_manager.fontManager.ttflist if e.name.startswith("DejaVu")],
    )
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        fig, ax = plt.subplots()
        ax.set_title("政务公开")
        fig.canvas.draw()
    assert glyph_warnings(rec)
    plt.close(fig)


@needs_font
def test_similarity_heatmap_and_ax_argument(tmp_path):
    ids = ["a", "b", "c"]
    sim = pd.DataFrame([[1, 0.8, 0.1], [0.8, 1, 0.2], [0.1, 0.2, 1]], index=pd.Index(ids, name="doc_id"), columns=ids)
    fig0, axes = plt.subplots(1, 2)
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        fig = plot.similarity_heatmap(sim, labels=pd.Series({"a": "甲县", "b": "乙县", "c": "丙市"}), ax=axes[1])
        fig.savefig(tmp_path / "sim.png", dpi=60)
    assert fig is fig0 and glyph_warnings(rec) == []
    assert [t.get_text() for t in axes[1].get_yticklabels()] == ["甲县", "乙县", "丙市"]
    assert len(axes[1].texts) == 9
    with pytest.raises(NlpReportsError, match="square"):
        plot.similarity_heatmap(sim.iloc[:2])
    plt.close("all")


@needs_font
def test_keyness_bars():
    k = pd.DataFrame(
        {
            "term": ["乡镇", "村务", "培训", "解读", "网站"],
            "statistic": [9.0, 4.0, 0.5, -3.0, -8.0],
            "direction": ["target", "target", "target", "reference", "reference"],
        }
    )
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        fig = plot.keyness(k, top=2)
    assert glyph_warnings(rec) == []
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    # top of the chart (highest y) first: strongest target terms, then reference terms, strongest last
    ordered = [lab for _, lab in sorted(zip(ax.get_yticks(), labels), reverse=True)]
    assert ordered == ["乡镇", "村务", "解读", "网站"]
    widths = sorted(p.get_width() for p in ax.patches)
    assert widths == [-8.0, -3.0, 4.0, 9.0]
    with pytest.raises(NlpReportsError):
        plot.keyness(k.iloc[:0])
    plt.close(fig)


@needs_font
def test_theme_over_time(tmp_path):
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        fig = plot.theme_over_time(statements(), top=3)
        fig.savefig(tmp_path / "time.png", dpi=60)
    assert glyph_warnings(rec) == []
    ax = fig.axes[0]
    assert len(ax.lines) == 3
    name = plot.heatmaps.theme_names().get("platform", "platform")
    platform = [line for line in ax.lines if line.get_label() == name]
    assert len(platform) == 1, [line.get_label() for line in ax.lines]
    # platform: 2021 -> 2 of 5 problems, 2022 -> 2 of 6
    assert np.allclose(platform[0].get_ydata(), [2 / 5, 2 / 6])
    with pytest.raises(NlpReportsError, match="do not occur"):
        plot.theme_over_time(statements(), themes=["nonexistent"])
    plt.close(fig)


# --------------------------------------------------------------------------- fonts


@needs_font
def test_find_cjk_font_covers_chinese():
    assert covers(CJK)
    assert not covers(font_manager.findfont("DejaVu Sans"))
    with use_cjk_font() as path:
        assert path == CJK
        assert plt.rcParams["font.family"][0] == font_manager.FontProperties(fname=CJK).get_name()
    assert plt.rcParams["font.family"] == ["sans-serif"]
    assert resolve_font(CJK) == CJK  # a path is accepted


def test_no_font_raises_or_warns_with_instructions(monkeypatch):
    monkeypatch.setattr(
        font_manager.fontManager,
        "ttflist",
        [e for e in font_manager.fontManager.ttflist if e.name.startswith("DejaVu")],
    )
    assert find_cjk_font() is None
    with pytest.raises(FontNotFoundError, match="apt-get install fonts-noto-cjk"):
        with use_cjk_font(strict=True):
            pass
    with pytest.warns(UserWarning, match="brew install --cask font-noto-sans-cjk"):
        with use_cjk_font() as path:
            assert path is None
    with pytest.raises(FontNotFoundError, match="font="):
        resolve_font("/nonexistent/font.ttf")
    with pytest.raises(FontNotFoundError, match="no glyphs"):
        resolve_font(font_manager.findfont("DejaVu Sans"))
