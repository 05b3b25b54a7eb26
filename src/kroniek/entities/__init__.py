"""Entity resolution: raw NER spans to mentions with canonical names, archive keys, Wikidata ids.

- :mod:`kroniek.entities.annotate`: the ``entities`` annotator (``annotate``, ``resolve``);
- :mod:`kroniek.entities.archive`: archive-level keys for the store (``entity_key``,
  ``resolve_archive``, ``mention_keys``), pure functions;
- :mod:`kroniek.entities.kb`: the optional Wikidata knowledge base (``kroniek kb``);
- :mod:`kroniek.entities.measure`: the measurements in docs/entities.md.

See docs/entities.md.
"""
