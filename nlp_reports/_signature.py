"""Parameter lists written once: a function that takes another's parameters, or an options dataclass as keywords.

Two public functions that must accept the same arguments (``compare.boilerplate`` and
``compare.boilerplate_members``), or functions sharing a group of options (the interval and correction
options of ``compare.theme_profile`` and ``compare.label_shares``; the PDF options of
``load_document``), would otherwise repeat the names, types and defaults, and drift apart.  The two
decorators here let them be written once and keep what a user sees complete:

- mypy sees every parameter with its type (a ``ParamSpec``; an ``Unpack`` of a ``TypedDict``);
- ``inspect.signature`` (``help()``, Jupyter's shift-tab) shows every parameter with its annotation
  and default;
- a wrong argument raises ``TypeError`` naming the public function, as Python does for any function.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import typing
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar, cast, get_args, get_origin

from typing_extensions import Unpack

P = ParamSpec("P")
R = TypeVar("R")
F = TypeVar("F", bound=Callable[..., Any])

__all__ = ["same_parameters_as", "keywords_of"]


def same_parameters_as(source: Callable[P, Any]) -> Callable[[Callable[..., R]], Callable[P, R]]:
    """Decorate ``def f(**arguments) -> R`` so that it takes ``source``'s parameters, with its defaults.

    ``f`` is called with every parameter of ``source`` by name, defaults applied: the defaults are
    written only in ``source``.  The result has ``source``'s parameters for mypy and for
    ``inspect.signature`` (with ``f``'s return annotation), and ``f``'s name and docstring.

    >>> def area(width: float, height: float = 1.0, *, unit: str = "m") -> str:
    ...     return f"{width * height} {unit}2"
    >>> @same_parameters_as(area)
    ... def perimeter(**arguments: Any) -> str:
    ...     return f"{2 * (arguments['width'] + arguments['height'])} {arguments['unit']}"
    >>> perimeter(3), perimeter(3, 2, unit="cm")
    ('8.0 m', '10 cm')
    >>> print(inspect.signature(perimeter))
    (width: 'float', height: 'float' = 1.0, *, unit: 'str' = 'm') -> 'str'
    >>> perimeter(3, units="cm")
    Traceback (most recent call last):
    ...
    TypeError: perimeter() got an unexpected keyword argument 'units'; it takes (width: 'float', height: 'float' = 1.0, *, unit: 'str' = 'm')
    """
    parameters = inspect.signature(source)

    def decorate(body: Callable[..., R]) -> Callable[P, R]:
        signature = parameters.replace(return_annotation=inspect.signature(body).return_annotation)

        @functools.wraps(body)
        def call(*args: P.args, **kwargs: P.kwargs) -> R:
            return body(**_bind(call, signature, args, kwargs).arguments)

        call.__signature__ = signature  # type: ignore[attr-defined]  # what help() and Jupyter show
        return call

    return decorate


def keywords_of(options: type) -> Callable[[F], F]:
    """Decorate ``def f(..., **kwargs: Unpack[K])`` to show the fields of the dataclass ``options`` as its keywords.

    ``K`` is the ``TypedDict`` of ``options``' fields (what mypy checks a call against; checked here
    to name the same fields, and by mypy to fit ``options(**kwargs)``); the defaults and the
    documentation are ``options``'.  ``f`` makes ``options(**kwargs)``.  ``inspect.signature(f)``
    lists the fields as keyword-only parameters with their annotations and defaults, and a keyword
    that is neither ``f``'s nor a field raises ``TypeError`` before ``f`` runs.

    >>> from dataclasses import dataclass
    >>> from typing_extensions import TypedDict
    >>> @dataclass(frozen=True)
    ... class Style:
    ...     colour: str = "red"
    ...     width: int = 1
    >>> class StyleKeywords(TypedDict, total=False):
    ...     colour: str
    ...     width: int
    >>> @keywords_of(Style)
    ... def draw(shape: str, **style: Unpack[StyleKeywords]) -> str:
    ...     return f"{shape} in {Style(**style)}"
    >>> draw("circle", width=3)
    "circle in Style(colour='red', width=3)"
    >>> print(inspect.signature(draw))
    (shape: 'str', *, colour: 'str' = 'red', width: 'int' = 1) -> 'str'
    >>> draw("circle", color="blue")
    Traceback (most recent call last):
    ...
    TypeError: draw() got an unexpected keyword argument 'color'; it takes (shape: 'str', *, colour: 'str' = 'red', width: 'int' = 1)
    """
    fields = dataclasses.fields(options)
    missing = [f.name for f in fields if f.default is dataclasses.MISSING]
    if missing:
        raise TypeError(f"keywords_of({options.__name__}): fields {missing} need a default to be keywords")
    added = [
        inspect.Parameter(f.name, inspect.Parameter.KEYWORD_ONLY, default=f.default, annotation=f.type) for f in fields
    ]

    def decorate(func: F) -> F:
        own = inspect.signature(func)
        rest = [p for p in own.parameters.values() if p.kind is inspect.Parameter.VAR_KEYWORD]
        if len(rest) != 1:
            raise TypeError(f"{func.__qualname__}: keywords_of({options.__name__}) needs a **kwargs parameter")
        typed = _unpacked(func, rest[0].name)
        names = sorted(typed.__required_keys__ | typed.__optional_keys__)
        if names != sorted(f.name for f in fields):
            raise TypeError(
                f"{func.__qualname__}: **{rest[0].name}: {typed.__name__} has keys {names}, "
                f"{options.__name__} has fields {sorted(f.name for f in fields)}; make them the same"
            )
        signature = own.replace(parameters=[p for p in own.parameters.values() if p is not rest[0]] + added)

        @functools.wraps(func)
        def call(*args: Any, **kwargs: Any) -> Any:
            _bind(call, signature, args, kwargs)
            return func(*args, **kwargs)

        call.__signature__ = signature  # type: ignore[attr-defined]  # what help() and Jupyter show
        return cast(F, call)

    return decorate


def _unpacked(func: Callable[..., Any], name: str) -> Any:
    """The ``TypedDict`` of ``func``'s ``**name: Unpack[...]`` annotation."""
    hint = typing.get_type_hints(func, include_extras=True).get(name)
    if get_origin(hint) is not Unpack:
        raise TypeError(f"{func.__qualname__}: annotate **{name} as Unpack[<the TypedDict of its keywords>]")
    return get_args(hint)[0]


def _bind(
    func: Callable[..., Any], signature: inspect.Signature, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> inspect.BoundArguments:
    """``args`` and ``kwargs`` bound to ``signature``, defaults applied; a mismatch names ``func``."""
    try:
        bound = signature.bind(*args, **kwargs)
    except TypeError as err:
        shown = signature.replace(return_annotation=inspect.Signature.empty)
        raise TypeError(f"{func.__name__}() {err}; it takes {shown}") from None
    bound.apply_defaults()
    return bound
