"""Evaluation against gold data: NER (CoNLL), time expressions, quotes, events."""
