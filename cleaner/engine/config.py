"""What the engine may do (`Config`: rules chosen, apostrophe style, languages) and its presets."""

from __future__ import annotations

from dataclasses import dataclass, replace

from .. import typography as ty


@dataclass(frozen=True, slots=True)
class Config:
    r"""What the engine may do: which rules run and the apostrophe style.

    Rule codes and prefixes select as in ruff (the longest matching prefix wins; `extend_select` adds to
    `select`); `languages` limits the language guess; `quotes` is the apostrophe style inside words.

    >>> from cleaner.engine import clean_text
    >>> text = "Publicité\nSuivez-nous sur Twitter\nLe ministre a parlé lundi à Paris.\n"
    >>> clean_text(text, lang="fr").text
    'Le ministre a parlé lundi à Paris.\n'
    >>> clean_text(text, lang="fr", config=Config(ignore=("SO",))).text
    'Suivez-nous sur Twitter\nLe ministre a parlé lundi à Paris.\n'
    >>> clean_text("C'est l’été, dit-il.\n", lang="fr", config=Config(quotes="ascii")).text
    "C'est l'été, dit-il.\n"
    """

    select: tuple[str, ...] = ("ALL",)
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    quotes: str = "majority"  # majority | typographic | ascii | keep
    languages: tuple[str, ...] = ()  # the languages a guess may choose from (empty: any)

    def __post_init__(self) -> None:
        """Reject values the engine cannot honour."""
        if self.quotes not in ty.QUOTE_STYLES:
            raise ValueError(f"quotes must be one of {', '.join(ty.QUOTE_STYLES)}, not {self.quotes!r}")


DEFAULT = Config()


def for_records(config: Config) -> Config:
    """The configuration for a record's text (JSONL, datatrove): it ends as it did, without TY009's newline."""
    return config if "TY009" in config.ignore else replace(config, ignore=(*config.ignore, "TY009"))


def for_extracted(config: Config) -> Config:
    """The configuration for text trafilatura extracted from HTML: without the line-quality model (LQ).

    The model learned on whole pages' text; trafilatura's extraction has already dropped what it would
    judge, and on it the model cost recall (dev HTML: R 0.943 without LQ, 0.930 with; F1 0.932 both).
    """
    return config if "LQ" in config.ignore else replace(config, ignore=(*config.ignore, "LQ"))
