"""Readers: turn files, folders, JSON Lines, HTML pages and standard input into articles.

:func:`read_inputs` yields, in input order, either an :class:`~kroniek.model.Article` or an
:class:`~kroniek.errors.InputError` (with a reason code) for an item that could not be read;
one broken item never stops the rest.
"""

from .readers import read_inputs, read_path, article_from_seed_text  # noqa: F401
