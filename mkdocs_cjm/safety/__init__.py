"""What generated pages may contain: the safe-Markdown rules and where they apply."""
