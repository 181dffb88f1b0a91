"""The :class:`Corpus`: reports with document variables, and tidy frames over them.

The vocabulary follows quanteda: a corpus of documents, each with document variables
(``docvars``: agency, year, level, region), and analysis functions that take the corpus
and return a tidy :class:`pandas.DataFrame`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from typing import Any

import pandas as pd

from ..frames import (
    CHECK_COLUMNS,
    DOCVARS,
    ERROR_COLUMNS,
    SECTION_COLUMNS,
    STATEMENT_COLUMNS,
    TABLE_COLUMNS,
    WARNING_COLUMNS,
)
from ..model import SECTION_KEYS, Report
from .cache import DiskCache
from .records import ErrorRecord

# DOCVARS (the document variables every frame starts with) and each frame's columns are defined
# once, in nlp_reports.frames; DOCVARS and STATEMENT_COLUMNS stay importable from here.


class Corpus:
    """A set of read reports plus the inputs that failed.

    >>> import nlp_reports as nr
    >>> corpus = nr.read_corpus("corpora/sample/txt", progress=False)
    >>> len(corpus), corpus["yunxi_2023"].meta.year
    (7, 2023)
    >>> corpus.docvars.columns.tolist()  # doctest: +NORMALIZE_WHITESPACE
    ['doc_id', 'agency', 'agency_key', 'year', 'level', 'region', 'agency_id', 'agency_type', 'division_code',
     'prefecture', 'county']
    >>> sorted(corpus.docvars["level"].unique())
    ['county', 'department', 'province', 'township']
    >>> corpus.tables_frame().columns.tolist()[len(DOCVARS):]
    ['table', 'row', 'column', 'value']
    """

    def __init__(
        self,
        reports: Iterable[Report],
        *,
        errors: Iterable[ErrorRecord] = (),
        cache_dir: str | None = None,
        n_cached: int = 0,
    ) -> None:
        self.reports: list[Report] = list(reports)
        self.errors: list[ErrorRecord] = list(errors)
        self.cache_dir = cache_dir
        self.n_cached = n_cached
        self._memo: dict[Any, pd.DataFrame] = {}
        self._tokenizer: Any = None

    @property
    def tokenizer(self) -> Any:
        """The corpus's :class:`~nlp_reports.nlp.tokenizer.Tokenizer`, made on first use and shared by the
        default models and the comparisons (jieba's dictionary is loaded once per corpus)."""
        if self._tokenizer is None:
            from ..nlp.tokenizer import Tokenizer

            self._tokenizer = Tokenizer()
        return self._tokenizer

    # ------------------------------------------------------------------ container protocol
    def __len__(self) -> int:
        return len(self.reports)

    def __iter__(self) -> Iterator[Report]:
        return iter(self.reports)

    def __getitem__(self, key: int | str) -> Report:
        """A report by position or by ``doc_id``."""
        if isinstance(key, int):
            return self.reports[key]
        for rep in self.reports:
            if rep.meta.doc_id == key:
                return rep
        raise KeyError(f"no report with doc_id {key!r}; see corpus.docvars for the ids")

    def __repr__(self) -> str:
        return f"<Corpus {len(self.reports)} reports, {len(self.errors)} errors>"

    def subset(self, **where: Any) -> Corpus:
        """Reports whose document variables match, e.g. ``corpus.subset(level='county', year=2023)``.

        A value may be a list/tuple/set of accepted values.

        >>> import nlp_reports as nr
        >>> corpus = nr.read_corpus("corpora/sample/txt", progress=False)
        >>> [rep.meta.doc_id for rep in corpus.subset(level="county", year=2023)]
        ['yunxi_2023']
        >>> [rep.meta.doc_id for rep in corpus.subset(agency_key="云溪县", year=[2022, 2023])]
        ['yunxi_2022', 'yunxi_2023']
        """

        def ok(rep: Report) -> bool:
            dv = rep.docvars()
            for k, v in where.items():
                if k not in dv:
                    raise KeyError(f"unknown document variable {k!r}; use one of {', '.join(DOCVARS)}")
                if isinstance(v, (list, tuple, set, frozenset)):
                    if dv[k] not in v:
                        return False
                elif dv[k] != v:
                    return False
            return True

        return Corpus([r for r in self.reports if ok(r)], errors=[], cache_dir=self.cache_dir)

    # ------------------------------------------------------------------ agency identity
    def agencies(self) -> pd.DataFrame:
        """One row per ``agency_id``: the names it was seen under, its years, division, type and reports.

        Check here which reports were merged into one agency (or kept apart), and correct a decision
        with :meth:`set_agency`.  Reports without an ``agency_id`` get a row per agency name, with
        ``agency_id`` empty.

        >>> import nlp_reports as nr
        >>> corpus = nr.read_corpus("corpora/sample/txt", progress=False)
        >>> ag = corpus.agencies()
        >>> ag.columns.tolist()  # doctest: +NORMALIZE_WHITESPACE
        ['agency_id', 'agency_type', 'level', 'province', 'prefecture', 'county', 'division_code',
         'names', 'years', 'n_reports', 'doc_ids']
        >>> ag.loc[ag["doc_ids"].map(lambda d: "yunxi_2023" in d), "n_reports"].item()
        2
        """
        from .agencies import AgencyRegister

        register = AgencyRegister()
        for rep in self.reports:
            register.add(rep)
        return register.frame()

    def set_agency(self, doc_id: str, agency_id: str) -> None:
        """Override the ``agency_id`` of report ``doc_id``; every frame and comparison made after it uses it.

        An id that starts with a known division code (``'110105:government'``) also sets the report's
        ``division`` (and ``region``); a known type after the code sets ``agency_type``.  The report
        object is changed in place, so corpora sharing it (``subset``) see the change too.

        >>> import nlp_reports as nr
        >>> corpus = nr.read_corpus("corpora/sample/txt", progress=False)
        >>> corpus.set_agency("yunxi_2023", "430603:government")
        >>> corpus["yunxi_2023"].meta.division["county"], corpus.docvars.set_index("doc_id").loc["yunxi_2023", "agency_id"]
        ('云溪区', '430603:government')
        """
        from ..errors import NlpReportsError
        from ..structure.agency_type import AGENCY_TYPES
        from ..structure.gazetteer import load_gazetteer

        if not isinstance(agency_id, str) or not agency_id.strip():
            raise NlpReportsError(
                f"agency_id must be a non-empty string such as '430103:government', got {agency_id!r}; "
                "see corpus.agencies() for the ids in use"
            )
        meta = self[doc_id].meta
        meta.agency_id = agency_id.strip()
        parts = meta.agency_id.split(":")
        gaz = load_gazetteer()
        if gaz.division(parts[0]) is not None:
            meta.division = gaz.describe(parts[0])
            meta.region = meta.division.get("province") or meta.region
        if len(parts) > 1 and parts[1] in AGENCY_TYPES:
            meta.agency_type = parts[1]
        elif len(parts) > 1 and parts[1] == "township":
            meta.agency_type = "government"
        self._memo.clear()  # frames made before carry the old id

    # ------------------------------------------------------------------ reading-layer frames
    @property
    def docvars(self) -> pd.DataFrame:
        """One row per report: doc_id, agency, year, level, region."""
        return pd.DataFrame([r.docvars() for r in self.reports], columns=DOCVARS)

    def reports_frame(self) -> pd.DataFrame:
        """One row per input: metadata, per-part text, status (``ok`` / ``warnings`` / ``error``).

        >>> import nlp_reports as nr
        >>> rf = nr.read_corpus("corpora/sample/txt", progress=False).reports_frame()
        >>> rf.shape[0], rf["status"].value_counts().to_dict()
        (7, {'ok': 4, 'warnings': 3})
        >>> [c for c in rf.columns if c.startswith("text_")]  # doctest: +NORMALIZE_WHITESPACE
        ['text_overview', 'text_proactive', 'text_applications', 'text_review_litigation',
         'text_problems', 'text_other']
        """
        rows = []
        for rep in self.reports:
            m = rep.meta
            row = rep.docvars()
            row.update(
                title=m.title,
                source=m.source,
                sha256=m.sha256,
                format=m.format,
                n_pages=m.n_pages,
                ocr_pages=list(getattr(m, "ocr_pages", [])),
                script=getattr(m, "script", "simplified"),
                published=getattr(m, "published", None),
                index_no=getattr(m, "index_no", None),
                status="warnings" if rep.warnings else "ok",
                n_warnings=len(rep.warnings),
                failed_checks=int(len(rep.failed_checks)),
                warnings="; ".join(sorted({w.code for w in rep.warnings})),
            )
            for key in SECTION_KEYS:
                sec = rep.sections.get(key)
                row[f"text_{key}"] = sec.text if sec is not None else None
            rows.append(row)
        for err in self.errors:
            row = {k: None for k in DOCVARS}
            row.update(source=err.source, sha256=err.sha256, status="error", warnings=err.reason, n_warnings=0)
            rows.append(row)
        return pd.DataFrame(rows)

    def sections_frame(self) -> pd.DataFrame:
        """One row per (report, part): number, heading as printed, text, length, sub-headings."""
        rows = []
        for rep in self.reports:
            for key in SECTION_KEYS:
                sec = rep.section(key)
                row = rep.docvars()
                row.update(
                    section=key,
                    number=sec.number,
                    heading=sec.heading,
                    text=sec.text,
                    n_chars=len(sec.text),
                    n_subsections=len(sec.subsections),
                    subheadings=[s.title for s in sec.subsections],
                    found=bool(sec.found and key in rep.sections),
                )
                rows.append(row)
        cols = DOCVARS + SECTION_COLUMNS
        return pd.DataFrame(rows, columns=cols)

    def tables_frame(self) -> pd.DataFrame:
        """Tidy long table: doc_id, …, table, row, column, value (as printed)."""
        rows = []
        for rep in self.reports:
            dv = rep.docvars()
            for name, df in rep.tables.items():
                if df is None:
                    continue
                for r_label, series in df.iterrows():
                    for c_label, value in series.items():
                        if pd.isna(value):
                            continue
                        rows.append({**dv, "table": name, "row": r_label, "column": c_label, "value": value})
        return pd.DataFrame(rows, columns=DOCVARS + TABLE_COLUMNS)

    def checks_frame(self) -> pd.DataFrame:
        """Every consistency check of every report, with the document variables."""
        frames = []
        for rep in self.reports:
            if rep.checks is None or not len(rep.checks):
                continue
            df = rep.checks.copy()
            for k, v in rep.docvars().items():
                df.insert(0, k, v) if k not in df.columns else None
            frames.append(df)
        if not frames:
            return pd.DataFrame(columns=DOCVARS + CHECK_COLUMNS)
        out = pd.concat(frames, ignore_index=True)
        return out[DOCVARS + [c for c in out.columns if c not in DOCVARS]]

    def warnings_frame(self) -> pd.DataFrame:
        """One row per warning of every report: doc_id, …, code, message, detail."""
        rows = [
            {**rep.docvars(), "code": w.code, "message": w.message, "detail": w.detail}
            for rep in self.reports
            for w in rep.warnings
        ]
        return pd.DataFrame(rows, columns=DOCVARS + WARNING_COLUMNS)

    def errors_frame(self) -> pd.DataFrame:
        """One row per input that could not be read: source, reason, message."""
        return pd.DataFrame([asdict(e) for e in self.errors], columns=ERROR_COLUMNS)

    def read_frames(self) -> dict[str, pd.DataFrame]:
        """The reading layer's frames by name, as ``nlp-reports parse`` writes them (and ``analyze`` first).

        >>> import nlp_reports as nr
        >>> list(nr.read_corpus("corpora/sample/txt", progress=False).read_frames())
        ['reports', 'sections', 'tables', 'checks', 'warnings', 'errors']
        """
        return {
            "reports": self.reports_frame(),
            "sections": self.sections_frame(),
            "tables": self.tables_frame(),
            "checks": self.checks_frame(),
            "warnings": self.warnings_frame(),
            "errors": self.errors_frame(),
        }

    def panel(self) -> pd.DataFrame:
        """The tables 二/三/四 as a panel: one row per agency × year, one column per template variable.

        Variables have stable English names (``t2_rules_issued``, ``t3_granted_nat``,
        ``t4_review_total`` …); ``panel.attrs["codebook"]`` gives each one's Chinese label, table,
        row, column and unit.  Two reports of one agency-year are resolved (most table cells, then
        fewest failed checks) and flagged (``duplicate``, ``duplicate_doc_ids``,
        ``duplicate_conflict``); reports whose consistency checks fail stay in, flagged by
        ``checks_failed`` / ``checks_ok``.  Export with :func:`nlp_reports.io.to_stata` (Chinese
        variable labels), ``to_parquet`` or ``to_csv``.  See :mod:`nlp_reports.corpus.panel`.

        >>> import nlp_reports as nr
        >>> panel = nr.read_corpus(["corpora/sample/txt", "corpora/sample/html"], progress=False).panel()
        >>> panel.shape[0], panel.columns.tolist()[:3]
        (7, ['agency_id', 'agency', 'year'])
        >>> row = panel[panel["doc_id"] == "bailuzhen_2021"].iloc[0]
        >>> int(row["t4_review_total"]), bool(row["checks_ok"]), bool(row["duplicate"])
        (3, False, False)
        >>> print(panel[panel["doc_id"] == "linjiang_scjgj_2023"]["duplicate_doc_ids"].iloc[0])
        linjiang_scjgj_2023~2
        >>> panel.attrs["codebook"].query("variable == 't3_granted_nat'")[["label", "unit"]].values.tolist()
        [['表三 （一）予以公开｜自然人', '件']]
        """
        memo_key = ("panel",)
        if memo_key not in self._memo:
            from .panel import build_panel

            self._memo[memo_key] = build_panel(self.reports, self.docvars)
        out = self._memo[memo_key].copy()
        out.attrs = {k: (v.copy() if hasattr(v, "copy") else v) for k, v in self._memo[memo_key].attrs.items()}
        return out

    # ------------------------------------------------------------------ nlp frames
    def _fingerprint(self, *models: Any) -> str:
        from .fingerprint import models_fingerprint
        from .versions import nlp_version

        return models_fingerprint(nlp_version(), *models)

    def statements_frame(self, classifier: Any = None, tagger: Any = None) -> pd.DataFrame:
        """Part 五 of every report as statements: document variables + statement, label, probabilities, themes.

        ``classifier`` defaults to :meth:`StatementClassifier.pretrained`, ``tagger`` to
        :meth:`ThemeTagger.pretrained`. Results are memoised per model, and cached on disk per
        report when the corpus was read with a ``cache_dir``.

        >>> import nlp_reports as nr
        >>> corpus = nr.read_corpus("corpora/sample/txt", progress=False)
        >>> st = corpus.statements_frame()
        >>> st.columns.tolist()[len(nr.corpus.DOCVARS):]  # doctest: +NORMALIZE_WHITESPACE
        ['statement_id', 'text', 'context', 'item', 'label', 'proba', 'proba_problem',
         'proba_improvement', 'proba_other', 'themes']
        >>> y22 = st[st["doc_id"] == "yunxi_2022"]
        >>> y22["label"].tolist()
        ['problem', 'problem', 'problem', 'improvement', 'improvement', 'improvement']
        >>> print(y22["text"].iloc[3])
        一是在2023年底前完成县政府门户网站适老化和无障碍改造；
        >>> y22["themes"].iloc[3]
        ['platform']
        """
        from ..nlp.classifier import StatementClassifier
        from ..nlp.themes import ThemeTagger

        clf = classifier if classifier is not None else StatementClassifier.pretrained(tokenizer=self.tokenizer)
        tag = tagger if tagger is not None else ThemeTagger.pretrained(tokenizer=self.tokenizer)
        fp = self._fingerprint(clf, tag)
        memo_key = ("statements", fp)
        if memo_key in self._memo:
            return self._memo[memo_key].copy()
        from .analysis import analyze_reports

        rows = analyze_reports(self.reports, clf, tag, cache=self._nlp_cache(fp))
        df = pd.DataFrame(rows, columns=STATEMENT_COLUMNS)
        self._memo[memo_key] = df
        return df.copy()

    def commitments_frame(self, classifier: Any = None, tagger: Any = None) -> pd.DataFrame:
        """One row per commitment (improvement statement) with the report's document variables.

        Uses :meth:`statements_frame` (same models) and
        :func:`~nlp_reports.nlp.commitments.extract_commitments` on its improvement statements.

        >>> import nlp_reports as nr
        >>> corpus = nr.read_corpus("corpora/sample/txt", progress=False)
        >>> cm = corpus.commitments_frame()
        >>> {"action", "object", "time_frame", "specificity"} <= set(cm.columns)
        True
        >>> row = cm[cm["doc_id"] == "yunxi_2022"].iloc[2]
        >>> print(row["action"], row["time_frame"], row["frequency"], row["specificity"])
        举办 None 每季度 1.0
        """
        from ..nlp.commitments import extract_commitments

        st = self.statements_frame(classifier, tagger)
        pos_tok = self.tokenizer.derive(remove_stopwords=False, drop_numbers=False)  # verbs by part of speech
        cache = self._commitments_cache(classifier, tagger, pos_tok)
        sha = {rep.meta.doc_id: rep.meta.sha256 for rep in self.reports}
        frames = []
        for doc_id, grp in st.groupby("doc_id", sort=False):
            imp = grp[grp["label"] == "improvement"]
            if not len(imp):
                continue
            year = grp["year"].iloc[0] if "year" in grp else None
            key = _commitments_key(sha.get(doc_id), year) if cache is not None else None
            cm = _cached_frame(cache, key)
            if cm is None:
                cm = extract_commitments(
                    list(imp["text"]),
                    labels=["improvement"] * len(imp),
                    themes=list(imp["themes"]),
                    tokenizer=pos_tok,
                    year=year,
                )
                if cache is not None and key is not None:
                    from .codec import CodecError, encode_frame

                    try:
                        cache.put(key, encode_frame(cm))
                    except CodecError:
                        pass  # a value the cache cannot hold: computed again next time
            if not len(cm):
                continue
            ids = list(imp["statement_id"])
            cm["statement_id"] = [ids[i] for i in cm["statement_id"]]
            first = grp.iloc[0]
            for k in reversed(DOCVARS):
                cm.insert(0, k, first[k])
            frames.append(cm)
        if not frames:
            from ..nlp.commitments import COLUMNS as COMMITMENT_COLUMNS

            return pd.DataFrame(columns=DOCVARS + list(COMMITMENT_COLUMNS))
        return pd.concat(frames, ignore_index=True)

    def _commitments_cache(self, classifier: Any, tagger: Any, pos_tok: Any) -> DiskCache | None:
        """The per-report commitments cache (statements' models + the part-of-speech tokenizer), if any."""
        if not self.cache_dir:
            return None
        from ..nlp.classifier import StatementClassifier
        from ..nlp.themes import ThemeTagger
        from .fingerprint import models_fingerprint
        from .versions import nlp_version

        clf = classifier if classifier is not None else StatementClassifier.pretrained(tokenizer=self.tokenizer)
        tag = tagger if tagger is not None else ThemeTagger.pretrained(tokenizer=self.tokenizer)
        return DiskCache(self.cache_dir, f"commitments-{models_fingerprint(nlp_version(), clf, tag, pos_tok)}")

    def _nlp_cache(self, fingerprint: str) -> DiskCache | None:
        if not self.cache_dir:
            return None
        return DiskCache(self.cache_dir, f"statements-{fingerprint}")

    def _repr_html_(self) -> str:
        rf = self.reports_frame()
        cols = [c for c in ["doc_id", "agency", "year", "level", "region", "status", "failed_checks"] if c in rf]
        return f"<p><b>Corpus</b>: {len(self.reports)} reports, {len(self.errors)} inputs could not be read</p>" + rf[
            cols
        ].to_html(index=False, max_rows=30)


def _commitments_key(sha: str | None, year: Any) -> str | None:
    """Cache key of a report's commitments: its content hash and report year (time frames depend on it)."""
    if not sha:
        return None
    y = None if year is None or year is pd.NA or (isinstance(year, float) and year != year) else int(year)
    return hashlib.sha256(f"{sha}|{y}".encode()).hexdigest()


def _cached_frame(cache: DiskCache | None, key: str | None) -> pd.DataFrame | None:
    """A frame stored under ``key`` (None: no cache, missing or damaged entry)."""
    if cache is None or key is None:
        return None
    hit = cache.get(key)
    if hit is None:
        return None
    from .codec import CodecError, decode_frame

    try:
        return decode_frame(hit, str_lists=True)
    except CodecError:
        return None
