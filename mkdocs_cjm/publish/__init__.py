"""The handbook out of the site: JSON and CSV export, plain Markdown pages."""
