"""Chinese word segmentation for government disclosure reports.

:class:`Tokenizer` wraps a private ``jieba.Tokenizer`` instance (never jieba's global one, so that
our domain dictionary does not leak into other code and other code cannot change our results),
loads the shipped 政务公开 domain dictionary (``data/domain_dict.txt``) and stopword list
(``data/stopwords.txt``) once, lazily, on first use, and is picklable (only the options travel;
the jieba instance is rebuilt in the worker), so it can be given to
``TfidfVectorizer(tokenizer=tok, token_pattern=None, lowercase=False)`` and to joblib workers.

>>> tok = Tokenizer()
>>> tok("依申请公开答复文书规范性有待提升")
['依申请公开', '答复', '文书', '规范性', '有待', '提升']
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
import threading
from pathlib import Path
from typing import Any

from ..errors import NlpReportsError
from ..text_patterns import ENUMERATOR_WORD_RE

DATA_DIR = Path(__file__).resolve().parent / "data"
DOMAIN_DICT = DATA_DIR / "domain_dict.txt"
STOPWORDS_FILE = DATA_DIR / "stopwords.txt"

_NUMBER_RE = re.compile(r"^[\d.,%％]+$")
_ENUMERATOR_RE = ENUMERATOR_WORD_RE
_SPACE_RE = re.compile(r"^\s*$")


def _cache_dir() -> str:
    """A user cache folder for jieba's prefix-dictionary cache (never the package folder)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    path = os.path.join(base, "nlp_reports", "jieba")
    try:
        os.makedirs(path, exist_ok=True)
        if os.access(path, os.W_OK):
            return path
    except OSError:
        pass
    return tempfile.gettempdir()


def _read_stopwords(path: Path) -> frozenset[str]:
    try:
        with open(path, encoding="utf-8") as fh:
            return frozenset(line.strip() for line in fh if line.strip())
    except OSError as exc:  # pragma: no cover - package data missing
        raise NlpReportsError(f"cannot read the stopword list {path}: {exc}; reinstall nlp_reports") from exc


