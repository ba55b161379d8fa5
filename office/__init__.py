"""The office domain: models, queue rules, statistics and events. No web framework here."""
