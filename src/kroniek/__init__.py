"""kroniek: dated news articles in; who said what, who met whom, where and when out."""

__version__ = "0.1.0"
