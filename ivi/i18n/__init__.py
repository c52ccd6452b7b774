"""Languages: the translator the app and the CLI speak through (`translator`), the
translator's workflow and its gate (`catalogs`), a pseudo-locale that finds text that does not
fit (`pseudo_locale`), and Babel extractors for text outside gettext calls (`extractors`)."""