class Tokenizer:
    """Callable word segmenter: ``tok(text) -> list[str]``.

    Parameters
    ----------
    pos:
        if True, ``__call__`` returns ``"word/flag"`` strings (part-of-speech via
        ``jieba.posseg.POSTokenizer`` on our own instance); ``tokenize_pos`` always gives pairs.
    remove_stopwords:
        drop function words, punctuation and whitespace (list in ``data/stopwords.txt``).
    user_dict:
        path of an extra jieba dictionary ("word [freq] [tag]" lines) loaded after ours.
    min_len:
        drop tokens shorter than this many characters.
    drop_numbers:
        drop tokens made only of digits / number punctuation (counts differ per report and
        carry no topical meaning).
    hmm:
        let jieba guess unknown words with its HMM.
    drop_enumerators:
        drop enumeration words (一是, 二是, 首先, 其次, 第一 …): useful for keyness and topics, where
        they are pure structure; the classifier keeps them (they signal lists of measures).

    Examples
    --------
    >>> import pickle
    >>> import nlp_reports as nr
    >>> tok = nr.Tokenizer()
    >>> tok("政策解读形式单一")
    ['政策解读', '形式', '单一']
    >>> nr.Tokenizer(pos=True)("政策解读形式单一")
    ['政策解读/n', '形式/n', '单一/b']
    >>> nr.Tokenizer(remove_stopwords=False)("网站的栏目，2023年")   # numbers are still dropped
    ['网站', '的', '栏目', '，', '年']
    >>> text = nr.read_report("corpora/sample/txt/yunxi_2022.txt").section("problems").text
    >>> pickle.loads(pickle.dumps(tok))(text) == tok(text)   # picklable for joblib workers
    True
    """

    def __init__(
        self,
        pos: bool = False,
        remove_stopwords: bool = True,
        user_dict: str | os.PathLike | None = None,
        min_len: int = 1,
        drop_numbers: bool = True,
        hmm: bool = True,
        drop_enumerators: bool = False,
    ) -> None:
        self.pos = bool(pos)
        self.remove_stopwords = bool(remove_stopwords)
        self.user_dict = str(user_dict) if user_dict is not None else None
        self.min_len = int(min_len)
        self.drop_numbers = bool(drop_numbers)
        self.hmm = bool(hmm)
        self.drop_enumerators = bool(drop_enumerators)
        if self.user_dict is not None and not os.path.isfile(self.user_dict):
            raise NlpReportsError(
                f"user dictionary {self.user_dict!r} not found; give the path of a UTF-8 text file "
                "with one 'word [freq] [tag]' entry per line, or user_dict=None"
            )
        self._init_state()

    # ------------------------------------------------------------------ lazy jieba
    def _init_state(self) -> None:
        self._jieba: Any = None
        self._posseg: Any = None
        self._stopwords: frozenset[str] = frozenset()
        self._lock = threading.Lock()

    def _ensure(self) -> None:
        """Build our jieba instance once: main dict, domain dict, user dict, stopwords."""
        if self._jieba is not None:
            return
        with self._lock:
            if self._jieba is not None:
                return
            import jieba
            import jieba.posseg

            jieba.setLogLevel(logging.WARNING)
            tk = jieba.Tokenizer()
            tk.tmp_dir = _cache_dir()
            tk.initialize()
            tk.load_userdict(str(DOMAIN_DICT))
            if self.user_dict is not None:
                try:
                    tk.load_userdict(self.user_dict)
                except (OSError, ValueError, UnicodeDecodeError) as exc:
                    raise NlpReportsError(
                        f"cannot load user dictionary {self.user_dict!r}: {exc}; "
                        "it must be UTF-8 with 'word [freq] [tag]' lines"
                    ) from exc
            self._stopwords = _read_stopwords(STOPWORDS_FILE)
            self._posseg = jieba.posseg.POSTokenizer(tk)
            self._jieba = tk

    # ------------------------------------------------------------------ filtering
    def _keep(self, word: str) -> bool:
        if _SPACE_RE.match(word):
            return False
        if len(word) < self.min_len:
            return False
        if self.drop_numbers and _NUMBER_RE.match(word):
            return False
        if self.remove_stopwords and word in self._stopwords:
            return False
        if getattr(self, "drop_enumerators", False) and _ENUMERATOR_RE.match(word):
            return False
        return True

    # ------------------------------------------------------------------ API
    def tokenize(self, text: str) -> list[str]:
        """Words of ``text`` (filtered by the options); ``[]`` for empty or None input."""
        if not text:
            return []
        self._ensure()
        return [w for w in self._jieba.cut(str(text), HMM=self.hmm) if self._keep(w)]

    def tokenize_pos(self, text: str) -> list[tuple[str, str]]:
        """``(word, flag)`` pairs with jieba's part-of-speech flags (n, v, a, vn, ...)."""
        if not text:
            return []
        self._ensure()
        return [(p.word, p.flag) for p in self._posseg.cut(str(text), HMM=self.hmm) if self._keep(p.word)]

    def __call__(self, text: str) -> list[str]:
        if self.pos:
            return [f"{w}/{f}" for w, f in self.tokenize_pos(text)]
        return self.tokenize(text)

    @property
    def stopwords(self) -> frozenset[str]:
        """The stopword set in use (loads the resources on first access)."""
        self._ensure()
        return self._stopwords

    def get_params(self) -> dict[str, Any]:
        """The constructor options (what is pickled and what ``repr`` shows)."""
        return {
            "pos": self.pos,
            "remove_stopwords": self.remove_stopwords,
            "user_dict": self.user_dict,
            "min_len": self.min_len,
            "drop_numbers": self.drop_numbers,
            "hmm": self.hmm,
            "drop_enumerators": getattr(self, "drop_enumerators", False),
        }

    # ------------------------------------------------------------------ pickling
    def derive(self, **options: Any) -> Tokenizer:
        """A tokenizer with other filtering options that shares this one's loaded dictionaries.

        jieba's dictionary takes about a second to load; deriving reuses it instead of loading it
        again (``user_dict`` must stay the same).

        >>> import nlp_reports as nr
        >>> tok = nr.Tokenizer()
        >>> tok.derive(drop_enumerators=True)("一是加强培训")
        ['加强', '培训']
        """
        params = {**self.get_params(), **options}
        if params.get("user_dict") != self.user_dict:
            raise NlpReportsError("derive() keeps the dictionaries: make a new Tokenizer for another user_dict")
        new = Tokenizer(**params)
        self._ensure()
        new._jieba, new._posseg, new._stopwords = self._jieba, self._posseg, self._stopwords
        return new

    def __getstate__(self) -> dict[str, Any]:
        return self.get_params()

    def __setstate__(self, state: dict[str, Any]) -> None:
        for key, value in state.items():
            setattr(self, key, value)
        self._init_state()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Tokenizer) and self.get_params() == other.get_params()

    def __hash__(self) -> int:
        return hash(tuple(sorted(self.get_params().items())))

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_params().items())
        return f"Tokenizer({args})"
