"""Lookup tables the compiled passes read: character properties, word tables, literal sets (imports nothing else)."""
