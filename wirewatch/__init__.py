"""wirewatch: who said what, did what to whom, where and when — from news articles, with provenance."""

__version__ = "0.1.0"
